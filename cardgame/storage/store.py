"""The session store: create, list, open, read, restore; salvage rather than refuse.

* A new session keeps the decks it is played with inside its file (see `sessionfile`).
* Opening locks the session (see `lock`), cuts away a torn last append (a copy of the file is
  kept), and leaves out a damaged record in the middle: every record whose checksum holds is
  kept, the file as it was is copied to `<id>.toml.damaged-<time>`, the session is written
  again without the damaged record, and the user is told what was lost.
* A session written by a newer cardgame is refused everywhere alike (app, export, list) and
  never written to.
* `read` gives the same picture without a lock and without writing, for exports while the
  session is open elsewhere.
* A copy of the healthy file is kept as `<id>.toml.bak` on every open and close.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cardgame.domain.errors import (
    DeckError,
    Said,
    SessionCorrupt,
    SessionError,
    SessionNewer,
    Words,
    os_problem,
)
from cardgame.domain.events import MISSING, Change, Event, SessionState
from cardgame.domain.versions import SESSION_SCHEMA
from cardgame.storage.atomic import atomic_write, fsync_dir
from cardgame.storage.blocks import scan_blocks
from cardgame.storage.guard import stamp
from cardgame.storage.lock import SessionLock
from cardgame.storage.opened import OpenSession, SaveStatus
from cardgame.storage.sessionfile import Lost, Parsed, parse_session, read_header, render_header

if TYPE_CHECKING:
    from cardgame.domain.decks import Deck
    from cardgame.domain.session import SessionMeta

# pydantic and the session model are imported where a session is opened, not here: the start
# screen lists sessions without them and so appears sooner.

SUFFIX = ".toml"
RESCUE = ".unsaved-"
"""In the name of a rescue copy: `<id>.unsaved-<time>.toml`."""
OK, DAMAGED, NEWER, UNREADABLE = "ok", "damaged", "newer", "unreadable"
__all__ = ["OpenSession", "SaveStatus", "SessionStore", "SessionSummary", "ReadSession"]


@dataclass(frozen=True)
class SessionSummary:
    """What the start screen and `sessions list` show of a session, read without replaying it."""

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
    condition: str = OK
    """ok, damaged (records will be left out when opened), newer or unreadable."""
    problem: Words = ""
    """What is wrong, in the interface language; the same words everywhere."""


@dataclass
class ReadSession:
    """A session read without a lock and without writing (for exports and the audience)."""

    meta: SessionMeta
    events: list[Event]
    state: SessionState
    decks: dict[str, Deck]
    notices: list[Words] = field(default_factory=list)
    """What was left out or could not be found."""


def lost_message(lost: Lost, meta: SessionMeta | None, decks: dict[str, Deck]) -> Said:
    """One damaged record in words: which record, and what it was if it can be read."""
    what: Words = Said("store.lost_unreadable")
    event = lost.event
    if event is not None and event.type == "set" and meta is not None:
        from cardgame.domain.describe import describe

        what = describe(Change(event.key, MISSING, event.value if event.value is not None
                               else MISSING, event.seq), meta, decks)
        if event.value is not None:
            what = f"{what}: «{event.value}»"
    elif event is not None:
        what = Said(f"store.lost_{event.type}")
    if lost.number == 0:
        return Said("store.lost_stray", what=lost.text[:60])
    return Said("store.lost_record", n=lost.number, total=lost.total, what=what)


class SessionStore:
    """The sessions of one workspace folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_of(self, session_id: str) -> Path:
        return self.folder / f"{session_id}{SUFFIX}"

    def ids(self) -> set[str]:
        """The sessions of the folder: every `<id>.toml` but the hidden files beside them
        (drafts, locks, temporary files of a rewrite), which are never sessions (R10)."""
        return {p.name[: -len(SUFFIX)] for p in self._session_files()}

    def _session_files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.glob(f"*{SUFFIX}") if not p.name.startswith(".")]

    def resolve(self, name: str) -> Path:
        """A session given as a path or an id; SessionError if there is none."""
        candidate = Path(name).expanduser()
        if candidate.suffix == SUFFIX and candidate.is_file():
            return candidate.resolve()
        by_id = self.path_of(name)
        if by_id.is_file():
            return by_id
        matches = sorted(i for i in self.ids() if name in i)
        sessions = [i for i in matches if RESCUE not in i]
        if sessions:  # a part of an id names the session, not its rescue copies
            matches = sessions
        if len(matches) == 1:
            return self.path_of(matches[0])
        if len(matches) > 1:
            raise SessionError("store.ambiguous", name=name, matches=", ".join(matches))
        raise SessionError("store.no_session", name=name, folder=self.folder)

    # listing ------------------------------------------------------------------------------

    def summaries(self) -> list[SessionSummary]:
        """Every session, newest change first; each says whether it can be opened as it is."""
        if not self.folder.is_dir():
            return []
        summaries = [self.summary(p) for p in self._session_files()]
        return sorted(summaries, key=lambda s: s.modified, reverse=True)

    def summary(self, path: Path) -> SessionSummary:
        sid = path.name[: -len(SUFFIX)]
        try:
            data = path.read_bytes()
            modified = path.stat().st_mtime
        except OSError as exc:
            return SessionSummary(sid, path, sid, "?", "", [], "", 0, 0.0, UNREADABLE,
                                  Said("store.cannot_read", path=path.name, error=os_problem(exc)))
        try:
            header, header_end = read_header(data, path.name)
        except SessionCorrupt as exc:
            return SessionSummary(sid, path, sid, "?", "", [], "", 0, modified, UNREADABLE,
                                  Said(exc.key, **exc.values))
        scan = scan_blocks(data, header_end)
        groups = [str(g.get("name", "")) for g in header.get("groups", []) if isinstance(g, dict)]
        schema = header.get("schema")
        condition: str = OK
        problem: Words = ""
        if isinstance(schema, int) and schema > SESSION_SCHEMA:
            condition, problem = NEWER, Said("store.newer_short", schema=schema,
                                          ours=SESSION_SCHEMA)
        elif scan.damaged:
            condition, problem = DAMAGED, Said("store.damaged_short", n=len(scan.damaged))
        return SessionSummary(
            sid, path, str(header.get("title", sid)), str(header.get("kind", "theme-day")),
            str(header.get("date", "")), groups, str(header.get("municipality", "")),
            scan.sets, modified, condition, problem)

    # creating -----------------------------------------------------------------------------

    def _folder_ready(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise SessionError("store.folder_is_file", folder=self.folder) from None
        except OSError as exc:
            raise SessionError("store.cannot_make_folder", folder=self.folder,
                               error=os_problem(exc)) from None

    def create(self, meta: SessionMeta, decks: list[Deck] | None = None) -> OpenSession:
        """Write a new session file, with the decks it is played with, and open it."""
        self._folder_ready()
        path = self.path_of(meta.id)
        if path.exists():
            raise SessionError("store.exists", path=path)
        lock = SessionLock(self._lock_path(meta.id), meta.title, session=path)
        try:
            lock.acquire()
        except OSError as exc:
            raise SessionError("store.cannot_create", path=path, error=os_problem(exc)) \
                from None
        kept = {deck.id: deck.raw for deck in decks or [] if deck.raw}
        try:
            atomic_write(path, render_header(meta.to_record(), kept), keep_backup=False)
            lock.guard()
        except OSError as exc:
            lock.release()
            raise SessionError("store.cannot_create", path=path, error=os_problem(exc)) \
                from None
        except SessionError:
            lock.release()
            raise
        return OpenSession(path, meta, [], lock, {d.id: d for d in decks or []}, kept)

    def _lock_path(self, session_id: str) -> Path:
        return self.folder / f".{session_id}.lock"

    # opening ------------------------------------------------------------------------------

    def open(self, name: str, available: Mapping[str, Deck] | None = None, *,
             from_elsewhere: bool = False) -> OpenSession:
        """Lock and load a session, repairing what can be repaired and saying what was.

        `available` are the decks of the workspace: used only for a session that does not
        keep a deck itself (written by an older cardgame), and to notice newer versions.
        `from_elsewhere`: take over a lock another computer left (R16), once the user said so.
        """
        path = self.resolve(name)
        sid = path.name[: -len(SUFFIX)]
        lock = SessionLock(path.with_name(f".{sid}.lock"), sid, session=path)
        try:
            lock.acquire(from_elsewhere=from_elsewhere)
        except OSError as exc:
            raise SessionError("store.cannot_lock", path=path, error=os_problem(exc)) from None
        try:
            return self._load(path, lock, available if available is not None else {})
        except BaseException:
            lock.release()
            raise

    def _parse(self, path: Path, data: bytes, *, offer_backup: bool
               ) -> tuple[Parsed, SessionMeta]:
        """Parse and check the header; the errors every reader shows alike."""
        from pydantic import ValidationError

        from cardgame.domain.session import SessionMeta

        backup = path.with_name(path.name + ".bak")
        offer = backup if offer_backup and backup.exists() else None
        try:
            parsed = parse_session(data, path.name)
        except SessionCorrupt as exc:
            raise SessionCorrupt(exc.key, offer, True, **exc.values) from None
        if parsed.schema > SESSION_SCHEMA:
            raise SessionNewer("store.newer", name=path.name, schema=parsed.schema,
                               ours=SESSION_SCHEMA)
        try:
            meta = SessionMeta.model_validate(parsed.header)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise SessionCorrupt("store.bad_field", offer, True, name=path.name, field=where,
                                 detail=first["msg"]) from None
        return parsed, meta

    def _decks(self, path: Path, meta: SessionMeta, parsed: Parsed,
               available: Mapping[str, Deck]) -> tuple[dict[str, Deck], dict[str, bytes],
                                                    list[Words], bool]:
        """The session's decks: its kept copies, else the workspace's deck with the same
        content; (decks, kept bytes, notices, whether the file should keep more decks)."""
        from cardgame.storage.deckfile import parse_deck

        decks: dict[str, Deck] = {}
        kept: dict[str, bytes] = {}
        notices: list[Words] = []
        add = False
        for ref in meta.decks:
            data = parsed.kept.get(ref.id)
            if data is not None and parsed.kept_hashes.get(ref.id) == ref.hash:
                try:
                    decks[ref.id] = parse_deck(Path(f"{path.name}#{ref.id}"), data)
                    kept[ref.id] = data
                    continue
                except DeckError:
                    pass
            here = available.get(ref.id)
            if here is not None and here.content_hash == ref.hash:
                decks[ref.id], kept[ref.id], add = here, here.raw, True
            elif here is not None:
                decks[ref.id] = here
                notices.append(Said("store.deck_not_kept", title=ref.title, version=ref.version,
                                 now=here.info.version))
            else:
                notices.append(Said("store.deck_missing", title=ref.title, id=ref.id))
        return decks, kept, notices, add

    def _load(self, path: Path, lock: SessionLock, available: Mapping[str, Deck]
              ) -> OpenSession:
        # Temporary files of a rewrite that a crash interrupted; we hold the lock, so no one
        # else is writing them.
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            try:
                stale.unlink()
            except OSError:
                pass
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SessionError("store.cannot_read", path=path, error=os_problem(exc)) from None
        parsed, meta = self._parse(path, data, offer_backup=True)
        decks, kept, notices, more = self._decks(path, meta, parsed, available)
        rewrite = bool(parsed.lost) or more or parsed.schema < SESSION_SCHEMA \
            or bool(parsed.kept_damaged)
        if parsed.torn or parsed.lost:
            why = "damaged" if parsed.lost else "torn"
            copy = path.with_name(f"{path.name}.{why}-{stamp()}")
            try:
                shutil.copy2(path, copy)
            except OSError as exc:
                raise SessionError("store.cannot_keep_copy", path=copy, error=os_problem(exc)) \
                    from None
            if parsed.lost:
                notices = [Said("store.salvaged", n=len(parsed.lost), copy=copy.name),
                           *(lost_message(lost, meta, decks) for lost in parsed.lost),
                           *notices]
            else:
                notices.insert(0, Said("store.torn", copy=copy.name))
            if not rewrite:
                with open(path, "r+b") as handle:
                    handle.truncate(parsed.good_size)
                    handle.flush()
                    os.fsync(handle.fileno())
        if parsed.schema < SESSION_SCHEMA:
            meta = meta.model_copy(update={"schema_": SESSION_SCHEMA})
        session = OpenSession(path, meta, parsed.events, lock, decks, kept,
                              good_size=parsed.good_size if not rewrite else -1)
        if rewrite:
            try:
                session.guard.hold()
                session.rewrite("")
            except OSError as exc:
                raise SessionError("store.cannot_save", name=path.name, error=os_problem(exc)) \
                    from None
        session.notices.extend(notices)
        if lock.took_over:
            session.took_over_lock = int(str(lock.took_over.get("pid") or 0))
        session.refresh_backup()
        return session

    # reading without a lock ---------------------------------------------------------------

    def read(self, name: str, available: Mapping[str, Deck] | None = None) -> ReadSession:
        """Read a session without locking or writing it (exports while it is open elsewhere).

        A torn last append is simply not read; damaged records are left out and named in
        `notices`, as the app would say when opening it.
        """
        path = self.resolve(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SessionError("store.cannot_read", path=path, error=os_problem(exc)) from None
        parsed, meta = self._parse(path, data, offer_backup=False)
        decks, _, notices, _ = self._decks(path, meta, parsed,
                                           available if available is not None else {})
        lost: list[Words] = [lost_message(lost, meta, decks) for lost in parsed.lost]
        if lost:
            lost.insert(0, Said("store.left_out", n=len(parsed.lost)))
        state = SessionState()
        for event in parsed.events:
            state.apply(event)
        return ReadSession(meta, parsed.events, state, decks, lost + notices)

    # backups ------------------------------------------------------------------------------

    def restore_backup(self, name: str) -> Path:
        """Put `<id>.toml.bak` in place of a damaged `<id>.toml`, keeping the damaged copy."""
        path = self.path_of(name) if not name.endswith(SUFFIX) else Path(name)
        backup = path.with_name(path.name + ".bak")
        if not backup.exists():
            raise SessionError("store.no_backup", name=backup.name)
        parse_session(backup.read_bytes(), backup.name)
        try:
            if path.exists():
                os.replace(path, path.with_name(f"{path.name}.damaged-{stamp()}"))
            shutil.copy2(backup, path)
        except OSError as exc:
            raise SessionError("store.cannot_save", name=path.name, error=os_problem(exc)) \
                from None
        fsync_dir(path.parent)
        return path
