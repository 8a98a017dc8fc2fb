"""The influence circle, drawn from the pure geometry in `cardgame.domain.circle`; where it
cannot be drawn legibly (a small window, a big projector font), its rings are listed from the
centre out, each with its markers, so that no placed element is ever out of sight (N5, N6)."""

from __future__ import annotations

from textual.content import Content, Span
from textual.message import Message

from cardgame.domain.circle import Canvas, CircleGeometry, Marker, label, paint, ring_list
from cardgame.widgets.lines import LineView

STYLES: dict[str, str] = {
    "": "",
    "ring-edge": "$secondary",
    "ring-label": "bold $accent",
    "marker-today": "bold $foreground",
    "marker-wanted": "bold $accent",
    "selected": "bold reverse $primary",
}


def canvas_lines(canvas: Canvas) -> list[Content]:
    """Turn a painted canvas into lines of styled text: one span per run of equally styled
    cells."""
    return [_styled_line(text, tags)
            for text, tags in zip(canvas.lines, canvas.styles, strict=True)]


def _styled_line(text: str, tags: list[str]) -> Content:
    spans: list[Span] = []
    start = 0
    for index in range(1, len(tags) + 1):
        if index == len(tags) or tags[index] != tags[start]:
            style = STYLES.get(tags[start], "$text-muted" if tags[start] else "")
            if style:
                spans.append(Span(start, index, style))
            start = index
    return Content(text, spans)


def listed_rings(names: list[str], markers: list[Marker], selected: int | None,
                 width: int) -> list[Content]:
    """The rings from the centre out, numbered as on the circle (with their names where the
    width allows), each followed by its markers, wrapped under one another."""
    count = len(names)
    numbers = [f"{count - i:>{len(str(count))}}" for i in range(count)]
    inward = list(reversed(names))
    named = max(len(n) for n in names) + len(numbers[0]) + 1 + 9 <= width
    heads = [f"{number} {name}" if named else number for number, name in zip(numbers, inward,
                                                                               strict=True)]
    indent = max(len(h) for h in heads) + 2
    room = max(3, width - indent)
    lines: list[Content] = []
    for head, ring in zip(heads, ring_list(count, markers), strict=True):
        line = Content.styled(head.ljust(indent), "bold $accent")
        used = 0
        for marker in ring:
            text = label(marker.element, marker.kind)
            if used and used + 1 + len(text) > room:
                lines.append(line)
                line, used = Content(" " * indent), 0
            if used:
                line, used = line + " ", used + 1
            tag = "selected" if marker.element == selected else f"marker-{marker.kind}"
            line, used = line + Content.styled(text, STYLES.get(tag, "")), used + len(text)
        lines.append(line)
    return lines


class CircleView(LineView):
    """The rings and the numbered markers of the elements placed on them."""

    class Crowded(Message):
        """The space is too small to draw the circle legibly: the rings are listed."""

        def __init__(self, view: CircleView) -> None:
            self.view = view
            super().__init__()

        @property
        def control(self) -> CircleView:
            return self.view

    DEFAULT_CSS = """
    CircleView { width: 1fr; height: 1fr; overflow-y: hidden; text-wrap: nowrap; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.rings: list[str] = []
        self.element_count = 1
        self.markers: list[Marker] = []
        self.selected: int | None = None
        self._crowded_for: tuple[int, int, int, int] | None = None

    def show(self, rings: list[str], element_count: int, markers: list[Marker],
             selected: int | None) -> None:
        """Set what to draw (the rings' names, outermost first) and draw it."""
        self.rings, self.element_count = rings, element_count
        self.markers, self.selected = markers, selected
        self._draw()

    def _draw(self) -> None:
        region = self.content_region if self.is_mounted else None
        if region is None or region.width < 4 or region.height < 4 or not self.rings:
            self.set_parts([])
            return
        width, height = region.width, region.height
        geometry = CircleGeometry.fit(width, height, len(self.rings), self.element_count)
        if geometry.readable:
            self.set_parts(canvas_lines(paint(geometry, self.markers, self.selected)))
            return
        shape = (width, height, len(self.rings), self.element_count)
        if self._crowded_for != shape:
            self._crowded_for = shape
            self.post_message(self.Crowded(self))
        self.set_parts(listed_rings(self.rings, self.markers, self.selected, width))

    def on_resize(self) -> None:
        self._draw()
