"""A programme made in the app, saved, a day started with it, two rounds played, the session
reopened and exported; and every refusal of the programme screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, SelectionList, TextArea

from cardgame.screens import day_text
from cardgame.screens.dialogs import ChoiceDialog, ConfirmDialog
from cardgame.screens.new_session import NewSessionScreen
from cardgame.screens.programme import ProgrammeScreen
from cardgame.screens.round_dialog import RoundDialog
from cardgame.screens.start import StartScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.storage.programmefile import load_programme
from cardgame.widgets.timer import RoundTimer
from tests.helpers import MakeApp, Said


async def type_into(pilot: Pilot[int], widget: Widget, text: str) -> None:
    widget.focus()
    await pilot.pause()
    for char in text:
        await pilot.press("space" if char == " " else char)


def problem(screen: Screen[Any], field: str) -> str:
    line = screen.query_one(f"#problem-{field}")
    return str(line.render()) if line.has_class("-shown") else ""


async def add_round(
        pilot: Pilot[int], app: App[Any], deck: str, cards: list[str], minutes: str,
        mode: str = "plenary", note: str = "") -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, RoundDialog)
    dialog.query_one("#deck", Select).value = deck
    await pilot.pause()
    dialog.query_one("#mode", Select).value = mode
    minutes_input = dialog.query_one("#minutes", Input)
    minutes_input.value = minutes
    listing = dialog.query_one("#cards", SelectionList)
    for card in cards:  # ticked in this order: the order they are played
        listing.select(card)
        await pilot.pause()
    if note:
        dialog.query_one("#note", TextArea).text = note
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_make_save_start_play_reopen_export(make_app: MakeApp, workspace: Path) -> None:
    said = Said()
    app = make_app()
    async with app.run_test(size=(100, 34), message_hook=said.hook) as pilot:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # "Nyt program"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen)
        await type_into(pilot, screen.query_one("#title", Input), "Dag i byrådet")
        await add_round(pilot, app, "test-themes", ["skole", "aeldre"], "15",
                        note="Karakter først")
        await add_round(pilot, app, "test-roles", ["ombud"], "10")
        await add_round(pilot, app, "test-formats", ["hoering", "borgerraad"], "20", "hand")
        assert isinstance(app.screen, ProgrammeScreen)
        assert [r.deck for r in screen.rounds] == ["test-themes", "test-roles", "test-formats"]
        assert screen.rounds[0].cards == ("skole", "aeldre")
        rounds = screen.query_one("#rounds", OptionList)
        rounds.focus()
        rounds.highlighted = 2
        await pilot.press("ctrl+up")  # formats before roles
        assert [r.deck for r in screen.rounds] == ["test-themes", "test-formats", "test-roles"]
        await pilot.press("ctrl+t")  # save and start the day
        await pilot.pause()
        saved = workspace / "programmes" / "dag-i-byraadet.toml"
        assert saved.is_file() and said.has("Programmet er gemt")
        assert len(load_programme(saved).rounds) == 3
        form = app.screen
        assert isinstance(form, NewSessionScreen)
        assert form.query_one("#title", Input).value == "Dag i byrådet"
        assert form.query_one("#programme", Select).value == str(saved)
        await pilot.press("ctrl+s")
        await pilot.pause()
        day_screen = app.screen
        assert isinstance(day_screen, ThemeDayScreen)
        day = day_screen.day
        assert (day.round_number, day.card_id) == (1, "skole")
        where = str(day_screen.query_one("#where").render())
        assert "Runde 1 af 3 · Testtemaer · 15 min" in where
        assert day_screen.query_one(RoundTimer).minutes == 15
        assert "Note til runden: Karakter først" in day_text.coming(day)

        # round 1: three tables rate both cards; n goes on to round 2
        await pilot.press("4", "3", "5", "n", "2", "2", "1", "n")
        assert day.round_number == 2 and day.mode == "hand"
        assert day_screen.query_one(RoundTimer).minutes == 20
        assert said.has("Runde 2 af 3: Testformater")
        assert (day.group, day.card_id) == ("g1", "hoering")
        await pilot.press("1")  # Gruppe 1 chooses on its card
        # away from the programme and back
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("up", "enter")  # another deck
        await pilot.pause()
        await pilot.press("enter")  # in its own order
        await pilot.pause()
        assert day.away and "Uden for programmet · R: tilbage til runde 2" in str(
            day_screen.query_one("#where").render())
        await pilot.press("R")
        assert (day.round_number, day.away) == (2, False)
        await pilot.press("N")  # the rest of round 2 is skipped
        assert day.round_number == 3
        await pilot.press("N")
        assert said.has("Det er programmets sidste runde (3 af 3).")
        await pilot.press("q")
        await pilot.pause()
    session_id = day.meta.id

    again = make_app(open_session=session_id)
    async with again.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, ThemeDayScreen)
        assert screen.day.round_number == 3
        assert "Runde 3 af 3 · Testroller · 10 min" in str(screen.query_one("#where").render())
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # in Danish
        await pilot.pause()
    exported = next((workspace / "exports").glob("*.md")).read_text()
    assert "- Program: Dag i byrådet" in exported
    part = exported[exported.index("## Runde 1: Testtemaer"):]
    assert part.index("## Runde 1: Testtemaer") < part.index("## Runde 2: Testformater") \
        < part.index("## Runde 3: Testroller")
    row = next(line for line in part.splitlines() if line.startswith("|   1 |"))
    assert row.split("|")[3].strip() == "4", row  # Gruppe 1's rating
    assert "**Sprunget over (intet bord svarede):** Ombudsmanden." in part


async def test_round_dialog_refusals_keep_everything(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        app.push_screen(ProgrammeScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen)
        await pilot.press("ctrl+s")  # no title
        assert "Giv programmet en titel." in problem(screen, "title")
        await type_into(pilot, screen.query_one("#title", Input), "Dag")
        await pilot.press("ctrl+s")  # no rounds
        assert "Programmet har ingen runder endnu" in problem(screen, "rounds")
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RoundDialog)
        dialog.query_one("#title", Input).value = "Mit tema"
        dialog.query_one("#note", TextArea).text = "Husk kaffen"
        await pilot.press("ctrl+s")  # no cards, no deal
        assert "Vælg mindst ét kort" in problem(dialog, "cards")
        dialog.query_one("#cards", SelectionList).select("skole")
        dialog.query_one("#deal", Input).value = "2"
        await pilot.press("ctrl+s")
        assert "ikke begge" in problem(dialog, "cards")
        dialog.query_one("#deal", Input).value = "to"
        await pilot.press("ctrl+s")
        assert "helt tal fra 0 til 40" in problem(dialog, "deal")
        dialog.query_one("#deal", Input).value = ""
        dialog.query_one("#minutes", Input).value = "0"
        await pilot.press("ctrl+s")
        assert "helt tal fra 1 til 180" in problem(dialog, "minutes")
        dialog.query_one("#minutes", Input).value = "tyve"
        await pilot.press("ctrl+s")
        assert "helt tal fra 1 til 180" in problem(dialog, "minutes")
        assert dialog.query_one("#title", Input).value == "Mit tema"
        assert dialog.query_one("#note", TextArea).text == "Husk kaffen"
        assert dialog.order == ["skole"]
        dialog.query_one("#filter", Input).value = "ældre"  # the filter keeps the ticks
        await pilot.pause()
        listing = dialog.query_one("#cards", SelectionList)
        assert listing.option_count == 1
        listing.select("aeldre")
        await pilot.pause()
        dialog.query_one("#filter", Input).value = ""
        await pilot.pause()
        assert dialog.order == ["skole", "aeldre"]
        assert set(dialog.query_one("#cards", SelectionList).selected) == {"skole", "aeldre"}
        dialog.query_one("#minutes", Input).value = "25"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        assert screen.rounds[0].title == "Mit tema" and screen.rounds[0].minutes == 25
        await pilot.press("escape")  # not saved: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen) and screen.rounds


async def test_broken_programme_in_the_form_is_named(make_app: MakeApp, workspace: Path) -> None:
    folder = workspace / "programmes"
    folder.mkdir()
    path = folder / "dag.toml"
    path.write_text('schema = 1\n[programme]\ntitle = "Dag"\n[[rounds]]\n'
                    'deck = "test-themes"\ncards = ["skole"]\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(NewSessionScreen(programme=path))
        await pilot.pause()
        form = app.screen
        assert form.query_one("#title", Input).value == "Dag"
        path.write_text(path.read_text().replace('"skole"', '"skolen"'), encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen), "nothing created"
        message = problem(form, "programme")
        assert "Programmet kan ikke bruges" in message and "runde 1" in message
        assert "mente du «skole»?" in message
        assert not list((workspace / "sessions").glob("*.toml"))


async def test_programme_screen_refusals_and_changes(make_app: MakeApp, workspace: Path) -> None:
    said = Said()
    app = make_app()
    async with app.run_test(size=(100, 34), message_hook=said.hook) as pilot:
        app.push_screen(ProgrammeScreen())
        await pilot.pause()
        screen = app.screen
        screen.query_one("#rounds", OptionList).focus()
        await pilot.press("x")  # nothing to remove
        assert said.has("Markér en runde først")
        await pilot.press("enter")  # nothing to change
        await pilot.press("ctrl+down")
        assert said.has("Runden kan ikke flyttes længere den vej.")
        await pilot.press("escape")  # nothing made: no question
        await pilot.pause()
        assert not isinstance(app.screen, ProgrammeScreen)

        app.push_screen(ProgrammeScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen)
        screen.query_one("#title", Input).value = "Dag"
        await add_round(pilot, app, "test-themes", ["skole"], "15")
        await add_round(pilot, app, "test-roles", ["ombud"], "10")
        rounds = screen.query_one("#rounds", OptionList)
        rounds.focus()
        rounds.highlighted = 0
        await pilot.press("ctrl+up")
        assert said.has("Runden kan ikke flyttes længere den vej.")
        await pilot.press("enter")  # change round 1: minutes 15 -> 25
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RoundDialog)
        assert dialog.order == ["skole"] and dialog.query_one("#minutes", Input).value == "15"
        dialog.query_one("#minutes", Input).value = "25"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.rounds[0].minutes == 25
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # a change cancelled keeps the round as it was
        await pilot.pause()
        assert screen.rounds[0].minutes == 25
        rounds.highlighted = 1
        await pilot.press("x")
        assert said.has("Runde 2 (Testroller) er fjernet.")
        assert [r.deck for r in screen.rounds] == ["test-themes"]
        (workspace / "programmes").write_text("en fil, ikke en mappe")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert said.has("Programmet kunne ikke gemmes")
        assert screen.rounds and not screen.saved, "nothing lost when saving fails"


async def test_start_from_an_example_and_refuse_a_broken_one(
        make_app: MakeApp, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cardgame.storage import programmefile

    examples = workspace.parent / "examples"
    examples.mkdir()
    (examples / "eksempel.toml").write_text(
        'schema = 1\n[programme]\ntitle = "Eksemplet"\n[[rounds]]\ndeck = "test-themes"\n'
        'cards = ["skole"]\n', encoding="utf-8")
    (examples / "brudt.toml").write_text(
        'schema = 1\n[programme]\ntitle = "Brudt"\n[[rounds]]\ndeck = "test-themes"\n'
        'cards = ["skolen"]\n', encoding="utf-8")
    monkeypatch.setattr(programmefile, "bundled_programmes_dir", lambda: examples)
    said = Said()
    app = make_app()
    async with app.run_test(size=(100, 34), message_hook=said.hook) as pilot:
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        labels = [label for _, label, _ in dialog.choices]
        assert labels[0] == "Nyt program" and "Eksemplet · eksempel, 1 runde" in labels
        assert any("⚠" in label and "mente du «skole»?" in label for label in labels)
        broken = next(cid for cid, label, _ in dialog.choices if "⚠" in label)
        dialog.dismiss(broken)
        await pilot.pause()
        assert said.has("Programmet kan ikke bruges")
        assert not isinstance(app.screen, ProgrammeScreen)
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        example = next(cid for cid, label, _ in dialog.choices if "Eksemplet" in label)
        dialog.dismiss(example)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen) and screen.path is None, "a copy"
        assert screen.query_one("#title", Input).value == "Eksemplet"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (workspace / "programmes" / "eksemplet.toml").is_file()
        assert (examples / "eksempel.toml").read_text().count("skole") == 1, "example untouched"


async def test_programme_keys_without_a_programme_say_why(
        make_app: MakeApp, workspace: Path) -> None:
    from tests.helpers import new_session

    session, _ = new_session(workspace / "sessions")
    session.close()
    said = Said()
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(100, 34), message_hook=said.hook) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.press("R")
        assert said.has("Temadagen følger ikke et program.")
        assert "Runde" not in str(app.screen.query_one("#where").render())
