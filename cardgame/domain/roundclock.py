"""The round timer as part of the session, so that the wall counts down with the laptop.

The facilitator's timer records its state in the session's cursor (`timer`): while it runs,
the moment it reaches zero ("run:<deadline>", seconds since the epoch); while it waits, the
seconds left ("stop:<seconds>"). Any process reading the session (the audience view, a
reopened session) derives the same clock from it with `clock`. The wall clock is shared by
every process on the computer; a deadline, not a count of ticks, keeps them in step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cardgame.domain.events import SessionState, Value

RUN, STOP = "run:", "stop:"


@dataclass(frozen=True)
class Clock:
    """The round timer at one moment."""

    minutes: int
    """The length of a round."""
    remaining: int
    """Whole seconds left."""
    running: bool

    @property
    def text(self) -> str:
        minutes, seconds = divmod(self.remaining, 60)
        return f"{minutes:02d}:{seconds:02d}"


def timer_value(running: bool, remaining: int, now: float) -> str:
    """The cursor value of the timer: the deadline while it runs, the seconds left else."""
    remaining = max(0, remaining)
    return f"{RUN}{now + remaining:.1f}" if running and remaining else f"{STOP}{remaining}"


def clock(value: Value | None, minutes: int, now: float) -> Clock:
    """The timer from its cursor value, as it stands at `now` (time.time()).

    A value that is missing or cannot be read is a full round, waiting to start.
    """
    if isinstance(value, str) and value.startswith(RUN):
        try:
            left = math.ceil(float(value[len(RUN):]) - now)
        except ValueError:
            return Clock(minutes, minutes * 60, False)
        left = min(left, minutes * 60)
        return Clock(minutes, max(0, left), left > 0)
    if isinstance(value, str) and value.startswith(STOP) and value[len(STOP):].isdigit():
        return Clock(minutes, min(int(value[len(STOP):]), minutes * 60), False)
    return Clock(minutes, minutes * 60, False)


def state_clock(state: SessionState, minutes: int, now: float) -> Clock:
    """The timer of a session's state."""
    return clock(state.cursor.get("timer"), minutes, now)
