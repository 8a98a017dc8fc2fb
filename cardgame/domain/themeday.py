"""The rules of the theme day (idea sketch #2): dealing cards and recording group answers.

`ThemeDay` turns what the facilitator does into recorded events: moving through decks, cards,
groups and scenarios, dealing hands, following a programme's rounds, undo. It records through
a `Recorder` (the open session), so it never touches files itself. What it reads of the
session is in `DayCursor` (where it stands) and `DayAnswers` (what was answered, what may be
done, recording answers); what an answer is lives in `answers`; the layout of keys in `keys`.

An action the rules refuse raises `RuleError` with the reason; its `why_not_…` rule tells the same
reason before the action is tried, so that the screen can grey out a key and explain it when
pressed.
"""

from __future__ import annotations

from cardgame.domain import keys
from cardgame.domain.answers import OTHER_OPTION, GroupAnswer
from cardgame.domain.dayanswers import DayAnswers
from cardgame.domain.daycursor import DAY, MAP, TIMER_DEFAULT, TIMER_MAX, deal_order, new_seed
from cardgame.domain.decks import THEME_DAY_KINDS, Deck, DialogueFormatCard
from cardgame.domain.errors import RuleError, refuse
from cardgame.domain.events import Change, Value
from cardgame.domain.programme import HAND, PLENARY
from cardgame.domain.roundclock import timer_value

__all__ = ["DAY", "HAND", "MAP", "OTHER_OPTION", "PLENARY", "THEME_DAY_KINDS", "TIMER_DEFAULT",
           "TIMER_MAX", "GroupAnswer", "ThemeDay", "deal_order", "new_seed"]
"""The theme day's vocabulary, for the screens, the wall and the export: imported from here."""


