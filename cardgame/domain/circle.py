"""The geometry of the influence circle: rings, sectors and where each marker goes.

Plain Python with no terminal in it, so that it can be tested and so that the Markdown export
can draw the same circle as text.

* Terminal cells are about twice as tall as wide, so a distance is measured in rows with
  columns counted at half weight (``ASPECT``); the circle then looks round.
* Ring 0 is the outermost ("no influence"), ring n-1 the innermost disk ("decisive").
* Element i owns sector i: equal wedges, starting at twelve o'clock and going clockwise. Its
  marker sits on the middle line of its wedge, at the marker radius of its ring, so markers of
  different elements are kept apart by the wedges.
* The rings are not equally wide. Near the centre a wedge is narrow, so the innermost disk is
  made large enough for every element's marker to fit around it without touching a
  neighbour's; the outer rings share what is left. `fit` searches for the smallest such disk.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

ASPECT = 2.0
"""Columns per row of the same length on screen."""
MIN_BAND = 2.5
"""Rows a ring must be wide (and the inner disk's radius) for the eye to tell in which ring a
marker sits: narrower, the circle is listed ring by ring instead (N6)."""
TODAY_GLYPH, WANTED_GLYPH, BOTH_GLYPH = "●", "○", "◉"


@dataclass(frozen=True)
class Box:
    """The cells of a marker's label: one row, `width` cells from `col`."""

    col: int
    row: int
    width: int

    def cells(self) -> list[tuple[int, int]]:
        return [(self.col + i, self.row) for i in range(self.width)]

    def overlaps(self, other: Box, gap: int = 0) -> bool:
        """Whether the boxes share a cell, or come closer than `gap` cells on one row."""
        if self.row != other.row:
            return False
        return self.col < other.col + other.width + gap and other.col < self.col + self.width + gap


@dataclass(frozen=True)
class Marker:
    """An element placed in a ring, for today or for wanted."""

    element: int
    """0-based position of the element in its deck; shown as element + 1."""
    ring: int
    """0 is the outermost ring."""
    kind: str = "today"
    """today (filled glyph) or wanted (hollow glyph)."""


def label(element: int, kind: str) -> str:
    glyph = {"today": TODAY_GLYPH, "wanted": WANTED_GLYPH}.get(kind, BOTH_GLYPH)
    return f"{glyph}{element + 1}"


@dataclass(frozen=True)
class CircleGeometry:
    """Where everything of one circle goes in a `width` × `height` cell area."""

    width: int
    height: int
    ring_count: int
    element_count: int
    cx: float
    """Centre column (cell centres are at .5)."""
    cy: float
    """Centre row."""
    edges: tuple[float, ...]
    """Outer edge of each ring, in rows, outermost first; the last is the inner disk's edge."""
    marker_radii: tuple[float, ...]
    """The radius of the markers of each ring."""
    fits: bool
    """Whether every marker fits without touching another element's marker."""

    @property
    def readable(self) -> bool:
        """Whether the markers fit and every ring is wide enough to read a marker's ring from
        across a room; else the rings are listed (`ring_list`)."""
        bands = [outer - inner for outer, inner in zip(self.edges, self.edges[1:], strict=False)]
        return self.fits and min([*bands, self.edges[-1]]) >= MIN_BAND

    @classmethod
    def fit(cls, width: int, height: int, ring_count: int, element_count: int
            ) -> CircleGeometry:
        """The largest circle for the area, with the smallest inner disk that fits all markers.

        Results are cached: a widget asks again on every redraw.
        """
        return _fit(width, height, ring_count, element_count)

    @classmethod
    def _fit(cls, width: int, height: int, ring_count: int, element_count: int
             ) -> CircleGeometry:
        width, height = max(1, width), max(1, height)
        rings = max(1, ring_count)
        elements = max(1, element_count)
        radius = max(0.5, min(height / 2 - 0.5, (width / ASPECT) / 2 - 0.75))
        cx, cy = width / 2, height / 2
        even = radius / rings
        # Around the outer ring there is room for at most this many markers side by side: a
        # quick "no" for, say, 1,000 elements, instead of a search that cannot succeed.
        label_width = len(str(elements)) + 1
        perimeter = 2 * math.pi * radius * (1 + ASPECT) / 2
        if elements * (label_width + 0.5) > perimeter * 1.6:
            return cls._build(width, height, rings, elements, cx, cy, radius, even, 0.7, False)
        for inner in _candidates(radius, rings, even):
            for depth in (0.7, 0.8, 0.88):
                geometry = cls._build(width, height, rings, elements, cx, cy, radius, inner,
                                      depth, True)
                if geometry._separated():
                    return geometry
        return cls._build(width, height, rings, elements, cx, cy, radius, even, 0.7, False)

    @classmethod
    def _build(cls, width: int, height: int, rings: int, elements: int, cx: float, cy: float,
               radius: float, inner: float, depth: float, fits: bool) -> CircleGeometry:
        """Rings of equal width outside an inner disk of radius `inner`, whose markers sit at
        `depth` × its radius (near its edge, where there is room around the circle)."""
        outer_rings = rings - 1
        band = (radius - inner) / outer_rings if outer_rings else 0.0
        edges = tuple([radius - k * band for k in range(outer_rings)] + [inner])
        radii = [edges[k] - band / 2 for k in range(outer_rings)]
        radii.append(inner * depth if rings > 1 else inner * 0.6)
        return cls(width, height, rings, elements, cx, cy, edges, tuple(radii), fits)

    # where things are -----------------------------------------------------------------------

    def distance(self, col: float, row: float) -> float:
        """Distance of a point from the centre, in rows."""
        return math.hypot((col - self.cx) / ASPECT, row - self.cy)

    def angle(self, col: float, row: float) -> float:
        """Clockwise angle from twelve o'clock, 0 … 2π."""
        return math.atan2((col - self.cx) / ASPECT, self.cy - row) % (2 * math.pi)

    def ring_at(self, col: int, row: int) -> int | None:
        """The ring a cell's centre lies in (None outside the circle)."""
        d = self.distance(col + 0.5, row + 0.5)
        if d > self.edges[0]:
            return None
        ring = 0
        for index, edge in enumerate(self.edges):
            if d <= edge:
                ring = index
        return ring

    def sector_of(self, col: int, row: int) -> int:
        """The sector (element) a cell's centre lies in."""
        share = self.angle(col + 0.5, row + 0.5) / (2 * math.pi)
        return min(self.element_count - 1, int(share * self.element_count))

    def marker_box(self, element: int, ring: int, kind: str = "today") -> Box:
        """The cells of a marker's label, centred on its point in the circle."""
        text = label(element, kind)
        theta = (element + 0.5) / self.element_count * 2 * math.pi
        r = self.marker_radii[ring]
        col = self.cx + ASPECT * r * math.sin(theta)
        row = self.cy - r * math.cos(theta)
        left = int(math.floor(col - len(text) / 2 + 0.5))
        left = max(0, min(self.width - len(text), left))
        top = max(0, min(self.height - 1, int(math.floor(row))))
        return Box(left, top, len(text))

    def _separated(self) -> bool:
        """Whether every marker sits in its own ring and sector, and no marker of one element
        can touch a marker of another, whatever rings they are in."""
        boxes = [[self.marker_box(e, r, "today") for r in range(self.ring_count)]
                 for e in range(self.element_count)]
        for element, rings in enumerate(boxes):
            for ring, box in enumerate(rings):
                for width in {box.width, box.width + 1}:
                    centre = box.col + width // 2
                    if (self.ring_at(centre, box.row) != ring or
                            self.sector_of(centre, box.row) != element):
                        return False
        by_row: dict[int, list[tuple[int, Box]]] = {}
        for element, rings in enumerate(boxes):
            for box in rings:
                by_row.setdefault(box.row, []).append((element, box))
        for row_boxes in by_row.values():
            for i, (e1, b1) in enumerate(row_boxes):
                for e2, b2 in row_boxes[i + 1:]:
                    if e1 != e2 and b1.overlaps(b2):
                        return False
        return True


@functools.lru_cache(maxsize=256)
def _fit(width: int, height: int, ring_count: int, element_count: int) -> CircleGeometry:
    return CircleGeometry._fit(width, height, ring_count, element_count)


def _candidates(radius: float, rings: int, even: float) -> list[float]:
    """Inner disk radii to try, from an equal share of the circle outward."""
    if rings == 1:
        return [radius]
    steps = 40
    largest = radius - 0.9 * (rings - 1)
    start = min(even, largest)
    if largest <= start:
        return [max(0.5, largest)]
    return [start + (largest - start) * i / steps for i in range(steps + 1)]


# the circle as a list -------------------------------------------------------------------------

def ring_list(ring_count: int, markers: list[Marker]) -> list[list[Marker]]:
    """The markers of each ring, innermost ring first, by element: the circle read from the
    centre out, where it cannot be drawn. An element's today and wanted in one ring become
    one marker of kind "both"."""
    rings: list[list[Marker]] = [[] for _ in range(ring_count)]
    for marker in sorted(markers, key=lambda m: m.element):
        if not 0 <= marker.ring < ring_count:
            continue
        row = rings[ring_count - 1 - marker.ring]
        if row and row[-1].element == marker.element and row[-1].kind != marker.kind:
            row[-1] = Marker(marker.element, marker.ring, "both")
        else:
            row.append(marker)
    return rings


# painting -----------------------------------------------------------------------------------


@dataclass
class Canvas:
    """A painted circle: text lines and a style tag for every cell."""

    lines: list[str]
    styles: list[list[str]] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines)


