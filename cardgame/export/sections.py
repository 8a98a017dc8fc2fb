"""The theme-day sections of the export: summary, welfare themes, formats, roles, follow-up.

Each function returns the section's lines, or an empty list when nothing was recorded for
it, so that the document never shows an empty heading.
"""

from __future__ import annotations

from collections import Counter

from cardgame.domain.followups import follow_ups
from cardgame.domain.themeday import OTHER_OPTION, GroupAnswer
from cardgame.export import text as md
from cardgame.export.context import Context
from cardgame.export.mapping import gap_lines
from cardgame.export.results import (
    ScenarioResult,
    ThemeRow,
    extremes,
    role_answers,
    scenario_results,
    theme_rows,
)


def _bold_group(ctx: Context, group_id: str) -> str:
    return f"**{md.label(ctx.group_name(group_id))}**"


def summary(ctx: Context) -> list[str]:
    """The few lines a reader sees first: extremes, disagreements, gaps, follow-up."""
    t = ctx.labels
    lines: list[str] = []
    most, least = extremes(theme_rows(ctx))

    def themes(rows: list[ThemeRow]) -> str:
        names = t.join([md.label(r.card.title) for r in rows])
        return f"{names} ({t('mean_of', mean=t.number(rows[0].mean or 0.0))})"

    if most:
        lines.append(f"- {t('most_suitable')}: {themes(most)}")
        lines.append(f"- {t('least_suitable')}: {themes(least)}")
    split = [r for r in scenario_results(ctx) if r.disagreement]
    if split:
        lines.append(f"- {t('disagreed')}:")
        for result in split:
            lines.append(f"  - {md.label(result.card.title, line_start=True)}, "
                         f"{t('scenario', n=result.number).lower()}: "
                         f"{md.label(result.scenario.dilemma)} ({_spread_words(ctx, result)})")
    gaps = gap_lines(ctx, limit=3)
    if gaps:
        lines.append(f"- {t('largest_gaps')}:")
        lines += [f"  - {line}" for line in gaps]
    items = follow_ups(ctx.state)
    if items:
        lines.append(f"- {t('followups')}:")
        lines += [f"  - {_follow_up_text(item.what, item.who, item.due)}" for item in items]
    return [f"## {t('summary')}", "", *lines] if lines else []


SHORT_OPTION = 40
"""Options up to this long are quoted in the summary; longer ones go by their number."""


def _spread_words(ctx: Context, result: ScenarioResult) -> str:
    """How the choices spread, in words: "Ja, med forbehold: 2 grupper; andet svar: 1 gruppe"."""
    t = ctx.labels
    counts = Counter(option for option, _ in result.chosen.values())
    options = result.scenario.options
    parts = []
    for option in sorted(counts, key=lambda o: (o == OTHER_OPTION, o)):
        if option == OTHER_OPTION:
            name = t("other").lower()
        elif 1 <= option <= len(options) and len(options[option - 1]) <= SHORT_OPTION:
            name = md.label(options[option - 1])
        else:  # a long option is named by its number; the section below spells it out
            name = t("option_n", n=option)
        parts.append(f"{name}: {t.groups(counts[option])}")
    return "; ".join(parts)


def themes(ctx: Context) -> list[str]:
    """The ranked table of themes × groups with the mean, then each theme's notes."""
    t = ctx.labels
    rows = theme_rows(ctx)
    if not rows:
        return []
    groups = [g.id for g in ctx.meta.groups if any(g.id in r.answers for r in rows)]
    header = [t("rank"), t("theme"), *(md.cell(ctx.group_name(g)) for g in groups), t("mean")]
    body = []
    for rank, row in enumerate(rows, start=1):
        ratings = row.ratings
        cells = [str(ratings[g]) if g in ratings else md.EMPTY_CELL for g in groups]
        mean = t.number(row.mean) if row.mean is not None else md.EMPTY_CELL
        body.append([str(rank), md.cell(row.card.title), *cells, mean])
    right = {0, *range(2, len(header))}
    lines = [f"## {t('themes')}", "", t("themes_intro"), "", *md.table(header, body, right)]
    for row in rows:
        notes = [(g, a) for g, a in row.answers.items() if a.note]
        if not notes:
            continue
        lines += ["", f"### {md.heading(row.card.title)}", ""]
        for group, answer in notes:
            rating = f" ({t('rating', rating=answer.rating)})" if answer.rating else ""
            lines += md.item(f"- {_bold_group(ctx, group)}{rating}: ", answer.note)
    return lines


