"""The influence-mapping section: the table, the circle as text, the potential, the answers.

The circle is drawn by `cardgame.domain.circle` (the same geometry the app paints). The figure
is an illustration of the table above it: when the circle cannot draw every marker clear of the
others, the figure is left out and the table, which holds every placement, remains.
"""

from __future__ import annotations

from cardgame.domain import circle as _circle
from cardgame.domain.influence import InfluenceMap, Placement
from cardgame.export import text as md
from cardgame.export.context import Context

FIGURE_WIDTH, FIGURE_HEIGHT = 60, 25


def _ring(mapping: InfluenceMap, ring: int | None) -> str:
    return md.EMPTY_CELL if ring is None else md.label(mapping.rings[ring])


def _who(ctx: Context, placement: Placement) -> str:
    """The actor, and the group when the session has several."""
    who = md.label(placement.actor)
    if len(ctx.meta.groups) > 1:
        who += f", {md.label(ctx.group_name(placement.group))}"
    return who


def _title(mapping: InfluenceMap, element: str) -> str:
    """An element's title, safe also where it opens a line."""
    return md.label(mapping.deck.card(element).title, line_start=True)


def gap_lines(ctx: Context, limit: int | None = None) -> list[str]:
    """Placements wanted further in than today, largest gap first, as lines of text."""
    lines = []
    for mapping in ctx.maps:
        for p in mapping.gaps():
            lines.append((p.gap, ctx.labels(
                "gap_line", element=_title(mapping, p.element), who=_who(ctx, p),
                today=_ring(mapping, p.today), wanted=_ring(mapping, p.wanted))))
    lines.sort(key=lambda pair: -pair[0])
    found = [line for _, line in lines]
    return found[:limit] if limit is not None else found


def influence(ctx: Context) -> list[str]:
    """One section per influence deck that has anything recorded."""
    lines: list[str] = []
    for mapping in ctx.maps:
        section = _deck_section(ctx, mapping)
        if section:
            lines += ([""] if lines else []) + section
    return lines


def _deck_section(ctx: Context, mapping: InfluenceMap) -> list[str]:
    t = ctx.labels
    placements = mapping.placements()
    answers = _guide_answers(ctx, mapping)
    if not placements and not answers:
        return []
    title = t("influence_deck", title=md.heading(mapping.deck.info.title)) \
        if len(ctx.maps) > 1 else t("influence")
    lines = [f"## {title}"]
    if placements:
        rings = ", ".join(f"{n} {md.label(name)}" for n, name in enumerate(mapping.rings, 1))
        lines += ["", t("rings_legend", rings=rings), "", t("cells_legend")]
        groups = [g.id for g in ctx.meta.groups if any(p.group == g.id for p in placements)]
        several = len(ctx.meta.groups) > 1
        level = "####" if several else "###"
        for group in groups:
            mine = [p for p in placements if p.group == group]
            if several:
                lines += ["", f"### {md.heading(ctx.group_name(group))}"]
            lines += ["", *_table(ctx, mapping, mine)]
            lines += _notes(ctx, mapping, mine)
            lines += _figures(ctx, mapping, mine, group, level)
        lines += _potential(ctx, mapping)
    if answers:
        lines += ["", f"### {t('questions')}", *answers]
    return lines


def _cell(ctx: Context, placement: Placement | None) -> str:
    if placement is None:
        return md.EMPTY_CELL
    t = ctx.labels
    parts = []
    if placement.today is not None or placement.wanted is not None:
        today = md.EMPTY_CELL if placement.today is None else str(placement.today + 1)
        wanted = "" if placement.wanted is None else f" → {placement.wanted + 1}"
        parts.append(today + wanted)
    if placement.how:
        parts.append(t(f"how.{placement.how}"))
    if placement.failure:
        parts.append(t("failure"))
    return " · ".join(parts) or md.EMPTY_CELL


def _table(ctx: Context, mapping: InfluenceMap, placements: list[Placement]) -> list[str]:
    """Elements × actors: today → wanted, decisions/culture, failure mark."""
    actors = [a for a in ctx.meta.actors if any(p.actor == a for p in placements)]
    by_key = {(p.element, p.actor): p for p in placements}
    placed = {p.element for p in placements}
    body = []
    for card in mapping.elements:
        if card.id in placed:
            body.append([md.cell(card.title),
                         *(_cell(ctx, by_key.get((card.id, a))) for a in actors)])
    return md.table([ctx.labels("element"), *(md.cell(a) for a in actors)], body)


def _notes(ctx: Context, mapping: InfluenceMap, placements: list[Placement]) -> list[str]:
    noted = [p for p in placements if p.note]
    if not noted:
        return []
    lines = ["", f"{ctx.labels('element_notes')}:", ""]
    for p in noted:
        prefix = f"- **{_title(mapping, p.element)}**, {md.label(p.actor)}: "
        lines += md.item(prefix, p.note)
    return lines


