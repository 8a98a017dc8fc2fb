"""The notes as Markdown: a document that reads as plain text in a mail and renders on a forge.

CommonMark with pipe tables; no raw HTML except the marker comment on the last line. Typed text
is escaped only where Markdown would make something else of it (`text.py`); tables line up in
a monospace font, and a dilemma's options are listed above its table, so that the table itself
stays narrow. Each circle is drawn as text by the app's own geometry, with its legend; where it
cannot be drawn legibly, the table above it holds every placement.
"""

from __future__ import annotations

from datetime import tzinfo

from cardgame.domain import circle
from cardgame.domain.decks import Deck
from cardgame.domain.events import Event, SessionState
from cardgame.domain.session import SessionMeta
from cardgame.export import text as md
from cardgame.export.notes import (
    Block,
    Bullets,
    Circle,
    Item,
    Notes,
    Overlay,
    Paragraph,
    Section,
    Table,
    build_notes,
)

FIGURE_WIDTH, FIGURE_HEIGHT = 60, 21
"""The text circle's size, in characters: it fits a mail's width in a monospace font."""


def render_session(meta: SessionMeta, state: SessionState, decks: dict[str, Deck],
                   lang: str | None = None, *, events: list[Event] | None = None,
                   tz: tzinfo | None = None, cards: bool = False) -> str:
    """The Markdown notes of a session (see `notes.build_notes`)."""
    return render_markdown(build_notes(meta, state, decks, lang, events=events, tz=tz,
                                       cards=cards))


def render_markdown(notes: Notes) -> str:
    lines = [f"# {md.heading(notes.title)}", ""]
    lines += [f"- {label}: {md.label(value)}" for label, value in notes.facts]
    for section in notes.sections:
        lines += ["", *_section(section, 2)]
    if not notes.marker:  # a comparison: not one session's export
        return "\n".join(lines) + "\n"
    return "\n".join(lines) + f"\n\n<!-- {notes.marker} -->\n"


def _section(section: Section, level: int) -> list[str]:
    lines = [f"{'#' * min(level, 6)} {md.heading(section.heading)}"]
    for block in section.blocks:
        rendered = _block(block)
        if rendered:
            lines += ["", *rendered]
    for sub in section.sections:
        lines += ["", *_section(sub, level + 1)]
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        colon = "" if block.lead[-1:] in "?:.!" else ":"
        prefix = f"**{md.label(block.lead)}{colon}** " if block.lead else ""
        return md.item(prefix, block.text, indent=0)
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Table):
        return md.table([md.cell(h) for h in block.header],
                        [[md.cell(c) for c in row] for row in block.rows], set(block.right))
    if isinstance(block, Overlay):
        return _overlay(block)
    return _circle(block)


def _overlay(block: Overlay) -> list[str]:
    """Several circles as a list, ring by ring (`Overlay.by_ring`)."""
    lines = [f"**{md.label(block.title)}**", "", md.label(block.text_legend), ""]
    lines += [f"- **{md.label(ring)}**: {found}" for ring, found in block.by_ring()]
    return lines


def _bullets(block: Bullets) -> list[str]:
    lines = [f"{md.label(block.title)}:", ""] if block.title else []
    for number, item in enumerate(block.items, start=1):
        if block.numbered:
            marker = f"{number}. "
        elif block.checklist:
            marker = "- [ ] "
        else:
            marker = "- "
        lines += _item(item, marker, "", strong=not block.checklist)
    return lines


def _item(item: Item, marker: str, indent: str, strong: bool = True) -> list[str]:
    lead = md.label(item.lead, line_start=True)
    if lead and strong:
        lead = f"**{lead}**"
    if lead and item.text:
        prefix = f"{indent}{marker}{lead}: " if strong else f"{indent}{marker}{lead} — "
    elif lead:
        prefix = f"{indent}{marker}{lead}"
    else:
        prefix = f"{indent}{marker}"
    content = len(indent) + (2 if marker.startswith("- [") else len(marker))  # a task's text
    lines = md.item(prefix, item.text, indent=content) if item.text else [prefix.rstrip()]
    for child in item.children:
        lines += _item(child, "- ", indent + " " * len(marker))
    return lines


def _circle(block: Circle) -> list[str]:
    """The circle as text under its title, with the legend; nothing where it cannot be drawn
    legibly (the table above holds every placement)."""
    figure = _figure(block)
    if not figure:
        return []
    return [f"**{md.label(block.title)}**", "", *md.fenced(figure), "", md.label(block.legend)]


def _figure(block: Circle) -> str:
    """The circle as plain text, or "" where it cannot draw every marker clear."""
    try:
        geometry = circle.CircleGeometry.fit(FIGURE_WIDTH, FIGURE_HEIGHT, len(block.rings),
                                             len(block.elements))
        if not geometry.fits:
            return ""
        return md.clean(circle.paint(geometry, list(block.markers), None).text(), strip=False)
    except Exception:  # noqa: BLE001 - a figure must never cost the participants their notes
        return ""
