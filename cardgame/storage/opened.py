"""An open session: its events, the state derived from them, and saving that never lies.

The file is written through the session's log (`sessionlog`: append, fsync, whole rewrites)
and watched over by its guard (`guard`: the lock, foreign files, backups, rescue copies);
here is what a session does with them:

* Recording appends one self-checking block to the file and fsyncs it before returning, so an
  answer is on disk before the app shows it as saved and before the next key is handled.
* Before every append the file at the path is checked to be the file this session wrote (a
  sync tool may have deleted or replaced it): if it is not, the whole session is written there
  again from memory, atomically, a foreign file kept beside it, and the user is told.
* Before every append the lock is checked to still be ours; if another cardgame has it now,
  nothing more is written (nothing another process wrote is ever cut away) and the user can
  keep the changes by saving a copy elsewhere.
* A save that fails (disk full, read-only folder) leaves the file as it was; the events wait in
  memory, are counted, and are written, in order, by the next save that succeeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cardgame.domain.errors import Said, SessionError, Words, os_problem
from cardgame.domain.events import Change, Event, Key, SessionState, Value, now
from cardgame.storage.guard import SessionGuard
from cardgame.storage.lock import LockLost, SessionLock
from cardgame.storage.sessionfile import render_event, render_header
from cardgame.storage.sessionlog import DELETED, SessionLog

if TYPE_CHECKING:
    from cardgame.domain.decks import Deck
    from cardgame.domain.session import SessionMeta


RETRY_SECONDS = 2.0
"""How often the app tries again to write changes waiting in memory (a full disk, a folder
refused, a file a sync tool holds)."""


@dataclass
class SaveStatus:
    """The outcome of the last save: ok, or why the changes wait in memory."""

    ok: bool = True
    error: Words = ""
    pending: int = 0
    """Changes recorded in memory and not yet in the file."""
    lock_lost: bool = False
    """Another cardgame holds the session now: saving here has stopped."""
    saved_at: datetime | None = None
    """When the file last received everything recorded (local time)."""


def clock() -> datetime:
    """The local time a save is reported with (one place, so a test can fix it)."""
    return datetime.now()


@dataclass(repr=False)
class OpenSession:
    """A locked session: its metadata, its decks, its events, the state, and saving."""

    path: Path
    meta: SessionMeta
    events: list[Event]
    lock: SessionLock
    decks: dict[str, Deck] = field(default_factory=dict)
    """The decks the session is played with (the copies kept in its file), by id."""
    kept: dict[str, bytes] = field(default_factory=dict)
    """The kept decks' file bytes, written again with the header on a rewrite."""
    good_size: int = -1
    """Bytes of the file holding whole events, as read (-1: the file's size)."""
    state: SessionState = field(default_factory=SessionState)
    notices: list[Words] = field(default_factory=list)
    """What happened to the file (repairs, rewrites), for the user to read; the screen takes
    them with `take_notices`."""
    took_over_lock: int = 0
    """The pid of an ended process whose lock was taken over on opening (0: none)."""
    status: SaveStatus = field(default_factory=SaveStatus)
    closed: bool = False
    """Closed: written, backed up, its lock released; a second close does nothing."""
    _pending: list[bytes] = field(default_factory=list)
    _pending_views: int = 0
    """How many of the waiting events only move the cursor (not counted as changes)."""

    def __repr__(self) -> str:
        # Short on purpose: the default would spell out every event and card (Textual's
        # workers repr their arguments).
        return f"OpenSession({str(self.path)!r}, events={len(self.events)})"

    def __post_init__(self) -> None:
        for event in self.events:
            self.state.apply(event)
        self.log = SessionLog(self.path, self.good_size)
        self.guard = SessionGuard(self.path, self.lock)
        self.status = SaveStatus(saved_at=clock())

    # recording ----------------------------------------------------------------------------

    def set(self, key: Key, value: Value | None) -> Change | None:
        """Record a value (None clears it); nothing is recorded if it is already so."""
        current = self.state.values.get(key)
        if current == value and type(current) is type(value):
            return None
        return self._record(Event(self.state.last_seq + 1, "set", now(), key, value))

    def set_many(self, items: list[tuple[Key, Value | None]]) -> Change | None:
        """Record several values as one action: one write, undone and redone together."""
        events: list[Event] = []
        seq = self.state.last_seq
        batch = 0
        values = dict(self.state.values)
        for key, value in items:
            current = values.get(key)
            if current == value and type(current) is type(value):
                continue
            seq += 1
            batch = batch or seq
            events.append(Event(seq, "set", now(), key, value))
            if value is None:
                values.pop(key, None)
            else:
                values[key] = value
        if len(events) > 1:
            events = [Event(e.seq, e.type, e.at, e.key, e.value, batch=batch) for e in events]
        change = None
        for event in events:
            self.events.append(event)
            change = self.state.apply(event) or change
            self._pending.append(render_event(event))
        if events:
            self.flush()
        return change

    def undo(self) -> Change | None:
        if not self.state.can_undo:
            return None
        return self._record(Event(self.state.last_seq + 1, "undo", now()))

    def redo(self) -> Change | None:
        if not self.state.can_redo:
            return None
        return self._record(Event(self.state.last_seq + 1, "redo", now()))

    def view(self, **fields: Value) -> None:
        """Record where the session stands (cursor); skipped when nothing changes."""
        changed = {k: v for k, v in fields.items()
                   if k == "seed" or self.state.cursor.get(k) != v}
        if not changed or (list(changed) == ["seed"] and "deck" not in fields):
            return
        if "seed" in changed and "deck" in fields:
            changed["deck"] = fields["deck"]
        items = tuple(sorted(changed.items()))
        self._record(Event(self.state.last_seq + 1, "view", now(), view=items))

    def _record(self, event: Event) -> Change | None:
        self.events.append(event)
        change = self.state.apply(event)
        self._pending.append(render_event(event))
        self._pending_views += event.type == "view"
        self.flush()
        return change

    # saving -------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many recorded changes (answers, placements, notes, undo) wait in memory; moves
        of the cursor wait too but are not counted: losing one loses nothing typed."""
        return len(self._pending) - self._pending_views

    @property
    def waiting(self) -> bool:
        """Whether anything recorded, a cursor move included, is not in the file yet."""
        return bool(self._pending)

    def flush(self) -> SaveStatus:
        """Write what waits in memory; on failure leave the file as it was and keep waiting.

        Before the append the lock must still be ours, and the path must still name the file
        this session wrote: when it does not (deleted, replaced, written into), the whole
        session is written there again from memory and what was there is kept beside it."""
        if not self._pending:
            if not self.status.ok and not self.status.lock_lost:
                self.status = SaveStatus(saved_at=self.status.saved_at)
            return self.status
        if self.status.lock_lost:
            self.status = SaveStatus(False, Said("store.lock_lost", name=self.meta.title),
                                     self.pending, lock_lost=True)
            return self.status
        try:
            self.guard.verify()
            foreign = self.log.check()
            if foreign is not None:
                if foreign != DELETED:
                    kept = self.guard.keep_foreign(foreign)
                    if kept is not None:
                        self.notices.append(kept)
                self.rewrite(f"store.file_{foreign}")
                return self.status
            self.log.append(b"".join(self._pending))
        except LockLost as lost:
            self.log.close()
            self.status = SaveStatus(False, Said(lost.key, **lost.values), self.pending,
                                     lock_lost=True)
            return self.status
        except OSError as exc:
            self.status = SaveStatus(False, os_problem(exc), self.pending)
            return self.status
        self._saved()
        return self.status

    def _saved(self) -> None:
        self._pending.clear()
        self._pending_views = 0
        self.status = SaveStatus(saved_at=clock())

    def whole_file(self) -> bytes:
        """The session as a file, from memory: header, kept decks, every event."""
        return render_header(self.meta.to_record(), self.kept) + b"".join(
            render_event(event) for event in self.events)

    def rewrite(self, reason: str, *, backup: bool = False) -> None:
        """Write the whole session from memory to the path, atomically; OSError on failure.
        `reason` names what to tell the user (a catalogue key), or nothing."""
        self.log.write_whole(self.whole_file(), backup=backup)
        self._saved()
        try:
            self.guard.hold()
        except SessionError:
            self.status = SaveStatus(False, Said("store.lock_lost", name=self.meta.title), 0,
                                     lock_lost=True)
            return
        if reason:
            self.notices.append(Said(reason, name=self.path.name))

    def take_notices(self) -> list[Words]:
        """The notices not yet shown, once."""
        found, self.notices = self.notices, []
        return found

    # whole-file changes -------------------------------------------------------------------

    def update_meta(self, meta: SessionMeta) -> None:
        """Rewrite the file atomically with new metadata; the old version becomes `.bak`."""
        self.flush()
        if self._pending:
            raise SessionError("store.cannot_save", name=self.path.name,
                               error=self.status.error)
        previous = self.meta
        self.meta = meta
        try:
            self.rewrite("", backup=True)
        except OSError as exc:
            self.meta = previous
            raise SessionError("store.cannot_save", name=self.path.name,
                               error=os_problem(exc)) from None

    def replace_deck(self, deck: Deck, data: bytes) -> None:
        """Play on with another version of a deck (its file bytes kept in the session)."""
        from cardgame.domain.session import DeckRef

        refs = [DeckRef.of(deck) if ref.id == deck.id else ref for ref in self.meta.decks]
        previous = (dict(self.kept), dict(self.decks))
        self.kept[deck.id] = data
        self.decks[deck.id] = deck
        try:
            self.update_meta(self.meta.model_copy(update={"decks": refs}))
        except SessionError:
            self.kept, self.decks = previous
            raise

    def save_copy(self, target: Path) -> Path:
        """Write the whole session, with what waits in memory, to another file."""
        return self.guard.save_copy(target, self.whole_file())

    def refresh_backup(self) -> None:
        """Keep `<id>.toml.bak` as a copy of the healthy file: only when everything recorded
        is in it (on open and on close)."""
        if not self.status.ok or self._pending:
            return
        try:
            data = self.log.read()
        except OSError:
            return
        self.guard.refresh_backup(data)

    def close(self) -> None:
        """Write what waits, keep a backup, then release the file and the lock.

        When what waits cannot be written (the app is ending without anyone to ask: a closed
        browser tab, a shutdown), the whole session goes to a rescue copy instead.
        """
        if self.closed:
            return
        self.flush()
        if self.pending:
            self.rescue()
        self.refresh_backup()
        self.log.close()
        self.guard.release()
        self.closed = True

    def rescue(self) -> Path | None:
        """Write the whole session, with what waits, to a rescue copy (see `guard`)."""
        return self.guard.rescue(self.whole_file())

    @property
    def started(self) -> datetime | None:
        return self.state.first_at
