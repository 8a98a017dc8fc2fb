"""The four bundled decks: valid, complete, credited, in our own words and in Danish.

The content rules themselves live in `deck_content.py`, so that a deck author can run them on a
draft (`python -m tests.unit.deck_content FILE`).
"""

from __future__ import annotations

import re

import pytest

from cardgame.__main__ import main
from cardgame.domain.decks import (
    Deck,
    DialogueFormatCard,
    InfluenceElementCard,
    PoliticianRoleCard,
    WelfareThemeCard,
)
from cardgame.storage.deckfile import validate_paths
from cardgame.storage.workspace import bundled_decks_dir
from tests.unit import deck_content

MINIMUM = {"welfare-theme": 13, "dialogue-format": 22, "politician-role": 10,
           "influence-element": 10}
ELEMENTS_MAX = 14
"""More elements than this are too many for one mapping session (three actors each)."""
NEW_ELEMENTS = ("kobling-til-beslutningssystemet", "tidlig-inddragelse", "decentralt-handlerum",
                "lovpligtige-raad-og-hoeringer", "sparring-med-borgmesteren")
"""The elements the editor's review found missing (its list, items 15–19)."""
PLACEHOLDER = re.compile(r"…|\.\.\.|\bTODO\b|\bTBD\b|lorem|ipsum|xxx|placeholder", re.I)


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    found, problems = validate_paths([bundled_decks_dir()])
    assert problems == [], [str(p) for p in problems]
    return {deck.kind: deck for deck in found}


def test_one_deck_of_each_kind_in_danish(decks: dict[str, Deck]) -> None:
    assert set(decks) == set(MINIMUM)
    assert all(deck.info.language == "da" for deck in decks.values())
    assert all(deck.info.sources for deck in decks.values())


@pytest.mark.parametrize("kind", list(MINIMUM))
def test_every_card_is_complete_and_credited(decks: dict[str, Deck], kind: str) -> None:
    deck = decks[kind]
    assert len(deck.cards) >= MINIMUM[kind]
    assert len({card.id for card in deck.cards}) == len(deck.cards)
    for card in deck.cards:
        where = f"{deck.id}/{card.id}"
        assert len(card.summary) <= 200, where
        assert card.body, where
        assert card.questions, where
        for _, text in deck_content.card_texts(card):
            assert not PLACEHOLDER.search(text), f"{where}: {text!r}"
        if isinstance(card, WelfareThemeCard):
            assert len(card.opportunities) >= 2 and len(card.dilemmas) >= 2, where
            assert 2 <= len(card.questions) <= 3, where
        if isinstance(card, DialogueFormatCard):
            assert card.step and card.use_when, where
            assert len(card.strengths) >= 2 and len(card.pitfalls) >= 2, where


@pytest.mark.parametrize("kind", list(MINIMUM))
def test_content_rules(decks: dict[str, Deck], kind: str) -> None:
    """Own words, Danish words, sources that exist, dated figures, dilemmas worth an hour."""
    assert deck_content.deck_problems(decks[kind]) == []


def test_formats_cover_the_staircase_and_ask_the_single_politician(
        decks: dict[str, Deck]) -> None:
    cards = [c for c in decks["dialogue-format"].cards if isinstance(c, DialogueFormatCard)]
    steps = {card.step for card in cards}
    assert {"inform", "consult", "dialogue", "agenda-setting", "hand-on-the-wheel"} <= steps
    forms = {card.cocreation for card in cards}
    assert {"steered", "facilitating", "responsibilising", "equal"} <= forms
    personal = [s for card in cards for s in card.scenarios if s.personal]
    assert len(personal) >= 4
    dilemmas = [s.dilemma for card in cards for s in card.scenarios]
    assert len(set(dilemmas)) == len(dilemmas), "a dilemma repeats word for word"


def test_roles_include_control_and_the_mayor(decks: dict[str, Deck]) -> None:
    cards = [c for c in decks["politician-role"].cards if isinstance(c, PoliticianRoleCard)]
    ids = {card.id for card in cards}
    assert {"kontrollanten", "borgmesteren"} <= ids
    levers = " ".join(lever for card in cards for lever in card.levers)
    for instrument in ("§ 17, stk. 4", "kommissorium", "borgerrådgiver", "budget", "MED"):
        assert instrument in levers, instrument


def test_influence_elements(decks: dict[str, Deck]) -> None:
    deck = decks["influence-element"]
    cards = [c for c in deck.cards if isinstance(c, InfluenceElementCard)]
    assert len(cards) <= ELEMENTS_MAX
    assert set(NEW_ELEMENTS) <= {card.id for card in cards}
    assert len([card for card in cards if card.prioritised]) == 2
    circle = deck.circle
    assert len(circle.rings) >= 2 and len(circle.questions) == 3 and circle.actors


def test_copy_check_finds_a_copied_sentence() -> None:
    """The check itself: a sentence lifted from the report is found, a figure is not."""
    lifted = ("Mange kommunaldirektører har et oprigtigt ønske om at invitere borgerne med "
              "helt ind i maskinrummet.")
    assert deck_content.copied(lifted)
    assert deck_content.copied("59 pct. og 47 pct. af direktørerne, januar 2021") == []
    assert deck_content.norwegian("Kommunestyret vedtog det") == ["kommunestyre"]
    assert deck_content.source_problem("004: indsigt #11") is not None
    assert deck_content.source_problem("004: indsigt #8") is None
    assert deck_content.source_problem("002: deltakelsestrappa") is None
    assert deck_content.source_problem("004: case Vejle") is not None


def test_validate_command_passes_on_the_bundled_decks(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["decks", "validate", str(bundled_decks_dir())]) == 0
    assert "4" in capsys.readouterr().out
