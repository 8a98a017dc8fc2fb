"""Text that repaints only the lines that changed (Textual's Line API).

A Static paints every line of its text again whenever the text changes, and wraps all of it
once more to learn its height. A card of forty lines whose one option gained a group, or a
panel whose one group got its tick, changes a line or two. `LineView` keeps the lines it
painted last, paints the new text part by part (a part painted before at this width is not
wrapped again) and asks Textual to repaint only the lines that differ. The screen is laid out
again only when the view's own height follows its text, or its scroll bar comes or goes.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content, Span
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

PartKey = tuple[str, tuple[Span, ...]]

KEPT_PARTS = 600
"""Painted parts a view keeps (of the text shown, shown before, or prepared): some ten
cards, so that going back a card or two, or on to a card prepared, wraps nothing."""


def _key(part: Content) -> PartKey:
    """What makes two parts paint alike: their text and their styles (Content's `==` looks
    at the text only)."""
    return part.plain, tuple(part.spans)


class LineView(ScrollView, can_focus=False):
    """Lines of styled text, given as parts (each one or more lines), wrapped at the view's
    width; it scrolls when they are more than its height (unless its CSS says otherwise)."""

    DEFAULT_CSS = """
    LineView {
        overflow-x: hidden;
        height: 1fr;
        scrollbar-gutter: stable;
    }
    """
    """The scroll bar's column is kept whether it shows or not (`scrollbar-gutter: stable`,
    which applies only where the view may scroll): the lines are wrapped at one width and do
    not move when the text grows past the view's height."""

    def __init__(self, *, id: str | None = None,  # noqa: A002 - Textual's name
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._parts: list[Content] = []
        self._lines: list[Strip] = []
        self._painted: dict[PartKey, list[Strip]] = {}
        self._width = 0
        self._starts: list[int] = []
        """The first painted line of each part."""
        self.set_reactive(Widget.auto_links, False)  # no links: no link style per part

    @property
    def content(self) -> Content:
        """The text shown, as one Content (for reading it, as a Static's `content`)."""
        return Content("\n").join(self._parts)

    @property
    def text_width(self) -> int:
        """The cells a line may take: the view's width without padding and scroll bar."""
        return self.scrollable_content_region.width if self.is_mounted else 0

    def set_parts(self, parts: Sequence[Content]) -> None:
        """Show these parts, one under the other; only the lines that differ are repainted."""
        self._parts = list(parts)
        self._paint()

    def scroll_to_part(self, index: int) -> None:
        """Scroll no more than needed for the first line of part `index` to be in view."""
        if not 0 <= index < len(self._starts):
            return  # not painted yet (painted, and asked again, once laid out)
        line, top = self._starts[index], self.scroll_offset.y
        height = self.scrollable_content_region.height
        if line < top:
            self.scroll_to(y=line, animate=False)
        elif height and line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False)

    def paint_width(self) -> int:
        """The cells to wrap the text at (0: not known yet)."""
        return self.text_width

    def _paint(self) -> None:
        width = self.paint_width()
        if width <= 0:
            return  # not laid out yet: painted when it gets its size
        if width != self._width:
            self._width, self._painted = width, {}
        lines: list[Strip] = []
        starts: list[int] = []
        for part in self._parts:
            starts.append(len(lines))
            lines += self._painted_part(part, width)
        self._starts = starts
        self._forget_oldest()
        old, self._lines = self._lines, lines
        if len(lines) != len(old):
            self._set_line_count(len(lines))
        self._refresh_changed(old, lines)

    def _painted_part(self, part: Content, width: int) -> list[Strip]:
        """The part's lines at `width`: painted before, or painted now (and kept, as the
        most recently used)."""
        key = _key(part)
        strips = self._painted.pop(key, None)
        if strips is None:
            strips = Visual.to_strips(self, part, width, None, self.visual_style) \
                or [Strip.blank(0)]
        self._painted[key] = strips
        return strips

    def _forget_oldest(self) -> None:
        painted = self._painted
        while len(painted) > KEPT_PARTS:
            del painted[next(iter(painted))]

    def prepare(self, parts: Sequence[Content]) -> None:
        """Paint parts that may be shown next (the next card), without showing them: when
        they are, only the lines that differ are handed to the terminal."""
        width = self.paint_width()
        if width <= 0 or width != self._width:
            return  # not painted at this width yet: nothing to prepare for
        for part in parts:
            self._painted_part(part, width)
        self._forget_oldest()

    def _set_line_count(self, count: int) -> None:
        """Tell Textual how many lines there are now. Setting the virtual size lays the whole
        screen out again: needed only when the view's height follows its text (`height:
        auto`) or its scroll bar comes or goes; otherwise the scroll bar is told alone."""
        size = Size(self._width, count)
        height = self.styles.height
        overflow = self.styles.overflow_y
        bar = overflow == "scroll" or (overflow == "auto" and count > self.container_size.height)
        if (height is not None and height.is_auto) or bar != self.show_vertical_scrollbar:
            self.virtual_size = size
            return
        self.set_reactive(Widget.virtual_size, size)
        if bar:
            self.vertical_scrollbar.window_virtual_size = count
        self.scroll_y = self.scroll_y  # kept within the new end

    def _refresh_changed(self, old: list[Strip], new: list[Strip]) -> None:
        """Ask for a repaint of each run of lines that differ from what was painted."""
        start = None
        for y in range(max(len(old), len(new)) + 1):
            same = y < len(old) and y < len(new) and old[y] == new[y]
            end = y >= max(len(old), len(new))
            if start is None and not same and not end:
                start = y
            elif start is not None and (same or end):
                self.refresh_lines(start, y - start)
                start = None

    def repaint(self) -> None:
        """Paint every part again (the styles changed: a theme, a class)."""
        self._painted = {}
        self._lines = []
        self._paint()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._parts:
            self.repaint()

    def on_resize(self) -> None:
        if self.text_width != self._width:
            self._paint()

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        if index < len(self._lines):
            return self._lines[index]
        return Strip.blank(self.size.width, self.visual_style.rich_style)
