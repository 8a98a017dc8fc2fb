"""A one-line header that gives way word by word, never mid-word (N15).

A terminal's `text-overflow: ellipsis` cuts where the line ends: "Kort 1 a…" on the wall,
"Velfærdstemaer ·…" on an 80-column theme day, losing the card's place. `fit_line` leaves out
the parts that may go (how many cards are done, shuffled), then shortens the first parts after
a whole word ("Runde 2 af 3 · Et kort …"), so that what stays is whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

SEPARATOR = " · "
Part = tuple[str, bool]
"""A part of the line and whether it must stay (False: it may be left out)."""


def cut_words(text: str, width: int, least: int = 2) -> str:
    """`text` if it fits in `width` cells, else its first whole words and "…"; "" when not
    even the first `least` words fit (one word of a header's several says nothing: "Aktør:
    …")."""
    if len(text) <= width:
        return text
    kept = ""
    for word in text.split():
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) + 2 > width:
            break
        kept = candidate
    if not kept or len(kept.split()) < min(least, len(text.split())):
        return ""
    return f"{kept} …"


def fit_line(parts: Sequence[Part], width: int) -> str:
    """The parts joined by " · " in `width` cells (0: unknown, all of it): the parts that may
    go are left out from the last; then one part, the first that can, is shortened after a
    whole word; where none can, the first part is left out, and so on. The last part stays
    whole (cut after a word only when it alone is too long)."""
    shown = [(text, keep) for text, keep in parts if text]
    line = SEPARATOR.join(text for text, _ in shown)
    if width <= 0 or len(line) <= width:
        return line
    while any(not keep for _, keep in shown) and len(SEPARATOR.join(t for t, _ in shown)) > width:
        last = max(i for i, (_, keep) in enumerate(shown) if not keep)
        del shown[last]
    texts = [text for text, _ in shown]
    while len(texts) > 1:
        for index in range(len(texts) - 1):  # one part shortened, the others whole
            others = sum(len(t) for i, t in enumerate(texts) if i != index)
            short = cut_words(texts[index], width - others - len(SEPARATOR) * (len(texts) - 1))
            if short:
                return SEPARATOR.join(texts[:index] + [short] + texts[index + 1:])
        texts = texts[1:]  # not even so: the first part gives way
    return cut_words(texts[0], width) or texts[0]


class FittedLine(Static):
    """A Static whose one line of parts is fitted to its width whenever it is drawn."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._parts: tuple[Part, ...] = ()

    def show(self, parts: Sequence[Part]) -> None:
        self._parts = tuple(parts)
        self.refresh()

    def render(self) -> Content:
        return Content(fit_line(self._parts, self.content_region.width))


class FittedRows(Static):
    """Rows of a marker and a text, each text shortened after a whole word to the width it is
    drawn at (the wall's legend of elements)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._rows: tuple[tuple[Content, str, str], ...] = ()

    def show(self, rows: Sequence[tuple[Content, str, str]]) -> None:
        """(marker, text, style of the whole row) for each row; a row with no marker and no
        text is a blank line."""
        self._rows = tuple(rows)
        self.refresh(layout=True)

    def render(self) -> Content:
        width = self.content_region.width
        lines = []
        for marker, text, style in self._rows:
            room = width - marker.cell_length
            shown = text if width <= 0 or len(text) <= room else \
                cut_words(text, room, least=1) or text[:max(1, room - 1)] + "…"
            line = marker + Content(shown)
            lines.append(line.stylize(style) if style else line)
        return Content("\n").join(lines)
