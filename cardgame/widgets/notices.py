"""Notices: what a key did, why it was refused, what happened to the file.

Textual shows each notification as a toast, a widget of its own: mounting one, and taking it
away when its time is up, lays the whole screen out again (some sixty widgets on the theme
day), and a newly shown screen mounts again every toast still up. Five undos in a row made
ten layouts, and a key that met one waited for it. Here the app keeps the notices that are up
(`Notices`), and each screen has one board (`NoticeBoard`) that paints them as lines: a new
notice repaints the board's lines; the screen is laid out only when the board comes, goes or
changes its height. `NoticingApp.notify` keeps Textual's signature, so every `notify` in
cardgame and in Textual's own widgets lands here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App, ComposeResult, ReturnType
from textual.content import Content
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from cardgame.widgets.lines import LineView

MOST = 3
"""Notices up at once: the oldest information goes first when a fourth comes."""

BAR = {"information": "$success", "warning": "$warning", "error": "$error"}
"""The colour of a notice's bar and title, by severity (as Textual's toasts)."""


@dataclass(frozen=True)
class Notice:
    """One notice, as `App.notify` is given it."""

    message: str
    title: str = ""
    severity: SeverityLevel = "information"
    timeout: float = 5.0
    until: float = 0.0
    """When it goes (`time.monotonic()`), set when it is put up."""


class Noticed(Message):
    """A notice was given (posted, so that `notify` may be called from any thread)."""

    def __init__(self, notice: Notice) -> None:
        super().__init__()
        self.notice = notice


class Notices:
    """The notices up, oldest first: at most `MOST`, the same text once."""

    def __init__(self) -> None:
        self.up: list[Notice] = []

    def add(self, notice: Notice) -> None:
        """Put a notice up; the same text again replaces the old one (and its time)."""
        kept = [n for n in self.up if (n.title, n.message) != (notice.title, notice.message)]
        kept.append(notice)
        while len(kept) > MOST:
            # The oldest information goes first; a warning or an error stays while it can.
            index = next((i for i, n in enumerate(kept[:-1]) if n.severity == "information"),
                         0)
            del kept[index]
        self.up = kept

    def expire(self, now: float) -> bool:
        """Take down the notices whose time is up; whether any went."""
        kept = [n for n in self.up if n.until > now]
        gone = len(kept) != len(self.up)
        self.up = kept
        return gone

    def next_end(self) -> float | None:
        """When the next notice goes, if any is up."""
        return min((n.until for n in self.up), default=None)

    def clear(self) -> None:
        self.up = []


def notice_lines(notices: list[Notice], width: int) -> list[Content]:
    """The notices as lines `width` cells wide: each behind a bar in its severity's colour,
    its title in bold, a blank line between two."""
    parts: list[Content] = []
    for notice in notices:
        if parts:
            parts.append(Content(""))
        colour = BAR.get(notice.severity, BAR["information"])
        bar = Content.styled("▌ ", colour)
        text = Content(notice.message)  # as typed: never read as markup (see `notify`)
        if notice.title:
            text = Content.assemble((notice.title, f"bold {colour}"), "\n", text)
        parts += [bar + line for line in text.wrap(max(1, width - bar.cell_length))]
    return parts


class NoticeLines(LineView):
    """The notices' lines, in a box at the right."""

    DEFAULT_CSS = """
    NoticeLines {
        visibility: visible;
        width: 60;
        max-width: 50%;
        height: auto;
        overflow-y: hidden;
        padding: 1 1;
        background: $panel-lighten-1;
        &:ansi {
            background: $ansi-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.notices: list[Notice] = []

    def paint_width(self) -> int:
        # Before its first layout the box's width is what its CSS will make it (60 cells, at
        # most half the screen, less the padding): painted at once, it is laid out once.
        return self.text_width or max(1, min(60, self.app.size.width // 2) - 2)

    def show(self, notices: list[Notice]) -> None:
        self.notices = list(notices)
        if self.is_mounted:  # else painted when mounted (its colours come from the screen)
            self._draw()

    def _draw(self) -> None:
        self.set_parts(notice_lines(self.notices, self.paint_width()))

    def on_mount(self) -> None:
        if self.notices:
            self._draw()

    def on_resize(self) -> None:
        if self.notices and self.text_width != self._width:
            self._draw()  # wrapped here, not by the view: wrapped again

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.app.clear_notifications()


class NoticeBoard(Widget):
    """Where a screen shows the notices: over the bottom right, above the footer; not shown
    while there is none."""

    DEFAULT_CSS = """
    NoticeBoard {
        layer: notices;
        dock: bottom;
        width: 1fr;
        height: auto;
        align: right bottom;
        margin-bottom: 1;
        visibility: hidden;
        display: none;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines = NoticeLines()

    def compose(self) -> ComposeResult:
        yield self.lines

    def show(self, notices: list[Notice]) -> None:
        lines = self.lines
        if notices != lines.notices:
            lines.show(notices)
        # Set even when it seems so already: before the board is mounted its CSS (hidden)
        # is not applied yet, and a value set now overrides it then.
        self.display = bool(notices)


class NoticingApp(App[ReturnType]):
    """An app whose notifications are painted by a `NoticeBoard` on each screen."""

    def __init__(self) -> None:
        super().__init__()
        self.notices = Notices()
        self._notice_timer: Timer | None = None
        self._boards: WeakKeyDictionary[Screen[object], NoticeBoard] = WeakKeyDictionary()

    def on_mount(self) -> None:
        # Told at once, while the new screen is not composed yet: its board is composed
        # with it, in its first layout, and not mounted into it afterwards (a layout more).
        self.screen_change_signal.subscribe(self, self.show_notices, immediate=True)
        self.show_notices(self.screen)  # the screen pushed before this subscription

    def notify(self, message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Put a notice up (Textual's signature; safe from any thread).

        The message is shown as written, whatever `markup` says: cardgame's messages carry
        the user's own words (a group's name, a session's title), and Textual's markup would
        swallow "[A]" in "Bord [A]" or stop the app at "[/]" (Textual's `Widget.notify`, which
        the screens call, asks for markup by default)."""
        seconds = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self.post_message(Noticed(Notice(message, title, severity, seconds)))

    def on_noticed(self, message: Noticed) -> None:
        notice = message.notice
        self.notices.add(replace(notice, until=time.monotonic() + notice.timeout))
        self.show_notices()

    def clear_notifications(self) -> None:
        self.notices.clear()
        self.show_notices()

    def notice_board(self, screen: Screen[object]) -> NoticeBoard:
        """The screen's board, given to it now if it has none: composed with the screen if
        it is not composed yet (hidden while no notice is up), else mounted into it."""
        board = self._boards.get(screen)
        if board is None:
            board = self._boards[screen] = NoticeBoard()
            if screen.is_mounted:
                screen.mount(board)
            else:
                screen.compose_add_child(board)
        return board

    def show_notices(self, screen: Screen[object] | None = None) -> None:
        """Show the notices up on the screen in front, and wake when the next one goes."""
        self.notice_board(screen or self.screen).show(self.notices.up)
        if self._notice_timer is not None:
            self._notice_timer.stop()
            self._notice_timer = None
        end = self.notices.next_end()
        if end is not None:
            # Never a timer of no time: Textual's timer divides by its interval.
            self._notice_timer = self.set_timer(max(0.05, end - time.monotonic()),
                                                self._expire_notices)

    def _expire_notices(self) -> None:
        self._notice_timer = None
        self.notices.expire(time.monotonic())
        self.show_notices()
