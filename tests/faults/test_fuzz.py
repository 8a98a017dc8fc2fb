"""Property-based fuzzing: deck and session loaders raise nothing but their own errors."""

from __future__ import annotations

import copy
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardgame.domain.errors import DeckError, SessionError
from cardgame.domain.session import SessionMeta, default_groups
from cardgame.storage.deckfile import parse_deck
from cardgame.storage.sessionfile import parse_session
from cardgame.storage.store import SessionStore

PATH = Path("fuzz.toml")
VALID_DECK = {
    "schema": 1,
    "deck": {"id": "fuzz", "kind": "dialogue-format", "title": "Fuzz", "language": "da",
             "version": "1"},
    "cards": [{"id": "a", "title": "A", "summary": "S", "step": "consult",
               "scenarios": [{"id": "s1", "situation": "x", "dilemma": "y",
                              "options": ["1", "2", "3"]}]}],
}
FIELDS = ["schema", "deck", "cards", "id", "kind", "title", "summary", "language", "version",
          "scenarios", "options", "step", "dilemmas", "levers", "why", "circle", "rings"]
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def strip_none(value: Any) -> Any:
    """The value without None anywhere in it: TOML has no null."""
    if isinstance(value, dict):
        return {k: strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_none(v) for v in value if v is not None]
    return value


def tables(value: Any) -> list[dict[str, Any]]:
    """Every table inside value, itself included, to pick one to damage."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for child in value.values():
            found += tables(child)
    elif isinstance(value, list):
        for child in value:
            found += tables(child)
    return found


@st.composite
def mutated_decks(draw: st.DrawFn) -> bytes:
    deck = copy.deepcopy(VALID_DECK)
    for _ in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(tables(deck)))
        key = draw(st.sampled_from(FIELDS))
        if draw(st.booleans()) and key in target:
            del target[key]
        else:
            target[key] = draw(values)
    try:
        return tomli_w.dumps(strip_none(deck)).encode()
    except (TypeError, ValueError):
        damaged: bytes = draw(st.binary(max_size=200))
        return damaged


@settings(max_examples=300, deadline=None)
@given(mutated_decks())
def test_mutated_decks_give_deck_error_or_a_deck(data: bytes) -> None:
    try:
        deck = parse_deck(PATH, data)
    except DeckError as error:
        assert error.problems and all(str(p).startswith("fuzz.toml") for p in error.problems)
    else:
        assert deck.cards


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_arbitrary_bytes_as_a_deck(data: bytes) -> None:
    try:
        parse_deck(PATH, data)
    except DeckError as error:
        assert str(error)


def session_bytes(tmp: Path) -> bytes:
    store = SessionStore(tmp)
    meta = SessionMeta(id="f", title="Fuzz", date=date(2026, 11, 22),
                       created=datetime(2026, 11, 22, tzinfo=timezone.utc),
                       groups=default_groups(2))
    session = store.create(meta)
    session.set(("answer", "d", "c", "g1", "rating"), 3)
    session.set(("answer", "d", "c", "g1", "note"), "note ÆØÅ | #")
    session.view(deck="d", card="c")
    session.undo()
    session.set_many([(("followup", "f1", "what"), "x"), (("followup", "f1", "who"), "y")])
    session.close()
    return session.path.read_bytes()


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_session_files_give_session_errors(tmp_path: Path, data: st.DataObject) -> None:
    folder = tmp_path / "sessions"
    original = (folder / "f.toml").read_bytes() if (folder / "f.toml").exists() else \
        session_bytes(folder)
    damage = data.draw(st.sampled_from(["truncate", "flip", "insert", "junk"]))
    damaged = bytearray(original)
    if damage == "truncate":
        damaged = damaged[: data.draw(st.integers(0, len(original)))]
    elif damage == "flip":
        for _ in range(data.draw(st.integers(1, 5))):
            spot = data.draw(st.integers(0, len(original) - 1))
            damaged[spot] = data.draw(st.integers(0, 255))
    elif damage == "insert":
        spot = data.draw(st.integers(0, len(original)))
        damaged[spot:spot] = data.draw(st.binary(min_size=1, max_size=30))
    else:
        damaged = bytearray(data.draw(st.binary(max_size=300)))
    try:
        parsed = parse_session(bytes(damaged), "f.toml")
    except SessionError as error:
        assert "f.toml" in str(error)
    else:
        assert parsed.good_size <= len(damaged)
    path = tmp_path / "other" / "g.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(bytes(damaged))
    try:
        SessionStore(path.parent).open("g").close()
    except SessionError as error:
        assert str(error)
