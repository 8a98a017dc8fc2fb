"""A whole small theme day played through the app with Pilot, then reopened."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from cardgame.domain.themeday import ThemeDay
from cardgame.screens.dialogs import ChoiceDialog
from cardgame.screens.new_session import NewSessionScreen
from cardgame.screens.start import StartScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.storage.store import SessionStore
from cardgame.widgets.timer import RoundTimer
from tests.helpers import MakeApp, fill_dialog


async def type_text(pilot: Pilot[int], text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)




async def test_whole_theme_day_then_reopen(make_app: MakeApp, workspace: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")
        assert isinstance(app.screen, NewSessionScreen)
        await type_text(pilot, "Temadag")
        app.screen.query_one("#municipality", Input).value = "Testrup"
        app.screen.query_one("#names", Input).value = "Bord A, Bord B, Bord C"
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        day: ThemeDay = screen.day
        assert [g.name for g in day.meta.groups] == ["Bord A", "Bord B", "Bord C"]
        assert day.card_id == "aeldre"

        # welfare theme: three ratings with the number keys, then a whole answer with a note
        await pilot.press("4", "2", "5")
        assert [day.answer(g).rating for g in ("g1", "g2", "g3")] == [4, 2, 5]
        await pilot.press("shift+tab")  # back from Bord C to Bord B
        assert day.group == "g2"
        await pilot.press("enter")
        await fill_dialog(pilot, {"rating": "3", "note": "Pårørende | vil gerne # være med"})
        assert day.answer("g2").rating == 3
        assert day.answer("g2").note == "Pårørende | vil gerne # være med"

        # undo twice (the whole answer, then Bord C's rating), redo once
        await pilot.press("ctrl+z", "ctrl+z")
        assert day.answer("g2").rating == 2 and day.answer("g3").rating is None
        await pilot.press("ctrl+y")
        assert day.answer("g3").rating == 5

        # dialogue formats: pick the deck in its own order, choose options, another answer
        await pilot.press("d")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")
        await pilot.press("enter")  # the order: deck order
        await pilot.pause()
        assert day.deck_id == "test-formats" and day.card_id == "borgerraad"
        await pilot.press("1", "3")
        await pilot.press("0")
        await fill_dialog(pilot, {"other": "Vi spørger ældrerådet først"})
        assert [day.answer(g).option for g in ("g1", "g2", "g3")] == [1, 3, 0]
        await pilot.press("s")  # second scenario
        await pilot.press("tab")  # the second scenario starts at Bord A; step on to Bord B
        await pilot.press("2")
        assert day.answer("g2", scenario="s2").option == 2

        # politician roles: challenges and levers
        await pilot.press("d")  # the list opens on the current deck
        await pilot.press("down", "enter")
        await pilot.press("enter")
        await pilot.pause()
        assert day.deck_id == "test-roles"
        await pilot.press("enter")
        await fill_dialog(pilot, {"challenges": "Mange stemmer", "levers": "Klare mandater"})
        assert day.answered("g1") and day.group == "g2"

        # the timer: set 2 minutes, start, pause
        await pilot.press("T")
        app.screen.query_one("#number").value = "2"
        await pilot.press("enter")
        timer = screen.query_one(RoundTimer)
        assert timer.remaining == 120
        await pilot.press("t")
        assert timer.running
        await pilot.press("t")
        assert not timer.running

        # the card view shows the group's choices on a dialogue card
        await pilot.press("q")
    assert app.return_code == 0

    # reopen: the same card, the same group, every answer
    store = SessionStore(workspace / "sessions")
    sid = store.summaries()[0].id
    again = make_app(open_session=sid)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, ThemeDayScreen)
        day = screen.day
        assert day.deck_id == "test-roles" and day.card_id == "ombud" and day.group == "g2"
        assert day.answer("g1").levers == "Klare mandater"
        themes = next(d for d in day.decks if d.id == "test-themes")
        aeldre = themes.card("aeldre")
        assert [day.answer(g, aeldre, deck=themes).rating for g in ("g1", "g2", "g3")] == \
            [4, 2, 5]
        formats = next(d for d in day.decks if d.id == "test-formats")
        raad = formats.card("borgerraad")
        assert day.answer("g3", raad, "s1", formats).other == "Vi spørger ældrerådet først"
        assert day.answer("g2", raad, "s2", formats).option == 2
        # undo still works after reopening: the roles answer goes first
        await pilot.press("ctrl+z")
        assert day.answer("g1").levers == ""
        await pilot.press("q")


async def test_undo_key_hidden_when_nothing_to_undo(make_app: MakeApp) -> None:
    from tests.helpers import new_session

    session, _ = new_session(Path("sessions"))
    sid = session.meta.id
    session.close()
    app = make_app(open_session=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.check_action("undo", ()) is None
        await pilot.press("3")
        assert screen.check_action("undo", ()) is True
        await pilot.press("q")


async def test_locked_session_is_refused_with_a_message(make_app: MakeApp) -> None:
    from tests.helpers import Said, new_session

    session, _ = new_session(Path("sessions"))
    said = Said()
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(80, 24), message_hook=said.hook) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert said.has("allerede åben i en anden cardgame"), said
        await pilot.press("q")
    session.close()


async def test_failed_save_is_shown_and_caught_up(
        make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from tests.helpers import new_session

    session, _ = new_session(Path("sessions"))
    sid, path = session.meta.id, session.path
    session.close()
    app = make_app(open_session=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        real_write = os.write

        def full(fd: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "write", full)
        await pilot.press("4")
        status = str(screen.query_one("#status").render())
        assert "IKKE GEMT: disken er fuld. 1 ændring venter" in status
        assert screen.query_one("#status").has_class("-error")
        assert b'"rating"' not in path.read_bytes()
        monkeypatch.setattr(os, "write", real_write)
        await pilot.press("5")  # the next save writes both
        assert not screen.query_one("#status").has_class("-error")
        await pilot.press("q")
    reopened = SessionStore(path.parent).open(sid)
    assert reopened.state.get("answer", "test-themes", "aeldre", "g1", "rating") == 4
    assert reopened.state.get("answer", "test-themes", "aeldre", "g2", "rating") == 5
    reopened.close()
