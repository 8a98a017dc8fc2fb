"""What a session's notes say, worked out once: the document the Markdown and the HTML renderers
both draw (`markdown.py`, `html.py`).

The notes are a small tree of sections, each holding paragraphs, lists, tables and circles.
Every text in it is as typed or as the labels say, never escaped: escaping belongs to a
renderer. Each answer appears once: a day that followed a programme is told round by round,
any other day deck by deck; the summary names on how many tables each figure rests and which
tables did not answer. The full text of the cards, which a reader without the decks may want,
comes only on request (`cards`); answers whose card is gone always do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from cardgame.domain import keys
from cardgame.domain.answers import OTHER_OPTION, GroupAnswer
from cardgame.domain.circle import Marker
from cardgame.domain.decks import (
    Card,
    Deck,
    DialogueFormatCard,
    InfluenceElementCard,
    PoliticianRoleCard,
    WelfareThemeCard,
)
from cardgame.domain.events import Event, SessionState
from cardgame.domain.followups import follow_ups
from cardgame.domain.influence import InfluenceMap, Placement
from cardgame.domain.programme import Round, round_title
from cardgame.domain.session import SessionMeta
from cardgame.export.context import Context, one_line
from cardgame.export.labels import Labels
from cardgame.export.marker import marker_text
from cardgame.export.results import (
    ScenarioResult,
    ThemeRow,
    extremes,
    role_answers,
    scenario_results,
    theme_rows,
)

# the document -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A list item: a strong lead (a table's or a card's name) and its text, with sub-items."""

    text: str = ""
    lead: str = ""
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""
    """Shown strong before the text ("Dilemma")."""


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]
    title: str = ""
    """A line before the list ("Begrundelser")."""
    numbered: bool = False
    checklist: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: frozenset[int] = frozenset()
    """Columns of numbers, aligned right."""
    ratings: frozenset[int] = frozenset()
    """Columns of ratings out of `scale`: the HTML draws them as bars."""
    scale: int = 5


@dataclass(frozen=True)
class Circle:
    """One actor's (and group's) influence circle: rings outermost first, every element of the
    deck by its number, and where each placed element sits today and wanted."""

    title: str
    rings: tuple[str, ...]
    elements: tuple[str, ...]
    markers: tuple[Marker, ...]
    legend: str


@dataclass(frozen=True)
class Overlay:
    """Several circles in one (a comparison): each circle's letter where it placed an element
    today, within the element's wedge of the circle."""

    title: str
    rings: tuple[str, ...]
    elements: tuple[str, ...]
    marks: tuple[tuple[int, int, str], ...]
    """(the element's position in the deck, its ring today (0 outermost), the circle's letter)."""
    legend: str
    """What the drawing shows (the page)."""
    text_legend: str
    """What the ring-by-ring list shows (the Markdown)."""
    letters: tuple[str, ...]
    """Every circle's letter, in order: each keeps its place within a wedge."""

    def by_ring(self) -> list[tuple[str, str]]:
        """The overlay as a list, ring by ring from the centre out: each ring's number and
        name, and each element in it by its number with the letters of the circles that
        placed it there today ("1: A C · 3: B"; "–" for none)."""
        lines = []
        for ring in reversed(range(len(self.rings))):
            here: dict[int, list[str]] = {}
            for element, placed, letter in self.marks:
                if placed == ring:
                    here.setdefault(element, []).append(letter)
            found = " · ".join(f"{element + 1}: {' '.join(letters)}"
                               for element, letters in sorted(here.items()))
            lines.append((f"{ring + 1} {self.rings[ring]}", found or "–"))
        return lines


Block = Paragraph | Bullets | Table | Circle | Overlay


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Notes:
    title: str
    facts: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    marker: str
    """Whose export this is and how far the session had got (`marker.py`)."""
    lang: str
    labels: Labels = field(repr=False, compare=False)


# building -----------------------------------------------------------------------------------

