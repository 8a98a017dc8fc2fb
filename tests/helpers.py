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


def set_field(screen, name: str, value: str) -> None:  # noqa: ANN001 - a dialog or form
    """Type a value into a dialog field, whether it is one line (Input) or several (TextArea)."""
    from textual.widgets import Input, TextArea

    widget = screen.query_one(f"#field-{name}")
    if isinstance(widget, TextArea):
        widget.text = value
    else:
        assert isinstance(widget, Input)
        widget.value = value


def field_value(screen, name: str) -> str:  # noqa: ANN001
    from textual.widgets import TextArea

    widget = screen.query_one(f"#field-{name}")
    return widget.text if isinstance(widget, TextArea) else widget.value


async def fill_dialog(pilot, values: dict[str, str]) -> None:  # noqa: ANN001 - Pilot
    """Fill a text dialog's fields and save it with ctrl+s."""
    from cardgame.screens.dialogs import TextDialog

    dialog = pilot.app.screen
    assert isinstance(dialog, TextDialog)
    for name, value in values.items():
        set_field(dialog, name, value)
    await pilot.press("ctrl+s")
    await pilot.pause()
