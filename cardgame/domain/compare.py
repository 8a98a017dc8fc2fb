"""Several sessions side by side: mappings element by element, theme days theme by theme.

A director's mapping is one circle per actor (and table); comparing six directors, the
directors against the politicians, or one director a year apart means setting those circles
side by side. Each circle is a `Column`; each element the compared decks share is a row with
every column's today and wanted ring. What the rows say together (where the columns disagree
most, where today and wanted lie furthest apart, what moved for one actor between two dates)
is worked out here once, for the screen and both renderers.

Sessions are compared on what they share: the influence deck most of them use, and the cards
of it they all have. A session that uses another deck or other rings is left out and named;
an element that only some have is named with the sessions that have it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date as Date

from cardgame.domain.answers import OTHER_OPTION, read
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.events import SessionState
from cardgame.domain.influence import TODAY, InfluenceMap
from cardgame.domain.recording import ReadOnlyRecorder
from cardgame.domain.session import SessionMeta

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
"""A column's letter on the overlay circle (I and O left out: they read as 1 and 0)."""


@dataclass(frozen=True)
class Compared:
    """One session to compare, as read from its file."""

    meta: SessionMeta
    state: SessionState
    decks: dict[str, Deck]


@dataclass(frozen=True)
class LeftOut:
    """A session that is not compared, and why: `other_deck`, `other_rings` or
    `nothing_placed`, with the values its words need (the document puts it into words)."""

    title: str
    why: str
    values: dict[str, object]


# mappings -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One circle: an actor's placements, at one table of one session."""

    letter: str
    session: int
    """The session's place among those compared (two files may share an id)."""
    title: str
    date: Date
    actor: str
    group: str
    """The table's name; "" when the session has one table."""
    rings: dict[str, tuple[int | None, int | None]]
    """Element id → (today, wanted); 0 is the outermost ring."""


@dataclass(frozen=True)
class ElementRow:
    """One element every compared session has, and where each column placed it."""

    card: Card
    number: int
    """The element's number in the reference deck (1-based), as on the circle."""
    cells: tuple[tuple[int | None, int | None], ...]
    """Per column: (today, wanted)."""

    def placed(self, dim: str = TODAY) -> list[int]:
        index = 0 if dim == TODAY else 1
        return [cell[index] for cell in self.cells if cell[index] is not None]  # type: ignore[misc]

    @property
    def spread(self) -> int:
        """Rings between the outermost and innermost today among the columns (0 if < 2)."""
        today = self.placed(TODAY)
        return max(today) - min(today) if len(today) >= 2 else 0

    @property
    def gaps(self) -> list[int]:
        """Wanted minus today, for each column that placed both (positive: further in)."""
        return [w - t for t, w in self.cells if t is not None and w is not None]

    @property
    def mean_gap(self) -> float | None:
        gaps = self.gaps
        return statistics.fmean(gaps) if gaps else None


@dataclass(frozen=True)
class Move:
    """One actor's element between an earlier and a later mapping."""

    actor: str
    earlier: Column
    later: Column
    row: ElementRow
    before: int
    after: int

    @property
    def inward(self) -> bool:
        return self.after > self.before


@dataclass(frozen=True)
class MappingComparison:
    deck: Deck
    """The reference deck: the one most sessions use, as the first of them kept it."""
    rings: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[ElementRow, ...]
    only_some: tuple[tuple[str, tuple[str, ...]], ...]
    """Elements not every session has: the title and the sessions that have it."""
    left_out: tuple[LeftOut, ...]
    moves: tuple[Move, ...]

    def disagree_most(self, limit: int = 3) -> list[ElementRow]:
        """Rows whose columns placed today furthest apart, widest first."""
        rows = [r for r in self.rows if r.spread > 0]
        return sorted(rows, key=lambda r: -r.spread)[:limit]

    def differ_most(self, limit: int = 3) -> list[ElementRow]:
        """Rows whose wanted lies furthest from today, on average over the columns."""
        rows = [r for r in self.rows if r.mean_gap]
        return sorted(rows, key=lambda r: -abs(r.mean_gap or 0.0))[:limit]


