"""The baseline: a bare Textual app, one Static, and a key that changes its text."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static


class BareApp(App[None]):
    BINDINGS = [Binding("n", "bump", "Bump"), Binding("q", "quit", "Quit")]

    count = 0

    def compose(self) -> ComposeResult:
        yield Static("bare app ready", id="text")

    def action_bump(self) -> None:
        self.count += 1
        self.query_one("#text", Static).update(f"bare app ready {self.count}")


if __name__ == "__main__":
    BareApp().run()
