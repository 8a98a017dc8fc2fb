"""The theme day's answers gathered per card: what the sections and the summary print.

Reading goes through `ThemeDay.answer`, so the export sees exactly what the app shows.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import cast

from cardgame.domain import keys
from cardgame.domain.answers import OTHER_OPTION, GroupAnswer
from cardgame.domain.decks import Card, Deck, DialogueFormatCard, Scenario
from cardgame.export.context import Context


@dataclass(frozen=True)
class ThemeRow:
    """One welfare theme: each group's rating and note, and the mean rating."""

    deck: Deck
    card: Card
    answers: dict[str, GroupAnswer]
    """Group id → answer, for groups that answered, in the session's group order."""

    @property
    def ratings(self) -> dict[str, int]:
        return {g: a.rating for g, a in self.answers.items() if a.rating is not None}

    @property
    def mean(self) -> float | None:
        ratings = list(self.ratings.values())
        return statistics.fmean(ratings) if ratings else None


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario of a dialogue-format card and what each group chose."""

    deck: Deck
    card: DialogueFormatCard
    scenario: Scenario
    number: int
    """1-based position of the scenario on the card."""
    answers: dict[str, GroupAnswer]

    def choice(self, answer: GroupAnswer) -> tuple[int, str] | None:
        """What a group chose, so that equal choices compare equal (other answers by text)."""
        if answer.option is None:
            return None
        if answer.option == OTHER_OPTION:
            return (OTHER_OPTION, " ".join(answer.other.split()).casefold())
        return (answer.option, "")

    @property
    def chosen(self) -> dict[str, tuple[int, str]]:
        """Group id → choice, for groups that chose."""
        found = {g: self.choice(a) for g, a in self.answers.items()}
        return {g: c for g, c in found.items() if c is not None}

    @property
    def disagreement(self) -> bool:
        """At least two groups chose, and not all the same."""
        chosen = self.chosen
        return len(chosen) >= 2 and len(set(chosen.values())) > 1


def _answering(ctx: Context, deck: Deck) -> dict[str, set[str]]:
    """Per card of a deck that has any answer key, the groups with one: the only cards and
    groups worth asking about (the keys are read once per export)."""
    if "answered" not in ctx.memo:
        found: dict[str, dict[str, set[str]]] = {}
        for key in ctx.state.values:
            if key[0] == keys.ANSWER:
                info = keys.parse(key)
                if info is not None:
                    found.setdefault(info.deck, {}).setdefault(info.card, set()).add(
                        info.group)
        ctx.memo["answered"] = found
    return cast(dict[str, dict[str, set[str]]], ctx.memo["answered"]).get(deck.id, {})


def _answered(ctx: Context, deck: Deck) -> set[str]:
    """The cards of a deck that have any answer key."""
    return set(_answering(ctx, deck))


def _answers(ctx: Context, deck: Deck, card: Card,
             scenario: str | None = None) -> dict[str, GroupAnswer]:
    groups = _answering(ctx, deck).get(card.id, set())
    found = {}
    for group in ctx.meta.groups:
        if group.id not in groups:
            continue  # no key at all: nothing to read
        answer = ctx.themeday.answer(group.id, card, scenario, deck)
        if not answer.empty:
            found[group.id] = answer
    return found


def theme_rows(ctx: Context) -> list[ThemeRow]:
    """Every welfare theme with an answer, highest mean first (unrated last, deck order)."""
    if "themes" not in ctx.memo:
        ctx.memo["themes"] = _theme_rows(ctx)
    return cast(list[ThemeRow], ctx.memo["themes"])


def _theme_rows(ctx: Context) -> list[ThemeRow]:
    rows = []
    for deck in ctx.used_decks("welfare-theme"):
        answered = _answered(ctx, deck)
        for card in deck.cards:
            if card.id not in answered:
                continue
            answers = _answers(ctx, deck, card)
            if answers:
                rows.append(ThemeRow(deck, card, answers))
    order = {id(row): index for index, row in enumerate(rows)}
    return sorted(rows, key=lambda r: (r.mean is None, -(r.mean or 0.0), order[id(r)]))


def scenario_results(ctx: Context) -> list[ScenarioResult]:
    """Every scenario with an answer, in deck and card order."""
    if "scenarios" not in ctx.memo:
        ctx.memo["scenarios"] = _scenario_results(ctx)
    return cast(list[ScenarioResult], ctx.memo["scenarios"])


def _scenario_results(ctx: Context) -> list[ScenarioResult]:
    results = []
    for deck in ctx.used_decks("dialogue-format"):
        answered = _answered(ctx, deck)
        for card in deck.cards:
            if not isinstance(card, DialogueFormatCard) or card.id not in answered:
                continue
            for number, scenario in enumerate(card.scenarios, start=1):
                answers = _answers(ctx, deck, card, scenario.id)
                if answers:
                    results.append(ScenarioResult(deck, card, scenario, number, answers))
    return results


def role_answers(ctx: Context) -> list[tuple[Deck, Card, dict[str, GroupAnswer]]]:
    """Every politician role with an answer, with each group's challenges and levers."""
    found = []
    for deck in ctx.used_decks("politician-role"):
        answered = _answered(ctx, deck)
        for card in deck.cards:
            if card.id not in answered:
                continue
            answers = {g: a for g, a in _answers(ctx, deck, card).items()
                       if a.challenges or a.levers}
            if answers:
                found.append((deck, card, answers))
    return found


def extremes(rows: list[ThemeRow]) -> tuple[list[ThemeRow], list[ThemeRow]]:
    """The themes rated most and least suitable (ties included); empty unless they differ."""
    rated = [r for r in rows if r.mean is not None]
    if len(rated) < 2:
        return [], []
    high = max(r.mean for r in rated if r.mean is not None)
    low = min(r.mean for r in rated if r.mean is not None)
    if high == low:
        return [], []
    return ([r for r in rated if r.mean == high], [r for r in rated if r.mean == low])
