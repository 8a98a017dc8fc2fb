"""Shared builders for tests: the fixture decks and a session on them."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from cardgame.domain.decks import Deck
from cardgame.domain.session import SessionMeta, default_groups, new_meta
from cardgame.storage.store import OpenSession, SessionStore
from cardgame.storage.workspace import DeckLibrary

FIXTURE_DECKS = Path(__file__).parent / "fixtures" / "decks"
THEME_DAY_DECKS = ["test-themes", "test-formats", "test-roles"]


def fixture_library() -> DeckLibrary:
    library = DeckLibrary.load([FIXTURE_DECKS])
    assert not library.problems, library.problems
    return library


def theme_day_meta(decks: list[Deck], groups: int = 3, sid: str = "") -> SessionMeta:
    meta = new_meta("Temadag i byrådet", date(2026, 11, 22),
                    datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc), default_groups(groups),
                    decks, set(), municipality="Testrup", facilitator="Anne")
    return meta.model_copy(update={"id": sid}) if sid else meta


def new_session(folder: Path, groups: int = 3) -> tuple[OpenSession, dict[str, Deck]]:
    library = fixture_library()
    decks = [library.decks[d] for d in THEME_DAY_DECKS]
    session = SessionStore(folder).create(theme_day_meta(decks, groups))
    return session, library.decks
