"""Each screen brings its own stylesheet, read when the screen is first shown: the start of
the app parses only what the start screen needs (Textual parses every stylesheet again each
time a kind of widget is first mounted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet

import cardgame
from cardgame.screens.start import StartScreen
from cardgame.screens.themeday import ThemeDayScreen
from tests.helpers import MakeApp

PACKAGE = Path(cardgame.__file__).parent
SHEETS = sorted(PACKAGE.rglob("*.tcss"))


def _read(app: App[Any]) -> set[str]:
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda path: path.name)
async def test_every_stylesheet_parses_with_the_apps_variables(
        make_app: MakeApp, sheet: Path) -> None:
    """A mistake in a screen's stylesheet would stop the app when the screen is first shown,
    in the middle of a day: found here instead."""
    app = make_app()
    async with app.run_test(size=(80, 24)):
        stylesheet = Stylesheet(variables=app.get_css_variables())
        stylesheet.read(sheet)
        stylesheet.parse()
        assert stylesheet.rules, f"{sheet.name} has no rules"


async def test_the_start_reads_only_the_apps_stylesheet_and_a_screen_brings_its_own(
        make_app: MakeApp, workspace: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert _read(app) == {"app.tcss"}
        await pilot.press("n")
        await pilot.pause()
        assert _read(app) == {"app.tcss", "form.tcss"}
        await pilot.press(*"Temadag", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert _read(app) == {"app.tcss", "form.tcss", "status.tcss", "themeday.tcss"}
        card = app.screen.query_one("#card")
        assert card.styles.max_width is not None and card.styles.max_width.value == 96
        assert card.styles.padding.top == 1


def test_every_stylesheet_belongs_to_a_screen_or_an_app() -> None:
    """No stylesheet is left behind, read by nothing, when a screen's rules move."""
    named = set()
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        named |= {sheet.name for sheet in SHEETS if f'"{sheet.name}"' in text}
    assert named == {sheet.name for sheet in SHEETS}
