"""The rules of the theme day (idea sketch #2): dealing cards and recording group answers.

`ThemeDay` turns what the facilitator does into recorded events and answers questions about
the session (which card is showing, which groups have answered, how far the deck has got). It
records through a `Recorder` (the open session), so it never touches files itself.

Keys of recorded values:

* ``("answer", deck, card, group, field)`` for welfare themes (rating 1–5, note) and
  politician roles (challenges, levers);
* ``("answer", deck, card, group, scenario, field)`` for dialogue formats (option: 1…N, or 0
  for another answer; other: its text; reason);
* ``("hand", deck, card)`` → group id, for a card dealt to one table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Protocol

from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.events import Change, Key, SessionState, Value
from cardgame.domain.session import SessionMeta

RATING_MIN, RATING_MAX = 1, 5
OTHER_OPTION = 0
"""The option number recorded for "another answer"."""
PLENARY, HAND = "plenary", "hand"


class Recorder(Protocol):
    """What the theme day needs of an open session."""

    state: SessionState

    def set(self, key: Key, value: Value | None) -> Change | None: ...

    def set_many(self, items: list[tuple[Key, Value | None]]) -> Change | None: ...

    def undo(self) -> Change | None: ...

    def redo(self) -> Change | None: ...

    def view(self, **fields: Value) -> None: ...


class RuleError(ValueError):
    """An action the rules do not allow, with a message for the facilitator (an i18n key)."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(key)


@dataclass(frozen=True)
class GroupAnswer:
    """What one group has answered on one card (for a dialogue card: one scenario)."""

    rating: int | None = None
    note: str = ""
    option: int | None = None
    other: str = ""
    reason: str = ""
    challenges: str = ""
    levers: str = ""

    @property
    def empty(self) -> bool:
        return self == GroupAnswer()


