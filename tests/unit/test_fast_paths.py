"""Every shortcut taken for speed gives exactly what the long way gives.

The session's events are read without tomllib, decks come from a cache, export text skips
escaping when there is nothing to escape, the theme day remembers what its cursor shows:
each is checked here against the long way, on generated input where it can be."""

from __future__ import annotations

import os
import tomllib
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgame import __version__
from cardgame.domain.events import Event, SessionState
from cardgame.domain.themeday import ThemeDay
from cardgame.export import text as md
from cardgame.storage import deckcache
from cardgame.storage.blocks import _scan_clean, _scan_each
from cardgame.storage.deckfile import parse_deck
from cardgame.storage.sessionfile import (
    _event,
    event_from_record,
    parse_session,
    quick_records,
    read_header,
    render_event,
    render_header,
)
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import LazyDecks
from tests.helpers import FIXTURE_DECKS, fixture_library, new_session

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
NAMES = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)
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
            found.append(Event(seq, "view", at, view=tuple(fields.items())))
        else:
            found.append(Event(seq, kind, at))
    return found


@settings(max_examples=300, deadline=None)
@given(events())
def test_events_read_without_tomllib_are_the_events_tomllib_reads(written: list[Event]) -> None:
    blocks = [render_event(e) for e in written]
    bodies = [b[1:b.index(b"crc = ")] for b in blocks]
    quick = quick_records(bodies)
    assert quick is not None
    slow = tomllib.loads(b"".join(bodies).decode())["events"]
    assert quick == slow
    previous = 0
    for number, (record, body) in enumerate(zip(quick, bodies, strict=True), start=1):
        event = event_from_record(record, number, "s", previous)
        assert event == _event(body, number, "s", previous)
        previous = event.seq


@settings(max_examples=300, deadline=None)
@given(events(), st.data())
def test_blocks_changed_anywhere_are_read_as_tomllib_reads_them_or_left_to_it(
        written: list[Event], data: st.DataObject) -> None:
    text = b"".join(render_event(e)[1:-len(b'crc = "00000000"\n')] for e in written)
    at = data.draw(st.integers(0, len(text)))
    piece = data.draw(st.sampled_from([b"", b"\n", b" = ", b"[[events]]\n", b"=", b" ", b'"',
                                       b"\\", b"\r", b"#", b"x", b"\n\n", b"seq = 1\n"]))
    cut = data.draw(st.integers(0, 3))
    edited = text[:at] + piece + text[at + cut:]
    blocks = [b"[[events]]\n" + part for part in edited.split(b"[[events]]\n")[1:]]
    if not edited.startswith(b"[[events]]\n"):
        blocks = [edited]
    quick = quick_records(blocks)
    try:
        slow = tomllib.loads(edited.decode())["events"]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, KeyError):
        slow = None
    if quick is not None:
        assert quick == slow


@pytest.mark.parametrize("edited", [
    b"[[events]]\nseq=1\ntype = \"undo\"\nat = 2026-11-22 09:00:00+00:00\n",  # no spaces
    b"[[events]]\nseq = 1\ntype = 'undo'\nat = 2026-11-22 09:00:00+00:00\n",  # literal string
    b"[[events]]\nseq = 1 # first\ntype = \"undo\"\nat = 2026-11-22 09:00:00+00:00\n",
    b"[[events]]\nseq = 1_0\ntype = \"undo\"\nat = 2026-11-22 09:00:00+00:00\n",
    b"[[events]]\nseq = 1\ntype = \"undo\"\nat = 2026-11-22T09:00:00Z\n",
    b"[[events]]\nseq = 1\ntype = \"\\u0075ndo\"\nat = 2026-11-22 09:00:00+00:00\n",
    b"[[events]]\nseq = 1\ntype = \"undo\"\nat = 2026-11-22 09:00:00+00:00\nnote = \n",
    b"[[events]]\nseq = 1\ntype = \"undo\"\nat = 2026-11-22 09:00:00x+00:00\n",  # Python's
    b"[[events]]\nseq = 1\ntype = \"set\"\nat = 2026-11-22 09:00:00+00:00\nkey = [\"]\n",
])
def test_a_block_edited_by_hand_is_read_as_tomllib_reads_it(edited: bytes) -> None:
    quick = quick_records([edited])
    try:
        slow = tomllib.loads(edited.decode())["events"]
    except tomllib.TOMLDecodeError:
        slow = None  # not TOML at all: the record is lost, the rest of the session read
    if quick is not None:
        assert quick == slow  # read alike, or left to tomllib
    session = _file_with([edited])
    parsed = parse_session(session, "s.toml")
    assert [(e.seq, e.type) for e in parsed.events] == [
        (r["seq"], r["type"]) for r in slow or []]
    assert len(parsed.lost) == (1 if slow is None else 0)


