"""The theme-day rules: dealing, recording answers, groups taking turns, hands, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgame.domain.errors import RuleError
from cardgame.domain.themeday import HAND, ThemeDay, deal_order
from cardgame.storage.store import SessionStore
from tests.helpers import new_session


@pytest.fixture
def day(tmp_path: Path) -> ThemeDay:
    session, decks = new_session(tmp_path / "sessions")
    return ThemeDay(session.meta, decks, session)


def test_starts_on_first_card_of_first_deck(day: ThemeDay) -> None:
    assert day.deck_id == "test-themes"
    assert day.card_id == "aeldre"
    assert day.position() == (1, 3)
    assert day.group == "g1"


def test_rating_records_and_moves_to_next_unanswered_group(day: ThemeDay) -> None:
    day.record_number(4)
    assert day.answer("g1").rating == 4
    assert day.group == "g2"
    day.step_group(1)  # g3
    day.record_number(2)
    assert day.group == "g2", "the next group that has not answered, wrapping round"
    day.record_number(5)
    assert day.card_done("aeldre")
    assert day.done_count() == 1


def test_rating_out_of_range_is_refused_without_recording(day: ThemeDay) -> None:
    with pytest.raises(RuleError) as refused:
        day.record_number(7)
    assert refused.value.key == "error.rating_range"
    assert day.answer("g1").rating is None


def test_whole_answer_is_one_undo_step(day: ThemeDay) -> None:
    day.record_answer({"rating": "3", "note": "Gode erfaringer med pårørenderåd"})
    assert day.answer("g1").note == "Gode erfaringer med pårørenderåd"
    assert day.group == "g2"
    day.undo()
    assert day.answer("g1").rating is None and day.answer("g1").note == ""
    assert day.group == "g1", "undo shows the group whose answer was undone"
    day.redo()
    assert day.answer("g1").rating == 3


def test_invalid_whole_answer_records_nothing(day: ThemeDay) -> None:
    with pytest.raises(RuleError):
        day.record_answer({"rating": "fem", "note": "x"})
    assert day.answer("g1").empty


def test_dialogue_options_per_scenario_and_other_answer(day: ThemeDay) -> None:
    day.choose_deck("test-formats", shuffle=False)
    assert day.card_id == "borgerraad"
    day.record_number(2)
    assert day.answer("g1").option == 2
    with pytest.raises(RuleError):
        day.record_number(4)
    day.record_other("Vi spørger borgerne igen")
    assert day.answer("g2").option == 0 and day.answer("g2").other == "Vi spørger borgerne igen"
    assert not day.answered("g1"), "the second scenario is still open"
    day.step_scenario()
    assert day.group == "g1", "a new scenario starts with the first group without a choice"
    day.record_number(1)
    assert day.answer("g1", scenario="s2").option == 1
    assert day.answered("g1")


def test_roles_record_text_and_refuse_numbers(day: ThemeDay) -> None:
    day.choose_deck("test-roles")
    with pytest.raises(RuleError):
        day.record_number(1)
    day.record_answer({"challenges": "Mange stemmer", "levers": "Klare mandater"})
    assert day.answered("g1") and day.group == "g2"


def test_shuffle_is_recorded_and_deals_the_same_order_again(tmp_path: Path) -> None:
    session, decks = new_session(tmp_path / "sessions")
    day = ThemeDay(session.meta, decks, session)
    day.choose_deck("test-themes", shuffle=True)
    order = day.order()
    seed = session.state.seeds["test-themes"]
    assert seed and order == deal_order(decks["test-themes"], seed)
    session.close()
    again = SessionStore(tmp_path / "sessions").open(session.meta.id)
    assert ThemeDay(again.meta, decks, again).order() == order
    again.close()


def test_hands_deal_each_group_distinct_cards(day: ThemeDay) -> None:
    dealt = day.deal_hands(1)
    assert dealt == 3 and day.mode == HAND
    hands = [day.hand(g) for g in ("g1", "g2", "g3")]
    assert all(len(h) == 1 for h in hands)
    assert len({h[0] for h in hands}) == 3, "no card to two groups"
    assert day.card_id == hands[0][0]
    day.record_number(4)
    assert day.card_done(hands[0][0]), "a dealt card waits only for its own group"
    assert day.group == "g2" and day.card_id == hands[1][0], "the next table's card comes up"
    with pytest.raises(RuleError) as refused:
        day.deal_hands(1)
    assert refused.value.key == "error.no_cards_left"


def test_navigation_stops_at_the_ends_and_says_why(day: ThemeDay) -> None:
    """U6: a key that cannot act says why; the reason is known before the key is pressed."""
    assert str(day.why_not_step_card(-1)) == "Det er det første kort."
    with pytest.raises(RuleError, match="første kort"):
        day.step_card(-1)
    day.step_card(1)
    day.step_card(1)
    assert day.why_not_step_card(1) is not None
    with pytest.raises(RuleError, match="sidste kort"):
        day.step_card(1)
    assert day.position() == (3, 3)


def test_undo_of_an_answer_on_another_card_brings_it_back(day: ThemeDay) -> None:
    day.record_number(4)
    day.step_card(1)
    day.undo()
    assert day.card_id == "aeldre" and day.group == "g1"


def test_done_count_follows_answers_undo_and_redo(day: ThemeDay) -> None:
    def brute() -> int:
        assert day.deck is not None
        return sum(1 for card in day.deck.cards if day.card_done(card.id))

    for rating in (4, 2, 5):
        day.record_number(rating)
    assert day.done_count() == brute() == 1
    day.undo()
    assert day.done_count() == brute() == 0
    day.redo()
    assert day.done_count() == brute() == 1
    day.step_card(1)
    day.record_answer({"rating": "3", "note": ""})
    assert day.done_count() == brute() == 1