EDGE = "·"
"""Ring edges are dotted: calm on a projector, and a circle at any size."""


@functools.lru_cache(maxsize=32)
def _ring_layer(g: CircleGeometry) -> tuple[tuple[tuple[str, ...], ...],
                                            tuple[tuple[str, ...], ...]]:
    """The rings alone (characters and tags), drawn once per geometry."""
    chars = [[" "] * g.width for _ in range(g.height)]
    tags = [[""] * g.width for _ in range(g.height)]
    for row in range(g.height):
        for col in range(g.width):
            ring = g.ring_at(col, row)
            if ring is not None:
                tags[row][col] = f"ring-{ring}"
    for edge in g.edges:
        steps = max(16, int(2 * math.pi * edge * ASPECT * 2))
        for step in range(steps):
            theta = 2 * math.pi * step / steps
            col = int(math.floor(g.cx + ASPECT * edge * math.sin(theta)))
            row = int(math.floor(g.cy - edge * math.cos(theta)))
            if 0 <= row < g.height and 0 <= col < g.width:
                chars[row][col] = EDGE
                tags[row][col] = "ring-edge"
    return tuple(tuple(r) for r in chars), tuple(tuple(r) for r in tags)


def paint(geometry: CircleGeometry, markers: list[Marker], selected: int | None = None,
          ring_labels: bool = True) -> Canvas:
    """Draw the ring edges, the ring numbers on the twelve o'clock line, and the markers."""
    g = geometry
    base_chars, base_tags = _ring_layer(g)
    chars = [list(line) for line in base_chars]
    tags = [list(line) for line in base_tags]
    placed = _marker_boxes(g, markers)
    if ring_labels:
        taken = {cell for _, box, _ in placed for cell in Box(box.col - 1, box.row,
                                                              box.width + 2).cells()}
        for ring in range(g.ring_count):
            spot = _label_spot(g, ring, taken)
            if spot is not None:
                col, row = spot
                chars[row][col] = str(ring + 1) if ring < 9 else "+"
                tags[row][col] = "ring-label"
                taken.add(spot)
    for marker, box, text in placed:
        tag = "selected" if marker.element == selected else f"marker-{marker.kind}"
        for offset, (col, row) in enumerate(box.cells()):
            if 0 <= col < g.width and 0 <= row < g.height:
                chars[row][col] = text[offset]
                tags[row][col] = tag
    return Canvas(["".join(line) for line in chars], tags)


