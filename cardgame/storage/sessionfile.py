"""The session file: a TOML header, the decks it was played with, then one block per event.

    # cardgame session file. …
    schema = 2
    id = "2026-11-22-temadag"
    …                                   the header: plain TOML (tomli_w)
    # --- kept deck velfaerdstemaer 3f2a…: 41234 bytes ---
    #|schema = 1                        the deck file, byte for byte, behind "#|"
    #|…
    # --- events: one [[events]] table per recorded change ---

    [[events]]
    seq = 1
    …
    crc = "1a2b3c4d"                    a CRC-32 of the block above it

The whole file is valid TOML (the kept decks are comments), so any TOML reader can open it.
Appending an event writes one block and fsyncs: the cost does not grow with the session. The
CRC tells a block cut short by a crash (a torn append, only ever the last one) from a complete
one, and finds a damaged block in the middle; such a block is salvaged around, never a reason
to refuse the whole session. The kept decks make a session self-contained: mailed to a
colleague or opened after the decks were revised, it shows the cards it was played with.

Schema 1 files (no kept decks) are read as they are; the store adds the decks when it opens one.
Finding the blocks and checking their checksums, without TOML, is `blocks`' part.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import tomli_w

from cardgame.domain.errors import SessionCorrupt
from cardgame.domain.events import EVENT_TYPES, VIEW_FIELDS, Event
from cardgame.storage.blocks import CRC_LINE, CRC_LINE_BYTES, scan_blocks

HEADER_PREFIX = "# cardgame session file. Written by cardgame; edit with care.\n"
EVENTS_MARKER = b"# --- events: one [[events]] table per recorded change ---\n"
_KEPT = re.compile(rb"^# --- kept deck ([a-z0-9-]+) ([0-9a-f]+): (\d+) bytes ---\n",
                   re.MULTILINE)
_KEPT_PREFIX = b"#|"


def content_hash(data: bytes) -> str:
    """The short SHA-256 by which a session refers to a deck's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def render_header(record: dict[str, Any], kept: dict[str, bytes] | None = None) -> bytes:
    """The file's header and kept decks, ending with the events marker."""
    parts = [(HEADER_PREFIX + tomli_w.dumps(record) + "\n").encode("utf-8")]
    for deck_id, data in (kept or {}).items():
        parts.append(render_kept(deck_id, data))
    parts.append(EVENTS_MARKER)
    return b"".join(parts)


def render_kept(deck_id: str, data: bytes) -> bytes:
    """A deck file's bytes as comment lines that give back exactly those bytes."""
    lines = data.split(b"\n")
    body = b"".join(_KEPT_PREFIX + line + b"\n" for line in lines)
    head = b"# --- kept deck %s %s: %d bytes ---\n" % (deck_id.encode("ascii"),
                                                        content_hash(data).encode(), len(data))
    return head + body


def _value(value: object) -> str:
    """One TOML value on one line (lists inline), as tomli_w writes scalars."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    return tomli_w.dumps({"v": value})[4:-1]


def render_event(event: Event) -> bytes:
    """One event as a self-checking `[[events]]` block, one line per field."""
    lines = ["[[events]]"]
    lines += [f"{name} = {_value(value)}" for name, value in event.to_record().items()]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    return b"\n" + body + b'crc = "%08x"\n' % zlib.crc32(body)


@dataclass(frozen=True)
class Lost:
    """A damaged record in the middle of a session, left out when the session is read."""

    number: int
    """Its position among the records, from 1."""
    total: int
    """How many records the file holds."""
    text: str
    """What can be read of it, for the user (may itself be damaged)."""
    event: Event | None = None
    """The event as it reads, when it still parses (its checksum failed all the same)."""


@dataclass
class Parsed:
    """A session file taken apart."""

    header: dict[str, Any]
    events: list[Event]
    good_size: int
    """Bytes up to the end of the last complete event."""
    torn: bool
    """Whether bytes after the last complete event were found (a torn append)."""
    header_bytes: int
    """Length of the header, kept decks and marker."""
    kept: dict[str, bytes] = field(default_factory=dict)
    """Deck id → the deck file's bytes, as the session was played with it."""
    kept_hashes: dict[str, str] = field(default_factory=dict)
    """Deck id → the content hash of those bytes (checked when they were read)."""
    kept_damaged: list[str] = field(default_factory=list)
    """Kept decks whose bytes do not match their hash (read from elsewhere if possible)."""
    lost: list[Lost] = field(default_factory=list)
    """Damaged records that were left out."""

    @property
    def schema(self) -> int:
        value = self.header.get("schema")
        return value if isinstance(value, int) else 0