def _whole(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


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
                      if ref.id in decks and decks[ref.id].kind != "influence-element"]
        self.missing = [ref.id for ref in meta.decks if ref.id not in decks]
        """Decks the session used that are not available now."""
        self._orders: dict[tuple[str, int], list[str]] = {}
        self._done: dict[str, set[str]] = {}
        self._done_synced = 0

    # cursor ---------------------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        return self.recorder.state

    @property
    def deck(self) -> Deck | None:
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
        if self.mode == HAND:
            return self.hand(self.group)
        return self.order()

    @property
    def card(self) -> Card | None:
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

    def position(self) -> tuple[int, int]:
        """(1-based position of the card, number of cards) among the cards in view."""
        card, ids = self.card, self.cards_in_view()
        if card is None or card.id not in ids:
            return (0, len(ids))
        return (ids.index(card.id) + 1, len(ids))

    def choose_deck(self, deck_id: str, shuffle: bool | None = None) -> None:
        """Deal from another deck; shuffle True/False sets its order, None keeps it."""
        deck = next((d for d in self.decks if d.id == deck_id), None)
        if deck is None:
            raise RuleError("error.unknown_deck", deck=deck_id)
        fields: dict[str, Value] = {"deck": deck.id}
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
        if self.mode == HAND and card_id not in self.hand(self.group):
            owner = self.holder(card_id)
            if owner is None:
                self.recorder.view(mode=PLENARY, card=card_id, scenario="")
                return
            self.recorder.view(group=owner, card=card_id, scenario="")
            return
        self.recorder.view(deck=deck.id, card=card_id, scenario="",
                           **self._opening_group(card_id))

    def step_card(self, delta: int) -> bool:
        """Move to the next (1) or previous (-1) card; False at either end."""
        ids = self.cards_in_view()
        card = self.card
        if card is None or not ids:
            return False
        index = ids.index(card.id) if card.id in ids else 0
        target = index + delta
        if not 0 <= target < len(ids):
            return False
        self.recorder.view(card=ids[target], scenario="", **self._opening_group(ids[target]))
        return True

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
        card = self.card
        if not isinstance(card, DialogueFormatCard) or len(card.scenarios) < 2:
            return
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
        fields: dict[str, Value] = {"mode": mode}
        if mode == HAND:
            hand = self.hand(self.group)
            if hand:
                fields["card"] = hand[0]
        self.recorder.view(**fields)

    # hands ----------------------------------------------------------------------------------

    def holder(self, card_id: str, deck: Deck | None = None) -> str | None:
        deck = deck or self.deck
        if deck is None:
            return None
        value = self.state.values.get(("hand", deck.id, card_id))
        return str(value) if value is not None else None

    def hand(self, group: str, deck: Deck | None = None) -> list[str]:
        """The cards dealt to a group from a deck, in dealing order."""
        deck = deck or self.deck
        if deck is None:
            return []
        return [c for c in self.order(deck) if self.holder(c, deck) == group]

    def deal_hands(self, per_group: int = 1) -> int:
        """Deal each group `per_group` more cards, none to two groups; return how many dealt.

        Fewer are dealt when the deck runs out; RuleError when no card is left at all.

        Cards already answered in plenary are skipped, so a hand brings something new.
        """
        deck = self.deck
        if deck is None:
            return 0
        free = [c for c in self.order(deck)
                if self.holder(c, deck) is None and not self.card_done(c, deck)]
        if not free:
            raise RuleError("error.no_cards_left")
        dealt = 0
        for _ in range(per_group):
            for group in self.meta.groups:
                if not free:
                    break
                self.recorder.set(("hand", deck.id, free.pop(0)), group.id)
                dealt += 1
        self.set_mode(HAND)
        self.recorder.view(group=self.meta.groups[0].id,
                           card=self.hand(self.meta.groups[0].id)[0], scenario="")
        return dealt

    # answers --------------------------------------------------------------------------------

    def _key(self, card: Card, group: str, field: str, scenario: str | None = None) -> Key:
        deck = self.deck
        assert deck is not None
        if scenario is not None:
            return ("answer", deck.id, card.id, group, scenario, field)
        return ("answer", deck.id, card.id, group, field)

    def answer(self, group: str, card: Card | None = None, scenario: str | None = None,
               deck: Deck | None = None) -> GroupAnswer:
        """What a group has answered on a card (and scenario)."""
        deck = deck or self.deck
        card = card or self.card
        if deck is None or card is None:
            return GroupAnswer()
        if isinstance(card, DialogueFormatCard) and scenario is None:
            scenario = card.scenarios[self.scenario_index].id if card is self.card else \
                card.scenarios[0].id
        base = ("answer", deck.id, card.id, group) + ((scenario,) if scenario else ())
        get = self.state.values.get

        def text(field: str) -> str:
            value = get(base + (field,))
            return value if isinstance(value, str) else ""

        rating, option = get(base + ("rating",)), get(base + ("option",))
        return GroupAnswer(
            rating=rating if isinstance(rating, int) else None, note=text("note"),
            option=option if isinstance(option, int) else None, other=text("other"),
            reason=text("reason"), challenges=text("challenges"), levers=text("levers"))

    def answered(self, group: str, card: Card | None = None, deck: Deck | None = None) -> bool:
        """Whether a group has given the answer a card asks for (every scenario, for formats)."""
        deck = deck or self.deck
        card = card or self.card
        if deck is None or card is None:
            return False
        if deck.kind == "welfare-theme":
            return self.answer(group, card, deck=deck).rating is not None
        if deck.kind == "dialogue-format" and isinstance(card, DialogueFormatCard):
            return all(self.answer(group, card, s.id, deck).option is not None
                       for s in card.scenarios)
        found = self.answer(group, card, deck=deck)
        return bool(found.challenges or found.levers)

    def answering_groups(self, card_id: str, deck: Deck | None = None) -> list[str]:
        """The groups expected to answer a card: all in plenary, its holder if dealt."""
        holder = self.holder(card_id, deck)
        return [holder] if holder else [g.id for g in self.meta.groups]

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
        for key in touched[self._done_synced:]:
            if len(key) >= 3 and key[0] in ("answer", "hand") and key[1] in decks:
                deck, card = decks[key[1]], key[2]
                if not deck.has_card(card):
                    continue
                done = self._done.setdefault(deck.id, set())
                if self.card_done(card, deck):
                    done.add(card)
                else:
                    done.discard(card)
        self._done_synced = len(touched)
        return self._done

    def _record(self, field: str, value: Value | None, scenario: str | None = None) -> Change:
        card = self.card
        if card is None:
            raise RuleError("error.no_card")
        change = self.recorder.set(self._key(card, self.group, field, scenario), value)
        return change or Change((), None, None, self.state.last_seq)

    def _current_scenario(self) -> str | None:
        card = self.card
        if isinstance(card, DialogueFormatCard):
            return card.scenarios[self.scenario_index].id
        return None

    def record_number(self, number: int) -> Change:
        """Record the key 1–9: a rating on a welfare theme, an option on a dialogue format."""
        deck, card = self.deck, self.card
        if deck is None or card is None:
            raise RuleError("error.no_card")
        if deck.kind == "welfare-theme":
            if not RATING_MIN <= number <= RATING_MAX:
                raise RuleError("error.rating_range", low=RATING_MIN, high=RATING_MAX)
            change = self._record("rating", number)
        elif isinstance(card, DialogueFormatCard):
            scenario = card.scenarios[self.scenario_index]
            if not 1 <= number <= len(scenario.options):
                raise RuleError("error.option_range", high=len(scenario.options))
            change = self._record("option", number, scenario.id)
        else:
            raise RuleError("error.no_numbers_for_roles")
        self.advance_group()
        return change

    def record_other(self, text: str) -> Change:
        """Record "another answer" with its text for the current scenario."""
        scenario = self._current_scenario()
        if scenario is None:
            raise RuleError("error.no_scenario")
        self._record("other", text.strip() or None, scenario)
        change = self._record("option", OTHER_OPTION, scenario)
        self.advance_group()
        return change

    def answer_fields(self) -> tuple[str, ...]:
        """The fields of a whole answer on the current card, as the answer dialog asks them."""
        deck = self.deck
        if deck is None:
            return ()
        return {"welfare-theme": ("rating", "note"),
                "dialogue-format": ("option", "other", "reason"),
                "politician-role": ("challenges", "levers")}[deck.kind]

    def record_answer(self, fields: dict[str, str]) -> Change | None:
        """Record a group's whole answer as typed in the answer dialog, as one undo step.

        Numbers arrive as text; everything is checked before anything is recorded. When the
        answer is complete, the next group that has not answered becomes active.
        """
        deck, card = self.deck, self.card
        if deck is None or card is None:
            raise RuleError("error.no_card")
        scenario = self._current_scenario()
        items: list[tuple[Key, Value | None]] = []
        for name in self.answer_fields():
            raw = fields.get(name, "").strip()
            value: Value | None = raw or None
            if name == "rating" and raw:
                value = _whole(raw)
                if value is None or not RATING_MIN <= value <= RATING_MAX:
                    raise RuleError("error.rating_range", low=RATING_MIN, high=RATING_MAX)
            if name == "option" and raw:
                assert isinstance(card, DialogueFormatCard)
                high = len(card.scenarios[self.scenario_index].options)
                value = _whole(raw)
                if value is None or not 0 <= value <= high:
                    raise RuleError("error.option_range", high=high)
                if value == OTHER_OPTION and not fields.get("other", "").strip():
                    raise RuleError("error.other_needs_text")
            per_scenario = name in ("option", "other", "reason")
            items.append((self._key(card, self.group, name, scenario if per_scenario else None),
                          value))
        change = self.recorder.set_many(items)
        if self._complete(self.group):
            self.advance_group()
        return change

    def _complete(self, group: str) -> bool:
        scenario = self._current_scenario()
        if scenario is not None:
            return self.answer(group, self.card, scenario).option is not None
        return self.answered(group)

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
        scenario = self._current_scenario()
        for offset in range(1, len(ids) + 1):
            group = ids[(start + offset) % len(ids)]
            if scenario is not None:
                if self.answer(group, card, scenario).option is None:
                    self.recorder.view(group=group)
                    return
            elif not self.answered(group, card):
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
        change = self.recorder.undo()
        if change is not None:
            self._show(change.key)
        return change

    def redo(self) -> Change | None:
        change = self.recorder.redo()
        if change is not None:
            self._show(change.key)
        return change

    def _show(self, key: Key) -> None:
        """Bring the card and group an undone or redone change belongs to into view."""
        if key and key[0] == "answer" and len(key) >= 5:
            fields: dict[str, Value] = {"deck": key[1], "card": key[2], "group": key[3]}
            if len(key) == 6:
                fields["scenario"] = key[4]
            if self.mode == HAND and self.holder(key[2]) is None:
                fields["mode"] = PLENARY
            self.recorder.view(**fields)
