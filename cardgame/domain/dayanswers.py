"""What the groups answered, what may be done now, and recording answers.

`DayAnswers` adds to the cursor (`DayCursor`) the answers: which groups have answered a card,
which cards are done (kept up to date from the changed keys, not recounted), the reason an
action is refused (`refusal`, one home for every reason the screen greys a key with), and
the recording of ratings, options and whole answers, after which the next group that has not
answered becomes active. What an answer is lives in `answers`.
"""

from __future__ import annotations

from cardgame.domain import answers, keys
from cardgame.domain.answers import OTHER_OPTION, GroupAnswer
from cardgame.domain.daycursor import HAND, DayCursor
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.errors import RuleError
from cardgame.domain.events import Change


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
        done = self._done_cards().get(deck.id, set())
        return [c for c in self.order(deck) if c not in done and self.holder(c, deck) is None]

    def has_free_card(self, deck: Deck) -> bool:
        """Whether `free_cards` has any (stops at the first)."""
        done = self._done_cards().get(deck.id, set())
        return any(c not in done and self.holder(c, deck) is None for c in self.order(deck))

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
        return len(self._done_cards().get(deck.id, ()))

    def _done_cards(self) -> dict[str, set[str]]:
        """Done cards per deck, updated from the keys that changed since the last call."""
        touched = self.state.touched
        if self._done_synced > len(touched):  # a different state: start again
            self._done, self._done_synced = {}, 0
        decks = {deck.id: deck for deck in self.decks}
        cards: set[tuple[str, str]] = set()  # each card once, however often it was answered
        for key in touched[self._done_synced:]:
            info = keys.parse(key)
            if info is not None and info.kind in (keys.ANSWER, keys.HAND):
                cards.add((info.deck, info.card))
        for deck_id, card_id in cards:
            deck = decks.get(deck_id)
            if deck is None or not deck.has_card(card_id):
                continue
            done = self._done.setdefault(deck.id, set())
            if self.card_done(card_id, deck):
                done.add(card_id)
            else:
                done.discard(card_id)
        self._done_synced = len(touched)
        return self._done

    def refusal(self, action: str, *params: object) -> RuleError | None:
        """Why an action cannot act on the current state, or None when it can.

        One home for the reasons: the screen greys out the key with it and says it when the
        key is pressed anyway; the action itself raises the same error.
        """
        deck, card = self.deck, self.card
        if action in ("step_card", "write", "number", "other", "step_scenario", "search",
                      "deal_hands", "follow_up_card") and deck is None:
            return RuleError("error.no_decks")
        if action in ("write", "number", "other", "step_scenario") and card is None:
            return RuleError("error.no_hand" if self.mode == HAND else "error.no_card")
        if action == "step_card":
            delta = int(str(params[0])) if params else 1
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
        if action == "next_round":
            if self.meta.programme is None:
                return RuleError("programme.none")
            if self.round_number >= self.rounds_total and not self.away:
                return RuleError("programme.last_round", total=self.rounds_total)
        if action == "return_to_programme":
            if self.meta.programme is None:
                return RuleError("programme.none")
            if self.current_round() is not None:
                return RuleError("programme.not_away", n=self.round_number,
                                 total=self.rounds_total)
        if action == "number" and deck is not None and card is not None:
            number = int(str(params[0])) if params else 1
            try:
                answers.check_number(deck, card, self.scenario, number)
            except RuleError as refused:
                return refused
        if action == "other" and card is not None and not isinstance(card, DialogueFormatCard):
            return RuleError("error.other_only_formats")
        if action == "step_scenario" and card is not None:
            if not isinstance(card, DialogueFormatCard) or len(card.scenarios) < 2:
                return RuleError("error.one_scenario")
        if action == "deal_hands" and deck is not None and not self.has_free_card(deck):
            return RuleError("error.no_cards_left")
        if action == "undo" and not self.state.can_undo:
            return RuleError("error.nothing_to_undo")
        if action == "redo" and not self.state.can_redo:
            return RuleError("error.nothing_to_redo")
        if action == "step_group" and len(self.meta.groups) < 2:
            return RuleError("error.one_group")
        return None

    def _check(self, action: str, *params: object) -> None:
        refused = self.refusal(action, *params)
        if refused is not None:
            raise refused

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
        self._check("number", number)
        deck, card = self.deck, self.card
        assert deck is not None and card is not None
        field, value = answers.check_number(deck, card, self.scenario, number)
        per_scenario = self.scenario if field == "option" else None
        change = self.recorder.set(keys.answer(deck.id, card.id, self.group, field,
                                               per_scenario), value)
        self.advance_group()
        return change

    def record_other(self, text: str) -> Change | None:
        """Record "another answer" with its text for the current scenario, as one step."""
        self._check("other")
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
        change = self.recorder.set_many(items)
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