def _kept_decks(region: bytes) -> tuple[dict[str, bytes], dict[str, str], list[str]]:
    """The decks kept in the region between the header and the events marker: their bytes
    and content hashes by deck id, and the ids of those that are damaged."""
    kept: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    damaged: list[str] = []
    heads = list(_KEPT.finditer(region))
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(region)
        deck_id, digest, size = head.group(1).decode(), head.group(2).decode(), int(head.group(3))
        body = region[head.end():end]
        lines = body.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        data = b"\n".join(line.removeprefix(_KEPT_PREFIX) for line in lines)
        if len(data) != size or content_hash(data) != digest:
            damaged.append(deck_id)
            continue
        kept[deck_id], hashes[deck_id] = data, digest
    return kept, hashes, damaged


def parse_session(data: bytes, name: str) -> Parsed:
    """Split and check a session file.

    SessionCorrupt only when the header cannot be read: without it nothing can be trusted.
    A damaged record in the middle is left out and listed in `lost`; a torn last record is
    left out and flagged `torn`. Nothing is written here.
    """
    header, header_end = read_header(data, name)
    marker = header_end - len(EVENTS_MARKER)
    first_kept = _KEPT.search(data, 0, marker)
    kept, hashes, kept_damaged = (_kept_decks(data[first_kept.start():marker]) if first_kept
                                  else ({}, {}, []))
    parsed = Parsed(header, [], header_end, False, header_end, kept, hashes, kept_damaged)
    scan = scan_blocks(data, header_end)
    parsed.torn = scan.torn
    for number, start, end in scan.damaged:
        block = data[start:end]
        parsed.lost.append(Lost(number, scan.total, _readable(block),
                                _best_effort(block, number, name) if number else None))
    _read_events(data, scan.good, parsed, name, scan.total)
    return parsed