def _influence_decks(session: Compared) -> list[Deck]:
    return [session.decks[ref.id] for ref in session.meta.decks
            if ref.id in session.decks and session.decks[ref.id].kind == "influence-element"]


def _columns(position: int, session: Compared, mapping: InfluenceMap,
             first: int) -> list[Column]:
    placements = mapping.placements()
    columns: list[Column] = []
    several = len(session.meta.groups) > 1
    for actor in session.meta.actors:
        for group in session.meta.groups:
            mine = {p.element: (p.today, p.wanted) for p in placements
                    if p.actor == actor and p.group == group.id
                    and (p.today is not None or p.wanted is not None)}
            if mine:
                letter = LETTERS[(first + len(columns)) % len(LETTERS)]
                columns.append(Column(letter, position, session.meta.title,
                                      session.meta.date, actor, group.name if several else "",
                                      mine))
    return columns


def compare_mappings(sessions: list[Compared]) -> MappingComparison | None:
    """The mappings among `sessions` side by side; None when none of them has a placement."""
    with_deck = [(s, d) for s in sessions for d in _influence_decks(s)[:1]]
    if not with_deck:
        return None
    counts = Counter(d.id for _, d in with_deck)
    deck_id = max(counts, key=lambda i: (counts[i], -[d.id for _, d in with_deck].index(i)))
    reference = next(d for _, d in with_deck if d.id == deck_id)
    rings = tuple(reference.circle.rings)
    left_out: list[LeftOut] = []
    kept: list[tuple[int, Compared, InfluenceMap]] = []
    for position, session in enumerate(sessions):
        deck = next((d for d in _influence_decks(session) if d.id == deck_id), None)
        if deck is None:
            if _influence_decks(session):
                left_out.append(LeftOut(session.meta.title, "other_deck",
                                        {"deck": reference.info.title}))
            continue
        if tuple(deck.circle.rings) != rings:
            left_out.append(LeftOut(session.meta.title, "other_rings",
                                    {"n": len(deck.circle.rings), "ours": len(rings)}))
            continue
        kept.append((position, session,
                     InfluenceMap(session.meta, deck, ReadOnlyRecorder(session.state))))
    columns: list[Column] = []
    having: dict[str, list[int]] = {}
    for position, session, mapping in kept:
        found = _columns(position, session, mapping, len(columns))
        if not found:
            left_out.append(LeftOut(session.meta.title, "nothing_placed", {}))
            continue
        columns.extend(found)
        for card in mapping.deck.cards:
            having.setdefault(card.id, []).append(position)
    if not columns:
        return MappingComparison(reference, rings, (), (), (), tuple(left_out), ())
    compared = {c.session for c in columns}
    titles = {c.session: c.title for c in columns}
    shared = [card for card in reference.cards if set(having.get(card.id, ())) >= compared]
    rows = tuple(ElementRow(card, reference.position(card.id) + 1,
                            tuple(c.rings.get(card.id, (None, None)) for c in columns))
                 for card in shared)
    only_some = tuple((_title(kept, card_id), tuple(titles[s] for s in dict.fromkeys(ids)))
                      for card_id, ids in having.items()
                      if set(ids) & compared and not set(ids) >= compared)
    return MappingComparison(reference, rings, tuple(columns), rows, only_some,
                             tuple(left_out), tuple(_moves(columns, rows)))


def _title(kept: list[tuple[int, Compared, InfluenceMap]], card_id: str) -> str:
    return next(m.deck.card(card_id).title for _, _, m in kept if m.deck.has_card(card_id))


def _moves(columns: list[Column], rows: tuple[ElementRow, ...]) -> list[Move]:
    """For each actor mapped at two or more dates: what moved today between the earliest and
    the latest of them, largest move first."""
    by_actor: dict[str, list[int]] = {}
    for index, column in enumerate(columns):
        by_actor.setdefault(" ".join(column.actor.split()).casefold(), []).append(index)
    moves: list[Move] = []
    for indices in by_actor.values():
        dated = sorted(indices, key=lambda i: columns[i].date)
        first, last = dated[0], dated[-1]
        if columns[first].date == columns[last].date:
            continue
        for row in rows:
            before, after = row.cells[first][0], row.cells[last][0]
            if before is not None and after is not None and before != after:
                moves.append(Move(columns[last].actor, columns[first], columns[last], row,
                                  before, after))
    return sorted(moves, key=lambda m: -abs(m.after - m.before))


