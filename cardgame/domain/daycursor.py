"""What the theme day shows now: the deck, the card, the group, the round, read from the cursor.

`DayCursor` is the reading half of the theme day: every question the screens and the wall ask
about where the session stands, answered from the recorded cursor (`view` events) and
remembered per recorded change, because a screen asks them many times a key. It records
nothing. `DayAnswers` adds what the groups answered and what may be done; `ThemeDay` the
actions.
"""

from __future__ import annotations

import random
from typing import Callable, TypeVar, cast

from cardgame.domain import answers, keys
from cardgame.domain.decks import THEME_DAY_KINDS, Card, Deck, DialogueFormatCard
from cardgame.domain.events import SessionState, Value
from cardgame.domain.programme import HAND, PLENARY, Round
from cardgame.domain.recording import Recorder
from cardgame.domain.roundclock import Clock, state_clock
from cardgame.domain.session import SessionMeta

_T = TypeVar("_T")
DAY, MAP = "day", "map"
"""What the facilitator shows (the cursor's `screen`): the theme day's card, or the influence
circle opened from it. The wall follows."""
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


class DayCursor:
    """Where a theme-day session stands: read from its state, never written here."""

    def __init__(self, meta: SessionMeta, decks: dict[str, Deck], recorder: Recorder) -> None:
        self.meta = meta
        self.recorder = recorder
        self.decks = [decks[ref.id] for ref in meta.decks
                      if ref.id in decks and decks[ref.id].kind in THEME_DAY_KINDS]
        self.missing = [ref.id for ref in meta.decks if ref.id not in decks]
        """Decks the session used that are not available now."""
        self._orders: dict[tuple[str, int], list[str]] = {}
        self._memo: dict[str, object] = {}
        self._memo_stamp: tuple[int, int] = (0, -1)

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

    def deck_of(self, deck_id: str) -> Deck | None:
        """The session's theme-day deck with this id (None: no such deck here)."""
        return next((d for d in self.decks if d.id == deck_id), None)

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
    def deck_id(self) -> str | None:
        """The id of the deck dealt from, None before any."""
        deck = self.deck
        return deck.id if deck is not None else None

    @property
    def card_id(self) -> str | None:
        """The id of the card on the wall, None when there is none."""
        card = self.card
        return card.id if card is not None else None

    @property
    def mode(self) -> str:
        return str(self.state.cursor.get("mode", PLENARY))

    @property
    def group(self) -> str:
        return self.meta.group_or_first(self.state.cursor.get("group"))

    @property
    def timer_minutes(self) -> int:
        """The length of a round, as last set (remembered across a reopen)."""
        minutes = self.state.cursor.get("minutes")
        if isinstance(minutes, int) and 1 <= minutes <= TIMER_MAX:
            return minutes
        return TIMER_DEFAULT

    def clock(self, now: float) -> Clock:
        """The round timer as recorded (a reopened session and the wall read it alike)."""
        return state_clock(self.state, self.timer_minutes, now)

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