SOURCES = {
    "000": "Tid til nytænkning (oplæg om samskabt politik)",
    "001": "Borgerdialog og samskabelse – inspiration til nye veje at gå",
    "002": "KS: Politisk lederskap",
    "003": "Asker kommune: Å skape sammen",
    "004": "Lokaldemokrati i nybrud",
}
"""The source documents a card's `00N: part` names, as a reader knows them."""


def source_name(source: str) -> str:
    """ "004: indsigt #4" → "Lokaldemokrati i nybrud, indsigt 4"."""
    number, _, part = source.partition(": ")
    title = SOURCES.get(number)
    if title is None:
        return source
    return f"{title}, {part.replace('#', '').strip()}" if part else title


def build_notes(meta: SessionMeta, state: SessionState, decks: dict[str, Deck],
                lang: str | None = None, *, events: list[Event] | None = None,
                tz: tzinfo | None = None, cards: bool = False) -> Notes:
    """The notes of a session, in `lang` (by default the session's own)."""
    ctx = Context(meta, state, decks, Labels(lang or meta.language), tz, events)
    sections: list[Section] = []
    for part in (_summary(ctx), *_answers(ctx), *_mappings(ctx), _follow_up(ctx),
                 _timeline(ctx), _cards(ctx) if cards else None, _unresolved(ctx)):
        if part is not None:
            sections.append(part)
    return Notes(meta.title, _facts(ctx), tuple(sections), marker_text(meta, state.last_seq),
                 ctx.labels.lang, ctx.labels)


def _facts(ctx: Context) -> tuple[tuple[str, str], ...]:
    t, meta = ctx.labels, ctx.meta
    facts = [(t("date"), t.date(meta.date))]
    if meta.municipality.strip():
        facts.append((t("municipality"), meta.municipality))
    if meta.facilitator.strip():
        facts.append((t("facilitator"), meta.facilitator))
    facts.append((t("groups"), ", ".join(ctx.group_name(g.id) for g in meta.groups)))
    if meta.programme is not None:
        facts.append((t("programme_fact"), meta.programme.info.title))
    if meta.decks:
        facts.append((t("decks"), "; ".join(
            t("deck_version" if ref.id in ctx.decks else "deck_missing", title=ref.title,
              version=ref.version) for ref in meta.decks)))
    first, last = ctx.state.first_at, ctx.state.last_at
    if first is not None and last is not None and last > first:
        start, end = ctx.local(first), ctx.local(last)
        if start.date() == end.date():
            value = t("duration_value", span=t.span(last - first), start=t.clock(start),
                      end=t.clock(end))
        else:
            value = t("duration_days", span=t.span(last - first), start=t.moment(start),
                      end=t.moment(end))
        facts.append((t("duration"), value))
    sent, answered, tables = _from_devices(ctx)
    if sent:
        names = ", ".join(ctx.group_name(g.id) for g in meta.groups if g.id in tables)
        facts.append((t("device_answers"),
                      f"{t('device_count', n=sent, total=answered)} ({names})"))
    return tuple(facts)


def _from_devices(ctx: Context) -> tuple[int, int, set[str]]:
    """(answers tables sent from their own phones, answers in all, the tables that sent
    them): an answer is a table's rating, choice or role answer on one card (scenario)."""
    heads: set[tuple[str, ...]] = set()
    sent: set[tuple[str, ...]] = set()
    for key in ctx.state.values:
        info = keys.parse(key) if key[0] == keys.ANSWER else None
        if info is None:
            continue
        head = key[:-1]
        if info.field == keys.DEVICE:
            sent.add(head)
        elif info.field in ("rating", "option", "challenges", "levers"):
            heads.add(head)
    return len(sent & heads), len(heads), {head[3] for head in sent & heads}


def _by(ctx: Context, group: str, answer: GroupAnswer, *more: str) -> str:
    """Who answered: the table, and what the notes say beside its name (its rating; that
    it sent the answer from its own phone)."""
    said = [*more, *([ctx.labels("from_device")] if answer.device else [])]
    name = ctx.group_name(group)
    return f"{name} ({', '.join(said)})" if said else name


# the summary ----------------------------------------------------------------------------------

