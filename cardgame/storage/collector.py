"""Python's garbage collector held off while a session is read or its events are kept.

Reading a long log makes tens of thousands of small objects (events, tuples, dates), none of
them in a cycle: freed by reference counting as usual. Each few hundred of them would start a
collection that walks everything alive (the decks, the log read so far): on a large session
that made reading it twice as slow. Collections wait until the reading is done.
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
        if was_enabled:
            gc.enable()
