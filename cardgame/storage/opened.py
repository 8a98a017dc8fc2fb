"""An open session: its log, the state derived from it, and saving that never lies.

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

import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cardgame.domain.errors import SessionCorrupt, SessionError
from cardgame.domain.events import Change, Event, Key, SessionState, Value, now
from cardgame.i18n import os_error, t
from cardgame.storage import logcache
from cardgame.storage.atomic import atomic_write, copy_file, keep_copy
from cardgame.storage.collector import collections_held
from cardgame.storage.lock import LockLost, SessionLock
from cardgame.storage.sessionfile import read_header, render_event, render_header

if TYPE_CHECKING:
    from cardgame.domain.decks import Deck
    from cardgame.domain.session import SessionMeta


@dataclass
class SaveStatus:
    """The outcome of the last save: ok, or why the changes wait in memory."""

    ok: bool = True
    error: str = ""
    pending: int = 0
    """Changes recorded in memory and not yet in the file."""
    lock_lost: bool = False
    """Another cardgame holds the session now: saving here has stopped."""
    saved_at: datetime | None = None
    """When the file last received everything recorded (local time)."""


def clock() -> datetime:
    """The local time a save is reported with (one place, so a test can fix it)."""
    return datetime.now()


def stamp() -> str:
    """A time stamp for the names of copies kept beside a session file."""
    return time.strftime("%Y%m%d-%H%M%S")


@dataclass(repr=False)
class OpenSession:
    """A locked session: its metadata, its decks, its log, the state, and saving."""

    path: Path
    meta: SessionMeta
    events: list[Event]
    lock: SessionLock
    decks: dict[str, Deck] = field(default_factory=dict)
    """The decks the session is played with (the copies kept in its file), by id."""
    kept: dict[str, bytes] = field(default_factory=dict)
    """The kept decks' file bytes, written again with the header on a rewrite."""
    good_size: int = -1
    state: SessionState = field(default_factory=SessionState)
    notices: list[str] = field(default_factory=list)
    """What happened to the file (repairs, rewrites), for the user to read; the screen takes
    them with `take_notices`."""
    took_over_lock: int = 0
    """The pid of an ended process whose lock was taken over on opening (0: none)."""
    status: SaveStatus = field(default_factory=SaveStatus)
    _pending: list[bytes] = field(default_factory=list)
    _pending_views: int = 0
    """How many of the waiting events only move the cursor (not counted as changes)."""
    _fd: int | None = None
    _identity: tuple[int, int] | None = None

    def __repr__(self) -> str:
        # Short on purpose: the default would spell out every event and card (Textual's
        # workers repr their arguments; on a large session that cost ~50 ms at opening).
        return f"OpenSession({str(self.path)!r}, events={len(self.events)})"

    def __post_init__(self) -> None:
        for event in self.events:
            self.state.apply(event)
        if self.good_size < 0:
            self.good_size = self.path.stat().st_size
        self._identity = self._stat_identity()
        self.status = SaveStatus(saved_at=clock())

    def _stat_identity(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return (found.st_dev, found.st_ino)

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

    def flush(self) -> SaveStatus:
        """Write what waits in memory; on failure leave the file as it was and keep waiting."""
        if not self._pending:
            if self.status.ok:
                return self.status
            self.status = SaveStatus(saved_at=self.status.saved_at)
            return self.status
        if self.status.lock_lost:
            self.status = SaveStatus(False, t("store.lock_lost", name=self.meta.title),
                                     self.pending, lock_lost=True)
            return self.status
        data = b"".join(self._pending)
        try:
            self.lock.verify()
            if self._ensure_file():
                return self.status
            fd = self._append_fd()
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(28, "short write")
            os.fsync(fd)
        except LockLost as lost:
            self._close_fd()
            self.status = SaveStatus(False, str(lost), self.pending, lock_lost=True)
            return self.status
        except OSError as exc:
            self._close_fd()
            self._cut_back(len(data))
            self.status = SaveStatus(False, os_error(exc), self.pending)
            return self.status
        self.good_size += len(data)
        self._pending.clear()
        self._pending_views = 0
        self.status = SaveStatus(saved_at=clock())
        return self.status

    def _ensure_file(self) -> bool:
        """Check that the path still names the file this session wrote; write the session
        there again from memory when it does not. True when it was written again (which
        writes what waited too). OSError when that fails."""
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            self.rewrite("store.file_deleted")
            return True
        if (found.st_dev, found.st_ino) != self._identity:
            self._keep_foreign("replaced")
            self.rewrite("store.file_replaced")
            return True
        if found.st_size != self.good_size:
            self._keep_foreign("changed")
            self.rewrite("store.file_changed")
            return True
        return False

    def _keep_foreign(self, why: str) -> None:
        """Move a file that is not ours out of the way, so that nothing in it is lost."""
        target = self.path.with_name(f"{self.path.name}.{why}-{stamp()}")
        try:
            os.replace(self.path, target)
        except OSError:
            try:
                copy_file(self.path, target)
            except OSError:
                return
        self.notices.append(t("store.kept_foreign", copy=target.name))

    def whole_file(self) -> bytes:
        """The session as a file, from memory: header, kept decks, every event."""
        return render_header(self.meta.to_record(), self.kept) + b"".join(
            render_event(event) for event in self.events)

    def rewrite(self, reason: str, *, backup: bool = False) -> None:
        """Write the whole session from memory to the path, atomically; OSError on failure."""
        self._close_fd()
        data = self.whole_file()
        atomic_write(self.path, data, keep_backup=backup)
        self.good_size = len(data)
        self._identity = self._stat_identity()
        self._pending.clear()
        self._pending_views = 0
        try:
            self.lock.guard()
        except SessionError:
            self.status = SaveStatus(False, t("store.lock_lost", name=self.meta.title), 0,
                                     lock_lost=True)
            return
        if reason:
            self.notices.append(t(reason, name=self.path.name))
        self.status = SaveStatus(saved_at=clock())

    def _append_fd(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
        return self._fd

    def _close_fd(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def _cut_back(self, attempted: int) -> None:
        """Remove a partly written block of ours, so that the file ends with a whole event.

        Only bytes this process may just have written are cut: never more than the attempt.
        """
        try:
            size = self.path.stat().st_size
            if self.good_size < size <= self.good_size + attempted \
                    and self._stat_identity() == self._identity:
                with open(self.path, "r+b") as handle:
                    handle.truncate(self.good_size)
                    os.fsync(handle.fileno())
        except OSError:
            pass  # tried again before the next write

    def take_notices(self) -> list[str]:
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
                               error=os_error(exc)) from None

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
        if target.is_dir():
            target = target / self.path.name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, self.whole_file(), keep_backup=False)
        except OSError as exc:
            raise SessionError("store.cannot_copy", path=target, error=os_error(exc)) \
                from None
        return target

    def _healthy_bytes(self) -> bytes | None:
        """The file's bytes when everything recorded is in it; None when something waits, the
        last save failed, or the file cannot be read."""
        if not self.status.ok or self._pending:
            return None
        try:
            return self.path.read_bytes()
        except OSError:
            return None

    def refresh_backup(self, data: bytes | None = None) -> None:
        """Keep `<id>.toml.bak` as a copy of the healthy file (on open and on close); `data`:
        its bytes, already read."""
        data = data if data is not None else self._healthy_bytes()
        if data is None:
            return
        try:
            keep_copy(self.path.with_name(self.path.name + ".bak"), data)
        except OSError:
            pass

    def remember_log(self, data: bytes) -> None:
        """Keep the events for the next open (see `logcache`), `data` being the healthy file's
        bytes: only when the file holds exactly these events."""
        try:
            _, start = read_header(data, self.path.name)
        except SessionCorrupt:
            return
        if len(data) != self.good_size or \
                data.count(b"\n[[events]]\n", start - 1) != len(self.events):
            return  # not the file these events were read from and written to
        with collections_held():
            logcache.remember(self.path, data, start, self.events)

    def close(self) -> None:
        """Write what waits, keep a backup, then release the file and the lock.

        When what waits cannot be written (the app is ending without anyone to ask: a closed
        browser tab, a shutdown), the whole session goes to a rescue copy instead.
        """
        self.flush()
        if self.pending:
            self.rescue()
        data = self._healthy_bytes()  # read once, for the backup and the kept events
        if data is not None:
            self.refresh_backup(data)
            self.remember_log(data)
        self._close_fd()
        self.lock.release()

    def rescue(self) -> Path | None:
        """Write the whole session, with what waits, to a rescue copy: beside the session as
        `<id>.unsaved-<time>.toml` (listed on the start screen), else in the home folder.
        Returns where, or None when no copy could be written anywhere."""
        name = f"{self.path.stem}.unsaved-{stamp()}.toml"
        for folder in (self.path.parent, Path.home()):
            try:
                return self.save_copy(folder / name)
            except SessionError:
                continue
        return None

    @property
    def started(self) -> datetime | None:
        return self.state.first_at

