"""The events of a closed session are found again by the SHA-256 of their bytes, and only then.

Every way the kept events could be wrong is tried: the session's bytes changed (a flipped
byte, a record appended by someone else, the file rewritten), the cache file damaged or from
another version, no cache folder, a folder that cannot be written. The session always reads
as it would without the cache."""

from __future__ import annotations

import json
import os
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings

from cardgame.domain.events import Event
from cardgame.storage import logcache, sessionfile
from cardgame.storage.sessionfile import parse_session, read_header, render_event
from cardgame.storage.store import SessionStore
from tests.helpers import new_session
from tests.unit.test_fast_paths import events

KEY = ("answer", "test-themes", "aeldre", "g1", "rating")


def _closed_session(folder: Path, answers: int = 5) -> Path:
    session, _ = new_session(folder)
    for n in range(answers):
        session.set(KEY, 1 + n % 5)
    session.close()
    return session.path


def _read_slowly(path: Path) -> list[Event]:
    return parse_session(path.read_bytes(), path.name).events


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many event blocks were read from the file (not taken from the cache)."""
    counted: list[int] = []
    real = sessionfile.quick_records

    def counting(blocks: list[bytes]):  # noqa: ANN202
        counted.append(len(blocks))
        return real(blocks)

    monkeypatch.setattr(sessionfile, "quick_records", counting)
    return counted


def test_a_closed_session_opens_with_the_events_it_was_closed_with(
        workspace: Path, parses: list[int]) -> None:
    path = _closed_session(workspace / "sessions")
    assert logcache.cache_file(path) is not None and logcache.cache_file(path).exists()
    expected = _read_slowly(path)
    parses.clear()
    opened = SessionStore(path.parent).open(path.stem)
    assert sum(parses) == 0, "no record read from the file"
    assert opened.events == expected
    assert opened.state.values[KEY] == 5
    opened.close()


def test_records_appended_since_are_read_from_the_file(workspace: Path,
                                                        parses: list[int]) -> None:
    path = _closed_session(workspace / "sessions")
    last = _read_slowly(path)[-1]
    extra = Event(last.seq + 1, "set", datetime(2026, 11, 23, 9, tzinfo=timezone.utc), KEY, 2)
    with open(path, "ab") as handle:  # another computer's append, after this one closed
        handle.write(render_event(extra))
    parses.clear()
    opened = SessionStore(path.parent).open(path.stem)
    assert parses == [1], "only the new record was read"
    assert opened.events[-1] == extra and opened.state.values[KEY] == 2
    assert opened.events == _read_slowly(path)
    opened.close()


def test_a_flipped_byte_means_the_file_is_read_and_salvaged_as_always(
        workspace: Path) -> None:
    path = _closed_session(workspace / "sessions")
    data = bytearray(path.read_bytes())
    at = data.index(b"value = 3")
    data[at + 8] = ord("4")  # the record's checksum no longer holds
    path.write_bytes(bytes(data))
    opened = SessionStore(path.parent).open(path.stem)
    assert any("1" in notice for notice in opened.notices), opened.notices
    assert len(opened.events) == len(_read_slowly(path))  # rewritten without the damaged one
    assert all(e.value != 3 for e in opened.events if e.key == KEY)
    opened.close()


def test_a_rewritten_file_is_read_again(workspace: Path, parses: list[int]) -> None:
    path = _closed_session(workspace / "sessions")
    opened = SessionStore(path.parent).open(path.stem)
    opened.rewrite("")  # the header and every record written anew (the same content)
    opened.set(KEY, 4)
    opened.close()
    parses.clear()
    again = SessionStore(path.parent).open(path.stem)
    assert sum(parses) == 0, "kept at close, after the rewrite"
    assert again.events == _read_slowly(path) and again.state.values[KEY] == 4
    again.close()


@pytest.mark.parametrize("damage", ["payload", "check", "version", "not json", "empty",
                                    "start", "rows"])
def test_a_damaged_or_foreign_cache_file_is_passed_by(workspace: Path, damage: str,
                                                      parses: list[int]) -> None:
    path = _closed_session(workspace / "sessions")
    cache = logcache.cache_file(path)
    assert cache is not None
    head, _, payload = cache.read_bytes().partition(b"\n")
    about = json.loads(head)
    if damage == "payload":
        payload = payload.replace(b'"set"', b'"undo"', 1)
    elif damage == "check":
        about["check"] = "0" * 64
    elif damage == "version":
        about["version"] = "0.0.0"
    elif damage == "start":
        about["start"] = about["end"] + 10
    elif damage == "rows":  # a well-formed file of ours whose rows are not events
        payload = b'[[1, "set", "x", [], 1, [], 0]]'
        import hashlib

        about["check"] = hashlib.sha256(payload).hexdigest()
    cache.write_bytes({"not json": b"{nope\n[]", "empty": b""}.get(
        damage, json.dumps(about).encode() + b"\n" + payload))
    parses.clear()
    opened = SessionStore(path.parent).open(path.stem)
    assert sum(parses) == len(opened.events), "the file was read"
    assert opened.events == _read_slowly(path)
    opened.close()


def test_no_cache_folder_means_reading_the_file(workspace: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDGAME_CACHE", "")
    path = _closed_session(workspace / "sessions")
    assert logcache.cache_file(path) is None
    opened = SessionStore(path.parent).open(path.stem)
    assert opened.state.values[KEY] == 5
    opened.close()


def test_a_cache_folder_that_cannot_be_written_is_passed_by(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("CARDGAME_CACHE", str(blocked))
    path = _closed_session(workspace / "sessions")  # closing does not fail
    opened = SessionStore(path.parent).open(path.stem)
    assert opened.state.values[KEY] == 5
    opened.close()


@settings(max_examples=150, deadline=None)
@given(events())
def test_kept_events_are_the_events_read_from_the_file(written: list[Event]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.environ["CARDGAME_CACHE"] = folder  # the fixture's folder is per test, not example
        bodies = [render_event(e)[1:-len(b'crc = "00000000"\n')] for e in written]
        header = sessionfile.render_header({"schema": 2, "id": "s", "kind": "theme-day",
                                            "title": "T", "date": "2026-11-22", "groups": [],
                                            "decks": []})
        data = header + b"".join(b"\n" + body + b'crc = "%08x"\n' % zlib.crc32(body)
                                 for body in bodies)
        path = Path(folder) / "s.toml"
        _, start = read_header(data, "s.toml")
        logcache.remember(path, data, start, parse_session(data, "s.toml").events)
        known = logcache.recall(path, data)
        assert known is not None and known.start == start and known.end == len(data)
        assert list(known.events) == parse_session(data, "s.toml").events
        assert parse_session(data, "s.toml", known).events == list(known.events)


def test_events_that_cannot_be_kept_are_simply_not_kept(tmp_path: Path) -> None:
    odd = Event(1, "set", datetime(2026, 11, 23, tzinfo=timezone.utc), KEY,
                "\ud800")  # a lone surrogate: no UTF-8 for it
    path = tmp_path / "s.toml"
    logcache.remember(path, b"# header\n", 1, [odd])
    cache = logcache.cache_file(path)
    assert cache is not None and not cache.exists()