def _rests_on(ctx: Context, row: ThemeRow) -> str:
    t = ctx.labels
    return t("mean_of_tables", mean=t.number(row.mean or 0.0), n=len(row.ratings),
             total=len(ctx.meta.groups))


def _summary(ctx: Context) -> Section | None:
    """What a reader sees first: the extremes and on how many tables they rest, the themes
    some tables did not rate, where the tables disagreed, the largest gaps in influence."""
    t = ctx.labels
    items: list[Item] = []
    rows = theme_rows(ctx)
    most, least = extremes(rows)
    if most:
        for key, found in (("most_suitable", most), ("least_suitable", least)):
            items.append(Item(t.join([
                f"{row.card.title} ({_rests_on(ctx, row)})" for row in found]), t(key)))
    every = [g.id for g in ctx.meta.groups]
    missing = [Item(t("not_rated_by", groups=t.join(
        [ctx.group_name(g) for g in every if g not in row.ratings])), row.card.title)
        for row in rows if row.ratings and len(row.ratings) < len(every)]
    if missing and len(every) > 1:
        items.append(Item(lead=t("not_all_rated"), children=tuple(missing)))
    split = [r for r in scenario_results(ctx) if r.disagreement]
    if split:
        items.append(Item(lead=t("disagreed"), children=tuple(
            Item(f"{r.scenario.dilemma} ({_spread_words(ctx, r)})", r.card.title)
            for r in split)))
    gaps = _gap_items(ctx, limit=3) if ctx.meta.kind == "theme-day" else []
    if gaps:  # a mapping on one's own leads with its potential: not said twice
        items.append(Item(lead=t("largest_gaps"), children=tuple(gaps)))
    return Section(t("summary"), (Bullets(tuple(items)),)) if items else None


SHORT_OPTION = 40
"""Options up to this long are quoted in the summary; longer ones go by their number."""


def _spread_words(ctx: Context, result: ScenarioResult) -> str:
    """ "Ja, med forbehold: 2 grupper; andet svar: 1 gruppe"."""
    t = ctx.labels
    counts = Counter(option for option, _ in result.chosen.values())
    options = result.scenario.options
    parts = []
    for option in sorted(counts, key=lambda o: (o == OTHER_OPTION, o)):
        if option == OTHER_OPTION:
            name = t("other").lower()
        elif 1 <= option <= len(options) and len(options[option - 1]) <= SHORT_OPTION:
            name = options[option - 1]
        else:
            name = t("option_n", n=option)
        parts.append(f"{name}: {t.groups(counts[option])}")
    return "; ".join(parts)


# the answers ------------------------------------------------------------------------------------

def _answers(ctx: Context) -> list[Section]:
    """Round by round when the day followed a programme, else deck by deck."""
    played = ctx.meta.programme
    if played is None:
        return [s for s in (_themes(ctx, None), _formats(ctx, None), _roles(ctx, None))
                if s is not None]
    sections = []
    for number, one in enumerate(played.rounds, start=1):
        sections.append(_round(ctx, number, one))
    named = {(one.deck, card) for one in played.rounds for card in one.cards}
    outside = [s for s in (_themes(ctx, named), _formats(ctx, named), _roles(ctx, named),)
               if s is not None]
    if outside:
        t = ctx.labels
        sections.append(Section(t("outside_programme"), (Paragraph(t("outside_intro")),),
                                tuple(outside)))
    return sections


def _in(cards: set[tuple[str, str]] | None, deck: Deck, card: Card, inside: bool) -> bool:
    """Whether a card belongs where it is asked about: `cards` are a round's (inside) or the
    programme's (outside: every other card); None takes every card."""
    if cards is None:
        return True
    return ((deck.id, card.id) in cards) == inside


