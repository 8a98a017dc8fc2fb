"""A theme day and a mapping wholly in bokmål: every screen and dialog walked in Norwegian on
the Norwegian decks while the catalogue records every key it lacks, the text searched for
Danish and English words; the notes exported in bokmål; and a card always speaks its deck's
language (N4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cardgame import i18n
from cardgame.__main__ import main
from cardgame.app import CardgameApp, create_app
from cardgame.storage.starting import SessionPlan, start_session
from cardgame.storage.workspace import DeckLibrary, Workspace, bundled_decks_dir
from tests.functional.test_danish_only import ENGLISH, Recording, screen_text
from tests.helpers import Said, set_field

DANISH = re.compile(r"\b(gemt|sessionen|kortsæt|byrådet|tryk|afslut|fortryd|næste|vælg|"
                    r"tilbage|borgerne|indflydelse|spørgsmål|hjælp|gruppernes)\b", re.I)


@pytest.fixture
def norsk(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recording]:
    recording = Recording(i18n.CATALOGUES["nb"])
    monkeypatch.setitem(i18n.CATALOGUES, "nb", recording)
    i18n.set_language("nb")
    yield recording
    i18n.set_language("da")


def _workspace(folder: Path) -> Workspace:
    return Workspace(folder, (bundled_decks_dir(),), include_bundled=False)


def _app(folder: Path, tmp_path: Path, **kwargs: object) -> CardgameApp:
    return create_app(_workspace(folder), lang="nb", settings_path=tmp_path / "s.toml",
                      **kwargs)  # type: ignore[arg-type]


def _day(folder: Path) -> str:
    workspace = _workspace(folder)
    library = DeckLibrary.load(workspace.deck_sources())
    plan = SessionPlan(title="Temadag i kommunestyret", day="2026-12-07", language="nb",
                       names=["Bord 1", "Bord 2", "Bord 3"])
    session = start_session(workspace, library, plan)
    session.close()
    assert [ref.id for ref in session.meta.decks] == \
        ["velferdstema", "dialogformer", "folkevalgtroller"], "the Norwegian decks, by default"
    return session.meta.id


async def test_a_theme_day_and_a_mapping_wholly_in_bokmaal(
        workspace: Path, tmp_path: Path, norsk: Recording) -> None:
    sid = _day(workspace)
    seen: list[str] = []
    app = _app(workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        async def look(*keys: str) -> None:
            for key in keys:
                await pilot.press(key)
            await pilot.pause(0.2)
            seen.append(screen_text(app))

        await look()                                   # start screen
        await look("question_mark")                    # help
        await pilot.press("escape", "b")               # browse: every deck, Norwegian first
        await pilot.pause(0.2)
        from cardgame.widgets.card_view import CardView

        assert "Kilder: 002" in str(app.screen.query_one(CardView).content)
        await look("escape", "n")                      # the form
        await look("ctrl+s")                           # a refused form
        await look("escape", "y", "k")                 # the mapping dialog
        await look("escape")
        app.open_session(sid)
        await look()                                   # theme day
        await look("9", "0", "s", "p")                 # refusals
        await look("enter")                            # answer dialog
        set_field(app.screen, "rating", "fire")
        await look("ctrl+s")                           # refused answer
        await look("escape", "y", "4", "d")            # a rating; the deck chooser
        await look("down", "enter")                    # order chooser
        await look("enter", "enter")                   # formats: the answer dialog
        await look("escape", "slash")                  # search
        await look("escape", "h")                      # deal hands
        await look("escape", "T")                      # timer minutes
        await look("escape", "o")                      # follow-up
        await look("escape", "r")                      # rename
        await look("escape", "e")                      # export
        await look("escape", "ctrl+p")                 # palette
        await look("escape", "f")                      # projection
        await look("escape", "v")                      # the wall's command
        await look("escape", "escape")                 # leave?
        await look("y")
        app.start_mapping("Kommunedirektøren")
        await look()                                   # the circle
        await look("3", "down", "w", "4", "u")         # placements; potential
        await look("escape", "q")                      # quit
    everything = "\n".join(seen)
    for reached in ("Taster", "Skriv en tittel på økten.", "Skriv vurderingen som et tall",
                    "Hvilket kortsett", "Svar · Bord 1", "Kort per gruppe",
                    "Eksporter notatene", "Ringene, utenfra og inn", "Innflytelse",
                    "Lukke økten?", "Muligheter", "Lagret kl."):
        assert reached.lower() in everything.lower(), f"the walk did not reach: {reached}"
    danish = [line for text in seen for line in text.splitlines()
              if DANISH.search(line) and "· dansk" not in line]  # a Danish deck, said so
    assert danish == [], danish
    english = [line for text in seen for line in text.splitlines() if ENGLISH.search(line)]
    assert english == [], english
    assert norsk.missing == set(), sorted(norsk.missing)


def test_the_notes_of_a_bokmaal_day_are_in_bokmaal(workspace: Path, norsk: Recording,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from cardgame.domain.themeday import ThemeDay
    from cardgame.storage.store import SessionStore

    sid = _day(workspace)
    session = SessionStore(workspace / "sessions").open(sid)
    day = ThemeDay(session.meta, session.decks, session)
    day.begin()
    for rating in (4, 2, 5):
        day.record_number(rating)
    session.close()
    target = workspace / "notater.md"
    assert main(["--workspace", str(workspace), "--decks-dir", str(bundled_decks_dir()),
                 "export", sid, "-o", str(target)]) == 0
    notes = target.read_text(encoding="utf-8")
    for label in ("- Dato: 7. desember 2026", "Grupper: Bord 1, Bord 2, Bord 3", "Kortsett:",
                  "## Velferdstemaer", "Gjennomsnitt", "3,7", "Hvor egnet er området for"):
        assert label in notes, label
    danish = [line for line in notes.splitlines() if DANISH.search(line)]
    assert danish == [], danish


async def test_a_card_speaks_its_decks_language_whatever_the_interface(
        workspace: Path, tmp_path: Path) -> None:
    """N4: English interface, Danish deck: the card's headings stay Danish, and it is said."""
    from cardgame.storage.store import SessionStore
    from cardgame.widgets.card_view import CardView

    workspace_ = _workspace(workspace)
    library = DeckLibrary.load(workspace_.deck_sources())
    plan = SessionPlan(title="Theme day", day="2026-12-07", language="en", names=["A", "B"],
                       deck_ids=["velfaerdstemaer"])
    session = start_session(workspace_, library, plan)
    session.close()
    said = Said()
    app = create_app(workspace_, lang="en", open_session=session.meta.id,
                     settings_path=tmp_path / "s.toml")
    async with app.run_test(size=(120, 40), message_hook=said.hook) as pilot:
        await pilot.pause(0.3)
        card = str(app.screen.query_one(CardView).content)
        footer = screen_text(app)
    assert "MULIGHEDER" in card.upper() and "DILEMMAER" in card.upper()
    assert "OPPORTUNITIES" not in card.upper() and "DILEMMAS" not in card.upper()
    assert "Saved at" in footer, "the interface stays English"
    assert said.has("The deck «Velfærdstemaer» is in Danish")
    assert SessionStore(workspace / "sessions").read(session.meta.id).state.values == {}
