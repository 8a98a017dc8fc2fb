"""The audience view: what the wall shows while the facilitator works on the laptop.

It follows the session file twenty times a second (`WorkspaceFollower`) and draws `wall(...)`:
the card large, its title in block letters when there is room, the scenario and the options
with how many tables chose each and who, each table's rating as a bar, the tensions the tables
named, the round timer, and on the influence map the circle. It never writes and takes no key
but quitting and the light/dark theme. When the facilitator's cardgame closes or stops, it says
so calmly, keeps the last card, and follows again when the session is reopened.
"""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Static

from cardgame.domain.audience import CircleView as CircleWall
from cardgame.domain.audience import Wall, wall
from cardgame.domain.circle import Marker
from cardgame.domain.influence import TODAY
from cardgame.domain.roundclock import Clock, state_clock
from cardgame.domain.themeday import MAP
from cardgame.i18n import possessive, t
from cardgame.storage.follow import CLOSED, STOPPED, WorkspaceFollower
from cardgame.widgets.circle_view import CircleView
from cardgame.widgets.fitted import FittedLine, FittedRows
from cardgame.widgets.localize import localize_bindings
from cardgame.widgets.wall_view import BESIDE, SIDE_WIDTH, UNDER, fit_card

POLL = 0.05
"""Seconds between looks at the session file: the wall is in step within a tenth of a second."""
BIG_CLOCK_FROM = 30
"""From this many rows the timer is shown in large digits."""