def _round(ctx: Context, number: int, one: Round) -> Section:
    t = ctx.labels
    deck = ctx.decks.get(one.deck)
    facts = t("round_facts", deck=deck.info.title if deck else one.deck, minutes=one.minutes,
              mode=t(f"mode.{one.mode}"))
    if one.deal:
        facts += f"; {t('round_drawn')}"
    blocks: list[Block] = [Paragraph(facts)]
    if one.note:
        blocks.append(Paragraph(one.note, t("round_note")))
    mine = {(one.deck, card) for card in one.cards}
    parts = [s for s in (_themes(ctx, mine, inside=True), _formats(ctx, mine, inside=True),
                         _roles(ctx, mine, inside=True)) if s is not None]
    subsections: list[Section] = []
    for part in parts:  # a round plays one deck: its section's content joins the round's
        blocks += part.blocks
        subsections += part.sections
    if deck is not None:
        skipped = set(ctx.themeday.skipped(number))
        gone = [deck.card(c).title for c in one.cards if c in skipped and deck.has_card(c)]
        if gone:
            blocks.append(Paragraph(f"{t.join(gone)}.", t("skipped")))
    heading = t("round_heading", n=number, title=round_title(one, ctx.decks))
    return Section(heading, tuple(blocks), tuple(subsections))


def _themes(ctx: Context, cards: set[tuple[str, str]] | None,
            inside: bool = False) -> Section | None:
    """The themes ranked, every table a column (a dash where it did not rate), then each
    theme's reasons."""
    t = ctx.labels
    rows = [r for r in theme_rows(ctx) if _in(cards, r.deck, r.card, inside)]
    if not rows:
        return None
    groups = [g.id for g in ctx.meta.groups]
    header = (t("rank"), t("theme"), *(ctx.group_name(g) for g in groups), t("mean"))
    body = []
    for rank, row in enumerate(rows, start=1):
        ratings = row.ratings
        cells = [str(ratings[g]) if g in ratings else "" for g in groups]
        mean = t.number(row.mean) if row.mean is not None else ""
        body.append((str(rank), row.card.title, *cells, mean))
    numbers = frozenset({0, *range(2, len(header))})
    blocks: list[Block] = [Paragraph(t("themes_intro")),
                           Table(header, tuple(body), numbers,
                                 frozenset(range(2, 2 + len(groups))))]
    reasons = []
    for row in rows:
        noted = [Item(a.note, _with_rating(ctx, g, a)) for g, a in row.answers.items() if a.note]
        if noted:
            reasons.append(Item(lead=row.card.title, children=tuple(noted)))
    if reasons:
        blocks.append(Bullets(tuple(reasons), t("notes")))
    return Section(t("themes"), tuple(blocks))


def _with_rating(ctx: Context, group: str, answer: GroupAnswer) -> str:
    return _by(ctx, group, answer, *([str(answer.rating)] if answer.rating else []))


def _formats(ctx: Context, cards: set[tuple[str, str]] | None,
             inside: bool = False) -> Section | None:
    """Per card and scenario: the dilemma, the options, who chose what, and the reasons."""
    t = ctx.labels
    results = [r for r in scenario_results(ctx) if _in(cards, r.deck, r.card, inside)]
    if not results:
        return None
    by_card: dict[int, list[ScenarioResult]] = {}
    for result in results:
        by_card.setdefault(id(result.card), []).append(result)
    sections = []
    for group in by_card.values():
        first = group[0]
        blocks: list[Block] = []
        for result in group:
            blocks += _scenario(ctx, result, several=len(first.card.scenarios) > 1)
        sections.append(Section(_card_heading(ctx, first.deck, first.card), tuple(blocks)))
    return Section(t("formats"), (), tuple(sections))


def _card_heading(ctx: Context, deck: Deck, card: Card) -> str:
    holder = ctx.themeday.holder(card.id, deck)
    if holder:
        return f"{card.title} ({ctx.labels('held_by', group=ctx.group_name(holder))})"
    return card.title


