"""The event log of a session, and the state derived from it.

Everything recorded in a session is an ordered list of events. Three kinds:

* ``set`` gives one key of the session a value (a rating, a note, a placement …) or clears
  it. These are the *recorded actions*: undo and redo work on them.
* ``undo`` and ``redo`` step back and forth through the recorded actions.
* ``view`` moves the cursor (which deck, card, group, actor, mode is showing) and sets a deck's
  dealing order. It is saved so that a reopened session stands where it stood, but undo skips it.

`replay` folds a log into a `SessionState`; `SessionState.apply` is the step of that fold, so
the app can apply a new event without replaying the whole log (appending stays O(1)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Union

Value = Union[str, int, bool]
Key = tuple[str, ...]

EVENT_TYPES = ("set", "undo", "redo", "view")
VIEW_FIELDS = ("deck", "card", "group", "mode", "actor", "dim", "screen", "element", "scenario",
               "minutes", "timer", "round", "away", "inbox")
"""Cursor fields a view event may carry."""


class _Missing:
    """Marks a key that had no value (before it was set, or after it was cleared)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = _Missing()


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the log."""

    seq: int
    """Position in the log, from 1, without gaps."""
    type: str
    """set, undo, redo or view."""
    at: datetime
    """When it was recorded (UTC)."""
    key: Key = ()
    """set: which value."""
    value: Value | None = None
    """set: the new value; None clears the key."""
    view: tuple[tuple[str, Value], ...] = ()
    """view: the cursor fields that changed, and ``seed`` for a deck's dealing order."""
    batch: int = 0
    """set: the seq of the first event of a group of sets undone and redone together."""

    def to_record(self) -> dict[str, object]:
        """The event as a flat TOML table."""
        record: dict[str, object] = {"seq": self.seq, "type": self.type, "at": self.at}
        if self.type == "set":
            record["key"] = list(self.key)
            if self.value is None:
                record["clear"] = True
            else:
                record["value"] = self.value
            if self.batch:
                record["batch"] = self.batch
        elif self.type == "view":
            record.update(dict(self.view))
        return record


def now() -> datetime:
    """The current time in UTC, to the second, for event stamps."""
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class Change:
    """What a recorded action did to one key: old and new value (MISSING when absent)."""

    key: Key
    old: object
    new: object
    seq: int
    batch: int = 0


@dataclass
class SessionState:
    """Everything a session's log amounts to at its end."""

    values: dict[Key, Value] = field(default_factory=dict)
    """The current value of every key that has one."""
    undo_stack: list[Change] = field(default_factory=list)
    redo_stack: list[Change] = field(default_factory=list)
    cursor: dict[str, Value] = field(default_factory=dict)
    """Where the session stands: deck, card, group, mode, scenario, actor, dim, element …"""
    seeds: dict[str, int] = field(default_factory=dict)
    """Dealing order per deck id: 0 is the deck's own order, any other number a shuffle seed."""
    last_seq: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    changed_at: dict[Key, datetime] = field(default_factory=dict)
    """When each key last got its current value, for the export's timeline."""

    def apply(self, event: Event) -> Change | None:
        """Fold one event into the state; return the change it made to a value, if any."""
        self.last_seq = event.seq
        if self.first_at is None:
            self.first_at = event.at
        self.last_at = event.at
        if event.type == "set":
            change = Change(event.key, self.values.get(event.key, MISSING),
                            MISSING if event.value is None else event.value, event.seq,
                            event.batch)
            self._put(event.key, change.new, event.at)
            self.undo_stack.append(change)
            self.redo_stack.clear()
            return change
        if event.type == "undo":
            if not self.undo_stack:
                return None
            first = None
            while self.undo_stack:
                change = self.undo_stack.pop()
                self._put(change.key, change.old, event.at)
                self.redo_stack.append(change)
                first = first or change
                top = self.undo_stack[-1] if self.undo_stack else None
                if not change.batch or top is None or top.batch != change.batch:
                    break
            return Change(change.key, change.new, change.old, event.seq, change.batch)
        if event.type == "redo":
            if not self.redo_stack:
                return None
            first = None
            while self.redo_stack:
                change = self.redo_stack.pop()
                self._put(change.key, change.new, event.at)
                self.undo_stack.append(change)
                first = first or change
                top = self.redo_stack[-1] if self.redo_stack else None
                if not change.batch or top is None or top.batch != change.batch:
                    break
            assert first is not None
            return Change(first.key, first.old, first.new, event.seq, first.batch)
        if event.type == "view":
            fields = dict(event.view)
            seed = fields.pop("seed", None)
            if seed is not None and "deck" in fields:
                self.seeds[str(fields["deck"])] = int(seed)
            self.cursor.update(fields)
        return None

    def _put(self, key: Key, value: object, at: datetime) -> None:
        if value is MISSING:
            self.values.pop(key, None)
            self.changed_at.pop(key, None)
        else:
            self.values[key] = value  # type: ignore[assignment]
            self.changed_at[key] = at

    def get(self, *key: str) -> Value | None:
        return self.values.get(tuple(key))

    def with_prefix(self, *prefix: str) -> Iterable[tuple[Key, Value]]:
        """Every (key, value) whose key starts with prefix."""
        n = len(prefix)
        for key, value in self.values.items():
            if key[:n] == prefix:
                yield key, value

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)


def replay(events: Iterable[Event]) -> SessionState:
    """The state a log amounts to: a pure function of the events."""
    state = SessionState()
    for event in events:
        state.apply(event)
    return state
