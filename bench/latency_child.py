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


def main() -> None:
    if sys.argv[1] == "bare":
        BareApp().run()
        return
    from cardgame.__main__ import main as cardgame_main

    sys.exit(cardgame_main(sys.argv[2:]))


if __name__ == "__main__":
    main()
