"""Following a session that another cardgame records, read-only, for the audience view.

The follower never writes and takes no lock. It reads the file once, then on every `poll` looks
at the file's size and identity (one `stat`) and reads only the bytes appended since: each
complete, checksummed block becomes an event applied to the state, and a block still being
written is left for the next poll. A file that was rewritten (a group renamed, a deck
switched), replaced by a sync tool or cut shorter is read again from the start, as the store
would read it, damaged records left out.

Whether the facilitator's cardgame is still running is read from the lock file's record (pid,
host), without locking it: the record is emptied when that cardgame closes the session, and a
pid that no longer runs means it stopped without closing.

`WorkspaceFollower` follows whichever session of a workspace is open (the audience page of
`cardgame serve`, or `cardgame audience` without a session): when the facilitator opens
another session, the wall moves to it.
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cardgame.domain.errors import CardgameError, Said, SessionCorrupt, Words, os_problem
from cardgame.domain.events import Event, SessionState
from cardgame.storage.lock import alive
from cardgame.storage.sessionfile import good_end, read_appended
from cardgame.storage.store import SUFFIX, SessionStore

if TYPE_CHECKING:
    from cardgame.domain.decks import Deck
    from cardgame.domain.session import SessionMeta

OPEN, CLOSED, STOPPED = "open", "closed", "stopped"
"""The facilitator's cardgame has the session open, closed it, or stopped without closing."""


@dataclass
class SessionFollower:
    """The latest state of a session recorded elsewhere, kept up to date by `poll`."""

    path: Path
    available: dict[str, Deck] = field(default_factory=dict)
    """The workspace's decks, for a session that does not keep its own."""
    meta: SessionMeta | None = None
    state: SessionState = field(default_factory=SessionState)
    events: list[Event] = field(default_factory=list)
    decks: dict[str, Deck] = field(default_factory=dict)
    notices: list[Words] = field(default_factory=list)
    """What the last full read had to say (damaged records, missing decks)."""
    problem: Words = ""
    """Why the file cannot be followed now (gone, unreadable, newer); the last state stays."""
    _offset: int = 0
    _identity: tuple[int, int] | None = None
    _damaged: tuple[int, int, int] | None = None
    """(offset, size, mtime) at which the bytes after the last good event do not hold: not read
    again until the file changes."""
    reloads: int = 0
    """How many times the whole file was read (for tests and the benchmark)."""

    def __post_init__(self) -> None:
        self.reload()

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(f".{self.path.stem}.lock")

    # reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the whole file again (the first time, and after a rewrite or a replacement)."""
        self.reloads += 1
        store = SessionStore(self.path.parent)
        try:
            stat = os.stat(self.path)
            read = store.read(str(self.path), self.available)
        except CardgameError as error:
            self.problem = str(error)
            return
        except OSError as error:
            self.problem = Said("store.file_gone", name=self.path.name) if isinstance(
                error, FileNotFoundError) else Said("store.cannot_read", path=self.path,
                                                 error=os_problem(error))
            return
        self.problem = ""
        self.meta, self.state, self.events = read.meta, read.state, read.events
        self.decks, self.notices = read.decks, read.notices
        self._identity = (stat.st_dev, stat.st_ino)
        self._offset = self._good_end()

    def _good_end(self) -> int:
        """Where the last complete event ends in the file as read now."""
        try:
            return good_end(self.path.read_bytes(), self.path.name)
        except (OSError, SessionCorrupt):
            return self._offset

    def poll(self) -> bool:
        """Take in what was recorded since the last poll; True when anything changed."""
        try:
            stat = os.stat(self.path)
        except OSError:
            if not self.problem:
                self.problem = Said("store.file_gone", name=self.path.name)
                return True
            return False
        if (stat.st_dev, stat.st_ino) != self._identity or stat.st_size < self._offset \
                or self.problem:
            before = self.state.last_seq
            self.reload()
            return self.state.last_seq != before or not self.problem
        if stat.st_size == self._offset:
            return False
        return self._read_new(stat.st_size, stat.st_mtime_ns)

    def _read_new(self, size: int, modified: int) -> bool:
        """Apply the complete blocks appended since the last poll; leave a partial one."""
        if self._damaged == (self._offset, size, modified):
            return False  # the same damaged tail as last time: nothing new to read
        with open(self.path, "rb") as handle:
            handle.seek(self._offset)
            chunk = handle.read(size - self._offset)
        found = read_appended(chunk, len(self.events) + 1, self.state.last_seq, self.path.name)
        if found.damaged:
            self.reload()  # not what we expect: read it as the store would
            self._damaged = (self._offset, size, modified)
            return True
        for event in found.events:
            self.events.append(event)
            self.state.apply(event)
        self._offset += found.consumed
        return bool(found.events)

    # the facilitator ----------------------------------------------------------------------

    def facilitator(self) -> str:
        """Whether the recording cardgame has the session open, closed it, or stopped."""
        return holder_state(lock_record(self.lock_path))


