"""Starting and opening: the first screen comes first, a session opened from the command line
stands alone, and what cannot be opened is said on the start screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from cardgame.screens.start import StartScreen
from cardgame.screens.themeday import ThemeDayScreen
from tests.helpers import MakeApp, new_session


def _saved_session(workspace: Path) -> str:
    """A theme day saved and closed in the workspace; its id."""
    session, _ = new_session(workspace / "sessions")
    session.close()
    return session.meta.id


async def test_the_start_screen_lists_the_sessions_right_after_its_first_frame(
        make_app: MakeApp, workspace: Path) -> None:
    sid = _saved_session(workspace)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, StartScreen)
        menu = app.screen.query_one("#start-menu", OptionList)
        await pilot.pause()
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids[:7] == ["new", "prepare", "map", "compare", "browse", "language", "quit"]
        assert f"resume:{sid}" in ids


async def test_opening_a_session_directly_does_not_read_every_session(
        make_app: MakeApp, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cardgame.storage.store import SessionStore, SessionSummary

    sid = _saved_session(workspace)
    listed: list[int] = []
    real = SessionStore.summaries
    def counted(self: SessionStore) -> list[SessionSummary]:
        listed.append(1)
        return real(self)

    monkeypatch.setattr(SessionStore, "summaries", counted)
    app = make_app(open_session=sid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert listed == []  # the start screen under it waits until it is shown
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and listed == [1]


async def test_slow_work_of_the_start_screen_waits_for_the_first_frame(
        make_app: MakeApp, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cardgame.app import CardgameApp
    from cardgame.storage.store import SessionStore, SessionSummary

    order: list[str] = []
    ready, summaries = CardgameApp.on_ready, SessionStore.summaries
    def first_frame(self: CardgameApp) -> None:
        order.append("first frame")
        ready(self)

    def sessions_read(self: SessionStore) -> list[SessionSummary]:
        order.append("sessions read")
        return summaries(self)

    monkeypatch.setattr(CardgameApp, "on_ready", first_frame)
    monkeypatch.setattr(SessionStore, "summaries", sessions_read)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.after_first_frame(lambda: order.append("later"))  # after it: at the next refresh
        await pilot.pause()
    assert order == ["first frame", "sessions read", "later"]


async def test_a_remembered_theme_is_the_first_frames_theme(
        make_app: MakeApp, tmp_path: Path) -> None:
    from textual.color import Color

    from cardgame.storage.settings import Settings, save_settings
    from cardgame.themes import LIGHT

    save_settings(tmp_path / "config" / "settings.toml", Settings("da", LIGHT.name))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == LIGHT.name and "-light-mode" in app.classes
        assert app.screen.styles.background == Color.parse(LIGHT.background or "")


async def test_a_session_opened_directly_has_no_start_screen_made_under_it(
        make_app: MakeApp, workspace: Path) -> None:
    sid = _saved_session(workspace)
    app = make_app(open_session=sid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert not any(isinstance(s, StartScreen) for s in app.screen_stack)
        session = app.screen.session
        await pilot.press("escape", "y")  # leaving: the start screen is made now, with the list
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and len(app.screen_stack) == 2
        assert not session.lock.held, "the session was closed on the way out"
        menu = app.screen.query_one("#start-menu", OptionList)
        await pilot.pause()
        assert f"resume:{sid}" in [menu.get_option_at_index(i).id
                                   for i in range(menu.option_count)]
        await pilot.press("n")  # and the start screen works as ever: a new theme day
        await pilot.pause()
        assert not isinstance(app.screen, StartScreen)


async def test_a_session_that_cannot_be_opened_leaves_the_start_screen_and_says_why(
        make_app: MakeApp) -> None:
    from tests.helpers import Said

    said = Said()
    app = make_app(open_session="2026-01-01-findes-ikke")
    async with app.run_test(size=(120, 40), message_hook=said.hook) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert said.has("2026-01-01-findes-ikke")


async def test_the_backup_offer_of_a_direct_open_stands_on_the_start_screen(
        make_app: MakeApp, workspace: Path) -> None:
    from cardgame.screens.dialogs import ConfirmDialog

    session, _ = new_session(workspace / "sessions")
    session.close()  # the backup is written on close
    session.path.write_bytes(b"\x00\x01 this is not a session")
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # not now
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_the_start_screen_is_the_first_screen_not_one_over_an_empty_one(
        make_app: MakeApp, workspace: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen) and app.screen_stack == [start]
        await pilot.press("n")  # a new theme day, over the start screen
        await pilot.pause()
        await pilot.press(*"Temadag", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert app.screen_stack == [start, app.screen]
        await pilot.press("escape", "y")  # back to the same start screen, the session listed
        await pilot.pause()
        assert app.screen_stack == [start]
        menu = start.query_one("#start-menu", OptionList)
        await pilot.pause()
        assert any(str(menu.get_option_at_index(i).id).startswith("resume:")
                   for i in range(menu.option_count))
        await pilot.press("q")  # and q still ends the app from it
        await pilot.pause()
        assert app.return_code == 0