def _figures(ctx: Context, mapping: InfluenceMap, placements: list[Placement], group: str,
             level: str) -> list[str]:
    """One circle per actor: element numbers in their rings, and a legend under it."""
    t = ctx.labels
    lines: list[str] = []
    for actor in ctx.meta.actors:
        mine = [p for p in placements if p.actor == actor
                and (p.today is not None or p.wanted is not None)]
        figure = _paint(mapping, mine)
        if not figure:
            continue
        heading = t("circle", actor=md.heading(actor))
        if level == "####":
            heading = t("circle_group", actor=md.heading(actor),
                        group=md.heading(ctx.group_name(group)))
        lines += ["", f"{level} {heading}", "", *md.fenced(figure), "",
                  t("circle_markers", rings=len(mapping.rings)), ""]
        for p in mine:
            number = mapping.deck.position(p.element) + 1
            where = []
            if p.today is not None:
                where.append(t("circle_legend_today", ring=_ring(mapping, p.today)))
            if p.wanted is not None:
                where.append(t("circle_legend_wanted", ring=_ring(mapping, p.wanted)))
            lines.append(f"- {number}: {_title(mapping, p.element)} — {', '.join(where)}")
    return lines


def _paint(mapping: InfluenceMap, placements: list[Placement]) -> str:
    """The circle with these placements as plain text, or "" when it cannot be drawn."""
    if not placements:
        return ""
    markers = []
    for p in placements:
        index = mapping.deck.position(p.element)
        if p.today is not None:
            markers.append(_circle.Marker(index, p.today, "today"))
        if p.wanted is not None:
            markers.append(_circle.Marker(index, p.wanted, "wanted"))
    try:
        geometry = _circle.CircleGeometry.fit(FIGURE_WIDTH, FIGURE_HEIGHT, len(mapping.rings),
                                              len(mapping.elements))
        if not getattr(geometry, "fits", True):  # too many to draw legibly; the table has all
            return ""
        canvas = _circle.paint(geometry, markers, None, ring_labels=True)
        return md.clean(canvas.text(), strip=False)
    except Exception:  # noqa: BLE001 - a figure must never cost the participants their export
        return ""


def _potential(ctx: Context, mapping: InfluenceMap) -> list[str]:
    """Where to develop: gaps, influence that feeds failures, elements not placed."""
    t = ctx.labels
    lines: list[str] = []
    gaps = mapping.gaps()
    if gaps:
        lines += ["", f"{t('gaps')}:", ""]
        for p in gaps:
            lines.append("- " + t("gap_line", element=_title(mapping, p.element),
                                  who=_who(ctx, p), today=_ring(mapping, p.today),
                                  wanted=_ring(mapping, p.wanted)))
    failures = mapping.high_influence_failures()
    if failures:
        lines += ["", f"{t('failures')}:", ""]
        for p in failures:
            lines.append("- " + t("failure_line", element=_title(mapping, p.element),
                                  who=_who(ctx, p), today=_ring(mapping, p.today)))
    unplaced = mapping.unplaced()
    if unplaced:
        names = t.join([md.label(card.title) for card in unplaced])
        lines += ["", f"{t('unplaced')}: {names}."]
    lines += _spreads(ctx, mapping)
    return ["", f"### {t('potential')}", *lines] if lines else []


def _spreads(ctx: Context, mapping: InfluenceMap) -> list[str]:
    """Where the groups and actors placed an element furthest apart (today), widest first:
    the comparison the circle's potential screen shows, for the follow-up."""
    t = ctx.labels
    spreads = [s for s in mapping.spreads() if s.width > 0]
    if not spreads:
        return []
    lines = ["", f"{t('spread')}:", ""]
    for spread in spreads:
        lines.append("- " + t("spread_line", element=_title(mapping, spread.element),
                              outer=_ring(mapping, spread.outermost),
                              inner=_ring(mapping, spread.innermost),
                              n=len(spread.rings)))
    return lines


def _guide_answers(ctx: Context, mapping: InfluenceMap) -> list[str]:
    """The guiding questions that were answered, each with the groups' answers."""
    t = ctx.labels
    lines: list[str] = []
    for number, question in enumerate(mapping.questions, start=1):
        answers = [(g.id, mapping.guide_answer(number, g.id)) for g in ctx.meta.groups]
        answers = [(g, a) for g, a in answers if a]
        if not answers:
            continue
        lines += ["", f"**{t('question_n', n=number)}:** {md.label(question)}", ""]
        for group, answer in answers:
            if len(ctx.meta.groups) > 1:
                lines += md.item(f"- **{md.label(ctx.group_name(group))}**: ", answer)
            else:
                lines += md.item("- ", answer)
    return lines
