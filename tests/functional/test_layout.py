"""What a facilitator sees at 80×24, 50×16 (a big projector font), 40×12 and 200×55, and the
screens around the theme day: browse, help, the command palette, the start screen, the circle,
the potential (U5, U8, U10, U11, U14, U18, U24, U26, U27, U28)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Input, OptionList, TextArea

from cardgame.screens.browse import BrowseScreen
from cardgame.screens.influence import InfluenceScreen
from cardgame.screens.potential import PotentialScreen
from cardgame.screens.start import StartScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.widgets.answer_panel import AnswerPanel
from cardgame.widgets.card_view import CardView
from cardgame.widgets.timer import RoundTimer
from tests.helpers import FIXTURE_DECKS, MakeApp, Said, new_session


def session_on(workspace: Path, deck_ids: list[str] | None = None) -> str:
    session, _ = new_session(workspace / "sessions", 3, deck_ids)
    sid = session.meta.id
    session.close()
    return sid


def footer_text(screen: Screen[Any]) -> str:
    from textual.widgets import Footer

    return " ".join(str(key.render()) for key in screen.query_one(Footer).children)


@pytest.mark.parametrize("size", [(50, 16), (40, 12)], ids=["50x16", "40x12"])
async def test_u5_the_card_comes_first_on_a_big_font(make_app: MakeApp, workspace: Path,
                                                     size: tuple[int, int]) -> None:
    app = make_app(open_session=session_on(workspace, ["test-formats"]))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen) and screen.has_class("-narrow")
        card = screen.query_one(CardView)
        panel = screen.query_one(AnswerPanel)
        assert card.size.width >= size[0] - 2, "the card gets the whole width"
        assert panel.has_class("-strip") and panel.region.y > card.region.y, \
            "the groups fold into a strip under the card"
        await pilot.press("1")
        await pilot.pause()
        assert "Gruppe 1" in str(panel.content)


async def test_u5_a_large_terminal_gives_the_card_room(make_app: MakeApp, workspace: Path) -> None:
    app = make_app(open_session=session_on(workspace, ["test-themes"]))
    async with app.run_test(size=(200, 55)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-wide")
        view = screen.query_one(CardView)
        assert view.size.width >= 100
        text = str(view.content)
        assert "━━━" in text, "the title is underlined on a large screen"


async def test_u8_projection_keeps_the_timer(make_app: MakeApp, workspace: Path) -> None:
    app = make_app(open_session=session_on(workspace, ["test-themes"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("t", "f")
        await pilot.pause()
        assert screen.has_class("projection")
        timer = screen.query_one(RoundTimer)
        assert timer.display and timer.region.width > 0 and "▶" in str(timer.render())
        assert not screen.query_one("#status").display
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.has_class("projection") and app.screen is screen


async def test_u11_u24_footer_and_header_at_80_columns(make_app: MakeApp, workspace: Path) -> None:
    app = make_app(open_session=session_on(workspace, ["test-themes"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        footer = footer_text(screen)
        for key in ("?", "q", "e", "f"):
            assert key in footer, (key, footer)
        where = str(screen.query_one("#where").render())
        assert where == "Testtemaer · Kort 1 af 3 · ✓ 0/3", "the header fits, nothing cut"
        status = str(screen.query_one("#status").render())
        assert ".toml" not in status and "hændelser" not in status
        assert status.startswith("Gemt kl. ") and status.endswith(" · Temadag i byrådet")


async def test_u11_q_and_escape_mean_the_same_everywhere(
        make_app: MakeApp, workspace: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0, "q quits from Browse too"


async def test_u10_browse_shows_every_scenario_and_filters(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        listing = screen.query_one(OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        listing.highlighted = ids.index("test-formats/borgerraad")
        await pilot.pause()
        text = str(screen.query_one(CardView).content)
        assert "SCENARIE 1 AF 2" in text and "SCENARIE 2 AF 2" in text
        await pilot.press("slash")
        for key in "skole":
            await pilot.press(key)
        await pilot.pause()
        names = [str(listing.get_option_at_index(i).prompt) for i in
                 range(listing.option_count)]
        assert any("Folkeskolen" in n for n in names) and not any("Borgerråd" in n for n in names)
        screen.query_one("#browse-filter", Input).value = "xyzzy"
        await pilot.pause()
        assert screen.query_one("#browse-no-hits").has_class("-shown")
        await pilot.press("escape")  # clears the filter first
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert screen.query_one("#browse-filter", Input).value == ""


async def test_u18_the_palette_speaks_danish_and_offers_only_our_commands(
        make_app: MakeApp, workspace: Path) -> None:
    app = make_app(open_session=session_on(workspace, ["test-themes"]))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(Input).placeholder == "Søg efter en handling …"
        await pilot.pause(0.3)
        options = palette.query_one(OptionList)
        names = " | ".join(str(options.get_option_at_index(i).prompt)
                           for i in range(options.option_count))
        assert "Næste kort" in names and "Eksportér" in names and "Lys/mørk" in names
        for english in ("Screenshot", "Theme", "Keys", "Quit", "Copy"):
            assert english not in names
        assert "Fortryd" not in names, "undo cannot act now, so it is not offered"
        for key in "eksp":
            await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert "Eksportér noterne" in str(app.screen.query_one(".title").render())


async def test_u28_broken_decks_are_named_at_start(make_app: MakeApp, workspace: Path) -> None:
    decks = workspace / "decks"
    decks.mkdir()
    (decks / "a.toml").write_text("schema = 1\n[deck]\nid = \"a\"\n", encoding="utf-8")
    (decks / "b.toml").write_text("this is = = not toml\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        text = str(app.screen.query_one("#start-problems").render())
        assert "2 kortfiler kan ikke læses og er ikke med:" in text
        assert "a.toml" in text and "b.toml" in text and "TOML-fejl" in text
        assert f'cardgame decks validate "{decks}"' in text


async def test_u24_u20_the_start_screen_counts_in_danish(
        make_app: MakeApp, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions", groups=1)
    session.set(("answer", "test-themes", "aeldre", "g1", "rating"), 3)
    session.close()
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one(OptionList)
        lines = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert any("· 1 gruppe · 1 registrering ·" in line for line in lines), lines


def map_session(workspace: Path, bundled: bool = False) -> str:
    from datetime import date, datetime, timezone

    from cardgame.domain.session import default_groups, new_meta
    from cardgame.storage.store import SessionStore
    from cardgame.storage.workspace import DeckLibrary, bundled_decks_dir

    deck = DeckLibrary.load([bundled_decks_dir()]).decks["indflydelse"] if bundled else \
        DeckLibrary.load([FIXTURE_DECKS]).decks["test-influence"]
    meta = new_meta("Kortlægning", date(2026, 11, 22), datetime(2026, 11, 22, tzinfo=timezone.utc),
                    default_groups(1), [deck], set(), kind="influence-map",
                    actors=["Kommunaldirektøren"])
    SessionStore(workspace / "sessions").create(meta, [deck]).close()
    return meta.id


@pytest.mark.parametrize("size", [(120, 40), (160, 45), (80, 24)], ids=str)
async def test_u26_ring_names_are_readable(make_app: MakeApp, workspace: Path,
                                           size: tuple[int, int]) -> None:
    app = make_app(open_session=map_session(workspace))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        rings = str(screen.query_one("#rings").render())
        for name in screen.map.rings:
            assert name in rings
        status = screen.query_one("#map-status")
        assert status.region.width > 0 and "Gemt kl." in str(status.render())


async def test_u6_keys_on_the_circle_say_why(make_app: MakeApp, workspace: Path) -> None:
    said = Said()
    app = make_app(open_session=map_session(workspace))
    async with app.run_test(size=(120, 40), message_hook=said.hook) as pilot:
        await pilot.pause()
        await pilot.press("left", "0", "up", "a", "tab", "ctrl+z")
        await pilot.pause()
        for text in ("ikke placeret på cirklen endnu", "Det er det første element.",
                     "Der er kun én aktør", "Der er kun én gruppe.", "intet at fortryde"):
            assert said.has(text), (text, said)
        await pilot.press("4", "right")
        await pilot.pause()
        assert said.has("allerede i den inderste ring (Afgørende)")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert said.has("Fortrudt: placeringen af «Strategi» (Kommunaldirektøren)")


async def test_u14_u27_potential_questions_wrap_and_take_the_first_keys(
        make_app: MakeApp, workspace: Path) -> None:
    app = make_app(open_session=map_session(workspace, bundled=True))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PotentialScreen)
        first = screen.query_one("#question-1", TextArea)
        assert first.has_focus, "focus starts in the first question"
        label = screen.query(".question").first()
        assert label.size.height >= 2, "a long question wraps instead of being cut"
        for key in "Vi vil":
            await pilot.press("space" if key == " " else key)
        assert first.text == "Vi vil"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InfluenceScreen)
        assert app.screen.map.guide_answer(1) == "Vi vil"


async def test_a_card_longer_than_the_screen_scrolls_with_the_keys(make_app: MakeApp,
                                                                   workspace: Path) -> None:
    app = make_app(open_session=session_on(workspace, ["test-formats"]))
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(CardView)
        await pilot.press("i")  # the details make it long
        await pilot.pause()
        assert card.max_scroll_y > 2, "longer than the screen"
        await pilot.press("down", "down")
        assert card.scroll_y == 2
        await pilot.press("end")
        assert card.scroll_y == card.max_scroll_y
        await pilot.press("home")
        assert card.scroll_y == 0
        await pilot.press("pagedown")
        assert card.scroll_y > 2
        await pilot.press("right")  # the arrows across still deal: the next card, from its top
        await pilot.pause()
        assert "Kort 2 af" in str(app.screen.query_one("#where").render())
        assert card.scroll_y == 0