class ThemeDay(DayAnswers):
    """A theme-day session: the decks, the cursor and every group's answers."""

    def set_timer(self, minutes: int) -> None:
        """Set the length of a round; the timer waits at the full round."""
        if not 1 <= minutes <= TIMER_MAX:
            raise RuleError("dialog.number_range", low=1, high=TIMER_MAX)
        self.recorder.view(minutes=minutes, timer=timer_value(False, minutes * 60, 0))

    def show_screen(self, screen: str) -> None:
        """Record that the facilitator shows the card (DAY) or the influence circle (MAP)."""
        if self.state.cursor.get("screen", DAY) != screen:
            self.recorder.view(screen=screen)

    def record_timer(self, running: bool, remaining: int, now: float) -> None:
        """Record that the timer started, paused or ran out, for the wall to follow."""
        self.recorder.view(timer=timer_value(running, remaining, now))

    def choose_deck(self, deck_id: str, shuffle: bool | None = None) -> None:
        """Deal from another deck; shuffle True/False sets its order, None keeps it."""
        deck = self.deck_of(deck_id)
        if deck is None:
            raise RuleError("error.unknown_deck", deck=deck_id)
        fields: dict[str, Value] = {"deck": deck.id, **self._leaving()}
        if shuffle is not None and shuffle != self.shuffled(deck):
            fields["seed"] = new_seed() if shuffle else 0
        self.recorder.view(**fields)
        ids = self.cards_in_view()
        first_open = next((c for c in ids if not self.card_done(c)), ids[0] if ids else None)
        if first_open is not None:
            self.recorder.view(deck=deck.id, card=first_open, scenario="",
                               **self._opening_group(first_open))

    def goto_card(self, card_id: str) -> None:
        deck = self.deck
        if deck is None or not deck.has_card(card_id):
            raise RuleError("error.unknown_card", card=card_id)
        one = self.current_round()
        leaving = self._leaving() if one is None or card_id not in one.cards else {}
        if self.mode == HAND and card_id not in self.hand(self.group):
            owner = self.holder(card_id)
            if owner is None:
                self.recorder.view(mode=PLENARY, card=card_id, scenario="", **leaving)
                return
            self.recorder.view(group=owner, card=card_id, scenario="", **leaving)
            return
        self.recorder.view(deck=deck.id, card=card_id, scenario="", **leaving,
                           **self._opening_group(card_id))

    def step_card(self, delta: int) -> None:
        """Move to the next (1) or previous (-1) card; RuleError at either end."""
        refuse(self.why_not_step_card(delta))
        ids = self.cards_in_view()
        card = self.card
        assert card is not None
        if self.current_round() is not None:
            index = ids.index(card.id) if card.id in ids else -1
            if delta > 0 and index + 1 >= len(ids):
                self.start_round(self.round_number + 1)
                return
            if delta < 0 and index <= 0:
                self.start_round(self.round_number - 1, at_end=True, timer=False)
                return
        target = ids[ids.index(card.id) + delta if card.id in ids else 0]
        self.recorder.view(card=target, scenario="", **self._opening_group(target))

    def _opening_group(self, card_id: str) -> dict[str, Value]:
        """In plenary, a newly shown card starts with the first group that has not answered."""
        if self.mode == HAND or self.deck is None:
            return {}
        card = self.deck.card(card_id)
        for group in self.answering_groups(card_id):
            if not self.answered(group, card):
                return {"group": group}
        return {"group": self.meta.groups[0].id}

    def step_group(self, delta: int) -> None:
        refuse(self.why_not_step_group())
        ids = [g.id for g in self.meta.groups]
        index = ids.index(self.group)
        group = ids[(index + delta) % len(ids)]
        fields: dict[str, Value] = {"group": group}
        if self.mode == HAND:
            hand = self.hand(group)
            if hand:
                fields["card"] = hand[0]
                fields["scenario"] = ""
        self.recorder.view(**fields)

    def step_scenario(self, delta: int = 1) -> None:
        refuse(self.why_not_step_scenario())
        card = self.card
        assert isinstance(card, DialogueFormatCard)
        scenario = card.scenarios[(self.scenario_index + delta) % len(card.scenarios)].id
        fields: dict[str, Value] = {"scenario": scenario}
        if self.mode != HAND:
            waiting = [g for g in self.answering_groups(card.id)
                       if self.answer(g, card, scenario).option is None]
            fields["group"] = waiting[0] if waiting else self.meta.groups[0].id
        self.recorder.view(**fields)

    def set_mode(self, mode: str) -> None:
        if mode not in (PLENARY, HAND):
            raise RuleError("error.unknown_mode", mode=mode)
        fields: dict[str, Value] = {"mode": mode, **self._leaving()}
        if mode == HAND:
            hand = self.hand(self.group)
            if hand:
                fields["card"] = hand[0]
        self.recorder.view(**fields)

    def cardless_tables(self) -> list[str]:
        """In a hand round of the programme: the tables holding no card of its deck (a round
        that names fewer cards than there are tables)."""
        one, deck = self.current_round(), self.deck
        if one is None or one.mode != HAND or deck is None:
            return []
        return [g.id for g in self.meta.groups if not self.hand(g.id, deck)]

    def deal_to_cardless(self) -> list[str]:
        """Deal one card to each table of the round that has none, staying in the round;
        the tables dealt to (fewer when the deck runs out). One undoable step."""
        refuse(self.why_not_deal_hands())
        deck = self.deck
        assert deck is not None
        free = self.free_cards(deck)
        dealt = list(zip(self.cardless_tables(), free, strict=False))
        if dealt:
            self.recorder.set_many([(keys.hand(deck.id, card), group) for group, card in dealt])
            self.recorder.view(group=dealt[0][0], card=dealt[0][1], scenario="")
        return [group for group, _ in dealt]

    def deal_hands(self, per_group: int = 1) -> int:
        """Deal each group `per_group` more cards, none to two groups, as one undoable step;
        return how many dealt. In a programme's round this leaves the programme.

        Fewer are dealt when the deck runs out; RuleError when no card is left at all.
        Cards already answered in plenary are skipped, so a hand brings something new.
        """
        refuse(self.why_not_deal_hands())
        deck = self.deck
        assert deck is not None
        free = self.free_cards(deck)
        items: list[tuple[tuple[str, ...], Value | None]] = []
        for _ in range(per_group):
            for group in self.meta.groups:
                if free:
                    items.append((keys.hand(deck.id, free.pop(0)), group.id))
        if items:
            self.recorder.set_many(items)
        if self.mode == HAND and self.current_round() is not None:
            self.recorder.view(**self._leaving())
        self.set_mode(HAND)
        self.recorder.view(group=self.meta.groups[0].id,
                           card=self.hand(self.meta.groups[0].id)[0], scenario="")
        return len(items)

    def begin(self) -> None:
        """The first screen of a new session: the programme's first round, else the first
        deck."""
        if self.meta.programme is not None and self.round_at(1) is not None and \
                any(d.id == self.meta.programme.rounds[0].deck for d in self.decks):
            self.start_round(1)
        elif self.deck is not None:
            self.choose_deck(self.deck.id)

    def start_round(self, number: int, *, at_end: bool = False, timer: bool = True) -> None:
        """Play a round of the programme: its deck, its mode, its first open card; the timer
        set to its minutes (unless `timer` is False, as when stepping back or returning).
        A hand round deals its cards to the tables, in turn, the first time."""
        one = self.round_at(number)
        if one is None:
            raise RuleError("programme.none" if self.meta.programme is None
                            else "programme.last_round", total=self.rounds_total)
        deck = self.deck_of(one.deck)
        if deck is None:
            raise RuleError("programme.deck_missing", n=number, deck=one.deck)
        cards = [c for c in one.cards if deck.has_card(c)]
        if one.mode == HAND:
            self._deal_round(deck, cards)
        fields: dict[str, Value] = {"round": number, "away": 0, "deck": deck.id,
                                    "mode": one.mode, "scenario": ""}
        if timer:
            fields.update(minutes=one.minutes, timer=timer_value(False, one.minutes * 60, 0))
        self.recorder.view(**fields)
        if one.mode == HAND:
            for group in self.meta.groups:
                hand = [c for c in cards if self.holder(c, deck) == group.id]
                open_cards = [c for c in hand if not self.answered(group.id, deck.card(c), deck)]
                if open_cards:
                    self.recorder.view(group=group.id, card=open_cards[0])
                    return
            holders = [self.holder(c, deck) for c in cards]
            first = next((g for g in holders if g), self.meta.groups[0].id)
            self.recorder.view(group=first, card=cards[0] if cards else "")
            return
        if not cards:
            return
        pick = cards[-1] if at_end else next((c for c in cards if not self.card_done(c, deck)),
                                              cards[0])
        self.recorder.view(card=pick, **self._opening_group(pick))

    def _deal_round(self, deck: Deck, cards: list[str]) -> None:
        """Give a hand round's cards to the tables in turn (as one undoable step)."""
        groups = self.meta.groups
        items: list[tuple[tuple[str, ...], Value | None]] = [
            (keys.hand(deck.id, card), groups[index % len(groups)].id)
            for index, card in enumerate(cards) if self.holder(card, deck) is None]
        if items:
            self.recorder.set_many(items)

    def next_round(self) -> None:
        """Go on to the next round now (what is left of this one is skipped)."""
        refuse(self.why_not_next_round())
        self.start_round(self.round_number + (0 if self.away else 1) or 1)

    def return_to_programme(self) -> None:
        """Back to the round the day left, at its first open card; the timer runs on."""
        refuse(self.why_not_return_to_programme())
        self.start_round(self.round_number or 1, timer=self.round_number == 0)

    def skipped(self, number: int) -> list[str]:
        """The cards of a round that no table answered at all (for the notes)."""
        one = self.round_at(number)
        if one is None:
            return []
        answered = {info.card for info in map(keys.parse, self.state.values)
                    if info is not None and info.kind == keys.ANSWER and info.deck == one.deck}
        return [c for c in one.cards if c not in answered]

    def undo(self) -> Change | None:
        refuse(self.why_not_undo())
        change = self.recorder.undo()
        if change is not None:
            self._show(change.key)
        return change

    def redo(self) -> Change | None:
        refuse(self.why_not_redo())
        change = self.recorder.redo()
        if change is not None:
            self._show(change.key)
        return change

    def _show(self, key: tuple[str, ...]) -> None:
        """Bring the card and group an undone or redone change belongs to into view."""
        info = keys.parse(key)
        if info is None or info.kind != keys.ANSWER:
            return
        if not any(deck.id == info.deck for deck in self.decks):
            return
        fields: dict[str, Value] = {"deck": info.deck, "card": info.card, "group": info.group}
        if info.scenario:
            fields["scenario"] = info.scenario
        if self.mode == HAND and self.holder(info.card) is None:
            fields["mode"] = PLENARY
        self.recorder.view(**fields)
