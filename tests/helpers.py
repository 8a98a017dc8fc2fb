"""Shared builders for tests: the fixture decks and a session on them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from cardgame.app import CardgameApp
from cardgame.domain.decks import Deck
from cardgame.domain.errors import RuleError
from cardgame.domain.session import SessionMeta, default_groups, new_meta
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.storage.store import OpenSession, SessionStore
from cardgame.storage.workspace import DeckLibrary

FIXTURE_DECKS = Path(__file__).parent / "fixtures" / "decks"

MakeApp = Callable[..., "CardgameApp"]
"""The `make_app` fixture: the app on the fixture decks in the test's workspace."""
SnapCompare = Callable[..., bool]
"""pytest-textual-snapshot's `snap_compare` fixture."""
RunBefore = Callable[[Pilot[Any]], Any]
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


def new_session(folder: Path, groups: int = 3, deck_ids: list[str] | None = None
                ) -> tuple[OpenSession, dict[str, Deck]]:
    """A theme day on the fixture decks, created and open (its decks kept in its file)."""
    library = fixture_library()
    decks = [library.decks[d] for d in deck_ids or THEME_DAY_DECKS]
    session = SessionStore(folder).create(theme_day_meta(decks, groups), decks)
    return session, library.decks


class Said(list[str]):
    """What the app said in toasts, collected through `run_test(message_hook=said.hook)`."""

    def hook(self, message: object) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            self.append(message.notification.message)

    def has(self, text: str) -> bool:
        return any(text in line for line in self)


def set_field(screen: Screen[Any], name: str, value: str) -> None:
    """Type a value into a dialog field, whether it is one line (Input) or several (TextArea)."""
    from textual.widgets import Input, TextArea

    widget = screen.query_one(f"#field-{name}")
    if isinstance(widget, TextArea):
        widget.text = value
    else:
        assert isinstance(widget, Input)
        widget.value = value


def field_value(screen: Screen[Any], name: str) -> str:
    from textual.widgets import Input, TextArea

    widget = screen.query_one(f"#field-{name}")
    if isinstance(widget, TextArea):
        return widget.text
    assert isinstance(widget, Input)
    return widget.value


async def fill_dialog(pilot: Pilot[int], values: dict[str, str]) -> None:
    """Fill a text dialog's fields and save it with ctrl+s."""
    from cardgame.screens.dialogs import TextDialog

    dialog = pilot.app.screen
    assert isinstance(dialog, TextDialog)
    for name, value in values.items():
        set_field(dialog, name, value)
    await pilot.press("ctrl+s")
    await pilot.pause()


def reason_key(reason: RuleError | None) -> str | None:
    """The catalogue key of a rule's reason, None when the rule lets the action act."""
    return reason.key if reason is not None else None


@dataclass
class OpenDay:
    """A theme day open in the app, for a test to drive: the app, its pilot, the screen, and
    what the app said in toasts."""

    app: CardgameApp
    pilot: Pilot[int]
    screen: ThemeDayScreen
    said: Said


def session_on(workspace: Path, deck_ids: list[str] | None = None, groups: int = 3) -> str:
    """A theme day on the fixture decks, saved and closed in the workspace; its id."""
    session, _ = new_session(workspace / "sessions", groups, deck_ids)
    session.close()
    return session.meta.id


@asynccontextmanager
async def theme_day_open(make_app: MakeApp, workspace: Path, deck_ids: list[str] | None = None,
                         groups: int = 3, size: tuple[int, int] = (100, 32)
                         ) -> AsyncIterator[OpenDay]:
    """Open a new theme day in the app and hand it to the test; quit at the end."""
    said = Said()
    app = make_app(open_session=session_on(workspace, deck_ids, groups))
    async with app.run_test(size=size, message_hook=said.hook) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        yield OpenDay(app, pilot, screen, said)
