"""A countdown for a discussion round: set, start, pause, and a calm signal at zero."""

from __future__ import annotations

from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from cardgame.i18n import t


class RoundTimer(Static):
    """Counts down the minutes of a round; posts `Finished` once at zero."""

    class Finished(Message):
        """The round's time is up."""

        def __init__(self, timer: RoundTimer) -> None:
            self.timer = timer
            super().__init__()

        @property
        def control(self) -> RoundTimer:
            return self.timer

    minutes: reactive[int] = reactive(5, init=False)
    """Length of a round."""
    remaining: reactive[int] = reactive(300, init=False)
    """Seconds left in this round."""
    running: reactive[bool] = reactive(False, init=False)
    """Whether the countdown is ticking."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._ticker: Timer | None = None

    def on_mount(self) -> None:
        self._ticker = self.set_interval(1, self._tick, pause=True)
        self._draw()

    def set_minutes(self, minutes: int) -> None:
        """Set the round length and reset the countdown (stopped)."""
        self.minutes = max(1, min(180, minutes))
        self.remaining = self.minutes * 60
        self.running = False
        self.remove_class("-done")

    def toggle(self) -> None:
        """Start or pause; starting at zero begins a new round."""
        if self.remaining <= 0:
            self.remaining = self.minutes * 60
            self.remove_class("-done")
        self.running = not self.running

    def watch_running(self, running: bool) -> None:
        if self._ticker is not None:
            (self._ticker.resume if running else self._ticker.pause)()
        self._draw()

    def watch_remaining(self) -> None:
        self._draw()

    def _tick(self) -> None:
        if not self.running:
            return
        self.remaining = max(0, self.remaining - 1)
        if self.remaining == 0:
            self.running = False
            self.add_class("-done")
            self.app.bell()
            self.post_message(self.Finished(self))

    def _draw(self) -> None:
        minutes, seconds = divmod(self.remaining, 60)
        clock = f"{minutes:02d}:{seconds:02d}"
        if self.remaining == 0:
            self.update(f"◆ {t('timer.done')}")
        elif self.running:
            self.update(f"▶ {clock}")
        else:
            self.update(f"■ {clock}")
        self.set_class(self.running, "-running")
