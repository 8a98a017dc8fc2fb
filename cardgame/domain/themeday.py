"""The rules of the theme day (idea sketch #2): dealing cards and recording group answers.

`ThemeDay` turns what the facilitator does into recorded events and answers questions about
the session (which card is showing, which groups have answered, how far the deck has got). It
records through a `Recorder` (the open session), so it never touches files itself. What an
answer is and when it is given lives in `answers`; the layout of the keys in `keys`.

An action the rules refuse raises `RuleError` with the reason; `refusal` tells the same reason
before the action is tried, so that the screen can grey out a key and explain it when pressed.
"""

from __future__ import annotations

import random
from typing import Callable, TypeVar, cast

from cardgame.domain import answers, keys
from cardgame.domain.answers import OTHER_OPTION, GroupAnswer
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.errors import RuleError
from cardgame.domain.events import Change, SessionState, Value
from cardgame.domain.programme import HAND, PLENARY, Round
from cardgame.domain.recording import Recorder
from cardgame.domain.roundclock import Clock, state_clock, timer_value
from cardgame.domain.session import SessionMeta

_T = TypeVar("_T")
DAY, MAP = "day", "map"
"""What the facilitator shows (the cursor's `screen`): the theme day's card, or the influence
circle opened from it. The wall follows."""
THEME_DAY_KINDS = ("welfare-theme", "dialogue-format", "politician-role")
"""The deck kinds a theme day deals from, in the order of the day."""
TIMER_DEFAULT, TIMER_MAX = 5, 180
"""Minutes of a round: the default and the longest."""


def deal_order(deck: Deck, seed: int) -> list[str]:
    """Card ids in dealing order: the deck's own order for seed 0, else a seeded shuffle."""
    ids = [card.id for card in deck.cards]
    if seed:
        random.Random(seed).shuffle(ids)
    return ids


def new_seed() -> int:
    """A fresh, recorded shuffle seed (never 0, which means deck order)."""
    return random.SystemRandom().randrange(1, 2**31)