@settings(max_examples=200, deadline=None)
@given(events(), st.data())
def test_the_one_pass_scan_finds_what_the_block_by_block_scan_finds(
        written: list[Event], data: st.DataObject) -> None:
    file = _file_with([render_event(e)[1:-len(b'crc = "00000000"\n')] for e in written])
    _, header_end = read_header(file, "s.toml")
    damage = data.draw(st.sampled_from(["none", "flip", "cut", "stray", "extra crc"]))
    if damage == "flip":
        at = data.draw(st.integers(header_end, len(file) - 1))
        file = file[:at] + bytes([file[at] ^ 0x20]) + file[at + 1:]
    elif damage == "cut":
        file = file[:data.draw(st.integers(header_end, len(file) - 1))]
    elif damage == "stray":
        at = data.draw(st.integers(header_end, len(file)))
        file = file[:at] + b"hello\n" + file[at:]
    elif damage == "extra crc":
        file += b'crc = "00000000"\n'
    clean = _scan_clean(file, header_end)
    if damage == "none":
        assert clean is not None
    if clean is not None:  # taken only when it finds exactly what the long way finds
        assert clean == _scan_each(file, header_end)


def _file_with(bodies: list[bytes]) -> bytes:
    header = render_header({"schema": 2, "id": "s", "kind": "theme-day", "title": "T",
                            "date": "2026-11-22", "groups": [], "decks": []})
    return header + b"".join(
        b"\n" + body + b'crc = "%08x"\n' % zlib.crc32(body) for body in bodies)