def _label_spot(g: CircleGeometry, ring: int, taken: set[tuple[int, int]]
                ) -> tuple[int, int] | None:
    """Where a ring's number goes: on the twelve o'clock line, else beside it, else at six
    o'clock; never on a marker (a marker would hide it)."""
    col = int(math.floor(g.cx))
    top = int(math.floor(g.cy - g.marker_radii[ring]))
    bottom = int(math.floor(g.cy + g.marker_radii[ring]))
    for row in (top, bottom):
        for shift in (0, 1, -1, 2, -2, 3, -3):
            spot = (col + shift, row)
            if 0 <= spot[1] < g.height and 0 <= spot[0] < g.width and spot not in taken:
                return spot
    return None


def _marker_boxes(g: CircleGeometry, markers: list[Marker]) -> list[tuple[Marker, Box, str]]:
    """Each marker's box and text; an element's today and wanted that touch become one ◉."""
    placed: list[tuple[Marker, Box, str]] = []
    first_of: dict[int, int] = {}
    for marker in markers:
        if not (0 <= marker.element < g.element_count and 0 <= marker.ring < g.ring_count):
            continue
        box = g.marker_box(marker.element, marker.ring, marker.kind)
        twin = first_of.get(marker.element)
        if twin is not None and not placed[twin][1].overlaps(box):
            twin = None
        if twin is not None:
            first = placed[twin][0]
            both = Marker(first.element, first.ring, "both")
            placed[twin] = (both, placed[twin][1], label(first.element, "both"))
            continue
        first_of.setdefault(marker.element, len(placed))
        placed.append((marker, box, label(marker.element, marker.kind)))
    return placed
