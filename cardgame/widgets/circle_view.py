"""The influence circle, drawn from the pure geometry in `cardgame.domain.circle`."""

from __future__ import annotations

from textual.content import Content, Span
from textual.message import Message

from cardgame.domain.circle import Canvas, CircleGeometry, Marker, paint
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


class CircleView(LineView):
    """The rings and the numbered markers of the elements placed on them."""

    class Crowded(Message):
        """The space is too small for every marker to stand clear of the others."""

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
        self.ring_count = 4
        self.element_count = 1
        self.markers: list[Marker] = []
        self.selected: int | None = None
        self._crowded_for: tuple[int, int, int, int] | None = None

    def show(self, ring_count: int, element_count: int, markers: list[Marker],
             selected: int | None) -> None:
        """Set what to draw and draw it."""
        self.ring_count, self.element_count = ring_count, element_count
        self.markers, self.selected = markers, selected
        self._draw()

    def _draw(self) -> None:
        region = self.content_region if self.is_mounted else None
        if region is None or region.width < 4 or region.height < 4:
            self.set_parts([])
            return
        width, height = region.width, region.height
        geometry = CircleGeometry.fit(width, height, self.ring_count, self.element_count)
        shape = (width, height, self.ring_count, self.element_count)
        if not geometry.fits and self._crowded_for != shape:
            self._crowded_for = shape
            self.post_message(self.Crowded(self))
        self.set_parts(canvas_lines(paint(geometry, self.markers, self.selected)))

    def on_resize(self) -> None:
        self._draw()