def test_a_whole_session_reads_alike_both_ways(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    day = ThemeDay(session.meta, session.decks, session)
    day.record_answer({"rating": "4", "note": 'Citat: "vi \\ I" – æøå\n2. linje\t'})
    day.record_number(2)
    day.record_timer(True, 120, 1000.0)
    session.close()
    data = session.path.read_bytes()
    parsed = parse_session(data, session.path.name)
    events_part = data[data.index(b"\n[[events]]\n"):].decode()
    slow = tomllib.loads(events_part)["events"]
    assert [e.seq for e in parsed.events] == [r["seq"] for r in slow]
    assert parsed.events[-1].view == (("timer", "run:1120.0"),)


# the deck cache -------------------------------------------------------------------------

def test_a_deck_is_read_from_toml_once_then_from_the_cache(workspace: Path,
                                                            tmp_path: Path) -> None:
    path = FIXTURE_DECKS / "formats.toml"
    data = path.read_bytes()
    first = parse_deck(path, data)
    cached = list((tmp_path / "cache" / "decks").glob("*.json"))
    assert len(cached) == 1 and cached[0].name.endswith(f"-{__version__}.json")
    deckcache.forget()
    again = parse_deck(path, data)  # from the disk cache
    assert again == first and again.raw == data and again.source == str(path)
    elsewhere = parse_deck(Path("kept#test-formats"), data)  # the same bytes, another name
    assert elsewhere.source == "kept#test-formats" and elsewhere.cards == first.cards


def test_a_damaged_or_foreign_cache_file_is_passed_by(workspace: Path, tmp_path: Path) -> None:
    path = FIXTURE_DECKS / "roles.toml"
    data = path.read_bytes()
    first = parse_deck(path, data)
    [cached] = (tmp_path / "cache" / "decks").glob("*.json")
    for damage in (b"politician-role\n{not json", b"welfare-theme\n" + cached.read_bytes()
                   .partition(b"\n")[2], b"no-such-kind\n[]", b"\xff\xfe"):
        cached.write_bytes(damage)
        deckcache.forget()
        assert parse_deck(path, data) == first  # read from its TOML again


def test_no_cache_folder_no_cache_and_no_error(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv("CARDGAME_CACHE", "")
    assert deckcache.cache_dir() is None
    parse_deck(FIXTURE_DECKS / "themes.toml", (FIXTURE_DECKS / "themes.toml").read_bytes())
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("CARDGAME_CACHE", str(blocked))
    deckcache.forget()
    deck = parse_deck(FIXTURE_DECKS / "themes.toml",
                      (FIXTURE_DECKS / "themes.toml").read_bytes())
    assert deck.id == "test-themes"


def test_the_cache_folder_is_the_systems(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.delenv("CARDGAME_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert deckcache.cache_dir() == tmp_path / "xdg" / "cardgame" / "decks"
    from cardgame.storage import cachefolder, logcache

    assert logcache.cache_file(tmp_path / "s.toml").parent == tmp_path / "xdg" / "cardgame" / "logs"
    monkeypatch.setattr(cachefolder.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert deckcache.cache_dir() == tmp_path / "local" / "cardgame" / "cache" / "decks"
    monkeypatch.setattr(cachefolder.sys, "platform", "darwin")
    assert deckcache.cache_dir() == Path.home() / "Library" / "Caches" / "cardgame" / "decks"


def test_what_older_versions_cached_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "decks"
    folder.mkdir(parents=True)
    old = folder / f"{'0' * 64}-1-0.0.1.json"
    old.write_text("{}")
    parse_deck(FIXTURE_DECKS / "themes.toml", (FIXTURE_DECKS / "themes.toml").read_bytes())
    assert not old.exists()


def test_an_invalid_deck_is_never_cached(tmp_path: Path) -> None:
    from cardgame.domain.errors import DeckError

    bad = b'schema = 1\n[deck]\nid = "x"\nkind = "welfare-theme"\n'
    with pytest.raises(DeckError):
        parse_deck(Path("bad.toml"), bad)
    assert not list((tmp_path / "cache").rglob("*.json"))


# decks only when needed -----------------------------------------------------------------

def test_a_session_that_keeps_its_decks_never_reads_the_workspaces(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.close()
    asked: list[str] = []

    def load() -> dict[str, object]:
        asked.append("library")
        return dict(fixture_library().decks)

    again = SessionStore(workspace / "sessions").open(session.path.stem,
                                                      LazyDecks(load))  # type: ignore[arg-type]
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

    def load() -> dict[str, object]:
        asked.append("library")
        return dict(fixture_library().decks)

    lazy = LazyDecks(load)  # type: ignore[arg-type]
    again = SessionStore(workspace / "sessions").open(session.path.stem, lazy)
    assert asked == ["library"] and set(again.decks) == {"test-themes", "test-formats",
                                                         "test-roles"}
    assert len(lazy) == len(list(lazy)) >= 3
    again.close()


# the theme day's memory of its cursor ---------------------------------------------------

def test_the_cursor_is_worked_out_again_for_another_state(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    day = ThemeDay(session.meta, session.decks, session)
    first = day.card
    day.step_card(1)
    assert day.card is not first and day.position() == (2, 3)
    other = SessionState()  # another state with the same last_seq as a fresh one
    reader = ThemeDay(session.meta, session.decks, session)
    reader.recorder = type("R", (), {"state": other})()  # type: ignore[assignment]
    assert reader.position() == (1, 3)
    session.close()


# export text ----------------------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60), st.booleans(), st.booleans())
def test_escaping_takes_no_shortcut_that_changes_the_text(text: str, line_start: bool,
                                                          table: bool) -> None:
    line = text.replace("\n", " ")
    assert md.inline(line, line_start=line_start, table=table) == md._escape_all(
        line, line_start, table)
    assert md.clean(text) == md._clean_all(text, True)
    assert md.clean(text, strip=False) == md._clean_all(text, False)
    assert md.display_width(line) == md._width_all(line)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_paragraphs_and_lines_take_no_shortcut_that_changes_the_text(text: str) -> None:
    assert md.paragraphs(text) == md._paragraphs_all(text)
    assert md.one_line(text) == md._one_line_all(text)


@pytest.mark.parametrize("text", ["Ældreområdet", "a\u00adb", "e\u0301", "日本", "x\x85y",
                                  "- punkt", "1. første", "#tag", "  > citat", "²", "  ",
                                  "a\nb", "a\r\nb", "a\u2028b", "x_y *z*", "", "– „ok“ …"])
def test_the_shortcuts_on_text_that_needs_the_long_way(text: str) -> None:
    assert md.display_width(text) == md._width_all(text)
    assert md.inline(text, line_start=True) == md._escape_all(text, True, False)
    assert md.clean(text) == md._clean_all(text, True)
    assert md.paragraphs(text) == md._paragraphs_all(text)
    assert md.one_line(text) == md._one_line_all(text)


def test_every_character_counted_as_one_column_without_looking_takes_one() -> None:
    narrow = [chr(c) for c in range(0x20, 0x2100) if md._NARROW.fullmatch(chr(c))]
    assert "–" in narrow and "…" in narrow and "\u00ad" not in narrow and "\u0301" not in narrow
    assert [ch for ch in narrow if md._width_all(ch) != 1] == []


@pytest.mark.parametrize(("prefix", "text", "indent", "expected"), [
    ("- ", "Et punkt", None, ["- Et punkt"]),
    ("- ", "  ", None, ["-"]),
    ("- ", "1. ikke en liste", None, ["- 1\\. ikke en liste"]),
    ("12. ", "første\nanden\n\nnyt afsnit", None,
     ["12. første", "    anden", "", "    nyt afsnit"]),
    ("Hvorfor: ", "en\nto", 0, ["Hvorfor: en", "to"]),
])
def test_a_list_item_of_one_line_or_several(prefix: str, text: str, indent: int | None,
                                            expected: list[str]) -> None:
    assert md.item(prefix, text, indent) == expected


def test_tidy_drops_blank_lines_at_the_ends_and_doubled_but_keeps_a_fence_whole() -> None:
    from cardgame.export.markdown import _tidy

    lines = ["", "  ", "# A", "", "\t", "", "tekst", "````text", "", "", "  x", "````", "",
             " ", "slut", "", ""]
    assert _tidy(lines) == ["# A", "", "tekst", "````text", "", "", "  x", "````", "",
                            "slut"]
    assert _tidy(["", " "]) == []


def test_a_deck_finds_its_cards_by_id_and_stays_equal_to_its_copy() -> None:
    deck = next(d for d in fixture_library().decks.values() if len(d.cards) > 2)
    copy = deck.model_copy(update={"source": "elsewhere.toml"})
    for position, card in enumerate(deck.cards):
        assert deck.has_card(card.id) and deck.card(card.id) is card
        assert deck.position(card.id) == position
    assert not deck.has_card("ingen-sådan")
    assert copy.card(deck.cards[-1].id) is deck.cards[-1]
    assert deck == deck.model_copy() and deck != copy
    assert "_index" not in deck.model_dump()


def test_the_export_reads_each_cards_answers_once(workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    from cardgame.domain import answers
    from cardgame.export.markdown import render_session

    session, decks = new_session(workspace / "sessions")
    day = ThemeDay(session.meta, session.decks, session)
    for number in (4, 2, 5):
        day.record_number(number)
    calls: list[object] = []
    real = answers.read
    monkeypatch.setattr(answers, "read", lambda *a, **k: calls.append(a) or real(*a, **k))
    render_session(session.meta, session.state, session.decks)
    per_card = {(a[1].id, a[2].id, a[3], a[4] if len(a) > 4 else None) for a in calls}
    assert len(calls) == len(per_card)  # summary and sections share the rows
    session.close()


def test_timestamps_parse_like_tomllib() -> None:
    at = datetime(2026, 11, 22, 9, 0, 5, 120000, tzinfo=timezone(timedelta(hours=1)))
    body = render_event(Event(1, "undo", at))
    inner = body[1:body.index(b"crc = ")]
    [record] = quick_records([inner]) or [{}]
    assert record["at"] == tomllib.loads(inner.decode())["events"][0]["at"] == at
    assert os.sep  # the platform's separator does not enter into it


def test_a_backup_that_holds_the_same_bytes_is_not_written_again(tmp_path: Path) -> None:
    from cardgame.storage.atomic import copy_file

    source, target = tmp_path / "s.toml", tmp_path / "s.toml.bak"
    source.write_bytes(b"one")
    copy_file(source, target)
    assert target.read_bytes() == b"one"
    os.utime(target, (1_000_000, 1_000_000))
    copy_file(source, target)  # the same bytes: left alone
    assert target.stat().st_mtime == 1_000_000
    source.write_bytes(b"two")  # other bytes of the same length: written
    copy_file(source, target)
    assert target.read_bytes() == b"two" and target.stat().st_mtime != 1_000_000