def formats(ctx: Context) -> list[str]:
    """Per scenario: the dilemma, how the choices spread, and each group's choice and reason."""
    t = ctx.labels
    results = scenario_results(ctx)
    if not results:
        return []
    lines = [f"## {t('formats')}"]
    card_shown = None
    for result in results:
        if result.card is not card_shown:
            lines += ["", f"### {md.heading(result.card.title)}"]
            card_shown = result.card
        title = t("scenario", n=result.number)
        if result.scenario.title:
            title += f": {md.heading(result.scenario.title)}"
        lines += ["", f"#### {title}", ""]
        lines += md.item(f"{t('situation')}: ", result.scenario.situation, indent=0)
        lines += [""]
        lines += md.item(f"**{t('dilemma')}:** ", result.scenario.dilemma, indent=0)
        lines += ["", *_spread_table(ctx, result)]
        lines += ["", f"{t('choices')}:", ""]
        for group, answer in result.answers.items():
            lines += _choice_item(ctx, result, group, answer)
    return lines


def _spread_table(ctx: Context, result: ScenarioResult) -> list[str]:
    t = ctx.labels
    by_option: dict[int, list[str]] = {}
    for group, (option, _) in result.chosen.items():
        by_option.setdefault(option, []).append(ctx.group_name(group))
    body: list[list[str]] = []
    for number, text in enumerate(result.scenario.options, start=1):
        names = by_option.get(number, [])
        body.append([f"{number}. {md.cell(text)}", md.cell(", ".join(names)),
                     str(len(names))])
    others = by_option.get(OTHER_OPTION, [])
    if others:
        body.append([t("other"), md.cell(", ".join(others)), str(len(others))])
    return md.table([t("option"), t("chosen_by"), t("count")], body, right={2})


def _choice_item(ctx: Context, result: ScenarioResult, group: str,
                 answer: GroupAnswer) -> list[str]:
    t = ctx.labels
    options = result.scenario.options
    if answer.option is None:
        choice = t("no_choice")
    elif answer.option == OTHER_OPTION:
        choice = f"{t('other')}: {t('quoted', text=md.label(answer.other) or md.EMPTY_CELL)}"
    elif 1 <= answer.option <= len(options):
        choice = f"{md.label(options[answer.option - 1])} ({t('option_n', n=answer.option)})"
    else:
        choice = t("option_n", n=answer.option)
    prefix = f"- {_bold_group(ctx, group)}: {choice}"
    if not answer.reason:
        return [prefix]
    return md.item(f"{prefix}. {t('reason')}: ", answer.reason, indent=2)


def roles(ctx: Context) -> list[str]:
    """Per politician role, each group's challenges and levers."""
    t = ctx.labels
    found = role_answers(ctx)
    if not found:
        return []
    lines = [f"## {t('roles')}"]
    for _deck, card, answers in found:
        lines += ["", f"### {md.heading(card.title)}", ""]
        for group, answer in answers.items():
            lines.append(f"- {_bold_group(ctx, group)}")
            if answer.challenges:
                lines += md.item(f"  - {t('challenges')}: ", answer.challenges)
            if answer.levers:
                lines += md.item(f"  - {t('levers')}: ", answer.levers)
    return lines


def _follow_up_text(what: str, who: str, due: str) -> str:
    """what — who — by when, leaving out what was not said; safe at the start of an item."""
    rest = [md.label(part) for part in (who, due) if part.strip()]
    return " — ".join([md.label(what, line_start=True), *rest])


def follow_up(ctx: Context) -> list[str]:
    """The follow-up items as a checklist: what — who — by when."""
    items = follow_ups(ctx.state)
    if not items:
        return []
    lines = [f"## {ctx.labels('followups')}", ""]
    lines += [f"- [ ] {_follow_up_text(i.what, i.who, i.due)}" for i in items]
    return lines