# theme days ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThemeRatings:
    """One welfare theme across sessions: per session the mean rating and on how many tables."""

    card: Card
    cells: tuple[tuple[float | None, int, int], ...]
    """Per session: (mean rating, tables that rated it, tables of the session)."""


@dataclass(frozen=True)
class DilemmaChoices:
    """One dilemma across sessions: per session how many tables chose each option."""

    card: DialogueFormatCard
    number: int
    """The scenario's number on its card (1-based)."""
    dilemma: str
    options: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    """Per session: count per option, then the count of other answers."""


@dataclass(frozen=True)
class DayComparison:
    sessions: tuple[Compared, ...]
    themes: tuple[ThemeRatings, ...]
    dilemmas: tuple[DilemmaChoices, ...]
    only_some: tuple[tuple[str, tuple[str, ...]], ...]
    """Cards answered in some sessions but not held by all: the title and those that have it."""


def _shared_cards(sessions: list[Compared], kind: str
                  ) -> tuple[list[tuple[Deck, Card]], list[tuple[str, tuple[str, ...]]]]:
    """The cards of `kind` every session's decks hold (in the first session's order), and
    those only some hold, with the titles of the sessions that have them."""
    having: dict[tuple[str, str], list[int]] = {}
    order: list[tuple[Deck, Card]] = []
    titles = {position: s.meta.title for position, s in enumerate(sessions)}
    for position, session in enumerate(sessions):
        for ref in session.meta.decks:
            deck = session.decks.get(ref.id)
            if deck is None or deck.kind != kind:
                continue
            for card in deck.cards:
                key = (deck.id, card.id)
                if key not in having:
                    order.append((deck, card))
                having.setdefault(key, []).append(position)
    everyone = set(titles)
    shared = [(d, c) for d, c in order if set(having[(d.id, c.id)]) >= everyone]
    some = [(c.title, tuple(titles[i] for i in dict.fromkeys(having[(d.id, c.id)])))
            for d, c in order if not set(having[(d.id, c.id)]) >= everyone]
    return shared, some


def compare_days(sessions: list[Compared]) -> DayComparison | None:
    """The theme days among `sessions` side by side: every shared theme's ratings and every
    shared dilemma's choices; None when fewer than one theme day is given."""
    days = [s for s in sessions if s.meta.kind == "theme-day"]
    if not days:
        return None
    themes = []
    shared, some_themes = _shared_cards(days, "welfare-theme")
    for deck, card in shared:
        cells = []
        for day in days:
            ratings = [r for g in day.meta.groups
                       if (r := read(day.state, day.decks[deck.id], card, g.id).rating)
                       is not None]
            cells.append((statistics.fmean(ratings) if ratings else None, len(ratings),
                          len(day.meta.groups)))
        if any(n for _, n, _ in cells):
            themes.append(ThemeRatings(card, tuple(cells)))
    dilemmas = []
    formats, some_formats = _shared_cards(days, "dialogue-format")
    for deck, card in formats:
        if not isinstance(card, DialogueFormatCard):
            continue
        for number, scenario in enumerate(card.scenarios, start=1):
            counts = []
            for day in days:
                chosen = [read(day.state, day.decks[deck.id], card, g.id, scenario.id).option
                          for g in day.meta.groups]
                tally = Counter(o for o in chosen if o is not None)
                counts.append(tuple(tally.get(n, 0) for n in range(1, len(scenario.options) + 1))
                              + (tally.get(OTHER_OPTION, 0),))
            if any(sum(c) for c in counts):
                dilemmas.append(DilemmaChoices(card, number, scenario.dilemma,
                                               tuple(scenario.options), tuple(counts)))
    return DayComparison(tuple(days), tuple(themes), tuple(dilemmas),
                         tuple(some_themes + some_formats))
