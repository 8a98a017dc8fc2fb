"""The last line of every export: which session it belongs to and how far it had got.

``<!-- cardgame export: session 2026-11-22-temadag; seq 57; meta 1a2b3c4d5e6f -->``

A comment, out of the reader's way at the end: invisible on a forge, in a browser and in
print, one quiet line at the bottom of a mail. The writer reads it before replacing a file
(only a session's own export is replaced), and ``cardgame export --all`` compares it with the
session file: the last event number, and a digest of the metadata (which a rename of a group
changes without adding an event). Exports written before it moved carry it on their first
line; it is read there too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from cardgame.domain.session import SessionMeta

PREFIX = "<!-- cardgame export: session "
_PATTERN = re.compile(
    r"^<!-- cardgame export: session (?P<session>[A-Za-z0-9._-]+)"
    r"(?:; seq (?P<seq>\d+))?(?:; meta (?P<meta>[0-9a-f]+))? -->$")


@dataclass(frozen=True)
class ExportMarker:
    """What the first line of an export says."""

    session: str
    seq: int | None = None
    """The last event of the session when it was exported."""
    meta: str | None = None
    """A digest of the session's metadata when it was exported."""


def safe_id(session_id: str) -> str:
    """The session id as it may appear in the comment (and in a file name)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", session_id).lstrip(".") or "session"


def meta_digest(meta: SessionMeta) -> str:
    """A short digest of everything the export shows of the metadata."""
    exclude = {"programme"} if meta.programme is None else None  # as before programmes
    data = meta.model_dump_json(by_alias=True, exclude=exclude).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:12]


def marker_text(meta: SessionMeta, seq: int) -> str:
    """What the marker says of this session as it stands at event `seq`."""
    return f"cardgame export: session {safe_id(meta.id)}; seq {seq}; meta {meta_digest(meta)}"


def marker_line(meta: SessionMeta, seq: int) -> str:
    """The marker as the comment that ends an export."""
    return f"<!-- {marker_text(meta, seq)} -->"


def parse_marker(line: str) -> ExportMarker | None:
    """The marker on a first line, or None when the line is not one."""
    match = _PATTERN.match(line.strip())
    if match is None:
        return None
    seq = match.group("seq")
    return ExportMarker(match.group("session"), int(seq) if seq else None, match.group("meta"))


def read_marker(head: bytes, tail: bytes = b"") -> ExportMarker | None:
    """The marker on the last line of a file's `tail`, or (an older export) on the first line
    of its `head` (a leading BOM is allowed)."""
    lines = [tail.rstrip(b"\r\n").rsplit(b"\n", 1)[-1],
             head.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf")]
    for line in lines:
        try:
            found = parse_marker(line.decode("utf-8"))
        except UnicodeDecodeError:
            continue
        if found is not None:
            return found
    return None