def _scenario(ctx: Context, result: ScenarioResult, several: bool) -> list[Block]:
    t = ctx.labels
    scenario = result.scenario
    lead = t("dilemma")
    if several:
        lead = t("scenario", n=result.number) + (f": {scenario.title}" if scenario.title
                                                 else "") + f" · {lead}"
    blocks: list[Block] = [Paragraph(scenario.dilemma, lead),
                           Bullets(tuple(Item(o) for o in scenario.options), numbered=True)]
    chosen = [(g, a) for g, a in result.answers.items() if a.option is not None]
    if len(chosen) >= 2:
        by_option: dict[int, list[str]] = {}
        for group, (option, _) in result.chosen.items():
            by_option.setdefault(option, []).append(ctx.group_name(group))
        rows = [(str(n), ", ".join(by_option.get(n, [])), str(len(by_option.get(n, []))))
                for n in range(1, len(scenario.options) + 1)]
        if by_option.get(OTHER_OPTION):
            others = by_option[OTHER_OPTION]
            rows.append((t("other"), ", ".join(others), str(len(others))))
        blocks.append(Table((t("option"), t("chosen_by"), t("count")), tuple(rows),
                            frozenset({2})))
    items = []
    for group, answer in result.answers.items():
        choice = _choice(ctx, result, answer, alone=len(chosen) < 2)
        if choice or answer.reason:
            text = "; ".join(part for part in (choice, _reason(ctx, answer.reason)) if part)
            items.append(Item(text, _by(ctx, group, answer)))
    if items:
        blocks.append(Bullets(tuple(items), t("choices")))
    return blocks


def _reason(ctx: Context, reason: str) -> str:
    return f"{ctx.labels('reason')}: {reason}" if reason.strip() else ""


def _choice(ctx: Context, result: ScenarioResult, answer: GroupAnswer, alone: bool) -> str:
    """What a table chose, where the table of choices does not already say it: another
    answer's text always, a numbered option when this was the only choice."""
    t = ctx.labels
    if answer.option == OTHER_OPTION:
        return f"{t('other')}: {t('quoted', text=answer.other or '–')}"
    if answer.option is None or not alone:
        return ""
    return t("option_n", n=answer.option)


def _roles(ctx: Context, cards: set[tuple[str, str]] | None,
           inside: bool = False) -> Section | None:
    t = ctx.labels
    found = [(d, c, a) for d, c, a in role_answers(ctx) if _in(cards, d, c, inside)]
    if not found:
        return None
    sections = []
    for deck, card, answers in found:
        items = []
        for group, answer in answers.items():
            parts = []
            if answer.challenges:
                parts.append(Item(answer.challenges, t("challenges")))
            if answer.levers:
                parts.append(Item(answer.levers, t("levers")))
            items.append(Item(lead=_by(ctx, group, answer), children=tuple(parts)))
        sections.append(Section(_card_heading(ctx, deck, card), (Bullets(tuple(items)),)))
    return Section(t("roles"), (), tuple(sections))


# the mappings -------------------------------------------------------------------------------

def _ring(mapping: InfluenceMap, ring: int | None) -> str:
    return "–" if ring is None else mapping.rings[ring]


def _who(ctx: Context, placement: Placement) -> str:
    """The actor, and the group when the session has several; "" for a mapping of one actor
    by one group, where it would be said on every line."""
    if len(ctx.meta.groups) > 1:
        return f"{one_line(placement.actor)}, {ctx.group_name(placement.group)}"
    return one_line(placement.actor) if len(ctx.meta.actors) > 1 else ""


def _where(ctx: Context, key: str, placement: Placement, **values: str) -> str:
    """A gap's or a failure's line, naming who only where there is more than one."""
    who = _who(ctx, placement)
    return ctx.labels(key, who=who, **values) if who else ctx.labels(f"{key}_alone", **values)


def _gap_items(ctx: Context, limit: int | None = None) -> list[Item]:
    """Placements wanted further in than today, largest gap first."""
    found = []
    for mapping in ctx.maps:
        for p in mapping.gaps():
            found.append((p.gap, Item(_where(ctx, "gap_line", p, today=_ring(mapping, p.today),
                                             wanted=_ring(mapping, p.wanted)),
                                      mapping.deck.card(p.element).title)))
    found.sort(key=lambda pair: -pair[0])
    items = [item for _, item in found]
    return items[:limit] if limit is not None else items


def _mappings(ctx: Context) -> list[Section]:
    sections = []
    for mapping in ctx.maps:
        section = _mapping(ctx, mapping)
        if section is not None:
            sections.append(section)
    return sections


