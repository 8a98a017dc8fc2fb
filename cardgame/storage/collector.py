"""Python's garbage collector held off while a session is read or its events are kept.

Reading a long log makes tens of thousands of small objects (events, tuples, dates), none of
them in a cycle: freed by reference counting as usual. Each few hundred of them would start a
collection that walks everything alive (the decks, the log read so far): on a large session
that made reading it twice as slow. Collections wait until the reading is done, and what was
made is then put with the long-lived objects without a pass over it: the first collection
after the block would otherwise walk all of it at once (~35 ms for the large session's
120,000 objects), and it lives as long as the session is open anyway.

Starting the app is the same story: importing Textual and composing the first screen makes
~46,000 objects that live until cardgame ends, and the full pass they brought on came just
before the first frame (18-25 ms of a start of ~230 ms). The collector waits until that
frame is on the screen, and what start-up made is kept out of later passes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_keeping = False
"""Whether the app keeps what is alive frozen (after start-up, while a session is shown).
Kept here: `gc.get_freeze_count` counts the frozen objects one by one: 4-7 ms once start-up's
(~46,000) and a session's are frozen, at every export and every close."""


def keep_frozen() -> None:
    """Freeze everything alive now, and keep what `collections_held` makes frozen too."""
    global _keeping
    gc.freeze()
    _keeping = True


def let_frozen_go() -> None:
    """Back with the oldest generation: a closed session's objects can be freed."""
    global _keeping
    gc.unfreeze()
    _keeping = False


@contextmanager
def collections_held() -> Iterator[None]:
    """No automatic collection inside the block; the collector as it was after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Frozen and, unless the app keeps objects frozen (`keep_frozen`), let go into the
        # oldest generation: no pass over them now.
        gc.freeze()
        if not _keeping:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


_held_for_start = False


@contextmanager
def held_until_shown() -> Iterator[None]:
    """No automatic collection in the block until `shown` is called (at the first frame);
    the collector as it was after the block, if the app ended before its first frame."""
    global _held_for_start
    was_enabled = gc.isenabled()
    gc.disable()
    _held_for_start = was_enabled
    try:
        yield
    finally:
        if _held_for_start:
            _held_for_start = False
            gc.enable()


def shown() -> None:
    """The first frame is on the screen: what start-up made is kept frozen (never walked by
    a pass; a closed session's `let_frozen_go` lets it go with the rest), the collector on.

    Nothing happens outside `held_until_shown`: an app run by the tests keeps the collector
    as it found it."""
    global _held_for_start
    if _held_for_start:
        _held_for_start = False
        keep_frozen()
        gc.enable()


def collect_if_due() -> bool:
    """Do the collector's full pass now, when it is halfway due; whether it was done.

    Python makes a full pass over every object alive after so many young passes (ten, by
    default): 10-25 ms with a session and its screen in memory. Called after a key's frame is
    on the screen, the pass comes while the room reads it, not in the middle of the next key.
    """
    due = max(1, gc.get_threshold()[2] // 2)
    if gc.isenabled() and gc.get_count()[2] >= due:
        gc.collect()
        return True
    return False