def read_header(data: bytes, name: str) -> tuple[dict[str, Any], int]:
    """The header as TOML and where the events begin; SessionCorrupt if unreadable."""
    marker = data.find(EVENTS_MARKER)
    if marker < 0:
        if not data.strip():
            raise SessionCorrupt("store.empty", name=name)
        raise SessionCorrupt("store.not_session", name=name)
    first_kept = _KEPT.search(data, 0, marker)
    toml_end = first_kept.start() if first_kept else marker
    try:
        header = tomllib.loads(data[:toml_end].decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SessionCorrupt("store.bad_header", name=name, detail=exc) from None
    return header, marker + len(EVENTS_MARKER)


def _read_events(data: bytes, good: list[tuple[int, int, int]], parsed: Parsed, name: str,
                 total: int) -> None:
    """Turn the intact blocks into events, leaving out any whose content is not a valid
    event (a block edited by hand, with its checksum made to fit)."""
    previous = 0
    for number, start, end in good:
        try:
            # A good block ends with its checksum line, which has a fixed length.
            event = _event(data[start:end - CRC_LINE_BYTES], number, name, previous)
        except SessionCorrupt:
            parsed.lost.append(Lost(number, total, _readable(data[start:end])))
            continue
        previous = event.seq
        parsed.events.append(event)
        parsed.good_size = end
    parsed.lost.sort(key=lambda lost: lost.number)


@dataclass
class Appended:
    """What a follower found in the bytes appended since it last read."""

    events: list[Event] = field(default_factory=list)
    consumed: int = 0
    """Bytes that held complete events; a block still being written is not consumed."""
    damaged: bool = False
    """A complete block whose checksum or content does not hold: read the whole file again."""


def read_appended(chunk: bytes, number: int, previous: int, name: str) -> Appended:
    """The complete, checksummed events in bytes appended after the last one read.

    `number` is the record number of the first block in the chunk, `previous` the seq of the
    last event read. Used by the audience view to follow a session without re-reading it.
    """
    found = Appended()
    position = 0
    while True:
        start = chunk.find(b"[[events]]\n", position)
        if start < 0:
            return found
        crc = CRC_LINE.search(chunk, start)
        if crc is None:
            return found  # still being written
        body = chunk[start:crc.start()]
        try:
            if zlib.crc32(body) != int(crc.group(1), 16):
                raise SessionCorrupt("store.event_damaged", name=name)
            event = _event(body, number + len(found.events), name, previous)
        except SessionCorrupt:
            found.damaged = True
            return found
        found.events.append(event)
        previous = event.seq
        position = crc.end()
        found.consumed = position


def good_end(data: bytes, name: str) -> int:
    """Where the last complete event ends (the header's end when there is none)."""
    _, header_end = read_header(data, name)
    scan = scan_blocks(data, header_end)
    return scan.good[-1][2] if scan.good else header_end


def _readable(block: bytes, limit: int = 300) -> str:
    text = block.decode("utf-8", errors="replace").strip()
    return text if len(text) <= limit else text[:limit] + " …"


def _event(text: bytes, number: int, name: str, previous: int) -> Event:
    try:
        records = tomllib.loads(text.decode("utf-8")).get("events")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SessionCorrupt("store.event_unreadable", name=name, n=number, detail=exc) \
            from None
    if not isinstance(records, list) or len(records) != 1:
        raise SessionCorrupt("store.event_unreadable", name=name, n=number,
                             detail="[[events]]")
    return event_from_record(records[0], number, name, previous)


def _best_effort(block: bytes, number: int, name: str) -> Event | None:
    """The event a damaged block seems to hold, to say what was lost; None if unreadable."""
    crc = CRC_LINE.search(block)
    try:
        return _event(block[: crc.start()] if crc else block, number, name, 0)
    except SessionCorrupt:
        return None


_BARE_FIELDS = frozenset({"seq", "type", "at", "crc"})
_SET_FIELDS = _BARE_FIELDS | {"key", "value", "clear", "batch"}


def event_from_record(record: Any, number: int, name: str, previous: int = 0) -> Event:
    """Check one event table and build the Event; SessionCorrupt if it is not valid.

    `previous` is the seq of the event before it: seqs increase (a salvaged session has a gap
    where a damaged record was left out).
    """
    def bad(what: str) -> SessionCorrupt:
        return SessionCorrupt("store.event_invalid", name=name, n=number, detail=what)

    if not isinstance(record, dict):
        raise bad("not a table")
    seq, kind, at = record.get("seq"), record.get("type"), record.get("at")
    if type(seq) is not int or seq <= previous:
        raise bad(f"expected seq > {previous}, found {seq!r}")
    if kind not in EVENT_TYPES:
        raise bad(f"unknown type {kind!r} (this cardgame knows {', '.join(EVENT_TYPES)})")
    if not isinstance(at, datetime):
        raise bad("'at' must be a date and time")
    known = _BARE_FIELDS
    if kind == "set":
        key = record.get("key")
        if not isinstance(key, list) or not key or not all(isinstance(k, str) for k in key):
            raise bad("'key' must be a list of text")
        clear = record.get("clear", False)
        value = record.get("value")
        if clear is True:
            value = None
        elif not isinstance(value, (str, int, bool)) or isinstance(value, float):
            raise bad("'value' must be text, a whole number or true/false")
        batch = record.get("batch", 0)
        if type(batch) is not int or not 0 <= batch <= seq:
            raise bad("'batch' must be the seq of an earlier event")
        if not record.keys() <= _SET_FIELDS:
            extra = set(record) - _SET_FIELDS
            raise bad(f"unknown field {sorted(extra)[0]!r}")
        return Event(seq, kind, at, tuple(key), value, batch=batch)
    if kind == "view":
        view: list[tuple[str, str | int]] = []
        for name_, value in record.items():
            if name_ in known:
                continue
            if name_ == "seed" and type(value) is int:
                view.append((name_, value))
            elif not isinstance(value, (str, int)) or isinstance(value, bool):
                raise bad(f"view field {name_!r} must be text or a whole number")
            elif name_ in VIEW_FIELDS:
                view.append((name_, value))
            # A cursor field this version does not know (a newer cardgame's) only moves the
            # view: it is left out, not counted as damage.
        return Event(seq, kind, at, view=tuple(view))
    extra = set(record) - known
    if extra:
        raise bad(f"unknown field {sorted(extra)[0]!r}")
    return Event(seq, kind, at)
