"""The notes as one page to print or attach: self-contained HTML (no request leaves it), a
print stylesheet for A4, ratings drawn as bars, follow-ups as a checklist, and every influence
circle drawn as SVG, in black, white and greys, so that it reads in greyscale and to the
colour-blind: today a filled disc, wanted a hollow one, both in one ring a disc in a ring, and
a dashed arrow from today to wanted.

The page is built by Jinja2 from `notes.html` with autoescaping on: whatever a table typed is
text on the page, never markup.
"""

from __future__ import annotations

import math
from datetime import tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from cardgame.domain.decks import Deck
from cardgame.domain.events import Event, SessionState
from cardgame.domain.session import SessionMeta
from cardgame.export.notes import (
    Block,
    Bullets,
    Circle,
    Notes,
    Overlay,
    Paragraph,
    Section,
    Table,
    build_notes,
)

SIZE, RADIUS = 440, 205
"""The circle's drawing: a square of SIZE units, the outer ring's radius."""
MARKER = 11
"""A marker's radius."""
FILLS = ("#f4f4f4", "#e2e2e2")
"""The rings' greys, alternating from the outside in."""


def render_session_html(meta: SessionMeta, state: SessionState, decks: dict[str, Deck],
                        lang: str | None = None, *, events: list[Event] | None = None,
                        tz: tzinfo | None = None, cards: bool = False) -> str:
    """The HTML notes of a session (see `notes.build_notes`)."""
    return render_html(build_notes(meta, state, decks, lang, events=events, tz=tz,
                                   cards=cards))


@cache
def _template() -> Any:
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent),
                              autoescape=select_autoescape(default=True),
                              trim_blocks=False, lstrip_blocks=False)
    return environment.get_template("notes.html")


def render_html(notes: Notes) -> str:
    circles = iter(range(1_000_000))
    sections = [_section(s, notes, circles) for s in notes.sections]
    return str(_template().render(notes=notes, sections=sections))


def _section(section: Section, notes: Notes, circles: Any) -> dict[str, Any]:
    return {"heading": section.heading, "cards": section.heading == notes.labels("cards"),
            "blocks": [_block(b, circles) for b in section.blocks],
            "sections": [_section(s, notes, circles) for s in section.sections]}


def _block(block: Block, circles: Any) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text, "lead": block.lead}
    if isinstance(block, Bullets):
        return {"kind": "bullets", "entries": block.items, "title": block.title,
                "numbered": block.numbered, "checklist": block.checklist}
    if isinstance(block, Table):
        return {"kind": "table", "header": block.header, "rows": block.rows,
                "right": block.right, "ratings": block.ratings}
    if isinstance(block, Overlay):
        return {"kind": "overlay", **svg_overlay(block)}
    return {"kind": "circle", "id": next(circles), **svg_circle(block)}


def svg_circle(circle: Circle) -> dict[str, Any]:
    """Where everything of a circle goes in the SVG: the rings (outermost first), their
    numbers on the twelve o'clock line, each marker on its element's own spoke, and the moves
    from today to wanted."""
    centre = SIZE / 2
    count, elements = max(1, len(circle.rings)), max(1, len(circle.elements))
    # The innermost disk is wide enough for every element's marker around it.
    inner = max(RADIUS / count, min(RADIUS * 0.45, elements * (2 * MARKER + 6) / (2 * math.pi)))
    band = (RADIUS - inner) / (count - 1) if count > 1 else 0.0
    edges = [RADIUS - k * band for k in range(count - 1)] + [inner]
    middles = [edge - band / 2 for edge in edges[:-1]] + [inner * 0.45]
    # A ring's number stands just inside its outer edge on the twelve o'clock line, where the
    # markers of the first and the last element leave room.
    rings = [{"r": round(edge, 1), "fill": FILLS[k % 2],
              "label_y": round(centre - edge + 14, 1)} for k, edge in enumerate(edges)]

    def spot(element: int, ring: int) -> tuple[float, float]:
        angle = (element + 0.5) / elements * 2 * math.pi
        radius = middles[min(ring, count - 1)]
        return centre + radius * math.sin(angle), centre - radius * math.cos(angle)

    placed: dict[int, dict[str, int]] = {}
    for marker in circle.markers:
        placed.setdefault(marker.element, {})[marker.kind] = marker.ring
    markers, moves = [], []
    for element, kinds in sorted(placed.items()):
        today, wanted = kinds.get("today"), kinds.get("wanted")
        if today is not None and today == wanted:
            x, y = spot(element, today)
            markers.append({"kind": "both", "x": round(x, 1), "y": round(y, 1),
                            "number": element + 1})
            continue
        for kind, ring in (("today", today), ("wanted", wanted)):
            if ring is not None:
                x, y = spot(element, ring)
                markers.append({"kind": kind, "x": round(x, 1), "y": round(y, 1),
                                "number": element + 1})
        if today is not None and wanted is not None:
            (x1, y1), (x2, y2) = spot(element, today), spot(element, wanted)
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            gap = (MARKER + 3) / length
            moves.append({"x1": round(x1 + (x2 - x1) * gap, 1),
                          "y1": round(y1 + (y2 - y1) * gap, 1),
                          "x2": round(x2 - (x2 - x1) * gap, 1),
                          "y2": round(y2 - (y2 - y1) * gap, 1)})
    return {"title": circle.title, "legend": circle.legend, "size": SIZE,
            "centre": centre, "rings": rings, "markers": markers, "moves": moves}


def svg_overlay(overlay: Overlay) -> dict[str, Any]:
    """Where everything of an overlay goes: the rings, a spoke between each two elements, each
    element's number outside the outer ring, and one marker where circles placed an element
    today: the circles' letters when one or two did, else how many did (the table and the list
    say which)."""
    centre, outer = SIZE / 2, RADIUS - 18
    count, elements = max(1, len(overlay.rings)), max(1, len(overlay.elements))
    band = outer / (count + 1)  # the inner disk two bands wide
    edges = [outer - k * band for k in range(count)]
    middles = [edge - band / 2 for edge in edges[:-1]] + [edges[-1] * 0.62]
    rings = [{"r": round(edge, 1), "fill": FILLS[k % 2],
              "label_y": round(centre - edge + 14, 1)} for k, edge in enumerate(edges)]

    def point(turn: float, radius: float) -> tuple[float, float]:
        angle = turn * 2 * math.pi
        return (round(centre + radius * math.sin(angle), 1),
                round(centre - radius * math.cos(angle), 1))

    spokes = [dict(zip(("x2", "y2"), point(e / elements, outer), strict=True))
              for e in range(elements)] if elements > 1 else []
    numbers = [{"number": e + 1, **dict(zip(("x", "y"), point((e + 0.5) / elements, outer + 11),
                                            strict=True))} for e in range(elements)]
    cells: dict[tuple[int, int], list[str]] = {}
    for element, ring, letter in overlay.marks:
        if 0 <= element < elements and 0 <= ring < count:
            cells.setdefault((element, ring), []).append(letter)
    marks = []
    for (element, ring), letters in sorted(cells.items()):
        x, y = point((element + 0.5) / elements, middles[ring])
        marks.append({"x": x, "y": y, "label": "".join(letters) if len(letters) <= 2
                      else str(len(letters)), "many": len(letters) > 2})
    return {"title": overlay.title, "legend": overlay.legend, "size": SIZE, "centre": centre,
            "rings": rings, "spokes": spokes, "numbers": numbers, "marks": marks}