class ThemeDay:
    """A theme-day session: the decks, the cursor and every group's answers."""

    def __init__(self, meta: SessionMeta, decks: dict[str, Deck], recorder: Recorder) -> None:
        self.meta = meta
        self.recorder = recorder
        self.decks = [decks[ref.id] for ref in meta.decks
                      if ref.id in decks and decks[ref.id].kind in THEME_DAY_KINDS]
        self.missing = [ref.id for ref in meta.decks if ref.id not in decks]
        """Decks the session used that are not available now."""
        self._orders: dict[tuple[str, int], list[str]] = {}
        self._done: dict[str, set[str]] = {}
        self._done_synced = 0
        self._memo: dict[str, object] = {}
        self._memo_stamp: tuple[int, int] = (0, -1)

    # cursor ---------------------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        return self.recorder.state

    def _cached(self, name: str, compute: Callable[[], _T]) -> _T:
        """What the cursor shows, worked out once per state: the screen asks for the card
        and its position a hundred times a key, and they change only when something is
        recorded (a view event too)."""
        stamp = (id(self.state), self.state.last_seq)
        if stamp != self._memo_stamp:
            self._memo.clear()
            self._memo_stamp = stamp
        if name not in self._memo:
            self._memo[name] = compute()
        return cast(_T, self._memo[name])

    @property
    def deck(self) -> Deck | None:
        return self._cached("deck", self._deck)

    def _deck(self) -> Deck | None:
        wanted = self.state.cursor.get("deck")
        for deck in self.decks:
            if deck.id == wanted:
                return deck
        return self.decks[0] if self.decks else None

    @property
    def mode(self) -> str:
        return str(self.state.cursor.get("mode", PLENARY))

    @property
    def group(self) -> str:
        wanted = self.state.cursor.get("group")
        ids = [g.id for g in self.meta.groups]
        return str(wanted) if wanted in ids else ids[0]

    @property
    def timer_minutes(self) -> int:
        """The length of a round, as last set (remembered across a reopen)."""
        minutes = self.state.cursor.get("minutes")
        if isinstance(minutes, int) and 1 <= minutes <= TIMER_MAX:
            return minutes
        return TIMER_DEFAULT

    def set_timer(self, minutes: int) -> None:
        """Set the length of a round; the timer waits at the full round."""
        if not 1 <= minutes <= TIMER_MAX:
            raise RuleError("dialog.number_range", low=1, high=TIMER_MAX)
        self.recorder.view(minutes=minutes, timer=timer_value(False, minutes * 60, 0))

    def clock(self, now: float) -> Clock:
        """The round timer as recorded (a reopened session and the wall read it alike)."""
        return state_clock(self.state, self.timer_minutes, now)

    def show_screen(self, screen: str) -> None:
        """Record that the facilitator shows the card (DAY) or the influence circle (MAP)."""
        if self.state.cursor.get("screen", DAY) != screen:
            self.recorder.view(screen=screen)

    def record_timer(self, running: bool, remaining: int, now: float) -> None:
        """Record that the timer started, paused or ran out, for the wall to follow."""
        self.recorder.view(timer=timer_value(running, remaining, now))

    def order(self, deck: Deck | None = None) -> list[str]:
        """The dealing order of a deck (the current one by default)."""
        deck = deck or self.deck
        if deck is None:
            return []
        seed = self.state.seeds.get(deck.id, 0)
        cached = self._orders.get((deck.id, seed))
        if cached is None:
            cached = self._orders[(deck.id, seed)] = deal_order(deck, seed)
        return cached

    def shuffled(self, deck: Deck | None = None) -> bool:
        deck = deck or self.deck
        return bool(deck and self.state.seeds.get(deck.id, 0))

    def cards_in_view(self) -> list[str]:
        """The cards the arrows step through: the whole deck, or in hand mode the group's hand."""
        return self._cached("in_view", self._in_view)

    def _in_view(self) -> list[str]:
        one, deck = self.current_round(), self.deck
        if one is not None and deck is not None:
            cards = [c for c in one.cards if deck.has_card(c)]
            if self.mode == HAND:
                return [c for c in cards if self.holder(c) == self.group]
            return cards
        return self.hand(self.group) if self.mode == HAND else self.order()

    @property
    def card(self) -> Card | None:
        return self._cached("card", self._card)

    def _card(self) -> Card | None:
        deck = self.deck
        if deck is None:
            return None
        ids = self.cards_in_view()
        wanted = self.state.cursor.get("card")
        if wanted in ids:
            return deck.card(str(wanted))
        return deck.card(ids[0]) if ids else None

    @property
    def scenario_index(self) -> int:
        card = self.card
        if not isinstance(card, DialogueFormatCard):
            return 0
        wanted = self.state.cursor.get("scenario")
        ids = [s.id for s in card.scenarios]
        return ids.index(wanted) if wanted in ids else 0

    @property
    def scenario(self) -> str | None:
        """The id of the scenario showing, on a dialogue card."""
        card = self.card
        return answers.scenario_id(card, self.scenario_index) if card is not None else None

    def position(self) -> tuple[int, int]:
        """(1-based position of the card, number of cards) among the cards in view."""
        return self._cached("position", self._position)

    def _position(self) -> tuple[int, int]:
        card, ids = self.card, self.cards_in_view()
        if card is None or card.id not in ids:
            return (0, len(ids))
        return (ids.index(card.id) + 1, len(ids))

    def next_card(self) -> Card | None:
        """The card `step_card(1)` would show (the facilitator looks ahead; None at the end)."""
        card, deck, ids = self.card, self.deck, self.cards_in_view()
        if card is None or deck is None or card.id not in ids:
            return None
        index = ids.index(card.id) + 1
        return deck.card(ids[index]) if index < len(ids) else None

    # what can be done now -------------------------------------------------------------------

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

    # moving ---------------------------------------------------------------------------------

    def choose_deck(self, deck_id: str, shuffle: bool | None = None) -> None:
        """Deal from another deck; shuffle True/False sets its order, None keeps it."""
        deck = next((d for d in self.decks if d.id == deck_id), None)
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
        self._check("step_card", delta)
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
        self._check("step_group")
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
        self._check("step_scenario")
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

    # the programme --------------------------------------------------------------------------

    @property
    def rounds_total(self) -> int:
        programme = self.meta.programme
        return len(programme.rounds) if programme is not None else 0

    @property
    def round_number(self) -> int:
        """The programme's round the day stands in, from 1; 0 without a programme or before
        its first round."""
        value = self.state.cursor.get("round")
        if isinstance(value, int) and not isinstance(value, bool) and \
                1 <= value <= self.rounds_total:
            return value
        return 0

    @property
    def away(self) -> bool:
        """Whether the facilitator left the programme (another deck, a searched card)."""
        return bool(self.state.cursor.get("away")) and self.round_number > 0

    def current_round(self) -> Round | None:
        """The round being played; None without a programme, before it or away from it."""
        number, programme = self.round_number, self.meta.programme
        if not number or programme is None or self.away:
            return None
        one = programme.rounds[number - 1]
        deck = self.deck
        return one if deck is not None and deck.id == one.deck else None

    def round_at(self, number: int) -> Round | None:
        programme = self.meta.programme
        if programme is None or not 1 <= number <= len(programme.rounds):
            return None
        return programme.rounds[number - 1]

    def _leaving(self) -> dict[str, Value]:
        """The cursor field that says the day left the programme (nothing when not in it)."""
        return {"away": 1} if self.current_round() is not None else {}

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
        deck = next((d for d in self.decks if d.id == one.deck), None)
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
        self._check("next_round")
        self.start_round(self.round_number + (0 if self.away else 1) or 1)

    def return_to_programme(self) -> None:
        """Back to the round the day left, at its first open card; the timer runs on."""
        self._check("return_to_programme")
        self.start_round(self.round_number or 1, timer=self.round_number == 0)

    def skipped(self, number: int) -> list[str]:
        """The cards of a round that no table answered at all (for the notes)."""
        one = self.round_at(number)
        if one is None:
            return []
        answered = {info.card for info in map(keys.parse, self.state.values)
                    if info is not None and info.kind == keys.ANSWER and info.deck == one.deck}
        return [c for c in one.cards if c not in answered]

    # hands ----------------------------------------------------------------------------------

    def holder(self, card_id: str, deck: Deck | None = None) -> str | None:
        deck = deck or self.deck
        if deck is None:
            return None
        value = self.state.values.get(keys.hand(deck.id, card_id))
        return str(value) if value is not None else None

    def hand(self, group: str, deck: Deck | None = None) -> list[str]:
        """The cards dealt to a group from a deck, in dealing order."""
        deck = deck or self.deck
        if deck is None:
            return []
        return [c for c in self.order(deck) if self.holder(c, deck) == group]

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

    def deal_hands(self, per_group: int = 1) -> int:
        """Deal each group `per_group` more cards, none to two groups; return how many dealt.

        Fewer are dealt when the deck runs out; RuleError when no card is left at all.
        Cards already answered in plenary are skipped, so a hand brings something new.
        """
        self._check("deal_hands")
        deck = self.deck
        assert deck is not None
        free = self.free_cards(deck)
        dealt = 0
        for _ in range(per_group):
            for group in self.meta.groups:
                if not free:
                    break
                self.recorder.set(keys.hand(deck.id, free.pop(0)), group.id)
                dealt += 1
        if self.mode == HAND and self.current_round() is not None:
            self.recorder.view(**self._leaving())
        self.set_mode(HAND)
        self.recorder.view(group=self.meta.groups[0].id,
                           card=self.hand(self.meta.groups[0].id)[0], scenario="")
        return dealt

    # answers --------------------------------------------------------------------------------

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

    # undo -----------------------------------------------------------------------------------

    def undo(self) -> Change | None:
        self._check("undo")
        change = self.recorder.undo()
        if change is not None:
            self._show(change.key)
        return change

    def redo(self) -> Change | None:
        self._check("redo")
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
