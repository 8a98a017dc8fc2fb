"""The rules of influence mapping (idea sketch #1): placements on the circle and what they show.

Rings are counted from the outside in: ring 0 is the outermost ("no influence"), ring n-1 the
innermost ("decisive"). A placement belongs to an element (a card of the influence-element
deck), an actor and a group, and is made for *today* or for *wanted*.

The keys of the recorded values (placements, how, failure marks, notes, the answers to the
guiding questions) are laid out in `cardgame.domain.keys`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from cardgame.domain import keys
from cardgame.domain.decks import Card, Deck
from cardgame.domain.errors import RuleError, refuse
from cardgame.domain.events import Change, SessionState, Value
from cardgame.domain.recording import Recorder
from cardgame.domain.session import SessionMeta

TODAY, WANTED = "today", "wanted"
HOW_CYCLE: tuple[str | None, ...] = (None, "decisions", "culture", "both")


@dataclass(frozen=True)
class Placement:
    """Where one element sits for one actor and group."""

    element: str
    actor: str
    group: str
    today: int | None
    wanted: int | None
    how: str | None
    failure: bool
    note: str

    @property
    def gap(self) -> int:
        """How many rings further in *wanted* is than *today* (0 when not both placed)."""
        if self.today is None or self.wanted is None:
            return 0
        return self.wanted - self.today


@dataclass(frozen=True)
class Spread:
    """How the placements of one element (today) spread over actors and groups."""

    element: str
    rings: list[int]
    """Every today placement, innermost last when sorted."""

    @property
    def outermost(self) -> int:
        return min(self.rings)

    @property
    def innermost(self) -> int:
        return max(self.rings)

    @property
    def median(self) -> float:
        return statistics.median(self.rings)

    @property
    def width(self) -> int:
        return self.innermost - self.outermost


class InfluenceMap:
    """Placing a deck's elements on the circle, per actor and group."""

    def __init__(self, meta: SessionMeta, deck: Deck, recorder: Recorder) -> None:
        if deck.kind != "influence-element":
            raise RuleError("error.not_influence_deck", deck=deck.id)
        self.meta = meta
        self.deck = deck
        self.recorder = recorder
        self.rings = list(deck.circle.rings)
        self.questions = list(deck.circle.questions)

    @property
    def state(self) -> SessionState:
        return self.recorder.state

    @property
    def elements(self) -> tuple[Card, ...]:
        return self.deck.cards

    # cursor ---------------------------------------------------------------------------------

    @property
    def element(self) -> Card:
        wanted = self.state.cursor.get("element")
        if isinstance(wanted, str) and self.deck.has_card(wanted):
            return self.deck.card(wanted)
        return self.deck.cards[0]

    @property
    def actor(self) -> str:
        wanted = self.state.cursor.get("actor")
        return str(wanted) if wanted in self.meta.actors else self.meta.actors[0]

    @property
    def group(self) -> str:
        return self.meta.group_or_first(self.state.cursor.get("group"))

    @property
    def dim(self) -> str:
        return WANTED if self.state.cursor.get("dim") == WANTED else TODAY

    # why an action cannot act now: one rule each, None when it can (see DayAnswers) --------

    def why_not_put(self, ring_number: int) -> RuleError | None:
        if not 1 <= ring_number <= len(self.rings):
            return RuleError("error.ring_range", high=len(self.rings))
        return None

    def why_not_move(self, delta: int) -> RuleError | None:
        ring = self.ring()
        if delta < 0 and ring is None:
            return RuleError("error.not_on_circle")
        if ring is not None and not 0 <= ring + delta < len(self.rings):
            key = "error.innermost" if delta > 0 else "error.outermost"
            return RuleError(key, ring=self.rings[ring])
        return None

    def why_not_remove(self) -> RuleError | None:
        return RuleError("error.not_on_circle") if self.ring() is None else None

    def why_not_step_element(self, delta: int) -> RuleError | None:
        index = self.deck.position(self.element.id)
        if not 0 <= index + delta < len(self.deck.cards):
            return RuleError("error.last_element" if delta > 0 else "error.first_element")
        return None

    def why_not_step_actor(self) -> RuleError | None:
        return RuleError("error.one_actor") if len(self.meta.actors) < 2 else None

    def why_not_step_group(self) -> RuleError | None:
        return RuleError("error.one_group") if len(self.meta.groups) < 2 else None

    def why_not_undo(self) -> RuleError | None:
        return None if self.state.can_undo else RuleError("error.nothing_to_undo")

    def why_not_redo(self) -> RuleError | None:
        return None if self.state.can_redo else RuleError("error.nothing_to_redo")

    def step_element(self, delta: int) -> None:
        refuse(self.why_not_step_element(delta))
        index = self.deck.position(self.element.id)
        target = max(0, min(len(self.deck.cards) - 1, index + delta))
        self.recorder.view(element=self.deck.cards[target].id)

    def select(self, element_id: str) -> None:
        if not self.deck.has_card(element_id):
            raise RuleError("error.unknown_card", card=element_id)
        self.recorder.view(element=element_id)

    def step_actor(self, delta: int = 1) -> None:
        refuse(self.why_not_step_actor())
        actors = self.meta.actors
        self.recorder.view(actor=actors[(actors.index(self.actor) + delta) % len(actors)])

    def step_group(self, delta: int = 1) -> None:
        refuse(self.why_not_step_group())
        ids = [g.id for g in self.meta.groups]
        self.recorder.view(group=ids[(ids.index(self.group) + delta) % len(ids)])

    def toggle_dim(self) -> None:
        self.recorder.view(dim=TODAY if self.dim == WANTED else WANTED)

    # recording ------------------------------------------------------------------------------

    def _base(self, element: str | None = None) -> tuple[str, str, str, str]:
        return (self.deck.id, element or self.element.id, self.actor, self.group)

    def ring(self, element: str | None = None, dim: str | None = None, actor: str | None = None,
             group: str | None = None) -> int | None:
        """The ring an element is in (None when it is not on the circle)."""
        key = keys.place(self.deck.id, element or self.element.id, actor or self.actor,
                         group or self.group, dim or self.dim)
        return self._ring_of(self.state.values.get(key))

    def _ring_of(self, value: object) -> int | None:
        """A recorded ring as this deck can show it: a ring the deck does not have (a session
        switched to a version with fewer rings by an older cardgame) counts as its innermost,
        and `beyond_rings` names it."""
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return None
        return min(value, len(self.rings) - 1)

    def beyond_rings(self) -> list[str]:
        """The titles of the elements placed in rings this version of the deck lacks."""
        found: list[str] = []
        for key, value in self.state.values.items():
            info = keys.parse(key)
            if info is None or info.kind != keys.PLACE or info.deck != self.deck.id:
                continue
            if isinstance(value, int) and value >= len(self.rings) \
                    and self.deck.has_card(info.card):
                title = self.deck.card(info.card).title
                if title not in found:
                    found.append(title)
        return found

    def placed(self, dim: str | None = None) -> dict[str, int]:
        """The ring of every element on the circle, by element id, for the actor and group
        mapped now (the actor and group found once, not once per element)."""
        actor, group, dim = self.actor, self.group, dim or self.dim
        deck, values, found = self.deck.id, self.state.values, {}
        for card in self.deck.cards:
            ring = self._ring_of(values.get(keys.place(deck, card.id, actor, group, dim)))
            if ring is not None:
                found[card.id] = ring
        return found

    def put(self, ring_number: int) -> Change | None:
        """Put the selected element in ring `ring_number`, counted 1… from the outside in."""
        refuse(self.why_not_put(ring_number))
        return self.recorder.set(keys.place(*self._base(), self.dim), ring_number - 1)

    def remove(self) -> Change | None:
        """Take the selected element off the circle (for the dimension being edited)."""
        refuse(self.why_not_remove())
        return self.recorder.set(keys.place(*self._base(), self.dim), None)

    def move(self, delta: int) -> Change | None:
        """Move the selected element inward (+1) or outward (-1); an unplaced one enters at
        the edge when moved inward."""
        refuse(self.why_not_move(delta))
        current = self.ring()
        if current is None:
            return self.put(1) if delta > 0 else None
        target = max(0, min(len(self.rings) - 1, current + delta))
        if target == current:
            return None
        return self.recorder.set(keys.place(*self._base(), self.dim), target)

    def how(self, element: str | None = None, actor: str | None = None,
            group: str | None = None) -> str | None:
        value = self.state.values.get(keys.element_key(
            keys.HOW, self.deck.id, element or self.element.id, actor or self.actor,
            group or self.group))
        return value if isinstance(value, str) else None

    def cycle_how(self) -> Change | None:
        """Through decisions → through culture → both → not said."""
        current = self.how()
        following = HOW_CYCLE[(HOW_CYCLE.index(current) + 1) % len(HOW_CYCLE)]
        return self.recorder.set(keys.element_key(keys.HOW, *self._base()), following)

    def failure(self, element: str | None = None, actor: str | None = None,
                group: str | None = None) -> bool:
        return self.state.values.get(keys.element_key(
            keys.FAILURE, self.deck.id, element or self.element.id, actor or self.actor,
            group or self.group)) is True

    def toggle_failure(self) -> Change | None:
        return self.recorder.set(keys.element_key(keys.FAILURE, *self._base()),
                                 None if self.failure() else True)

    def note(self, element: str | None = None, actor: str | None = None,
             group: str | None = None) -> str:
        value = self.state.values.get(keys.element_key(
            keys.ENOTE, self.deck.id, element or self.element.id, actor or self.actor,
            group or self.group))
        return value if isinstance(value, str) else ""

    def write_note(self, text: str) -> Change | None:
        return self.recorder.set(keys.element_key(keys.ENOTE, *self._base()),
                                 text.strip() or None)

    def guide_answer(self, number: int, group: str | None = None) -> str:
        value = self.state.values.get(keys.guide(self.deck.id, number, group or self.group))
        return value if isinstance(value, str) else ""

    def write_guide_answers(self, answers: dict[int, str]) -> Change | None:
        """Record the answers to the guiding questions (1-based) as one undo step."""
        items: list[tuple[tuple[str, ...], Value | None]] = []
        for number, text in sorted(answers.items()):
            if not 1 <= number <= len(self.questions):
                raise RuleError("error.question_range", high=len(self.questions))
            items.append((keys.guide(self.deck.id, number, self.group), text.strip() or None))
        return self.recorder.set_many(items)

    def undo(self) -> Change | None:
        refuse(self.why_not_undo())
        change = self.recorder.undo()
        self._show(change)
        return change

    def redo(self) -> Change | None:
        refuse(self.why_not_redo())
        change = self.recorder.redo()
        self._show(change)
        return change

    def _show(self, change: Change | None) -> None:
        info = keys.parse(change.key) if change else None
        if info is not None and info.kind in keys.ELEMENT_KINDS and info.deck == self.deck.id:
            fields: dict[str, Value] = {"element": info.card, "actor": info.actor,
                                        "group": info.group}
            if info.dim:
                fields["dim"] = info.dim
            self.recorder.view(**fields)

    # reading --------------------------------------------------------------------------------

    def placement(self, element: str, actor: str, group: str) -> Placement:
        return Placement(element, actor, group, self.ring(element, TODAY, actor, group),
                         self.ring(element, WANTED, actor, group), self.how(element, actor, group),
                         self.failure(element, actor, group), self.note(element, actor, group))

    def placements(self) -> list[Placement]:
        """Every element × actor × group that has anything recorded, in deck order.

        Read from the recorded keys (not by trying every combination: with 1,000 elements, 3
        actors and 12 groups there are 36,000).
        """
        triples = set()
        for key in self.state.values:
            if key[0] in keys.ELEMENT_KINDS:
                info = keys.parse(key)
                if info is not None and info.deck == self.deck.id:
                    triples.add((info.card, info.actor, info.group))
        actors = {actor: i for i, actor in enumerate(self.meta.actors)}
        groups = {group.id: i for i, group in enumerate(self.meta.groups)}
        known = [t for t in triples if self.deck.has_card(t[0]) and t[1] in actors and
                 t[2] in groups]
        known.sort(key=lambda t: (self.deck.position(t[0]), actors[t[1]], groups[t[2]]))
        return [self.placement(*triple) for triple in known]

    def gaps(self) -> list[Placement]:
        """Placements whose *wanted* is further in than *today*, largest gap first."""
        found = [p for p in self.placements() if p.gap > 0]
        return sorted(found, key=lambda p: (-p.gap, self.deck.position(p.element)))

    def high_influence_failures(self) -> list[Placement]:
        """Placements in the inner half of the circle today that are marked as frequent causes
        of failed dialogues: influence that could be used better."""
        inner = len(self.rings) // 2
        return [p for p in self.placements()
                if p.failure and p.today is not None and p.today >= inner]

    def unplaced(self) -> list[Card]:
        """Elements that no actor or group has placed today."""
        placed = {p.element for p in self.placements() if p.today is not None}
        return [card for card in self.deck.cards if card.id not in placed]

    def spreads(self) -> list[Spread]:
        """Per element, the today placements over actors and groups; widest spread first."""
        by_element: dict[str, list[int]] = {}
        for p in self.placements():
            if p.today is not None:
                by_element.setdefault(p.element, []).append(p.today)
        spreads = []
        for card in self.deck.cards:
            rings = by_element.get(card.id, [])
            if len(rings) >= 2:
                spreads.append(Spread(card.id, sorted(rings)))
        return sorted(spreads, key=lambda s: (-s.width, self.deck.position(s.element)))
