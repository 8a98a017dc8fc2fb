"""Python's garbage collector held off while a session is read or its events are kept.

Reading a long log makes tens of thousands of small objects (events, tuples, dates), none of
them in a cycle: freed by reference counting as usual. Each few hundred of them would start a
collection that walks everything alive (the decks, the log read so far): on a large session
that made reading it twice as slow. Collections wait until the reading is done, and what was
made is then put with the long-lived objects without a pass over it: the first collection
after the block would otherwise walk all of it at once (~35 ms for the large session's
120,000 objects), and it lives as long as the session is open anyway.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collections_held() -> Iterator[None]:
    """No automatic collection inside the block; the collector as it was after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Frozen and, unless the process keeps objects frozen already (the app, while a
        # session is shown), let go into the oldest generation: no pass over them now.
        kept_frozen = gc.get_freeze_count() > 0
        gc.freeze()
        if not kept_frozen:
            gc.unfreeze()
        if was_enabled:
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
