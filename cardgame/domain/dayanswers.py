"""What the groups answered, what may be done now, and recording answers.

`DayAnswers` adds to the cursor (`DayCursor`) the answers: which groups have answered a card,
which cards are done, the reason an
action is refused (`why_not_…`, one rule each, the one home of the reason the screen greys a key
with), and
the recording of ratings, options and whole answers, after which the next group that has not
answered becomes active. What an answer is lives in `answers`.
"""

from __future__ import annotations

from cardgame.domain import answers, keys
from cardgame.domain.answers import OTHER_OPTION, GroupAnswer
from cardgame.domain.daycursor import DayCursor
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.errors import RuleError, refuse
from cardgame.domain.events import Change, Key
from cardgame.domain.programme import HAND


class DayAnswers(DayCursor):
    """The answers of a theme day, the refusals, and recording answers."""

    def hand_progress(self, group: str) -> tuple[int, int]:
        """(answered, dealt) cards in a group's hand from the current deck."""
        deck = self.deck
        hand = self.hand(group)
        if deck is None:
            return (0, 0)
        return (sum(1 for c in hand if self.answered(group, deck.card(c))), len(hand))

    def free_cards(self, deck: Deck) -> list[str]:
        """Cards not dealt to a table and not already answered in plenary."""
        return [c for c in self.order(deck)
                if self.holder(c, deck) is None and not self.card_done(c, deck)]

    def answer(self, group: str, card: Card | None = None, scenario: str | None = None,
               deck: Deck | None = None) -> GroupAnswer:
        """What a group has answered on a card (the showing scenario of the showing card)."""
        deck = deck or self.deck
        card = card or self.card
        if deck is None or card is None:
            return GroupAnswer()
        if scenario is None and card is self.card:
            scenario = self.scenario
        return answers.read(self.state, deck, card, group, scenario)

    def answered(self, group: str, card: Card | None = None, deck: Deck | None = None) -> bool:
        """Whether a group has given the answer a card asks for (every scenario, for formats)."""
        deck = deck or self.deck
        card = card or self.card
        if deck is None or card is None:
            return False
        return answers.answered(self.state, deck, card, group)

    def answered_here(self, group: str) -> bool:
        """Whether a group has answered what is showing: the scenario on a dialogue card."""
        scenario = self.scenario
        if scenario is not None:
            return answers.scenario_answered(self.answer(group))
        return self.answered(group)

    def answering_groups(self, card_id: str, deck: Deck | None = None) -> list[str]:
        """The groups expected to answer a card: all in plenary, its holder if dealt."""
        holder = self.holder(card_id, deck)
        return [holder] if holder else [g.id for g in self.meta.groups]

    def all_answered_here(self) -> bool:
        """Whether every group expected to answer what is showing has answered it."""
        card = self.card
        if card is None:
            return False
        return all(self.answered_here(g) for g in self.answering_groups(card.id))

    def card_done(self, card_id: str, deck: Deck | None = None) -> bool:
        deck = deck or self.deck
        if deck is None:
            return False
        card = deck.card(card_id)
        return all(self.answered(g, card, deck) for g in self.answering_groups(card_id, deck))

    def done_count(self, deck: Deck | None = None) -> int:
        """How many cards of a deck every expected group has answered."""
        deck = deck or self.deck
        if deck is None:
            return 0
        return sum(1 for card in deck.cards if self.card_done(card.id, deck))

    # why an action cannot act now: one rule each, None when it can --------------------------
    # The screen greys a key with the reason and says it when the key is pressed anyway; the
    # action itself raises the same error (`refuse`).

    def why_not_card(self) -> RuleError | None:
        """Recording, writing, another scenario: there must be a card on the wall."""
        if self.deck is None:
            return RuleError("error.no_decks")
        if self.card is None:
            return RuleError("error.no_hand" if self.mode == HAND else "error.no_card")
        return None

    def why_not_step_card(self, delta: int) -> RuleError | None:
        if self.deck is None:
            return RuleError("error.no_decks")
        position, total = self.position()
        if total == 0:
            return RuleError("error.no_hand" if self.mode == HAND else "error.no_card")
        in_round = self.current_round() is not None
        if delta > 0 and position >= total:
            if in_round and self.round_number < self.rounds_total:
                return None  # on to the next round
            return RuleError("programme.last_card" if in_round else "error.last_card",
                             total=total)
        if delta < 0 and position <= 1:
            if in_round and self.round_number > 1:
                return None  # back to the previous round
            return RuleError("error.first_card")
        return None

    def why_not_number(self, number: int) -> RuleError | None:
        refused = self.why_not_card()
        if refused is not None:
            return refused
        assert self.deck is not None and self.card is not None
        try:
            answers.check_number(self.deck, self.card, self.scenario, number)
        except RuleError as wrong:
            return wrong
        return None

    def why_not_other(self) -> RuleError | None:
        """Another answer than the options: dialogue formats only."""
        refused = self.why_not_card()
        if refused is None and not isinstance(self.card, DialogueFormatCard):
            return RuleError("error.other_only_formats")
        return refused

    def why_not_step_scenario(self) -> RuleError | None:
        refused = self.why_not_card()
        card = self.card
        if refused is None and (not isinstance(card, DialogueFormatCard)
                                or len(card.scenarios) < 2):
            return RuleError("error.one_scenario")
        return refused

    def why_not_search(self) -> RuleError | None:
        return RuleError("error.no_decks") if self.deck is None else None

    def why_not_deal_hands(self) -> RuleError | None:
        deck = self.deck
        if deck is None:
            return RuleError("error.no_decks")
        if not self.free_cards(deck):
            return RuleError("error.no_cards_left")
        return None

    def why_not_next_round(self) -> RuleError | None:
        if self.meta.programme is None:
            return RuleError("programme.none")
        if self.round_number >= self.rounds_total and not self.away:
            return RuleError("programme.last_round", total=self.rounds_total)
        return None

    def why_not_return_to_programme(self) -> RuleError | None:
        if self.meta.programme is None:
            return RuleError("programme.none")
        if self.current_round() is not None:
            return RuleError("programme.not_away", n=self.round_number, total=self.rounds_total)
        return None

    def why_not_undo(self) -> RuleError | None:
        return None if self.state.can_undo else RuleError("error.nothing_to_undo")

    def why_not_redo(self) -> RuleError | None:
        return None if self.state.can_redo else RuleError("error.nothing_to_redo")

    def why_not_step_group(self) -> RuleError | None:
        return RuleError("error.one_group") if len(self.meta.groups) < 2 else None

    def answer_fields(self) -> tuple[str, ...]:
        """The fields of a whole answer on the current card, as the answer dialog asks them."""
        deck = self.deck
        return answers.FIELDS.get(deck.kind, ()) if deck is not None else ()

    def check_answer(self, fields: dict[str, str]) -> None:
        """Check a whole answer as typed without recording it; FieldError names the field."""
        deck, card = self.deck, self.card
        if deck is None or card is None:
            raise RuleError("error.no_card")
        answers.check_fields(deck, card, self.group, self.scenario, fields)

    def record_number(self, number: int) -> Change | None:
        """Record the key 1–9: a rating on a welfare theme, an option on a dialogue format.

        Returns the change, so the screen can say when an earlier answer was replaced.
        """
        refuse(self.why_not_number(number))
        deck, card = self.deck, self.card
        assert deck is not None and card is not None
        field, value = answers.check_number(deck, card, self.scenario, number)
        per_scenario = self.scenario if field == "option" else None
        key = keys.answer(deck.id, card.id, self.group, field, per_scenario)
        marks = self._typed_here()
        change = self.recorder.set_many([*marks, (key, value)]) if marks else \
            self.recorder.set(key, value)
        self.advance_group()
        return change

    def _typed_here(self) -> list[tuple[Key, None]]:
        """Typed by the facilitator: the answer is no longer what a table's phone sent, so
        its mark goes, in the same step (none where the answer has no mark)."""
        deck, card = self.deck, self.card
        assert deck is not None and card is not None
        mark = keys.answer(deck.id, card.id, self.group, keys.DEVICE, self.scenario)
        return [(mark, None)] if mark in self.state.values else []

    def record_other(self, text: str) -> Change | None:
        """Record "another answer" with its text for the current scenario, as one step."""
        refuse(self.why_not_other())
        return self.record_answer({"option": str(OTHER_OPTION), "other": text,
                                   "reason": self.answer(self.group).reason})

    def record_answer(self, fields: dict[str, str]) -> Change | None:
        """Record a group's whole answer as typed in the answer dialog, as one undo step.

        Numbers arrive as text; everything is checked before anything is recorded. When the
        answer is complete, the next group that has not answered becomes active.
        """
        deck, card = self.deck, self.card
        if deck is None or card is None:
            raise RuleError("error.no_card")
        items = answers.check_fields(deck, card, self.group, self.scenario, fields)
        change = self.recorder.set_many([*self._typed_here(), *items])
        if self.answered_here(self.group):
            self.advance_group()
        return change

    def advance_group(self) -> None:
        """Make the next group that has not answered the current card active.

        With a hand per table, the next group that still has an unanswered card in its hand
        becomes active, with that card on the wall.
        """
        card = self.card
        if card is None:
            return
        if self.mode == HAND:
            self._advance_hand()
            return
        candidates = self.answering_groups(card.id)
        ids = [g.id for g in self.meta.groups if g.id in candidates]
        if not ids or self.group not in ids:
            return
        start = ids.index(self.group)
        for offset in range(1, len(ids) + 1):
            group = ids[(start + offset) % len(ids)]
            if not self.answered_here(group):
                self.recorder.view(group=group)
                return

    def _advance_hand(self) -> None:
        ids = [g.id for g in self.meta.groups]
        start = ids.index(self.group)
        deck = self.deck
        for offset in range(0, len(ids)):
            group = ids[(start + offset) % len(ids)]
            for card_id in self.hand(group):
                if deck is not None and not self.answered(group, deck.card(card_id)):
                    if (group, card_id) != (self.group, self.card.id if self.card else None):
                        self.recorder.view(group=group, card=card_id, scenario="")
                    return
