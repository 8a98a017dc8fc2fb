"""Every key and dialog of the theme day that cannot do what was asked says why, keeps what
was typed, and changes nothing (U2, U3, U6, U9, U11, U12, U13, U16, U17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from cardgame.screens.dialogs import ChoiceDialog, ConfirmDialog, NumberDialog, TextDialog
from cardgame.screens.help import HelpScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.widgets.answer_panel import AnswerPanel
from cardgame.widgets.card_view import CardView
from cardgame.widgets.timer import RoundTimer
from tests.conftest import OpenDayFactory
from tests.helpers import MakeApp, field_value, fill_dialog, session_on, set_field

# U2: a wrong value in the answer dialog keeps the dialog, the mark and the reason -----------

WRONG_ANSWERS = [
    ("rating in words", ["test-themes"], {"rating": "fire"}, "rating",
     "Skriv vurderingen som et tal fra 1 til 5 (der står «fire»)."),
    ("rating 7", ["test-themes"], {"rating": "7"}, "rating",
     "En vurdering er et tal fra 1 til 5."),
    ("option 7", ["test-formats"], {"option": "7"}, "option",
     "Vælg et svar fra 1 til 3, eller 0 for andet svar."),
    ("option 0 without text", ["test-formats"], {"option": "0", "other": ""}, "other",
     "Skriv gruppens eget svar, når valget er 0."),
]


@pytest.mark.parametrize(("case", "decks", "values", "field", "message"), WRONG_ANSWERS,
                         ids=[c[0] for c in WRONG_ANSWERS])
async def test_u2_a_wrong_field_keeps_the_dialog_and_the_reason(
        open_day: OpenDayFactory, case: str, decks: list[str], values: dict[str, str],
        field: str, message: str) -> None:
    reason_field = "note" if decks == ["test-themes"] else "reason"
    async with open_day(decks) as day:
        app, pilot, screen = day.app, day.pilot, day.screen
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        reason = "Pårørende skal med, men byrådet har ansvaret.\nOg en linje mere."
        set_field(dialog, reason_field, reason)
        for name, value in values.items():
            set_field(dialog, name, value)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog, "the dialog stays open"
        shown = dialog.query_one(f"#problem-{field}")
        assert shown.has_class("-shown") and message in str(shown.render())
        assert dialog.query_one(f"#field-{field}").has_class("-refused")
        assert field_value(dialog, reason_field) == reason, "the reason is kept"
        assert screen.session.state.values == {}, "nothing was recorded"


async def test_u2_correcting_the_field_saves_the_whole_answer(
        open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"]) as day:
        app, pilot, screen = day.app, day.pilot, day.screen
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        set_field(dialog, "rating", "fire")
        set_field(dialog, "note", "En lang begrundelse\nover to linjer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        set_field(dialog, "rating", "4")
        await pilot.pause()
        assert not dialog.query_one("#problem-rating").has_class("-shown")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        answer = screen.day.answer("g1")
        assert answer.rating == 4 and answer.note == "En lang begrundelse\nover to linjer"


async def test_u2_escape_after_typing_asks_before_discarding(
        open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"]) as day:
        app, pilot, screen = day.app, day.pilot, day.screen
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        set_field(dialog, "note", "Vigtig tekst")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: keep writing
        await pilot.pause()
        assert app.screen is dialog and field_value(dialog, "note") == "Vigtig tekst"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and screen.session.state.values == {}


async def test_u13_the_reason_takes_several_lines(open_day: OpenDayFactory) -> None:
    async with open_day(["test-formats"]) as day:
        app, pilot, screen = day.app, day.pilot, day.screen
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", "tab")  # option → other → reason
        for key in ("E", "n", "enter", "t", "o"):
            await pilot.press(key)
        assert field_value(app.screen, "reason") == "En\nto"
        set_field(app.screen, "option", "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.day.answer("g1").reason == "En\nto"


# U6: a key that cannot act says why ----------------------------------------------------------

REFUSED_KEYS = [
    ("digit on a role card", ["test-roles"], ["1"], "Politikerroller besvares med tekst"),
    ("zero on a welfare card", ["test-themes"], ["0"], "0 (andet svar) hører til"),
    ("six on a welfare card", ["test-themes"], ["6"], "En vurdering er et tal fra 1 til 5."),
    ("s on a one-scenario card", ["test-themes"], ["s"], "Kortet har kun ét scenarie."),
    ("k without the influence deck", ["test-themes"], ["k"],
     "Sessionen har intet kortsæt med indflydelseselementer"),
    ("p on the first card", ["test-themes"], ["p"], "Det er det første kort."),
    ("n on the last card", ["test-themes"], ["n", "n", "n"], "Det er det sidste kort (3 af 3)"),
    ("undo with nothing to undo", ["test-themes"], ["ctrl+z"], "Der er intet at fortryde."),
    ("redo with nothing to redo", ["test-themes"], ["ctrl+y"], "Der er intet at gentage."),
    ("option beyond the scenario", ["test-formats"], ["9"],
     "Vælg et svar fra 1 til 3, eller 0 for andet svar."),
]


@pytest.mark.parametrize(("case", "decks", "keys", "message"), REFUSED_KEYS,
                         ids=[c[0] for c in REFUSED_KEYS])
async def test_u6_no_silent_key(open_day: OpenDayFactory, case: str, decks: list[str],
                                keys: list[str], message: str) -> None:
    async with open_day(decks) as day:
        app, pilot, screen, said = day.app, day.pilot, day.screen, day.said
        before = dict(screen.session.state.values)
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert said.has(message), said
        assert screen.session.state.values == before, "nothing was recorded"
        assert app.screen is screen


async def test_u6_one_group_and_tab(open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"], groups=1) as day:
        await day.pilot.press("tab")
        await day.pilot.pause()
        assert day.said.has("Der er kun én gruppe.")


async def test_u6_help_shows_what_works_now(open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"], size=(120, 40)) as day:
        app, pilot = day.app, day.pilot
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#keys").render())
        assert "Næste kort" in text
        assert "ikke nu: Det er det første kort." in text
        assert "ikke nu: Der er intet at fortryde." in text


# U3: undo and redo say what they did ---------------------------------------------------------

async def test_u3_undo_and_redo_say_what(open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"]) as day:
        pilot, screen, said = day.pilot, day.screen, day.said
        await pilot.press("o")
        await pilot.pause()
        await fill_dialog(pilot, {"what": "Svar ældrerådet", "who": "Anne", "due": "2027-01-15"})
        assert said.has("Opfølgning gemt: Svar ældrerådet")
        await pilot.press("4")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert said.has("Fortrudt: Gruppe 1's vurdering af «Ældreområdet»")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert said.has("Fortrudt: opfølgningen «Svar ældrerådet»")
        assert not screen.session.state.values
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert said.has("Gentaget: opfølgningen «Svar ældrerådet»")


async def test_follow_up_needs_a_what(open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"]) as day:
        app, pilot, screen = day.app, day.pilot, day.screen
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        set_field(dialog, "who", "Anne")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "Skriv, hvad der skal følges op på." in str(
            dialog.query_one("#problem-what").render())
        assert field_value(dialog, "who") == "Anne"
        assert screen.session.state.values == {}


# U9: a digit on an answered group says that it replaced the answer ---------------------------

async def test_u9_replacing_an_answer_is_said(open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"]) as day:
        pilot, screen, said = day.pilot, day.screen, day.said
        await pilot.press("4", "3", "5")
        await pilot.pause()
        hint = str(screen.query_one("#answers", AnswerPanel).content)
        assert "Alle grupper har svaret" in hint
        await pilot.press("2")
        await pilot.pause()
        assert said.has("Gruppe 3's svar er ændret fra 5 til 2 (ctrl+z fortryder).")


# rename ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ("Gruppe 2", "Der er allerede en gruppe, der hedder «Gruppe 2»."),
    ("gruppe 2", "Der er allerede en gruppe, der hedder «gruppe 2»."),
    ("   ", "Skriv gruppens nye navn."),
])
async def test_rename_to_a_taken_or_empty_name_is_refused(
        open_day: OpenDayFactory, name: str,
                                                         message: str) -> None:
    async with open_day(["test-themes"]) as day:
        app, pilot, screen = day.app, day.pilot, day.screen
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        set_field(dialog, "name", name)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert message in str(dialog.query_one("#problem-name").render())
        assert field_value(dialog, "name") == name
        assert [g.name for g in screen.session.meta.groups] == \
            ["Gruppe 1", "Gruppe 2", "Gruppe 3"]


async def test_u13_rename_is_limited_and_saved(open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"]) as day:
        app, pilot, screen = day.app, day.pilot, day.screen
        await pilot.press("r")
        await pilot.pause()
        field = app.screen.query_one("#field-name", Input)
        assert field.max_length == 40
        set_field(app.screen, "name", "Bord ved vinduet")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.session.meta.groups[0].name == "Bord ved vinduet"
        assert screen.session.path.with_name(screen.session.path.name + ".bak").exists()


# U12: hands per table show progress ----------------------------------------------------------

async def test_u12_hand_mode_lists_the_groups_with_progress(
        open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"], groups=2) as day:
        app, pilot, screen, said = day.app, day.pilot, day.screen, day.said
        await pilot.press("m")
        await pilot.pause()
        panel = str(screen.query_one("#answers", AnswerPanel).content)
        assert "Gruppe 1" in panel and "ingen kort endnu" in panel
        await pilot.press("enter")  # no card in the hand yet
        await pilot.pause()
        assert said.has("Gruppe har ingen kort endnu") or said.has("Gruppen har ingen kort")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, NumberDialog)
        app.screen.query_one(Input).value = "2"
        await pilot.press("enter")
        await pilot.pause()
        assert said.has("Kortsættet slap op: 3 af 4 kort blev givet.")
        panel = str(screen.query_one("#answers", AnswerPanel).content)
        assert "0 af 2 besvaret" in panel
        assert "Gruppe 1's kort" in str(screen.query_one("#card", CardView).content)
        await pilot.press("h")
        await pilot.pause()
        assert said.has("Alle kort i kortsættet er allerede givet eller besvaret.")


# U16: the round's minutes are remembered; the last round's toast goes ------------------------

async def test_u16_timer_minutes_are_remembered(make_app: MakeApp, workspace: Path) -> None:
    sid = session_on(workspace, ["test-themes"])
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        await pilot.press("T")
        await pilot.pause()
        number = app.screen.query_one(Input)
        number.value = "500"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NumberDialog), "an impossible number keeps the dialog"
        assert "Skriv et tal fra 1 til 180." in str(app.screen.query_one("#problem").render())
        number.value = "1"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(RoundTimer).minutes == 1
        await pilot.press("q")
        await pilot.pause()
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        timer = screen.query_one(RoundTimer)
        assert timer.minutes == 1 and timer.remaining == 60


async def test_u16_time_up_toast_is_cleared_by_the_next_round(
        open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"]) as day:
        pilot, screen = day.pilot, day.screen
        timer = screen.query_one(RoundTimer)
        timer.remaining = 1
        await pilot.press("t")
        await pilot.pause(1.6)
        assert timer.remaining == 0 and timer.has_class("-done")
        assert "Tiden er gået" in str(timer.render())
        await pilot.press("t")  # a new round
        await pilot.pause()
        assert timer.running and timer.remaining == 60 * timer.minutes
        await pilot.press("t")
        assert not timer.running


# U17: a search without hits says so ----------------------------------------------------------

async def test_u17_search_without_hits(open_day: OpenDayFactory) -> None:
    async with open_day(["test-themes"]) as day:
        app, pilot, screen = day.app, day.pilot, day.screen
        await pilot.press("slash")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        dialog.query_one("#filter", Input).value = "xyzzy"
        await pilot.pause()
        assert dialog.query_one("#no-hits").has_class("-shown")
        dialog.query_one("#filter", Input).value = "skole"
        await pilot.pause()
        assert not dialog.query_one("#no-hits").has_class("-shown")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.day.card_id == "skole"