def _mapping(ctx: Context, mapping: InfluenceMap) -> Section | None:
    t = ctx.labels
    placements = mapping.placements()
    questions = _guide_answers(ctx, mapping)
    if not placements and not questions:
        return None
    title = t("influence_deck", title=mapping.deck.info.title) if len(ctx.maps) > 1 \
        else t("influence")
    blocks: list[Block] = []
    sections: list[Section] = []
    if placements:
        rings = ", ".join(f"{n} {name}" for n, name in enumerate(mapping.rings, 1))
        blocks += [Paragraph(t("rings_legend", rings=rings)), Paragraph(t("cells_legend"))]
        several = len(ctx.meta.groups) > 1
        for group in [g.id for g in ctx.meta.groups if any(p.group == g.id for p in placements)]:
            mine = [p for p in placements if p.group == group]
            parts: list[Block] = [_placement_table(ctx, mapping, mine)]
            noted = [Item(p.note, ", ".join(part for part in (
                mapping.deck.card(p.element).title,
                one_line(p.actor) if len(ctx.meta.actors) > 1 else "") if part))
                for p in mine if p.note]
            if noted:
                parts.append(Bullets(tuple(noted), t("element_notes")))
            parts += _circles(ctx, mapping, mine, group if several else "")
            if several:
                sections.append(Section(ctx.group_name(group), tuple(parts)))
            else:
                blocks += parts
        potential = _potential(ctx, mapping)
        if potential is not None:
            sections.append(potential)
    if questions:
        sections.append(Section(t("questions"), tuple(questions)))
    return Section(title, tuple(blocks), tuple(sections))


def _cell(ctx: Context, placement: Placement | None) -> str:
    if placement is None:
        return ""
    t = ctx.labels
    parts = []
    if placement.today is not None or placement.wanted is not None:
        today = "–" if placement.today is None else str(placement.today + 1)
        wanted = "" if placement.wanted is None else f" → {placement.wanted + 1}"
        parts.append(today + wanted)
    if placement.how:
        parts.append(t(f"how.{placement.how}"))
    if placement.failure:
        parts.append(t("failure"))
    return " · ".join(parts)


def _placement_table(ctx: Context, mapping: InfluenceMap, placements: list[Placement]) -> Table:
    """Elements × actors: today → wanted, decisions/culture, failure mark."""
    actors = [a for a in ctx.meta.actors if any(p.actor == a for p in placements)]
    by_key = {(p.element, p.actor): p for p in placements}
    placed = {p.element for p in placements}
    rows = tuple((f"{mapping.deck.position(card.id) + 1}. {card.title}",
                  *(_cell(ctx, by_key.get((card.id, a))) for a in actors))
                 for card in mapping.elements if card.id in placed)
    return Table((ctx.labels("element"), *actors), rows)


def _circles(ctx: Context, mapping: InfluenceMap, placements: list[Placement],
             group: str) -> list[Block]:
    """One circle per actor with something placed."""
    t = ctx.labels
    circles: list[Block] = []
    for actor in ctx.meta.actors:
        markers = []
        for p in placements:
            if p.actor != actor:
                continue
            index = mapping.deck.position(p.element)
            if p.today is not None:
                markers.append(Marker(index, p.today, "today"))
            if p.wanted is not None:
                markers.append(Marker(index, p.wanted, "wanted"))
        if not markers:
            continue
        title = t("circle_group", actor=actor, group=ctx.group_name(group)) if group \
            else t("circle", actor=actor)
        circles.append(Circle(title, tuple(mapping.rings),
                              tuple(card.title for card in mapping.elements), tuple(markers),
                              t("circle_markers", rings=len(mapping.rings))))
    return circles


