"""The session file: a TOML header, then one `[[events]]` table per recorded event.

Appending an event writes one block and fsyncs: the cost does not grow with the session. Each
block ends with `crc = "…"`, a CRC-32 of the block's text, so that a block cut short by a crash
(a torn append) is told apart from a complete one. The header ends with a marker line, so the
events can be found without parsing the header.
"""

from __future__ import annotations

import re
import tomllib
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import tomli_w

from cardgame.domain.errors import SessionCorrupt
from cardgame.domain.events import EVENT_TYPES, VIEW_FIELDS, Event
from cardgame.i18n import t

HEADER_PREFIX = "# cardgame session file. Written by cardgame; edit with care.\n"
EVENTS_MARKER = b"# --- events: one [[events]] table per recorded change ---\n"
_BLOCK_START = re.compile(rb"^\[\[events\]\]\n", re.MULTILINE)
_CRC_LINE = re.compile(rb'^crc = "([0-9a-f]{8})"\n', re.MULTILINE)


def render_header(record: dict[str, Any]) -> bytes:
    """The file's header (everything but the events), ending with the events marker."""
    return (HEADER_PREFIX + tomli_w.dumps(record) + "\n").encode("utf-8") + EVENTS_MARKER


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
    """Length of the header including the marker."""


def parse_session(data: bytes, name: str) -> Parsed:
    """Split and check a session file; raise SessionCorrupt if it cannot be trusted."""
    marker = data.find(EVENTS_MARKER)
    if marker < 0:
        if not data.strip():
            raise SessionCorrupt(t("store.empty", name=name))
        raise SessionCorrupt(t("store.not_session", name=name))
    header_end = marker + len(EVENTS_MARKER)
    try:
        header = tomllib.loads(data[:marker].decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SessionCorrupt(t("store.bad_header", name=name, detail=exc)) from None
    starts = [m.start() for m in _BLOCK_START.finditer(data, header_end)]
    good = header_end
    torn = False
    texts: list[bytes] = []
    gap = data[header_end: starts[0] if starts else len(data)]
    if gap.strip():
        if starts:
            raise SessionCorrupt(t("store.text_before_events", name=name))
        torn = True
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        block = data[start:end]
        crc = _CRC_LINE.search(block)
        last = i + 1 == len(starts)
        ok = crc is not None and zlib.crc32(block[: crc.start()]) == int(crc.group(1), 16)
        if ok and block[crc.end():].strip() and not last:
            ok = False
        if not ok:
            if last:
                torn = True
                break
            raise SessionCorrupt(t("store.event_damaged", name=name, n=i + 1, total=len(starts)))
        texts.append(block[: crc.start()])
        good = start + crc.end()
        if last and block[crc.end():].strip():
            torn = True
    try:
        records = tomllib.loads(b"".join(texts).decode("utf-8")).get("events", [])
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        records = None
    if not isinstance(records, list) or len(records) != len(texts):
        records = [_one_record(text, number, name) for number, text in enumerate(texts, 1)]
    events = [event_from_record(r, n, name) for n, r in enumerate(records, start=1)]
    return Parsed(header, events, good, torn, header_end)


def _one_record(text: bytes, number: int, name: str) -> Any:
    try:
        records = tomllib.loads(text.decode("utf-8")).get("events")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SessionCorrupt(t("store.event_unreadable", name=name, n=number, detail=exc)) from None
    if not isinstance(records, list) or len(records) != 1:
        raise SessionCorrupt(t("store.event_unreadable", name=name, n=number, detail="[[events]]"))
    return records[0]


def event_from_record(record: Any, number: int, name: str) -> Event:
    """Check one event table and build the Event; SessionCorrupt if it is not valid."""
    def bad(what: str) -> SessionCorrupt:
        return SessionCorrupt(t("store.event_invalid", name=name, n=number, detail=what))

    if not isinstance(record, dict):
        raise bad("not a table")
    seq, kind, at = record.get("seq"), record.get("type"), record.get("at")
    if type(seq) is not int or seq != number:
        raise bad(f"expected seq = {number}, found {seq!r}")
    if kind not in EVENT_TYPES:
        raise bad(f"unknown type {kind!r} (this cardgame knows {', '.join(EVENT_TYPES)})")
    if not isinstance(at, datetime):
        raise bad("'at' must be a date and time")
    known = {"seq", "type", "at", "crc"}
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
        extra = set(record) - known - {"key", "value", "clear", "batch"}
        if extra:
            raise bad(f"unknown field {sorted(extra)[0]!r}")
        return Event(seq, kind, at, tuple(key), value, batch=batch)
    if kind == "view":
        view = []
        for field, value in record.items():
            if field in known:
                continue
            if field == "seed" and type(value) is int:
                view.append((field, value))
            elif field in VIEW_FIELDS and isinstance(value, (str, int)):
                view.append((field, value))
            else:
                raise bad(f"unknown or invalid view field {field!r}")
        return Event(seq, kind, at, view=tuple(view))
    extra = set(record) - known
    if extra:
        raise bad(f"unknown field {sorted(extra)[0]!r}")
    return Event(seq, kind, at)
