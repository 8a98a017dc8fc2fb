"""The four bundled decks: valid, complete, credited, and free of placeholders."""

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

MINIMUM = {"welfare-theme": 10, "dialogue-format": 14, "politician-role": 7,
           "influence-element": 12}
SOURCE = re.compile(r"^00[0-4]: \S")
PLACEHOLDER = re.compile(r"…|\.\.\.|\bTODO\b|\bTBD\b|lorem|ipsum|xxx|placeholder", re.I)


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    found, problems = validate_paths([bundled_decks_dir()])
    assert problems == [], [str(p) for p in problems]
    return {deck.kind: deck for deck in found}


def texts(card) -> list[str]:  # noqa: ANN001
    """Every text a card shows."""
    found = [card.title, card.summary, card.body, *card.questions]
    for name in ("opportunities", "dilemmas", "challenges", "levers", "use_when", "strengths",
                 "pitfalls"):
        found += getattr(card, name, [])
    for name in ("why", "through_decisions", "through_culture"):
        found.append(getattr(card, name, ""))
    for scenario in getattr(card, "scenarios", []):
        found += [scenario.title, scenario.situation, scenario.dilemma, *scenario.options]
    return [text for text in found if text]


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
        assert card.sources and all(SOURCE.match(s) for s in card.sources), where
        for text in texts(card):
            assert not PLACEHOLDER.search(text), f"{where}: {text!r}"
        if isinstance(card, WelfareThemeCard):
            assert len(card.opportunities) >= 2 and len(card.dilemmas) >= 2, where
            assert 2 <= len(card.questions) <= 3, where
        if isinstance(card, PoliticianRoleCard):
            assert len(card.challenges) >= 2 and len(card.levers) >= 2, where
        if isinstance(card, DialogueFormatCard):
            assert card.step and card.use_when, where
            assert len(card.strengths) >= 2 and len(card.pitfalls) >= 2, where
            for scenario in card.scenarios:
                assert 3 <= len(scenario.options) <= 4, f"{where}/{scenario.id}"
        if isinstance(card, InfluenceElementCard):
            assert card.why and card.through_decisions and card.through_culture, where


def test_influence_deck_has_rings_and_three_questions(decks: dict[str, Deck]) -> None:
    circle = decks["influence-element"].circle
    assert len(circle.rings) >= 2 and len(circle.questions) == 3 and circle.actors


def test_validate_command_passes_on_the_bundled_decks(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["decks", "validate", str(bundled_decks_dir())]) == 0
    assert "4 kortsæt i orden" in capsys.readouterr().out
