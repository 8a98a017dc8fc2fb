"""Run cardgame (or a bare Textual app) with stamps at the driver level, for the benchmark.

The key stamp is taken when the driver hands a Key event to the app; the frame stamp when the
app has written the next frame to the terminal after that key (App._display). Their difference
is key-to-frame, with the key's handler, the save to disk and the render included. The stamps
are written as JSON to the file named by CARDGAME_BENCH_OUT when the app exits.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.drivers.linux_driver import LinuxDriver
from textual.widgets import Static

LATENCIES: list[tuple[str, float]] = []
_pending: dict[str, object] = {"key": None, "at": 0.0}

_process = LinuxDriver.process_message


def _stamp_key(self, message) -> None:  # noqa: ANN001
    if isinstance(message, events.Key) and _pending["key"] is None:
        _pending["key"], _pending["at"] = message.key, time.perf_counter()
    _process(self, message)


_display = App._display


def _stamp_frame(self, screen, renderable) -> None:  # noqa: ANN001
    _display(self, screen, renderable)
    if renderable is not None and _pending["key"] is not None:
        LATENCIES.append((str(_pending["key"]), time.perf_counter() - float(_pending["at"])))
        _pending["key"] = None


LinuxDriver.process_message = _stamp_key
App._display = _stamp_frame


@atexit.register
def _write() -> None:
    out = os.environ.get("CARDGAME_BENCH_OUT")
    if out:
        Path(out).write_text(json.dumps(LATENCIES))


class BareApp(App[None]):
    """The baseline: one Static, and a key that changes its text."""

    BINDINGS = [Binding("n", "bump", "Bump"), Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("bare app ready 0", id="text")

    def action_bump(self) -> None:
        self.count = getattr(self, "count", 0) + 1
        self.query_one(Static).update(f"bare app ready {self.count}")


CARD = [f"Linje {n} af kortet: en kommune vil inddrage borgerne i en svær prioritering."
        for n in range(1, 41)]
OTHER_CARD = [f"Linje {n} af det næste kort: hvem taler med hvem, før byrådet beslutter?"
              for n in range(1, 49)]
"""A card of another length and other text on every line: what the next card is to the last."""
PANEL = [f"  · Gruppe {n}  {n % 5 + 1}/5" for n in range(1, 13)]


class FloorApp(App[None]):
    """The floor: what Textual itself costs for a screen like ours.

    The same shape as the theme day: a top bar, a card of 40 lines in a scrolling column, a
    panel of the groups, a status line and a footer with the same number of keys. `n` changes
    one line of the panel (as a rating does), `m` one line of the card (as a new card's text
    does, the card being laid out again). Nothing else runs per key."""

    CSS = """
    #top { height: 1; background: $panel; }
    #main { height: 1fr; }
    #scroll { width: 1fr; }
    #card { padding: 1 2; }
    #panel { width: 34; border-left: tall $primary; padding: 1 1; }
    #status { height: 1; }
    """
    READY = "floor app ready"
    BINDINGS = [Binding("n", "panel", "Panel"), Binding("m", "card", "Card"),
                Binding("q", "quit", "Quit"),
                *[Binding(k, "noop", k.upper()) for k in "abcdefg"]]

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal, VerticalScroll
        from textual.widgets import Footer

        yield Static(f"Testtemaer · Kort 1 af 40 · {self.READY}", id="top")
        with Horizontal(id="main"):
            with VerticalScroll(id="scroll"):
                yield Static("\n".join(CARD), id="card")
            yield Static("\n".join(PANEL), id="panel")
        yield Static("Temadag · Gemt kl. 09:00", id="status")
        yield Footer()

    def action_panel(self) -> None:
        self.count = getattr(self, "count", 0) + 1
        lines = list(PANEL)
        lines[self.count % len(PANEL)] = f"▶ ✓ Gruppe {self.count}  {self.count % 5 + 1}/5"
        self.query_one("#panel", Static).update("\n".join(lines), layout=False)

    def action_card(self) -> None:
        self.count = getattr(self, "count", 0) + 1
        lines = list(CARD)
        lines[0] = f"Kort nummer {self.count}: en ny titel på kortet"
        self.query_one("#card", Static).update("\n".join(lines))

    def action_noop(self) -> None:
        pass


def line_floor_app() -> App[None]:
    """The floor app with its card drawn by the Line API, as cardgame draws its card, panel
    and circle: `m` repaints the one line of the card that changed, and nothing else. (Built
    here so that its imports do not weigh on the other apps' start-up.)"""
    from rich.segment import Segment
    from textual.containers import Horizontal
    from textual.geometry import Size
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widgets import Footer

    class LineCard(ScrollView):
        """Forty lines, one repainted per key."""

        def __init__(self) -> None:
            super().__init__(id="card")
            self.lines = list(CARD)
            self.virtual_size = Size(80, len(CARD))

        def render_line(self, y: int) -> Strip:
            index = y + self.scroll_offset.y
            text = self.lines[index] if index < len(self.lines) else ""
            return Strip([Segment(text)]).adjust_cell_length(self.size.width)

    class LineFloorApp(FloorApp):
        """`m` one line of the card; `r` the four places a group's choice on a dialogue card
        changes (the top line's count, the group's line in the panel, the status line's time
        of the save, and the line under the option on the card, which names the groups); `c`
        the places a key on the circle changes (two rows of the circle, where a marker left
        and where it came, standing in for the card's lines; the element's line in the
        legend, the panel's; the status line); `w` what the next card changes: every line of
        the card (40 and 48 lines in turn, so the scroll bar's thumb changes too), the top
        line's card number, the group's line in the panel and the status line."""

        BINDINGS = [Binding("r", "rating", "Rating"), Binding("c", "circle", "Circle"),
                    Binding("w", "whole_card", "Whole card")]

        def compose(self) -> ComposeResult:
            yield Static("Testtemaer · Kort 1 af 40 · line floor app ready", id="top")
            with Horizontal(id="main"):
                yield LineCard()
                yield Static("\n".join(PANEL), id="panel")
            yield Static("Temadag · Gemt kl. 09:00", id="status")
            yield Footer()

        def _card_line(self, row: int, text: str) -> None:
            card = self.query_one(LineCard)
            card.lines[row] = text
            card.refresh_line(row)

        def action_card(self) -> None:
            self.count = getattr(self, "count", 0) + 1
            self._card_line(0, f"Kort nummer {self.count}: en ny titel på kortet")

        def _top_and_status(self, screen: str, top: str = "") -> None:
            """The status line's time of the save, and the top line when given."""
            if top:
                self.query_one("#top", Static).update(
                    f"Testtemaer · {top} · line floor app ready", layout=False)
            self.query_one("#status", Static).update(
                f"{screen} · Gemt kl. 09:{self.count % 60:02d}", layout=False)

        def action_rating(self) -> None:
            self.action_panel()
            self._top_and_status("Temadag", f"Kort 1 af 40 · ✓ {self.count % 12}/12")
            self._card_line(20, f"   1   Ja, fuldt ud{'  ← Gruppe 1' * (self.count % 2)}")

        def action_circle(self) -> None:
            self.action_panel()
            self._top_and_status("Kortlægning")
            at, lines = 20 + self.count % 20, self.query_one(LineCard).lines
            for row, mark in ((10, "●"), (16, "○")):
                line = lines[row]
                self._card_line(row, line[:at] + mark + line[at + 1:])

        def action_whole_card(self) -> None:
            self.action_panel()
            self._top_and_status("Temadag", f"Kort {self.count % 40 + 1} af 40")
            card = self.query_one(LineCard)
            new = OTHER_CARD if card.lines[0] == CARD[0] else CARD
            card.lines = list(new)
            # Told as cardgame's views tell it (no layout of the screen; the bar told alone).
            card.set_reactive(ScrollView.virtual_size, Size(80, len(new)))
            card.vertical_scrollbar.window_virtual_size = len(new)
            card.scroll_y = card.scroll_y
            card.refresh()

    return LineFloorApp()


class StartFloorApp(App[None]):
    """The start screen's floor: its widgets and keys (a title, a menu of seven lines with a
    separator and a heading, a footer of five keys and the command palette's) and no logic:
    what Textual itself costs for a first frame like our start screen's."""

    CSS = """
    #start { width: 100%; max-width: 100; height: 1fr; padding: 1 2; }
    #start-title { width: 100%; content-align: center middle; text-style: bold; }
    #start-subtitle { width: 100%; content-align: center middle; color: $text-muted; }
    #start-menu { height: 1fr; margin-top: 1; }
    """
    BINDINGS = [Binding("question_mark", "noop", "Hjælp"), Binding("q", "quit", "Afslut"),
                Binding("n", "noop", "Ny temadag"), Binding("k", "noop", "Kortlægning"),
                Binding("b", "noop", "Gennemse")]

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical
        from textual.widgets import Footer, OptionList
        from textual.widgets.option_list import Option

        with Vertical(id="start"):
            yield Static("Dialogkort · start floor ready", id="start-title")
            yield Static("cardgame · vælg med ↑ ↓ og enter", id="start-subtitle")
            yield OptionList(Option("Ny temadag", id="new"), Option("Forbered temadag"),
                             Option("Indflydelseskortlægning"), Option("Gennemse kortene"),
                             Option("Afslut"), None,
                             Option("Genoptag en session", disabled=True),
                             Option("Temadag i byrådet · 2026-11-23 · 3 grupper"),
                             id="start-menu")
            yield Static(id="start-problems")
        yield Footer()

    def action_noop(self) -> None:
        pass


def open_floor_app() -> App[None]:
    """The floor for `cardgame open`: the floor app, in a process that has first imported what
    opening a session must (the session and deck models, so pydantic), and nothing else."""
    import cardgame.domain.decks
    import cardgame.domain.session  # noqa: F401

    class OpenFloorApp(FloorApp):
        READY = "open floor ready"

    return OpenFloorApp()


def main() -> None:
    apps = {"bare": BareApp, "floor": FloorApp, "linefloor": line_floor_app,
            "startfloor": StartFloorApp, "openfloor": open_floor_app}
    make = apps.get(sys.argv[1])
    if make is not None:
        make().run()
        return
    from cardgame.__main__ import main as cardgame_main

    sys.exit(cardgame_main(sys.argv[2:]))


if __name__ == "__main__":
    main()