def _potential(ctx: Context, mapping: InfluenceMap) -> Section | None:
    """Where to develop: gaps, influence that feeds failures, unplaced, widest spreads."""
    t = ctx.labels
    blocks: list[Block] = []
    title = mapping.deck.card
    gaps = [Item(_where(ctx, "gap_line", p, today=_ring(mapping, p.today),
                        wanted=_ring(mapping, p.wanted)), title(p.element).title)
            for p in mapping.gaps()]
    if gaps:
        blocks.append(Bullets(tuple(gaps), t("gaps")))
    failures = [Item(_where(ctx, "failure_line", p, today=_ring(mapping, p.today)),
                     title(p.element).title) for p in mapping.high_influence_failures()]
    if failures:
        blocks.append(Bullets(tuple(failures), t("failures")))
    unplaced = mapping.unplaced()
    if unplaced:
        blocks.append(Paragraph(t.join([card.title for card in unplaced]) + ".",
                                t("unplaced")))
    spreads = [Item(t("spread_line", outer=_ring(mapping, s.outermost),
                      inner=_ring(mapping, s.innermost), n=len(s.rings)),
                    title(s.element).title) for s in mapping.spreads() if s.width > 0]
    if spreads:
        blocks.append(Bullets(tuple(spreads), t("spread")))
    return Section(t("potential"), tuple(blocks)) if blocks else None


def _guide_answers(ctx: Context, mapping: InfluenceMap) -> list[Block]:
    """The guiding questions that were answered, each with the groups' answers."""
    t = ctx.labels
    blocks: list[Block] = []
    several = len(ctx.meta.groups) > 1
    for number, question in enumerate(mapping.questions, start=1):
        answers = [(g.id, mapping.guide_answer(number, g.id)) for g in ctx.meta.groups]
        answers = [(g, a) for g, a in answers if a]
        lead = f"{t('question_n', n=number)}: {question}"
        if answers and several:
            blocks.append(Paragraph(question, t("question_n", n=number)))
            blocks.append(Bullets(tuple(Item(a, ctx.group_name(g)) for g, a in answers)))
        elif answers:  # one group: the answer right after its question
            blocks.append(Paragraph(answers[0][1], lead))
    return blocks


# follow-up, timeline, cards, stray answers ------------------------------------------------

def _follow_up(ctx: Context) -> Section | None:
    items = follow_ups(ctx.state)
    if not items:
        return None
    return Section(ctx.labels("followups"), (Bullets(tuple(
        Item(" — ".join(part for part in (i.who, i.due) if part.strip()), i.what)
        for i in items), checklist=True),))


def card_times(ctx: Context) -> dict[tuple[str, str], tuple[datetime, datetime]]:
    """(deck, card) → first and last time an answer on it was recorded: from the log when
    the caller passed it (every recorded answer counts), else from the current answers."""
    stamps: dict[tuple[str, str], list[datetime]] = {}
    if ctx.events is not None:
        pairs = [(e.key, e.at) for e in ctx.events if e.type == "set"]
    else:
        pairs = list(ctx.state.changed_at.items())
    for key, at in pairs:
        info = keys.parse(key)
        if info is not None and info.kind == keys.ANSWER:
            stamps.setdefault((info.deck, info.card), []).append(at)
    return {card: (min(times), max(times)) for card, times in stamps.items()}


def _timeline(ctx: Context) -> Section | None:
    """When each card was discussed: told where several tables answered in turn and no
    programme already tells the order and the minutes of the rounds."""
    if len(ctx.meta.groups) < 2 or ctx.meta.programme is not None:
        return None
    t = ctx.labels
    rows = []
    for (deck_id, card_id), (first, last) in card_times(ctx).items():
        card = ctx.card(deck_id, card_id)
        if card is not None:
            rows.append((first, last, ctx.decks[deck_id], card))
    if len(rows) < 2:
        return None
    first_day = ctx.local(min(r[0] for r in rows)).date()
    last_day = ctx.local(max(r[1] for r in rows)).date()
    when = t.clock if first_day == last_day else t.moment
    positions = {ref.id: i for i, ref in enumerate(ctx.meta.decks)}
    rows.sort(key=lambda r: (r[0], positions.get(r[2].id, 0), r[2].position(r[3].id)))
    body = tuple((when(ctx.local(first)), when(ctx.local(last)), card.title)
                 for first, last, _, card in rows)
    return Section(t("timeline"), (Paragraph(t("timeline_intro")),
                                   Table((t("from"), t("to"), t("card")), body)))


