"""A reader of our own event blocks that needs no TOML parser: the open's fast path.

The session file's events are written by `sessionfile.render_event` in a narrow form: one
`name = value` per line, the values text, whole numbers, true/false, lists of text and a
date-time. `quick_records` reads exactly that form with string cuts and the C JSON reader,
several times faster than tomllib; anything else (a hand edit, a future field) returns None
and tomllib decides. Property-tested against tomllib in `tests/unit/test_fast_paths.py`.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

_NAME = re.compile(r"[A-Za-z0-9_-]+")
"""A bare key, as `render_event` writes every field's name."""
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}"
                     r"(?:\.[0-9]{6})?(?:[+-][0-9]{2}:[0-9]{2}|Z)")
"""A time as tomli_w writes one (`datetime.fromisoformat` would take forms TOML does not,
such as a letter before the offset)."""
_BLOCK_HEAD = "[[events]]\n"
_JSON = json.JSONDecoder(strict=False)
"""JSON as TOML's basic strings are: a tab may stand in a string as it is."""
_RAW_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def quick_records(blocks: list[bytes]) -> list[dict[str, Any]] | None:
    """Event blocks in the form `render_event` writes, read without a TOML parser.

    Each field is one `name = value` line; the values are text, whole numbers, true/false,
    lists of text (tomli_w writes them as JSON does) and the `at` date-time. Plain text and
    lists of plain text are cut out directly, anything with an escape goes to the C JSON
    reader: several times faster than tomllib. None when any line is not in that form:
    tomllib is then the judge.
    """
    try:
        text = b"".join(blocks).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.startswith(_BLOCK_HEAD) or _RAW_CONTROL.search(text.replace("\n", "")):
        return None  # not our blocks, or a control character as it is (TOML takes a tab)
    lines = text.split("\n")
    if lines.pop():
        return None  # the last block does not end its last line
    records: list[dict[str, Any]] = []
    record: dict[str, Any] = {}
    names: set[str] = set()  # the names seen to be bare keys (a handful, met 45,000 times)
    moments: dict[str, datetime] = {}  # one `at` per second recorded: read each once
    try:
        for line in lines:
            name, equals, raw = line.partition(" = ")
            if not equals:
                if line != "[[events]]":
                    return None  # a line that is not a field
                record = {}
                records.append(record)
                continue
            if name not in names:
                if not _NAME.fullmatch(name):
                    return None
                names.add(name)
            if name in record:
                return None
            # The commonest values inline (a function call each costs more than this):
            # plain text, a small whole number, the time; the rest as `_quick_value` reads
            # them.
            if raw[:1] == '"' and raw[-1:] == '"' and raw.count('"') == 2 and "\\" not in raw:
                record[name] = raw[1:-1]
            elif raw.isdigit() and raw.isascii() and (raw[0] != "0" or raw == "0"):
                record[name] = int(raw)
            elif name == "at" and raw in moments:
                record[name] = moments[raw]
            else:
                value = record[name] = _quick_value(name, raw)
                if name == "at":
                    moments[raw] = value
    except ValueError:
        return None
    return records if len(records) == len(blocks) else None


def _quick_value(name: str, raw: str) -> Any:
    """One value as `quick_records` reads it; ValueError when it is not one of ours."""
    if not raw:
        raise ValueError(raw)  # `name = ` with nothing after it: not TOML; tomllib says so
    if raw.isascii() and raw.isdigit() and (raw[0] != "0" or raw == "0"):
        return int(raw)
    if raw == "true" or raw == "false":
        return raw == "true"
    if "\\" not in raw:
        if raw[0] == '"' and raw[-1] == '"' and raw.count('"') == 2:
            return raw[1:-1]
        if len(raw) >= 4 and raw[:2] == '["' and raw[-2:] == '"]':
            items = raw[2:-2].split('", "')
            if all('"' not in item for item in items):
                return items
    if name == "at":
        if not _MOMENT.fullmatch(raw):
            raise ValueError(raw)  # Python reads more forms than TOML: tomllib decides
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    value = _JSON.decode(raw)
    if isinstance(value, (float, dict)) or value is None or (
            isinstance(value, list) and not all(isinstance(item, str) for item in value)):
        raise ValueError(raw)
    return value


def one_record(block: bytes) -> dict[str, Any] | None:
    """One block as `quick_records` reads it, or None."""
    found = quick_records([block])
    return found[0] if found else None
