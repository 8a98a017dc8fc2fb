"""A countdown for a discussion round: set, start, pause, and a calm signal at zero.

The time left is read from a deadline on the monotonic clock, not counted in ticks, so a busy
laptop never stretches a round.
"""

from __future__ import annotations

import math
import time

from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from cardgame.i18n import t

TICK = 0.25
"""Seconds between redraws while the clock runs."""


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
    """Whole seconds left in this round."""
    running: reactive[bool] = reactive(False, init=False)
    """Whether the countdown is running."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._ticker: Timer | None = None
        self._deadline: float | None = None

    def on_mount(self) -> None:
        self._ticker = self.set_interval(TICK, self._tick, pause=True)
        self._draw()

    def set_minutes(self, minutes: int) -> None:
        """Set the round length and reset the countdown (stopped)."""
        self.minutes = max(1, min(180, minutes))
        self.running = False
        self._deadline = None
        self.remaining = self.minutes * 60
        self.remove_class("-done")

    def restore(self, minutes: int, remaining: int, running: bool) -> None:
        """Stand where a recorded timer stood (a reopened session keeps counting down)."""
        self.set_minutes(minutes)
        self.remaining = max(0, min(remaining, self.minutes * 60))
        if running and self.remaining:
            self._deadline = time.monotonic() + self.remaining
            self.running = True

    def toggle(self) -> None:
        """Start or pause; starting at zero begins a new round."""
        if self.remaining <= 0:
            self.remaining = self.minutes * 60
            self.remove_class("-done")
        if self.running:
            self._tick()
            self._deadline = None
            self.running = False
        else:
            self._deadline = time.monotonic() + self.remaining
            self.running = True

    def watch_running(self, running: bool) -> None:
        if self._ticker is not None:
            (self._ticker.resume if running else self._ticker.pause)()
        self._draw()

    def watch_remaining(self) -> None:
        self._draw()

    def _tick(self) -> None:
        if not self.running or self._deadline is None:
            return
        self.remaining = max(0, math.ceil(self._deadline - time.monotonic()))
        if self.remaining == 0:
            self._deadline = None
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