def _cards(ctx: Context) -> Section | None:
    """The full text of every card discussed, for a reader who has never seen the decks."""
    t = ctx.labels
    discussed = ctx.answered_cards()
    decks = []
    for deck in ctx.used_decks():
        cards = [card for card in deck.cards if (deck.id, card.id) in discussed]
        if cards:
            decks.append(Section(t("deck_version", title=deck.info.title,
                                   version=deck.info.version),
                                 (), tuple(_card_text(ctx, card) for card in cards)))
    if not decks:
        return None
    return Section(t("cards"), (Paragraph(t("cards_intro")),), tuple(decks))


def _list(title: str, items: list[str]) -> list[Block]:
    return [Bullets(tuple(Item(text) for text in items), title)] if items else []


def _card_text(ctx: Context, card: Card) -> Section:
    t = ctx.labels
    blocks: list[Block] = [Paragraph(card.summary)]
    if card.body.strip():
        blocks.append(Paragraph(card.body))
    if isinstance(card, WelfareThemeCard):
        blocks += _list(t("opportunities"), card.opportunities)
        blocks += _list(t("dilemmas"), card.dilemmas)
    elif isinstance(card, DialogueFormatCard):
        if card.step:
            blocks.append(Paragraph(t("step." + card.step) + ".", t("step")))
        blocks += _list(t("use_when"), card.use_when)
        blocks += _list(t("strengths"), card.strengths)
        blocks += _list(t("pitfalls"), card.pitfalls)
        for number, scenario in enumerate(card.scenarios, start=1):
            name = t("scenario", n=number) + (f": {scenario.title}" if scenario.title else "")
            blocks += [Paragraph(scenario.situation, name),
                       Paragraph(scenario.dilemma, t("dilemma")),
                       Bullets(tuple(Item(o) for o in scenario.options), t("options"),
                               numbered=True)]
    elif isinstance(card, PoliticianRoleCard):
        blocks += _list(t("challenges"), card.challenges)
        blocks += _list(t("levers"), card.levers)
    elif isinstance(card, InfluenceElementCard):
        for name, text in (("why", card.why), ("through_decisions", card.through_decisions),
                           ("through_culture", card.through_culture)):
            if text.strip():
                blocks.append(Paragraph(text, t(name)))
    blocks += _list(t("discussion"), card.questions)
    blocks += _list(t("sources"), [source_name(s) for s in card.sources])
    return Section(card.title, tuple(blocks))


def _resolved(ctx: Context, info: keys.KeyInfo, groups: set[str], used: set[str]) -> bool:
    """Whether the notes show this recorded value (`groups`: the session's group ids;
    `used`: the ids of its decks)."""
    deck = ctx.decks.get(info.deck)
    if deck is None or deck.id not in used:
        return False
    if info.kind == keys.GUIDE:
        return info.group in groups and 1 <= info.number <= len(deck.circle.questions)
    card = ctx.card(deck.id, info.card)
    if card is None:
        return False
    if info.kind == keys.ANSWER:
        if info.scenario:
            return isinstance(card, DialogueFormatCard) and info.group in groups and \
                any(s.id == info.scenario for s in card.scenarios)
        return info.group in groups and not isinstance(card, DialogueFormatCard)
    return info.actor in ctx.meta.actors and info.group in groups


def _unresolved(ctx: Context) -> Section | None:
    """Answers whose deck or card cannot be found any more, as they were recorded: nothing
    recorded is left out of the notes."""
    stray = []
    groups = {g.id for g in ctx.meta.groups}
    used = {ref.id for ref in ctx.meta.decks}
    kinds = (keys.ANSWER, keys.GUIDE) + keys.ELEMENT_KINDS
    for key, value in ctx.state.values.items():
        if key[0] not in kinds:
            continue
        info = keys.parse(key)
        if info is None or not _resolved(ctx, info, groups, used):
            stray.append((key, value))
    if not stray:
        return None
    return Section(ctx.labels("unresolved"), (Bullets(tuple(
        Item(str(value), " / ".join(key)) for key, value in sorted(stray))),))
