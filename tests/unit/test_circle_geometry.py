"""The circle's geometry: markers in their ring and sector, never on another element's marker."""

from __future__ import annotations

import itertools

import pytest

from cardgame.domain.circle import CircleGeometry, Marker, paint

# The circle's share of the screen at 80×24 (beside the legend) and at 200×60.
SMALL = [(46, 22), (50, 22)]
LARGE = [(120, 56)]


def centre_cell(geometry: CircleGeometry, element: int, ring: int, kind: str) -> tuple[int, int]:
    box = geometry.marker_box(element, ring, kind)
    return box.col + box.width // 2, box.row


def check(geometry: CircleGeometry) -> None:
    n, rings = geometry.element_count, geometry.ring_count
    boxes = {}
    for element, ring, kind in itertools.product(range(n), range(rings), ("today", "wanted")):
        box = geometry.marker_box(element, ring, kind)
        assert 0 <= box.col and box.col + box.width <= geometry.width
        assert 0 <= box.row < geometry.height
        col, row = centre_cell(geometry, element, ring, kind)
        assert geometry.ring_at(col, row) == ring, (element, ring, kind)
        assert geometry.sector_of(col, row) == element, (element, ring, kind)
        boxes[(element, ring, kind)] = box
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        if a[0] != b[0]:
            assert not box_a.overlaps(box_b), f"{a} and {b} overlap"


@pytest.mark.parametrize("size", SMALL + LARGE, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("rings", [2, 4])
def test_up_to_24_elements_fit_without_overlap(size: tuple[int, int], rings: int) -> None:
    for n in range(1, 25):
        geometry = CircleGeometry.fit(*size, rings, n)
        assert geometry.fits, (size, rings, n)
        check(geometry)


@pytest.mark.parametrize(("size", "most"), [(SMALL[0], 14), (SMALL[1], 14), (LARGE[0], 24)],
                         ids=["46x22", "50x22", "120x56"])
def test_six_rings_fit_fewer_elements_on_a_small_screen(size: tuple[int, int],
                                                         most: int) -> None:
    for n in range(1, most + 1):
        geometry = CircleGeometry.fit(*size, 6, n)
        assert geometry.fits, (size, n)
        check(geometry)
    if most < 24:
        assert not CircleGeometry.fit(*size, 6, 24).fits, "too many is reported, not hidden"


def test_ring_edges_and_marker_radii_shrink_inward() -> None:
    for rings in range(2, 10):
        geometry = CircleGeometry.fit(120, 56, rings, 12)
        assert all(a > b for a, b in itertools.pairwise(geometry.edges))
        assert all(a > b for a, b in itertools.pairwise(geometry.marker_radii))
        assert all(edge > radius for edge, radius in zip(geometry.edges,
                                                         geometry.marker_radii, strict=True))


def test_paint_has_exact_size_and_every_marker() -> None:
    geometry = CircleGeometry.fit(46, 22, 4, 12)
    markers = [Marker(i, i % 4) for i in range(12)] + [Marker(3, 0, "wanted")]
    canvas = paint(geometry, markers, selected=3)
    assert len(canvas.lines) == 22 and all(len(line) == 46 for line in canvas.lines)
    assert len(canvas.styles) == 22 and all(len(row) == 46 for row in canvas.styles)
    text = canvas.text()
    for i in range(12):
        assert f"●{i + 1}" in text, text
    assert "○4" in text, "the selected element's wanted marker is drawn too"
    assert sum(tag == "selected" for row in canvas.styles for tag in row) == 4


def test_today_and_wanted_in_the_same_ring_become_one_marker() -> None:
    geometry = CircleGeometry.fit(46, 22, 4, 5)
    canvas = paint(geometry, [Marker(2, 1, "today"), Marker(2, 1, "wanted")])
    assert "◉3" in canvas.text() and "●3" not in canvas.text()


def test_painted_circle_is_round() -> None:
    """The outer ring's dots span about twice as many columns as rows."""
    geometry = CircleGeometry.fit(80, 30, 4, 8)
    canvas = paint(geometry, [], ring_labels=False)
    cells = [(c, r) for r, line in enumerate(canvas.lines) for c, ch in enumerate(line)
             if ch != " "]
    width = max(c for c, _ in cells) - min(c for c, _ in cells) + 1
    height = max(r for _, r in cells) - min(r for _, r in cells) + 1
    assert 1.8 <= width / height <= 2.2, canvas.text()


@pytest.mark.parametrize("size", [(1, 1), (3, 2), (10, 4), (20, 8)])
def test_tiny_areas_never_raise(size: tuple[int, int]) -> None:
    geometry = CircleGeometry.fit(*size, 4, 20)
    canvas = paint(geometry, [Marker(i, i % 4) for i in range(20)])
    assert len(canvas.lines) == size[1]
    assert not geometry.fits or size[0] >= 40


def test_u30_ring_numbers_are_never_hidden_by_markers() -> None:
    """A marker on the twelve o'clock line used to hide its ring's number; now the number
    moves beside it, and every ring is numbered."""
    from cardgame.domain.circle import CircleGeometry, Marker, paint

    geometry = CircleGeometry.fit(60, 25, 4, 12)
    markers = [Marker(element, ring, "today") for element in (11, 0) for ring in range(4)]
    text = "\n".join(paint(geometry, markers[:4] + markers[4:5], None, ring_labels=True).lines)
    for number in "1234":
        assert any(number in line.replace("●12", "").replace("●1", "") for line in
                   text.splitlines()), f"ring {number} has no number"




def test_n6_a_circle_whose_rings_are_too_narrow_to_read_is_not_readable() -> None:
    """The wall at 80×24 and 50×16 (big projector fonts) leaves the circle 44×22 or 20×13
    cells: five rings in that space are a row or two each, and a marker's ring cannot be
    read. The laptop at 120×40 draws the circle."""
    assert not CircleGeometry.fit(44, 22, 5, 11).readable
    assert not CircleGeometry.fit(20, 13, 5, 11).readable
    assert CircleGeometry.fit(72, 37, 5, 11).readable
    assert CircleGeometry.fit(120, 56, 5, 11).readable


def test_n6_the_rings_listed_from_the_centre_out_with_today_and_wanted_merged() -> None:
    from cardgame.domain.circle import ring_list

    rings = ring_list(5, [Marker(1, 3, "today"), Marker(0, 3, "today"),
                          Marker(0, 4, "wanted"), Marker(2, 1, "today"),
                          Marker(2, 1, "wanted"), Marker(3, 9, "today")])
    assert [[(m.element, m.kind) for m in ring] for ring in rings] == [
        [(0, "wanted")],                 # ring 5, the centre
        [(0, "today"), (1, "today")],    # ring 4
        [],
        [(2, "both")],                   # ring 2: today and wanted alike
        [],                              # ring 1; a ring beyond the deck's is left out
    ]
