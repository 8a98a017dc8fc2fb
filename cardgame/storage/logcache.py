"""A session's events already read, found again by the SHA-256 of the bytes they came from.

Reading a long session's log means checking the checksum of every record and reading each of
its fields: on a session of 9,000 events that is most of the time `open` takes. The log is
only ever appended to, so what was read from a run of bytes is still true for the same bytes.
When a session is closed, its events are kept in the user's cache folder with the SHA-256 of
the bytes they were read from; on the next open those bytes are hashed again, and only if they
are exactly the same are the events taken from the cache. The records appended since (by
another computer, say) are read from the file as always, and a file that was rewritten,
replaced or damaged simply does not match.

The cache file carries a SHA-256 of its own contents too: a damaged cache file is passed by,
never believed. Like the deck cache it is a convenience: a folder that cannot be written, a
file that cannot be read or one from another version of cardgame means reading the log.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cardgame import __version__
from cardgame.domain.events import EVENT_TYPES, Event
from cardgame.storage.cachefolder import cache_root

FORMAT = 1
"""Raised when what is written to a cache file changes."""


@dataclass(frozen=True)
class KnownLog:
    """Events read before from the bytes `start:end` of a session file (checked: the same)."""

    start: int
    end: int
    events: tuple[Event, ...]


def cache_file(session: Path) -> Path | None:
    """Where the events of the session at this path are kept (None: no cache on disk)."""
    root = cache_root()
    if root is None:
        return None
    try:
        where = str(session.resolve())
    except OSError:
        where = str(session.absolute())
    name = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return root / "logs" / f"{name}.json"


def recall(session: Path, data: bytes) -> KnownLog | None:
    """The events kept for this session, if the bytes they were read from are still there,
    exactly; None otherwise (nothing kept, another version, damaged, or the bytes changed)."""
    source = cache_file(session)
    if source is None:
        return None
    try:
        head, _, payload = source.read_bytes().partition(b"\n")
        about = json.loads(head)
        if about.get("format") != FORMAT or about.get("version") != __version__:
            return None
        start, end = about["start"], about["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 < start <= end
                <= len(data)):
            return None
        if hashlib.sha256(payload).hexdigest() != about["check"]:
            return None  # the cache file itself is damaged
        if hashlib.sha256(data[start:end]).hexdigest() != about["digest"]:
            return None  # the session's bytes are not the ones these events came from
        return KnownLog(start, end, tuple(_event(row) for row in json.loads(payload)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def remember(session: Path, data: bytes, start: int, events: list[Event]) -> None:
    """Keep the events read from (or written to) `data[start:]`, the whole log of the file."""
    target = cache_file(session)
    if target is None:
        return
    try:
        payload = json.dumps([_row(event) for event in events], ensure_ascii=False,
                             separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return  # a value JSON cannot hold as it is (it reached the file all the same)
    about = {"format": FORMAT, "version": __version__, "start": start, "end": len(data),
             "digest": hashlib.sha256(data[start:]).hexdigest(),
             "check": hashlib.sha256(payload).hexdigest()}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".log-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(about).encode("ascii") + b"\n" + payload)
        os.replace(temporary, target)  # no fsync: a cache file cut short fails its check
    except OSError:
        pass  # no cache this time: the log is read from the file next time


def forget(session: Path) -> None:
    """Drop what is kept for this session (a benchmark's cold open; tests)."""
    target = cache_file(session)
    if target is not None:
        try:
            target.unlink()
        except OSError:
            pass


def _row(event: Event) -> list[object]:
    return [event.seq, event.type, event.at.isoformat(), list(event.key), event.value,
            [list(pair) for pair in event.view], event.batch]


def _event(row: list[object]) -> Event:
    """One event from its row; TypeError or ValueError when the row is not one of ours."""
    seq, kind, at, key, value, view, batch = row
    if type(seq) is not int or kind not in EVENT_TYPES or type(batch) is not int \
            or not isinstance(at, str) or not isinstance(key, list) \
            or not isinstance(view, list) or not all(isinstance(k, str) for k in key) \
            or not (value is None or isinstance(value, (str, int))):
        raise ValueError("not an event row")
    pairs = tuple((str(name), field) for name, field in view)
    if not all(isinstance(field, (str, int)) for _, field in pairs):
        raise ValueError("not a view field")
    return Event(seq, str(kind), datetime.fromisoformat(at), tuple(key), value, pairs, batch)
