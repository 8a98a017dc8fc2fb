"""The bundled decks, four in Danish and four in bokmål: valid, complete, credited, in our own
words and in their own language (no Norwegian in a Danish card, no Danish in a Norwegian one).

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

MINIMUM = {"da": {"welfare-theme": 13, "dialogue-format": 22, "politician-role": 10,
                  "influence-element": 10},
           "nb": {"welfare-theme": 6, "dialogue-format": 15, "politician-role": 10,
                  "influence-element": 10}}
DECKS = [(lang, kind) for lang, kinds in MINIMUM.items() for kind in kinds]
ELEMENTS_MAX = 14
"""More elements than this are too many for one mapping session (three actors each)."""
NEW_ELEMENTS = ("kobling-til-beslutningssystemet", "tidlig-inddragelse", "decentralt-handlerum",
                "lovpligtige-raad-og-hoeringer", "sparring-med-borgmesteren")
"""The elements the editor's review found missing (its list, items 15–19)."""
PLACEHOLDER = re.compile(r"…|\.\.\.|\bTODO\b|\bTBD\b|lorem|ipsum|xxx|placeholder", re.I)


@pytest.fixture(scope="module")
def bundled() -> dict[tuple[str, str], Deck]:
    found, problems = validate_paths([bundled_decks_dir()])
    assert problems == [], [str(p) for p in problems]
    return {(deck.info.language, deck.kind): deck for deck in found}


@pytest.fixture(scope="module")
def decks(bundled: dict[tuple[str, str], Deck]) -> dict[str, Deck]:
    """The Danish decks, by kind."""
    return {kind: deck for (lang, kind), deck in bundled.items() if lang == "da"}


@pytest.fixture(scope="module")
def norwegian(bundled: dict[tuple[str, str], Deck]) -> dict[str, Deck]:
    """The bokmål decks, by kind."""
    return {kind: deck for (lang, kind), deck in bundled.items() if lang == "nb"}


def test_one_deck_of_each_kind_in_each_language(bundled: dict[tuple[str, str], Deck]) -> None:
    assert set(bundled) == set(DECKS)
    assert all(deck.info.sources for deck in bundled.values())


def test_the_norwegian_elements_match_the_danish(decks: dict[str, Deck],
                                                 norwegian: dict[str, Deck]) -> None:
    danish_elements = decks["influence-element"]
    elements = norwegian["influence-element"]
    assert len(elements.cards) >= len(danish_elements.cards)
    assert len(elements.circle.rings) == len(danish_elements.circle.rings)
    assert len([c for c in elements.cards
                if isinstance(c, InfluenceElementCard) and c.prioritised]) == 2


@pytest.mark.parametrize(("lang", "kind"), DECKS)
def test_every_card_is_complete_and_credited(bundled: dict[tuple[str, str], Deck], lang: str,
                                             kind: str) -> None:
    deck = bundled[lang, kind]
    assert len(deck.cards) >= MINIMUM[lang][kind]
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


@pytest.mark.parametrize(("lang", "kind"), DECKS)
def test_content_rules(bundled: dict[tuple[str, str], Deck], lang: str, kind: str) -> None:
    """Own words (no run copied from a seed, Danish or Norwegian), the deck's own language,
    sources that exist, dated figures, dilemmas worth an hour."""
    assert deck_content.deck_problems(bundled[lang, kind]) == []


@pytest.mark.parametrize("lang", list(MINIMUM))
def test_formats_cover_the_staircase_and_ask_the_single_politician(
        bundled: dict[tuple[str, str], Deck], lang: str) -> None:
    cards = [c for c in bundled[lang, "dialogue-format"].cards
             if isinstance(c, DialogueFormatCard)]
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


def test_norwegian_roles_cover_ks_four_roles_and_control(norwegian: dict[str, Deck]) -> None:
    cards = [c for c in norwegian["politician-role"].cards if isinstance(c, PoliticianRoleCard)]
    text = " ".join(" ".join(deck_content.card_texts_plain(card)) for card in cards).lower()
    for role in ("representant", "leder", "styring", "arbeidsgiver", "kontrollutvalg"):
        assert role in text, role
    levers = " ".join(lever for card in cards for lever in card.levers)
    for instrument in ("§ 12-1", "delegeringsreglement", "økonomiplan", "forvaltningsrevisjon"):
        assert instrument in levers, instrument


def test_norwegian_formats_name_the_staircase_forms_the_issue_asks_for(
        norwegian: dict[str, Deck]) -> None:
    ids = {card.id for card in norwegian["dialogue-format"].cards}
    for form in ("innbyggerforslag", "folkemote", "gjestebud", "barnetrakk", "ungdomsradet",
                 "eldreradet-og-funksjonsradet", "deltakende-budsjettering",
                 "fremtidsverksted", "innbyggerpanel"):
        assert form in ids, form


def test_no_deck_states_the_other_countrys_law_as_its_own(
        bundled: dict[tuple[str, str], Deck]) -> None:
    danish_law = re.compile(r"serviceloven|styrelseslov|folkeskoleloven|ældreloven|"
                            r"kommunalfuldmagt")
    norwegian_law = re.compile(r"kommuneloven|helse- og omsorgstjenesteloven|"
                               r"opplæringsloven|barnevernsloven|plan- og bygningsloven")
    for (lang, _), deck in bundled.items():
        for card in deck.cards:
            for name, text in deck_content.card_texts(card):
                where = f"{deck.id}/{card.id}: {name}"
                if lang == "nb":
                    assert not danish_law.search(text.lower()), where
                elif norwegian_law.search(text.lower()):
                    assert re.search(r"norsk|norge|ks\b", text.lower()), where


def test_copy_check_finds_a_copied_sentence() -> None:
    """The check itself: a sentence lifted from the report is found, a figure is not."""
    lifted = ("Mange kommunaldirektører har et oprigtigt ønske om at invitere borgerne med "
              "helt ind i maskinrummet.")
    assert deck_content.copied(lifted)
    assert deck_content.copied("59 pct. og 47 pct. af direktørerne, januar 2021") == []
    assert deck_content.norwegian("Kommunestyret vedtog det") == ["kommunestyre"]
    assert deck_content.danish("Byrådet vedtok noget annet") == ["byråd", "noget"]
    assert deck_content.danish("Kommunestyret vedtok det") == []
    assert deck_content.source_problem("004: indsigt #11") is not None
    assert deck_content.source_problem("004: indsigt #8") is None
    assert deck_content.source_problem("002: deltakelsestrappa") is None
    assert deck_content.source_problem("004: case Vejle") is not None


def test_validate_command_passes_on_the_bundled_decks(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["decks", "validate", str(bundled_decks_dir())]) == 0
    assert "8 kortsæt i orden" in capsys.readouterr().out
