"""No English reaches the Danish interface: every screen, dialog and CLI error is walked in
Danish while the catalogue records every key it does not have, and the text on the screen is
searched for English words."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from cardgame import i18n
from cardgame.__main__ import main
from tests.helpers import FIXTURE_DECKS, MakeApp, new_session, set_field

ENGLISH = re.compile(r"\b(the|and|Press|Search|Quit|Save|Cancel|Keys|Help|palette|Screenshot|"
                     r"Theme|error|cannot|not saved|Next|Previous|Undo|Redo|Copy)\b")


class Recording(dict[str, str]):
    """A catalogue that notes every key asked for and not found."""

    def __init__(self, strings: dict[str, str]) -> None:
        super().__init__(strings)
        self.missing: set[str] = set()

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        if key not in self:
            self.missing.add(key)
        return super().get(key, default)


@pytest.fixture
def catalogue(monkeypatch: pytest.MonkeyPatch) -> Recording:
    recording = Recording(i18n.CATALOGUES["da"])
    monkeypatch.setitem(i18n.CATALOGUES, "da", recording)
    i18n.set_language("da")
    return recording


def screen_text(app: App[Any]) -> str:
    svg = app.export_screenshot()
    text = re.sub(r"<[^>]+>", "", svg)
    return text.replace("&#160;", " ").replace("&amp;", "&")


async def test_every_screen_and_dialog_in_danish(make_app: MakeApp, workspace: Path,
                                                 catalogue: Recording) -> None:
    session, _ = new_session(workspace / "sessions", 3,
                             ["test-themes", "test-formats", "test-roles", "test-influence"])
    session.close()
    seen: list[str] = []
    app = make_app(lang="da")
    async with app.run_test(size=(120, 40)) as pilot:
        async def look(*keys: str) -> None:
            for key in keys:
                await pilot.press(key)
            await pilot.pause(0.2)
            seen.append(screen_text(app))

        await look()                                   # start screen
        await look("question_mark")                    # help
        await look("escape", "b")                      # browse
        await look("escape", "n")                      # the form
        await look("ctrl+s")                           # a refused form
        await look("escape", "k")                      # the mapping dialog
        await look("escape")
        app.open_session(session.meta.id)
        await look()                                   # theme day
        await look("9", "0", "s", "p")                 # refusals
        await look("enter")                            # answer dialog
        set_field(app.screen, "rating", "fire")
        await look("ctrl+s")                           # refused answer
        set_field(app.screen, "note", "x")
        await look("escape")                           # discard question
        await look("y", "d")                           # deck chooser
        await look("down", "enter")                    # order chooser
        await look("enter", "0")                       # formats: another answer
        await look("escape", "y", "slash")             # search
        await look("escape", "h")                      # deal hands
        await look("escape", "T")                      # timer minutes
        await look("escape", "o")                      # follow-up
        await look("escape", "r")                      # rename
        await look("escape", "e")                      # export
        await look("escape", "ctrl+p")                 # palette
        await look("escape", "k")                      # the circle from the theme day
        await look("u")                                # potential
        await look("escape", "escape", "f")            # projection
        await look("escape", "v")                      # the wall's command
        await look("escape")
    everything = "\n".join(seen)
    for reached in ("Taster", "Skriv en titel på sessionen.", "Skriv vurderingen som et tal",
                    "Kassér det skrevne?", "Hvilket kortsæt", "Gruppens eget svar",
                    "Kort pr. gruppe", "Minutter pr. runde", "Hvem har bolden?", "Nyt navn",
                    "Eksportér noterne", "Søg efter en handling", "Ringene, udefra og ind",
                    "Spørgsmål til at finde udviklingspotentiale", "Væggen på projektoren"):
        assert reached in everything, f"the walk did not reach: {reached}"
    english = [line for text in seen for line in text.splitlines() if ENGLISH.search(line)]
    assert english == [], english
    assert catalogue.missing == set(), sorted(catalogue.missing)


async def test_the_wall_in_danish(workspace: Path, catalogue: Recording) -> None:
    from cardgame.audience_app import AudienceApp
    from cardgame.domain.themeday import ThemeDay
    from tests.helpers import fixture_library

    seen: list[str] = []
    empty = AudienceApp(workspace / "sessions", None, fixture_library().decks)
    async with empty.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        seen.append(screen_text(empty))
    session, _ = new_session(workspace / "sessions", 3,
                             ["test-themes", "test-formats", "test-roles", "test-influence"])
    day = ThemeDay(session.meta, session.decks, session)
    app = AudienceApp(session.path.parent, session.path, fixture_library().decks)
    async with app.run_test(size=(200, 55)) as pilot:
        for deck in ("test-themes", "test-formats", "test-roles"):
            day.choose_deck(deck)
            answer = {"rating": "3", "option": "1", "challenges": "Tid", "levers": "Mod"}
            day.record_answer({name: value for name, value in answer.items()
                               if name in day.answer_fields()})
            day.record_timer(True, 60, time.time())
            await pilot.pause(0.3)
            seen.append(screen_text(app))
        day.show_screen("map")
        await pilot.pause(0.3)
        seen.append(screen_text(app))
        session.close()
        await pilot.pause(0.8)
        seen.append(screen_text(app))
    everything = "\n".join(seen)
    for reached in ("Der er ingen session at vise endnu", "BORDENES VURDERING", "BORDENES VALG",
                    "DET BORDENE PEGER PÅ", "Ringene, udefra og ind", "Sessionen er lukket"):
        assert reached in everything, f"the wall did not show: {reached}"
    english = [line for text in seen for line in text.splitlines() if ENGLISH.search(line)]
    assert english == [], english
    assert catalogue.missing == set(), sorted(catalogue.missing)


def test_cli_errors_in_danish(catalogue: Recording, capsys: pytest.CaptureFixture[str],
                              tmp_path: Path) -> None:
    for args in (["new", " "], ["new", "T", "--date", "x"], ["export"],
                 ["--decks-dir", str(tmp_path / "none"), "decks", "list"],
                 ["decks", "validate", str(tmp_path / "none.toml")], ["sessions", "list"]):
        main(["--lang", "da", "--decks-dir", str(FIXTURE_DECKS), *args])
    out = capsys.readouterr()
    assert not ENGLISH.search(out.out + out.err), out.out + out.err
    assert catalogue.missing == set(), sorted(catalogue.missing)
