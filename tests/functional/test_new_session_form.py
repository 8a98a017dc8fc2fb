"""The new-session form refuses every bad input in the form itself, keeps what was typed, and
never ends the app (U1, U4, U13, U21, U24, F9, F15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList

from cardgame.screens.new_session import NewSessionScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.storage.store import SessionStore
from tests.helpers import MakeApp, Said


async def open_form(pilot: Pilot[int]) -> NewSessionScreen:
    await pilot.press("n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, NewSessionScreen)
    return form


def typed(form: NewSessionScreen) -> dict[str, str]:
    return {i.id or "": i.value for i in form.query(Input)}


def problem(form: NewSessionScreen, field: str) -> str:
    line = form.query_one(f"#problem-{field}")
    assert line.has_class("-shown"), f"no problem shown for {field}"
    return str(line.render())


CASES = [
    ("blank title", {"title": ""}, "title", "Skriv en titel på sessionen."),
    ("spaces-only title", {"title": "    "}, "title", "Skriv en titel på sessionen."),
    ("empty names", {"names": "", "count": "3"}, "names",
     "Der står 0 navne, men antallet af grupper er 3."),
    ("13 names", {"names": ", ".join(f"Bord {i}" for i in range(1, 14)), "count": "13"},
     "count", "Antal grupper skal være et tal fra 1 til 12 (der står «13»)."),
    ("same name twice", {"names": "Bord A, Bord A", "count": "2"}, "names",
     "To grupper hedder «Bord A»."),
    ("same name other case", {"names": "Bord A, bord a", "count": "2"}, "names",
     "To grupper hedder «bord a»."),
    ("U21 date that does not exist", {"date": "2026-02-30"}, "date",
     "Datoen 2026-02-30 findes ikke i kalenderen."),
    ("date in words", {"date": "i morgen"}, "date",
     "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-11-22 (der står «i morgen»)."),
    ("count 0", {"count": "0"}, "count", "(der står «0»)"),
    ("count -5", {"count": "-5"}, "count", "(der står «-5»)"),
    ("count in words", {"count": "fem"}, "count", "(der står «fem»)"),
    ("count and names disagree", {"count": "5", "names": "A, B, C"}, "names",
     "Der står 3 navne, men antallet af grupper er 5."),
    ("name too long", {"names": "A" * 60 + ", B, C"}, "names", "højst 40 tegn"),
]


@pytest.mark.parametrize(("case", "values", "field", "message"), CASES,
                         ids=[c[0] for c in CASES])
async def test_u1_every_bad_field_is_said_in_the_form(make_app: MakeApp, workspace: Path, case: str,
                                                       values: dict[str, str], field: str,
                                                       message: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        form.query_one("#title", Input).value = "Temadag"
        for name in ("count", "names", "date", "title"):  # in the order a person types them
            if name in values:
                form.query_one(f"#{name}", Input).value = values[name]
                await pilot.pause()
        before = typed(form)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "the form stays open"
        assert message in problem(form, field)
        assert form.query_one(f"#{field}").has_class("-refused")
        assert typed(form) == before, "nothing typed is thrown away"
        assert SessionStore(workspace / "sessions").summaries() == []
        # the app keeps running: correct the field and create
    assert app.return_code in (None, 0)


async def test_u1_no_deck_ticked(make_app: MakeApp, workspace: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        form.query_one("#title", Input).value = "Temadag"
        form.query_one("#decks", SelectionList).deselect_all()
        await pilot.pause()
        assert "Intet kortsæt er valgt." in str(form.query_one("#chosen-decks").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Vælg mindst ét kortsæt." in problem(form, "decks")
        form.query_one("#decks", SelectionList).select("test-themes")
        await pilot.pause()
        assert not form.query_one("#problem-decks").has_class("-shown")
        assert "Valgt: Testtemaer" in str(form.query_one("#chosen-decks").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert [ref.id for ref in app.screen.session.meta.decks] == ["test-themes"]


async def test_u4_names_follow_the_count_and_come_back(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        names = form.query_one("#names", Input)
        count = form.query_one("#count", Input)
        count.value = "5"
        await pilot.pause()
        assert names.value == "Gruppe 1, Gruppe 2, Gruppe 3, Gruppe 4, Gruppe 5"
        names.value = "Bord A, Bord B, Bord C, Bord D, Bord E"
        await pilot.pause()
        count.value = "2"
        await pilot.pause()
        assert names.value == "Bord A, Bord B"
        count.value = "4"
        await pilot.pause()
        assert names.value == "Bord A, Bord B, Bord C, Bord D", "typed names come back"
        form.query_one("#title", Input).value = "Fire borde"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert [g.name for g in app.screen.session.meta.groups] == \
            ["Bord A", "Bord B", "Bord C", "Bord D"]


async def test_f15_names_with_tabs_and_newlines_are_cleaned(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        form.query_one("#title", Input).value = "  Temadag\tom\nborgerdialog  "
        form.query_one("#names", Input).value = "Bord\t1, Bord\n2,  Bord   3 "
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        meta = screen.session.meta
        assert meta.title == "Temadag om borgerdialog"
        assert [g.name for g in meta.groups] == ["Bord 1", "Bord 2", "Bord 3"]


async def test_f8_a_folder_that_cannot_be_written_is_said_in_the_form(
        make_app: MakeApp, workspace: Path) -> None:
    (workspace / "sessions").write_text("not a folder")  # sessions/ is in the way
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        form.query_one("#title", Input).value = "Temadag"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "er en fil, ikke en mappe" in problem(form, "general")
        assert typed(form)["title"] == "Temadag"


async def test_u24_chosen_decks_are_named_under_the_list(make_app: MakeApp) -> None:
    said = Said()
    app = make_app()
    async with app.run_test(size=(100, 40), message_hook=said.hook) as pilot:
        form = await open_form(pilot)
        chosen = str(form.query_one("#chosen-decks").render())
        assert chosen.startswith("Valgt: ") and "Testtemaer" in chosen
        assert "Indflydelse" not in chosen, "the mapping deck is not ticked for a theme day"
