"""Small and odd terminals: nothing crashes, and the card's text stays on screen."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from cardgame.screens.dialogs import TextDialog
from cardgame.screens.themeday import ThemeDayScreen
from tests.helpers import MakeApp, new_session, set_field


def screen_text(app: App[Any]) -> str:
    """The characters on the screen, from the SVG screenshot."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def session_id() -> str:
    session, _ = new_session(Path("sessions"))
    sid = session.meta.id
    session.close()
    return sid


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_theme_day_at_small_sizes(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app(open_session=session_id())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        for key in ("4", "n", "d", "escape", "slash", "escape", "question_mark", "escape",
                    "f", "f", "enter", "escape", "k"):
            await pilot.press(key)
            assert app.is_running, f"still running after {key}"
        screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
        assert isinstance(screen, ThemeDayScreen) and screen.session.status.ok
        await pilot.press("q")


async def test_resize_while_a_modal_is_open(make_app: MakeApp) -> None:
    app = make_app(open_session=session_id())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, TextDialog)
        for size in ((60, 20), (40, 12), (160, 45), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        set_field(app.screen, "rating", "3")
        await pilot.click("#save")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        assert screen.day.answer("g1").rating == 3
        await pilot.press("q")


async def test_card_title_and_summary_visible_at_80x24(make_app: MakeApp) -> None:
    app = make_app(open_session=session_id())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Ældreområdet" in shown and "Pleje og omsorg for ældre borgere." in shown
        await pilot.press("f")
        shown = screen_text(app)
        assert "Ældreområdet" in shown and "Gruppe 1" in shown
        await pilot.press("q")
