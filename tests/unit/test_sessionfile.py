"""The session file read back: what was written is what is read, a block edited by hand is read
as any TOML reader reads it, and a damaged block costs that block only."""

from __future__ import annotations

import re
import tomllib
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgame.domain.decks import Deck
from cardgame.domain.events import Event
from cardgame.domain.themeday import ThemeDay
from cardgame.storage.sessionfile import parse_session, read_header, render_event, render_header
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import LazyDecks
from tests.helpers import fixture_library, new_session

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.just(timezone.utc))


@st.composite
def events(draw: st.DrawFn) -> list[Event]:
    found: list[Event] = []
    for seq in range(1, draw(st.integers(1, 6)) + 1):
        at = draw(MOMENTS)
        kind = draw(st.sampled_from(["set", "undo", "redo", "view"]))
        if kind == "set":
            value = draw(st.one_of(TEXT, st.integers(-2**62, 2**62), st.booleans(),
                                   st.none()))
            key = tuple(draw(st.lists(TEXT, min_size=1, max_size=5)))
            found.append(Event(seq, "set", at, key, value,
                               batch=draw(st.sampled_from([0, seq]))))
        elif kind == "view":
            fields = draw(st.dictionaries(st.sampled_from(["deck", "card", "group", "timer",
                                                           "minutes", "seed"]),
                                          st.one_of(TEXT, st.integers(0, 10**9)), max_size=4))
            if "seed" in fields and not isinstance(fields["seed"], int):
                fields["seed"] = seq  # a seed is a whole number (other forms are refused)
            found.append(Event(seq, "view", at, view=tuple(fields.items())))
        else:
            found.append(Event(seq, kind, at))
    return found


def _file_with(bodies: list[bytes]) -> bytes:
    header = render_header({"schema": 2, "id": "s", "kind": "theme-day", "title": "T",
                            "date": "2026-11-22", "groups": [], "decks": []})
    return header + b"".join(
        b"\n" + body + b'crc = "%08x"\n' % zlib.crc32(body) for body in bodies)


@settings(max_examples=200, deadline=None)
@given(events())
def test_every_event_written_is_read_back_as_it_was(written: list[Event]) -> None:
    header = render_header({"schema": 2, "id": "s", "kind": "theme-day", "title": "T",
                            "date": "2026-11-22", "groups": [], "decks": []})
    data = header + b"".join(render_event(event) for event in written)
    parsed = parse_session(data, "s.toml")
    assert parsed.lost == [] and not parsed.torn
    assert parsed.events == written
    assert parsed.good_size == len(data)
    events_part = data[data.index(b"\n[[events]]\n"):].decode()
    assert len(tomllib.loads(events_part)["events"]) == len(written), "plain TOML too"


@pytest.mark.parametrize("edited", [
    b"[[events]]\nseq=1\ntype = \"undo\"\nat = 2026-11-22 09:00:00+00:00\n",  # no spaces
    b"[[events]]\nseq = 1\ntype = 'undo'\nat = 2026-11-22 09:00:00+00:00\n",  # literal string
    b"[[events]]\nseq = 1 # first\ntype = \"undo\"\nat = 2026-11-22 09:00:00+00:00\n",
    b"[[events]]\nseq = 1_0\ntype = \"undo\"\nat = 2026-11-22 09:00:00+00:00\n",
    b"[[events]]\nseq = 1\ntype = \"undo\"\nat = 2026-11-22T09:00:00Z\n",
    b"[[events]]\nseq = 1\ntype = \"\\u0075ndo\"\nat = 2026-11-22 09:00:00+00:00\n",
    b"[[events]]\nseq = 1\ntype = \"undo\"\nat = 2026-11-22 09:00:00+00:00\nnote = \n",
    b"[[events]]\nseq = 1\ntype = \"undo\"\nat = 2026-11-22 09:00:00x+00:00\n",
    b"[[events]]\nseq = 1\ntype = \"set\"\nat = 2026-11-22 09:00:00+00:00\nkey = [\"]\n",
])
def test_a_block_edited_by_hand_is_read_as_tomllib_reads_it(edited: bytes) -> None:
    try:
        expected = tomllib.loads(edited.decode())["events"]
    except tomllib.TOMLDecodeError:
        expected = None  # not TOML at all: the record is lost, the rest of the session read
    parsed = parse_session(_file_with([edited]), "s.toml")
    assert [(e.seq, e.type) for e in parsed.events] == [
        (r["seq"], r["type"]) for r in expected or []]
    assert len(parsed.lost) == (1 if expected is None else 0)


@settings(max_examples=150, deadline=None)
@given(events(), st.data())
def test_damage_anywhere_costs_the_damaged_blocks_only(written: list[Event],
                                                        data: st.DataObject) -> None:
    file = _file_with([render_event(e)[1:-len(b'crc = "00000000"\n')] for e in written])
    _, header_end = read_header(file, "s.toml")
    at = data.draw(st.integers(header_end, len(file) - 1))
    damage = data.draw(st.sampled_from(["flip", "cut", "stray"]))
    ends = [block.end() for block in re.finditer(rb'crc = "[0-9a-f]{8}"\n', file)]
    if damage == "flip":
        file = file[:at] + bytes([file[at] ^ 0x20]) + file[at + 1:]
    elif damage == "cut":
        file = file[:at]
    else:
        file = file[:at] + b"hello\n" + file[at:]
    parsed = parse_session(file, "s.toml")
    assert all(event in written for event in parsed.events), "nothing read that was not so"
    if damage == "cut":  # a torn end: every block before the cut is read
        assert parsed.events == written[:sum(1 for end in ends if end <= at)]
    else:  # at most the block the damage fell in, and the one before when it hit the head
        assert len(parsed.events) >= len(written) - 2


def test_a_whole_session_reads_back_with_its_quotes_and_lines(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    day = ThemeDay(session.meta, session.decks, session)
    note = 'Citat: "vi \\ I" – æøå\n2. linje\t'
    day.record_answer({"rating": "4", "note": note})
    day.record_number(2)
    day.record_timer(True, 120, 1000.0)
    session.close()
    parsed = parse_session(session.path.read_bytes(), session.path.name)
    assert parsed.events == session.events
    assert note.rstrip() in [e.value for e in parsed.events]
    assert parsed.events[-1].view == (("timer", "run:1120.0"),)


# decks only when needed -----------------------------------------------------------------

def _counting_library(asked: list[str]) -> LazyDecks:
    def load() -> dict[str, Deck]:
        asked.append("library")
        return dict(fixture_library().decks)

    return LazyDecks(load)


def test_a_session_that_keeps_its_decks_never_reads_the_workspaces(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.close()
    asked: list[str] = []
    again = SessionStore(workspace / "sessions").open(session.path.stem,
                                                      _counting_library(asked))
    again.close()
    assert asked == []


def test_an_older_session_reads_the_workspaces_decks_when_it_needs_them(
        workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.close()
    data = session.path.read_bytes()
    start = data.index(b"# --- kept deck")
    end = data.index(b"# --- events")
    session.path.write_bytes(data[:start].replace(b"schema = 2", b"schema = 1") + data[end:])
    asked: list[str] = []
    lazy = _counting_library(asked)
    again = SessionStore(workspace / "sessions").open(session.path.stem, lazy)
    assert asked == ["library"] and set(again.decks) == {"test-themes", "test-formats",
                                                         "test-roles"}
    again.close()
