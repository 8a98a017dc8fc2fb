"""The session store: create, list, open, record, rewrite, all crash-safe.

* Recording appends one self-checking block to the file and fsyncs it before returning, so an
  answer is on disk before the next key is handled, at the same cost at 2 events as at 2,000.
* Metadata changes rewrite the whole file atomically: a temporary file in the same folder,
  fsync, the previous version kept as `<id>.toml.bak`, `os.replace`, fsync of the folder.
* On open, a torn last append is cut away after a copy of the damaged file is kept.
  A file that cannot be parsed or repaired is never written to.
* A save that fails (disk full, read-only folder) leaves the file as it was; the events wait in
  memory and are written, in order, by the next save that succeeds.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cardgame.domain.errors import SessionCorrupt, SessionError
from cardgame.domain.events import Change, Event, SessionState, Value, now
from cardgame.i18n import t
from cardgame.storage.lock import SessionLock
from cardgame.storage.sessionfile import EVENTS_MARKER, parse_session, render_event, render_header

if TYPE_CHECKING:
    from cardgame.domain.session import SessionMeta

# pydantic and the session model are imported where a session is opened, not here: the start
# screen lists sessions without them and so appears sooner.

SUFFIX = ".toml"
_SET_COUNT = re.compile(rb'^type = "(set|undo|redo)"$', re.MULTILINE)


@dataclass(frozen=True)
class SessionSummary:
    """What the start screen shows of a session, read without replaying it."""

    id: str
    path: Path
    title: str
    kind: str
    date: str
    groups: list[str]
    municipality: str
    recorded: int
    """Recorded actions (answers, placements, notes) net of undo."""
    modified: float
    problem: str = ""
    """Why the file could not be read, if it could not."""


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, keep_backup: bool = True) -> None:
    """Replace path with data so that a crash at any moment leaves the old or the new file.

    The previous file, if any, becomes `path.bak`; its permission bits carry over.
    """
    folder = path.parent
    mode = None
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode if mode is not None else 0o644)
        if keep_backup and path.exists():
            backup = path.with_name(path.name + ".bak")
            link = backup.with_name(backup.name + ".new")
            try:
                if link.exists():
                    link.unlink()
                os.link(path, link)
            except OSError:
                shutil.copy2(path, link)
            os.replace(link, backup)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


class SessionStore:
    """The sessions of one workspace folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_of(self, session_id: str) -> Path:
        return self.folder / f"{session_id}{SUFFIX}"

    def ids(self) -> set[str]:
        if not self.folder.is_dir():
            return set()
        return {p.name[: -len(SUFFIX)] for p in self.folder.glob(f"*{SUFFIX}")}

    def resolve(self, name: str) -> Path:
        """A session given as a path or an id; SessionError if there is none."""
        candidate = Path(name).expanduser()
        if candidate.suffix == SUFFIX and candidate.is_file():
            return candidate.resolve()
        by_id = self.path_of(name)
        if by_id.is_file():
            return by_id
        matches = sorted(i for i in self.ids() if name in i)
        if len(matches) == 1:
            return self.path_of(matches[0])
        if len(matches) > 1:
            raise SessionError(t("store.ambiguous", name=name, matches=", ".join(matches)))
        raise SessionError(t("store.no_session", name=name, folder=self.folder))

    def list(self) -> list[SessionSummary]:
        """Every session, newest change first; unreadable files are listed with the problem."""
        if not self.folder.is_dir():
            return []
        summaries = [self._summary(p) for p in self.folder.glob(f"*{SUFFIX}")]
        return sorted(summaries, key=lambda s: s.modified, reverse=True)

    def _summary(self, path: Path) -> SessionSummary:
        import tomllib

        sid = path.name[: -len(SUFFIX)]
        try:
            data = path.read_bytes()
            modified = path.stat().st_mtime
        except OSError as exc:
            return SessionSummary(sid, path, sid, "?", "", [], "", 0, 0.0, str(exc))
        marker = data.find(EVENTS_MARKER)
        try:
            if marker < 0:
                raise ValueError("not a cardgame session file")
            header = tomllib.loads(data[:marker].decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            return SessionSummary(sid, path, sid, "?", "", [], "", 0, modified, str(exc))
        counts = {b"set": 0, b"undo": 0, b"redo": 0}
        for match in _SET_COUNT.finditer(data, marker):
            counts[match.group(1)] += 1
        recorded = max(0, counts[b"set"] - counts[b"undo"] + counts[b"redo"])
        groups = [g.get("name", "") for g in header.get("groups", []) if isinstance(g, dict)]
        return SessionSummary(
            sid, path, str(header.get("title", sid)), str(header.get("kind", "theme-day")),
            str(header.get("date", "")), groups, str(header.get("municipality", "")), recorded,
            modified,
        )

    def create(self, meta: SessionMeta) -> OpenSession:
        """Write a new session file and open it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path_of(meta.id)
        if path.exists():
            raise SessionError(t("store.exists", path=path))
        lock = SessionLock(self._lock_path(meta.id), meta.title)
        lock.acquire()
        try:
            atomic_write(path, render_header(meta.to_record()), keep_backup=False)
        except OSError as exc:
            lock.release()
            raise SessionError(t("store.cannot_create", path=path,
                                 error=exc.strerror or exc)) from None
        return OpenSession(path, meta, [], lock)

    def open(self, name: str) -> OpenSession:
        """Lock and load a session, repairing a torn last append."""
        path = self.resolve(name)
        sid = path.name[: -len(SUFFIX)]
        lock = SessionLock(path.with_name(f".{sid}.lock"), sid)
        lock.acquire()
        try:
            return self._load(path, lock)
        except BaseException:
            lock.release()
            raise

    def read(self, name: str) -> tuple[SessionMeta, list[Event], SessionState]:
        """Read a session without locking or repairing it (for exports while it is open).

        A torn last append is simply not read; nothing is written.
        """
        path = self.resolve(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SessionError(t("store.cannot_read", path=path, error=exc.strerror or exc)) \
                from None
        parsed = parse_session(data, path.name)
        from pydantic import ValidationError

        from cardgame.domain.session import SessionMeta

        try:
            meta = SessionMeta.model_validate(parsed.header)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise SessionCorrupt(t("store.bad_field", name=path.name, field=where,
                                   detail=first["msg"])) from None
        state = SessionState()
        for event in parsed.events:
            state.apply(event)
        return meta, parsed.events, state

    def _lock_path(self, session_id: str) -> Path:
        return self.folder / f".{session_id}.lock"

    def _load(self, path: Path, lock: SessionLock) -> OpenSession:
        from pydantic import ValidationError

        from cardgame.domain.session import SESSION_SCHEMA, SessionMeta

        # Temporary files of a rewrite that a crash interrupted; we hold the lock, so no one
        # else is writing them.
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            try:
                stale.unlink()
            except OSError:
                pass
        backup = path.with_name(path.name + ".bak")
        offer = backup if backup.exists() else None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SessionError(t("store.cannot_read", path=path, error=exc.strerror or exc)) \
                from None
        try:
            parsed = parse_session(data, path.name)
            schema = parsed.header.get("schema")
            if isinstance(schema, int) and schema > SESSION_SCHEMA:
                raise SessionError(t("store.newer", name=path.name, schema=schema,
                                     ours=SESSION_SCHEMA))
            meta = SessionMeta.model_validate(parsed.header)
        except SessionCorrupt as exc:
            raise SessionCorrupt(_with_backup(str(exc), offer), offer) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise SessionCorrupt(_with_backup(
                t("store.bad_field", name=path.name, field=where, detail=first["msg"]),
                offer), offer) from None
        notices: list[str] = []
        if parsed.torn:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            damaged = path.with_name(f"{path.name}.torn-{stamp}")
            shutil.copy2(path, damaged)
            with open(path, "r+b") as handle:
                handle.truncate(parsed.good_size)
                handle.flush()
                os.fsync(handle.fileno())
            notices.append(t("store.torn", copy=damaged.name))
        session = OpenSession(path, meta, parsed.events, lock, parsed.good_size)
        session.notices.extend(notices)
        if lock.took_over:
            session.took_over_lock = int(lock.took_over.get("pid") or 0)
        return session

    def restore_backup(self, name: str) -> Path:
        """Put `<id>.toml.bak` in place of a damaged `<id>.toml`, keeping the damaged copy."""
        path = self.path_of(name) if not name.endswith(SUFFIX) else Path(name)
        backup = path.with_name(path.name + ".bak")
        if not backup.exists():
            raise SessionError(t("store.no_backup", name=backup.name))
        parse_session(backup.read_bytes(), backup.name)
        if path.exists():
            stamp = time.strftime("%Y%m%d-%H%M%S")
            os.replace(path, path.with_name(f"{path.name}.damaged-{stamp}"))
        shutil.copy2(backup, path)
        _fsync_dir(path.parent)
        return path


def _with_backup(message: str, backup: Path | None) -> str:
    if backup is None:
        return message + " " + t("store.unchanged")
    return message + " " + t("store.unchanged_backup", backup=backup.name)


@dataclass
class SaveStatus:
    """The outcome of the last save: ok, or why the changes wait in memory."""

    ok: bool = True
    error: str = ""
    pending: int = 0


@dataclass
class OpenSession:
    """A locked session: its metadata, its log, the state derived from it, and saving."""

    path: Path
    meta: SessionMeta
    events: list[Event]
    lock: SessionLock
    good_size: int = -1
    state: SessionState = field(default_factory=SessionState)
    notices: list[str] = field(default_factory=list)
    """Repairs made on opening, for the user to read."""
    took_over_lock: int = 0
    """The pid of an ended process whose lock was taken over on opening (0: none)."""
    status: SaveStatus = field(default_factory=SaveStatus)
    _pending: list[bytes] = field(default_factory=list)
    _fd: int | None = None

    def __post_init__(self) -> None:
        for event in self.events:
            self.state.apply(event)
        if self.good_size < 0:
            self.good_size = self.path.stat().st_size

    # recording ----------------------------------------------------------------------------

    def set(self, key: tuple[str, ...], value: Value | None) -> Change | None:
        """Record a value (None clears it); nothing is recorded if it is already so."""
        current = self.state.values.get(key)
        if current == value and type(current) is type(value):
            return None
        return self._record(Event(self.state.last_seq + 1, "set", now(), key, value))

    def set_many(self, items: list[tuple[tuple[str, ...], Value | None]]) -> Change | None:
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
            values[key] = value  # type: ignore[assignment]
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
        self.flush()
        return change

    def flush(self) -> SaveStatus:
        """Write what waits in memory; on failure leave the file as it was and keep waiting."""
        if not self._pending:
            self.status = SaveStatus()
            return self.status
        data = b"".join(self._pending)
        try:
            fd = self._append_fd()
            if os.fstat(fd).st_size != self.good_size:
                os.ftruncate(fd, self.good_size)
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(28, "short write (disk full?)")
            os.fsync(fd)
        except OSError as exc:
            self._close_fd()
            self._cut_back()
            self.status = SaveStatus(False, exc.strerror or str(exc), len(self._pending))
            return self.status
        self.good_size += len(data)
        self._pending.clear()
        self.status = SaveStatus()
        return self.status

    def _append_fd(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        return self._fd

    def _close_fd(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def _cut_back(self) -> None:
        """Remove a partly written block, so that the file ends with a complete event."""
        try:
            if self.path.stat().st_size != self.good_size:
                with open(self.path, "r+b") as handle:
                    handle.truncate(self.good_size)
                    os.fsync(handle.fileno())
        except OSError:
            pass  # tried again before the next write

    # metadata -----------------------------------------------------------------------------

    def update_meta(self, meta: SessionMeta) -> None:
        """Rewrite the file atomically with new metadata; the old version becomes `.bak`."""
        self.flush()
        if self._pending:
            raise SessionError(t("store.cannot_save", name=self.path.name, error=self.status.error))
        with open(self.path, "rb") as handle:
            data = handle.read(self.good_size)
        marker = data.find(EVENTS_MARKER)
        events = data[marker + len(EVENTS_MARKER):]
        fresh = render_header(meta.to_record()) + events
        self._close_fd()
        try:
            atomic_write(self.path, fresh)
        except OSError as exc:
            raise SessionError(t("store.cannot_save", name=self.path.name,
                                 error=exc.strerror or exc)) from None
        self.meta = meta
        self.good_size = len(fresh)

    def close(self) -> None:
        """Write what waits, then release the file and the lock."""
        self.flush()
        self._close_fd()
        self.lock.release()

    @property
    def started(self) -> datetime | None:
        return self.state.first_at
