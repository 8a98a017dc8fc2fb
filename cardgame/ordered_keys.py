"""Keys are handled one at a time, each to its end, in the order they were typed.

Textual hands a key to a binding marked `priority` as soon as the key arrives, and sends any
other key first through the focused widget, whose queue it waits in; a dialog opened by a key
is pushed by a worker a moment later. When keys arrive together (a fast typist, a paste, a
laptop that stalled for half a second on its antivirus, a process stopped and continued),
a later `tab` or `↓` could act before an earlier digit, and the digit was recorded for the next
table or element, without a word (Textual issue 6605 is the same kind of fault inside a text
field).

Here the app takes every key (and paste) from the terminal into one queue, in arrival order,
and gives Textual the next one only when the last one has been handled to its end: its
bindings run, its dialog open and focused, every message it caused processed. The result is
what it would have been had each key been typed after the screen showed the one before: the
digits land on the table and element they were typed for, and text typed after `enter` lands
in the dialog `enter` opened.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual import events
from textual.worker import WorkerState

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

SETTLE_ROUNDS = 500
"""The most times the app is asked whether a key has settled (a screen that never settles, a
timer that ticks all the time): then the next key goes anyway. A key takes a few."""
SETTLE_WAIT = 2.0
"""Seconds to wait for the app to answer once; longer, and the next key goes anyway."""


class OrderedKeys:
    """The queue of keys typed and not yet handled, and the task that hands them on."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.typed: deque[events.Event] = deque()
        self.releasing: events.Event | None = None
        """The key handed to Textual and not yet settled: let through, not queued."""
        self.arrived = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> int:
        """Keys typed and not yet handled to their end (the one being handled included)."""
        return len(self.typed) + (self.releasing is not None)

    def take(self, event: events.Event) -> bool:
        """Queue a key or paste fresh from the terminal; False for anything to let through
        (the key being handed on, a key coming back from the focused widget, other events)."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if event is self.releasing:
            return False
        self.typed.append(event)
        self.arrived.set()
        if self.task is None:
            self.task = asyncio.create_task(self._hand_on(), name="ordered keys")
        return True

    async def _hand_on(self) -> None:
        while True:
            await self.arrived.wait()
            self.arrived.clear()
            while self.typed:
                self.releasing = self.typed.popleft()
                if not self.app.post_message(self.releasing):
                    self.releasing = None
                    return  # the app is closing
                try:
                    await self._settled()
                finally:
                    self.releasing = None

    async def _settled(self) -> None:
        """Wait until the key just handed on has done all it will do: it has been through
        the app, the focused widget and every node up to the screen, and back to the app (where
        its binding runs); no message waits in any queue of the screens shown; and every worker
        it started has started (a dialog is pushed by a worker)."""
        app = self.app
        for _ in range(SETTLE_ROUNDS):
            if not await self._through(app):
                return  # the app is closing
            target = app.focused or app.screen
            for node in target.ancestors_with_self:
                if node is not app and not await self._through(node):
                    break  # gone with its screen: its queue is no more
            if not await self._through(app):
                return
            if not self._busy():
                return
            await asyncio.sleep(0)

    @staticmethod
    async def _through(node: MessagePump) -> bool:
        """Wait until `node` has handled every message queued for it before now; False when
        it takes no messages any more, or does not answer within SETTLE_WAIT."""
        handled = asyncio.Event()
        if not node.is_running or not node.call_later(handled.set):
            return False
        try:
            await asyncio.wait_for(handled.wait(), SETTLE_WAIT)
        except asyncio.TimeoutError:
            return False  # a key whose handler hangs must not hold every key after it
        return True

    def _busy(self) -> bool:
        app = self.app
        if any(worker.state == WorkerState.PENDING for worker in app.workers):
            return True
        return any(node.message_queue_size for node in self._nodes())

    def _nodes(self) -> Iterator[MessagePump]:
        app = self.app
        yield app
        for screen in app.screen_stack:
            yield screen
            yield from screen.walk_children()

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None
