"""What the room sees: the card on the wall and the tables' answers, derived from a session.

The audience view (`cardgame audience`, or the audience page of `cardgame serve`) follows a
session that the facilitator records elsewhere, and shows `wall(meta, decks, state)`: the card
showing, its scenario, the answers so far as the room should see them (each table's rating,
how many tables chose each option and who, the tensions the tables named), the round timer,
and on the influence map the circle. Nothing meant for the facilitator alone.

The timer is part of the session's cursor (`roundclock`), so the wall counts down with the
facilitator's clock; `Wall.clock` is the clock at the moment the wall was derived.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cardgame.domain.answers import OTHER_OPTION, RATING_MAX
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.events import SessionState, Value
from cardgame.domain.influence import TODAY, WANTED, InfluenceMap
from cardgame.domain.programme import round_title
from cardgame.domain.recording import ReadOnlyRecorder
from cardgame.domain.roundclock import Clock
from cardgame.domain.session import SessionMeta
from cardgame.domain.themeday import HAND, MAP, ThemeDay
from cardgame.i18n import t

CARD, EMPTY = "card", "empty"
"""What the wall shows besides the circle (MAP): a card, or only the session's title."""


@dataclass(frozen=True)
class Rating:
    """One table's rating of a welfare theme (None: not yet)."""

    group: str
    rating: int | None
    high: int = RATING_MAX


@dataclass(frozen=True)
class Tally:
    """One option of a dilemma and the tables that chose it (0 is "another answer")."""

    number: int
    text: str
    groups: list[str]


@dataclass(frozen=True)
class Tension:
    """What one table named on a politician-role card."""

    group: str
    challenges: str
    levers: str


@dataclass(frozen=True)
class Element:
    """One influence element on the wall's legend: its rings today and wanted (None: off)."""

    number: int
    title: str
    today: int | None
    wanted: int | None


@dataclass(frozen=True)
class CircleView:
    """The influence circle: rings, the elements placed, who and what is being placed."""

    deck: Deck
    rings: list[str]
    elements: list[Element]
    selected: int
    """The index of the element being discussed."""
    actor: str
    group: str
    """The group whose placements show ("" when the session has one group)."""
    dim: str
    """TODAY or WANTED: which placement the facilitator records now."""

    @property
    def placements(self) -> list[tuple[int, int, str]]:
        """(element index, ring, dimension) of every marker on the circle."""
        found = []
        for index, element in enumerate(self.elements):
            if element.today is not None:
                found.append((index, element.today, TODAY))
            if element.wanted is not None:
                found.append((index, element.wanted, WANTED))
        return found


@dataclass(frozen=True)
class Wall:
    """Everything the audience view draws."""

    kind: str
    """CARD, MAP or EMPTY."""
    title: str
    """The session's title (shown only when there is no card)."""
    card: Card | None = None
    deck: Deck | None = None
    scenario: int = 0
    position: tuple[int, int] = (0, 0)
    hand_of: str = ""
    """In hand mode: the table whose card this is."""
    round: str = ""
    """In a programme's round: "Runde 2 af 3 · its title" (no minutes: the clock shows)."""
    ratings: list[Rating] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    tensions: list[Tension] = field(default_factory=list)
    clock: Clock | None = None
    circle: CircleView | None = None


def _influence_deck(meta: SessionMeta, decks: dict[str, Deck]) -> Deck | None:
    for ref in meta.decks:
        deck = decks.get(ref.id)
        if deck is not None and deck.kind == "influence-element":
            return deck
    return None


def _circle(meta: SessionMeta, deck: Deck, state: SessionState) -> CircleView:
    mapping = InfluenceMap(meta, deck, ReadOnlyRecorder(state))
    elements = [Element(n, card.title, mapping.ring(card.id, TODAY), mapping.ring(card.id, WANTED))
                for n, card in enumerate(mapping.elements, start=1)]
    group = meta.group_name(mapping.group) if len(meta.groups) > 1 else ""
    return CircleView(deck, list(mapping.rings), elements,
                      deck.position(mapping.element.id), mapping.actor, group, mapping.dim)


def wall(meta: SessionMeta, decks: dict[str, Deck], state: SessionState, now: float) -> Wall:
    """What the room should see of the session as it stands."""
    day = ThemeDay(meta, decks, ReadOnlyRecorder(state))
    timer = day.clock(now) if "timer" in state.cursor else None  # shown once it is used
    screen: Value | None = state.cursor.get("screen")
    influence = _influence_deck(meta, decks)
    if influence is not None and (meta.kind == "influence-map" or screen == MAP):
        return Wall(MAP, meta.title, clock=timer, circle=_circle(meta, influence, state))
    card, deck = day.card, day.deck
    if card is None or deck is None:
        return Wall(EMPTY, meta.title, clock=timer)
    hand_of = meta.group_name(day.group) if day.mode == HAND else ""
    one = day.current_round()
    round_label = t("wall.round", n=day.round_number, total=day.rounds_total,
                    title=round_title(one, decks)) if one is not None else ""
    shown = Wall(CARD, meta.title, card, deck, day.scenario_index, day.position(), hand_of,
                 round_label, clock=timer)
    groups = [g for g in meta.groups if g.id in day.answering_groups(card.id)]
    if deck.kind == "welfare-theme":
        ratings = [Rating(g.name, day.answer(g.id, card).rating) for g in groups]
        return replace(shown, ratings=ratings)
    if isinstance(card, DialogueFormatCard):
        scenario = card.scenarios[day.scenario_index]
        chosen: dict[int, list[str]] = {}
        for group in groups:
            option = day.answer(group.id, card, scenario.id).option
            if option is not None:
                chosen.setdefault(option, []).append(group.name)
        tallies = [Tally(n, text, chosen.get(n, []))
                   for n, text in enumerate(scenario.options, start=1)]
        if chosen.get(OTHER_OPTION):
            tallies.append(Tally(OTHER_OPTION, "", chosen[OTHER_OPTION]))
        return replace(shown, tallies=tallies)
    tensions = []
    for group in groups:
        answer = day.answer(group.id, card)
        if answer.challenges or answer.levers:
            tensions.append(Tension(group.name, answer.challenges, answer.levers))
    return replace(shown, tensions=tensions)