def lock_record(path: Path) -> dict[str, object]:
    """What a session's lock file says about its holder (empty: nobody holds it)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def holder_state(record: dict[str, object]) -> str:
    """OPEN, CLOSED or STOPPED, from a lock record."""
    if not record.get("pid"):
        return CLOSED
    if record.get("host") != socket.gethostname():
        return OPEN  # another computer's process cannot be checked from here
    return OPEN if alive(record.get("pid")) else STOPPED


def open_session(folder: Path) -> Path | None:
    """The session a cardgame has open in this folder (the latest opened, if several)."""
    found: list[tuple[float, Path]] = []
    try:
        locks = list(folder.glob(".*.lock"))
    except OSError:
        return None
    for lock in locks:
        record = lock_record(lock)
        session = lock.with_name(lock.name[1:-len(".lock")] + SUFFIX)
        if holder_state(record) == OPEN and session.is_file():
            since = record.get("since")
            found.append((since if isinstance(since, (int, float)) else 0.0, session))
    return max(found)[1] if found else None


def latest_session(folder: Path) -> Path | None:
    """The session changed last, for a wall started while nobody records."""
    try:
        sessions = [(p.stat().st_mtime, p) for p in folder.glob(f"*{SUFFIX}")]
    except OSError:
        return None
    return max(sessions)[1] if sessions else None


SCAN = 1.0
"""Seconds between looks for another open session, when following a workspace."""


@dataclass
class WorkspaceFollower:
    """Follows one session (`fixed`), or whichever session of the folder is open."""

    folder: Path
    available: dict[str, Deck] = field(default_factory=dict)
    fixed: Path | None = None
    current: SessionFollower | None = None
    _scanned: float = 0.0
    _holder: str = CLOSED
    _checked: float = 0.0

    def __post_init__(self) -> None:
        first = self.fixed or open_session(self.folder) or latest_session(self.folder)
        if first is not None:
            self.current = SessionFollower(first, self.available)
        self._scanned = time.monotonic()

    def poll(self) -> bool:
        """Take in what changed; True when the wall should be drawn again."""
        changed = False
        if self.fixed is None and time.monotonic() - self._scanned >= SCAN:
            self._scanned = time.monotonic()
            opened = open_session(self.folder)
            if opened is None and self.current is None:
                opened = latest_session(self.folder)
            if opened is not None and (self.current is None or opened != self.current.path):
                self.current = SessionFollower(opened, self.available)
                self._checked = 0.0
                changed = True
        if self.current is not None:
            changed = self.current.poll() or changed
        return changed

    def facilitator(self, every: float = 0.5) -> str:
        """The facilitator's state, looked up at most every `every` seconds."""
        if self.current is None:
            return CLOSED
        if time.monotonic() - self._checked >= every:
            self._checked = time.monotonic()
            self._holder = self.current.facilitator()
        return self._holder