class AudienceScreen(Screen[None]):
    """The wall: read-only, large, calm."""

    BINDINGS = [
        Binding("q,ctrl+q", "app.quit", "Quit", id="audience.quit",
                tooltip="Close the audience view (the session is not touched)"),
        Binding("l", "app.toggle_theme", "Light/dark", id="audience.theme",
                tooltip="Switch between the light and the dark high-contrast theme"),
    ]

    def __init__(self, following: WorkspaceFollower) -> None:
        super().__init__()
        localize_bindings(self)
        self.following = following
        self._drawn: tuple[object, ...] = ()
        self._holder = following.facilitator(every=0)
        self.shown: Wall | None = None
        """What the wall shows now (for tests and the benchmark)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="aud-top"):
            yield FittedLine(id="aud-where")
            yield Static(id="aud-clock-text")
            yield Digits("", id="aud-clock")
        yield Static(id="aud-title")
        with Horizontal(id="aud-body"):
            yield Static(id="aud-card")
            side = Static(id="aud-side")
            side.styles.width = SIDE_WIDTH  # the width its lines are wrapped at
            yield side
        with Horizontal(id="aud-under-bar"):
            yield Static(id="aud-under")
        with Horizontal(id="aud-map"):
            yield CircleView(id="aud-circle")
            with Vertical(id="aud-legend-side"):
                yield Static(id="aud-rings")
                yield FittedRows(id="aud-legend")
        with Container(id="aud-note-bar"):
            yield Static(id="aud-note")

    def on_mount(self) -> None:
        self.redraw(force=True)
        self.set_interval(POLL, self.follow)

    def on_resize(self) -> None:
        self.redraw(force=True)

    def follow(self) -> None:
        """Take in what the facilitator recorded; redraw when anything shows differently."""
        changed = self.following.poll()
        # New events: someone records; look at the lock now, so that the card does not
        # come before the note that the facilitator closed the session goes.
        holder = self.following.facilitator(every=0 if changed else 0.5)
        if holder != self._holder:
            self._holder = holder
            changed = True
        self.redraw(force=changed)

    # drawing --------------------------------------------------------------------------------

    def redraw(self, force: bool = False) -> None:
        follower = self.following.current
        if follower is None or follower.meta is None:
            self._draw_nothing(str(follower.problem) if follower is not None else "")
            return
        now = time.time()
        signature = (follower.path, follower.state.last_seq, self.size, self._holder,
                     follower.problem, follower.reloads, self.app.theme)
        if force or signature != self._drawn or self.shown is None:
            self._drawn = signature
            self.shown = wall(follower.meta, follower.decks, follower.state, now)
            self._draw_note(str(follower.problem), played=follower.state.last_seq > 0)
            if self.shown.kind == MAP:
                self._draw_map(self.shown)
            else:
                self._draw_card(self.shown)
        self._draw_clock(self._clock(now))

    def _clock(self, now: float) -> Clock | None:
        """The timer now (it counts down between the facilitator's keys)."""
        follower = self.following.current
        if self.shown is None or self.shown.clock is None or follower is None:
            return None
        return state_clock(follower.state, self.shown.clock.minutes, now)

    def _draw_clock(self, clock: Clock | None) -> None:
        digits = self.query_one("#aud-clock", Digits)
        small = self.query_one("#aud-clock-text", Static)
        big = self.size.height >= BIG_CLOCK_FROM
        text = clock.text if clock is not None else ""
        digits.display = big and bool(text)
        small.display = not big and bool(text)
        if digits.value != text:
            digits.update(text)
        small.update(Content.styled(f" {text} ", "bold") if text else "")
        for widget in (digits, small):
            widget.set_class(clock is not None and clock.running, "-running")
            widget.set_class(clock is not None and clock.remaining == 0, "-done")

    def _draw_note(self, problem: str, *, played: bool) -> None:
        """A calm line when the facilitator's cardgame is not recording, or the file is gone;
        a session nothing was recorded in yet is waited for, not called closed (N21)."""
        if problem:
            text = t("audience.problem", problem=problem)
        elif self._holder == CLOSED:
            text = t("audience.closed" if played else "audience.not_started")
        elif self._holder == STOPPED:
            text = t("audience.stopped")
        else:
            text = ""
        self.query_one("#aud-note", Static).update(Content(text))
        self.query_one("#aud-note-bar").display = bool(text)

    def _show(self, *, card: bool) -> None:
        self.query_one("#aud-title").display = card
        self.query_one("#aud-body").display = card
        self.query_one("#aud-map").display = not card
        if not card:
            self.query_one("#aud-under-bar").display = False

    def _draw_nothing(self, problem: str) -> None:
        """No session to show yet (an empty workspace), or a file that cannot be read."""
        self._show(card=True)
        self.query_one("#aud-where", FittedLine).show([])
        self.query_one("#aud-title", Static).update(Content.styled("cardgame", "bold $primary"))
        self.query_one("#aud-card", Static).update(Content.styled(
            t("audience.no_session"), "$text-muted"))
        self.query_one("#aud-side", Static).display = False
        self.query_one("#aud-under-bar").display = False
        self.query_one("#aud-note", Static).update(
            t("audience.problem", problem=problem) if problem else "")
        self.query_one("#aud-note-bar").display = bool(problem)
        self._draw_clock(None)

    def _draw_card(self, shown: Wall) -> None:
        self._show(card=True)
        where = self.query_one("#aud-where", FittedLine)
        card_widget = self.query_one("#aud-card", Static)
        side = self.query_one("#aud-side", Static)
        if shown.card is None or shown.deck is None:
            where.show([])
            self.query_one("#aud-title", Static).update(
                Content.styled(shown.title, "bold $primary"))
            card_widget.update(Content.styled(t("audience.waiting"), "$text-muted"))
            card_widget.styles.width = "auto"
            side.display = False
            self.query_one("#aud-under-bar").display = False
            return
        position, total = shown.position
        parts = [shown.round, shown.deck.info.title] if shown.round else [shown.deck.info.title]
        if total:
            parts.append(t("where.card", n=position, total=total))
        if shown.hand_of:
            parts.append(t("card.hand_of", group=possessive(shown.hand_of)))
        where.show([(part, True) for part in parts])
        spare = 2 if self.size.height >= BIG_CLOCK_FROM else 1
        top = 3 if self.size.height >= BIG_CLOCK_FROM else 1
        note = 1 if self.query_one("#aud-note-bar").display else 0
        text = fit_card(shown, self.size.width, self.size.height - top - note - spare)
        self.query_one("#aud-title", Static).update(text.title)
        card_widget.update(text.card)
        card_widget.styles.width = text.column
        side.display = text.place == BESIDE
        side.update(text.answers if text.place == BESIDE else "")
        under = self.query_one("#aud-under", Static)
        self.query_one("#aud-under-bar").display = text.place == UNDER and bool(
            text.answers.plain)
        under.update(text.answers if text.place == UNDER else "")
        under.styles.width = text.column

    def _draw_map(self, shown: Wall) -> None:
        self._show(card=False)
        circle = shown.circle
        assert circle is not None
        dim = t("map.today") if circle.dim == TODAY else t("map.wanted")
        where = [circle.deck.info.title, t("map.actor", actor=circle.actor)]
        if circle.group:
            where.append(circle.group)
        where.append(t("map.editing", dim=dim))
        self.query_one("#aud-where", FittedLine).show([(part, True) for part in where])
        markers = [Marker(index, ring, dim_) for index, ring, dim_ in circle.placements]
        self.query_one(CircleView).show(circle.rings, len(circle.elements), markers,
                                        circle.selected)
        self.query_one("#aud-rings", Static).update(self._rings(circle))
        self.query_one("#aud-legend", FittedRows).show(self._legend(circle))

    def _rings(self, circle: CircleWall) -> Content:
        lines = [Content.styled(t("map.rings_title"), "bold $accent")]
        lines += [Content.assemble((f"{n} ", "bold"), name)
                  for n, name in enumerate(circle.rings, start=1)]
        lines.append(Content.styled(t("map.marker_legend"), "$text-muted"))
        return Content("\n").join(lines)

    def _legend(self, circle: CircleWall) -> list[tuple[Content, str, str]]:
        """Each element's rings today and wanted, and its title (shortened after a whole word
        where the column is narrow, N15)."""
        rows = [(Content(""), "", ""), (Content.styled(t("map.legend_title"), "bold $accent"),
                                        "", "")]
        for index, element in enumerate(circle.elements):
            today = "–" if element.today is None else str(element.today + 1)
            wanted = "–" if element.wanted is None else str(element.wanted + 1)
            marker = Content.styled(f"{element.number:>2} ●{today} ○{wanted} ", "bold")
            rows.append((marker, element.title,
                         "reverse bold $primary" if index == circle.selected else ""))
        return rows
