"""What the rules need of an open session: record values, undo, redo, move the cursor.

The domain classes (`ThemeDay`, `InfluenceMap`, the follow-ups) record through a `Recorder`
and never touch files; the store's open session is one. The export reads a finished session
through a `ReadOnlyRecorder`, which refuses to record.
"""

from __future__ import annotations

from typing import Protocol

from cardgame.domain.events import Change, Key, SessionState, Value


class Recorder(Protocol):
    """An open session, as the rules see it."""

    state: SessionState

    def set(self, key: Key, value: Value | None) -> Change | None: ...

    def set_many(self, items: list[tuple[Key, Value | None]]) -> Change | None: ...

    def undo(self) -> Change | None: ...

    def redo(self) -> Change | None: ...

    def view(self, **fields: Value) -> None: ...


class ReadOnlyRecorder:
    """A recorder over a finished state: the rules read `state`, and cannot write."""

    def __init__(self, state: SessionState) -> None:
        self.state = state

    def _refuse(self) -> Change | None:
        raise RuntimeError("a read-only session records nothing")

    def set(self, key: Key, value: Value | None) -> Change | None:
        return self._refuse()

    def set_many(self, items: list[tuple[Key, Value | None]]) -> Change | None:
        return self._refuse()

    def undo(self) -> Change | None:
        return self._refuse()

    def redo(self) -> Change | None:
        return self._refuse()

    def view(self, **fields: Value) -> None:
        self._refuse()
