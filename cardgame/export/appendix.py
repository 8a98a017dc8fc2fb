"""The appendix: the full text of every card discussed, a timeline, and stray answers.

A reader without the decks must understand the answers, so every card that has an answer (or
was dealt to a group) is printed in full. Answers whose deck or card cannot be found any more
are listed as they were recorded: nothing recorded is left out of the export.
"""

from __future__ import annotations

from datetime import datetime

from cardgame.domain import keys
from cardgame.domain.decks import (
    Card,
    Deck,
    DialogueFormatCard,
    InfluenceElementCard,
    PoliticianRoleCard,
    WelfareThemeCard,
)
from cardgame.export import text as md
from cardgame.export.context import Context


def appendix(ctx: Context) -> list[str]:
    """The appendix section, or nothing when no card was discussed."""
    t = ctx.labels
    lines: list[str] = []
    discussed = ctx.answered_cards()
    for deck in ctx.used_decks():
        cards = [card for card in deck.cards if (deck.id, card.id) in discussed]
        if not cards:
            continue
        title = t("deck_version", title=md.heading(deck.info.title),
                  version=md.heading(deck.info.version))
        lines += ["", f"### {title}"]
        for card in cards:
            lines += ["", *card_text(ctx, card)]
    timeline = _timeline(ctx)
    stray = _unresolved(ctx)
    if not (lines or timeline or stray):
        return []
    head = [f"## {t('appendix')}"]
    if lines:
        head += ["", t("cards_intro")]
    return head + lines + timeline + stray


def _list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    lines = ["", f"{title}:", ""]
    for entry in items:
        lines += md.item("- ", entry)
    return lines


def _text(title: str, body: str) -> list[str]:
    if not body.strip():
        return []
    return ["", *md.item(f"{title}: ", body, indent=0)]


def card_text(ctx: Context, card: Card) -> list[str]:
    """Everything printed on a card, for a reader who has never seen the deck."""
    t = ctx.labels
    lines = [f"#### {md.heading(card.title)}", "", *md.block(card.summary)]
    if card.body.strip():
        lines += ["", *md.block(card.body)]
    if isinstance(card, WelfareThemeCard):
        lines += _list(t("opportunities"), card.opportunities)
        lines += _list(t("dilemmas"), card.dilemmas)
    elif isinstance(card, DialogueFormatCard):
        if card.step:
            lines += ["", f"{t('step')}: {t('step.' + card.step)}."]
        lines += _list(t("use_when"), card.use_when)
        lines += _list(t("strengths"), card.strengths)
        lines += _list(t("pitfalls"), card.pitfalls)
        for number, scenario in enumerate(card.scenarios, start=1):
            title = t("scenario", n=number)
            if scenario.title:
                title += f": {md.label(scenario.title)}"
            lines += ["", f"**{title}**"]
            lines += _text(t("situation"), scenario.situation)
            lines += _text(t("dilemma"), scenario.dilemma)
            lines += ["", f"{t('options')}:", ""]
            for option_number, option in enumerate(scenario.options, start=1):
                lines += md.item(f"{option_number}. ", option)
    elif isinstance(card, PoliticianRoleCard):
        lines += _list(t("challenges"), card.challenges)
        lines += _list(t("levers"), card.levers)
    elif isinstance(card, InfluenceElementCard):
        lines += _text(t("why"), card.why)
        lines += _text(t("through_decisions"), card.through_decisions)
        lines += _text(t("through_culture"), card.through_culture)
    lines += _list(t("discussion"), card.questions)
    lines += _list(t("sources"), card.sources)
    return lines


def card_times(ctx: Context) -> dict[tuple[str, str], tuple[datetime, datetime]]:
    """(deck, card) → first and last time an answer on it was recorded.

    From the log when the caller passed it (every recorded answer counts, also ones replaced
    since); otherwise from when each current answer got its value.
    """
    stamps: dict[tuple[str, str], list[datetime]] = {}
    if ctx.events is not None:
        pairs = [(e.key, e.at) for e in ctx.events if e.type == "set"]
    else:
        pairs = list(ctx.state.changed_at.items())
    for key, at in pairs:
        info = keys.parse(key)
        if info is not None and info.on_card and info.kind != keys.HAND:
            stamps.setdefault((info.deck, info.card), []).append(at)
    return {card: (min(times), max(times)) for card, times in stamps.items()}


def _timeline(ctx: Context) -> list[str]:
    t = ctx.labels
    discussed = ctx.answered_cards()
    rows = []
    for (deck_id, card_id), (first, last) in card_times(ctx).items():
        card = ctx.card(deck_id, card_id)
        if card is None or (deck_id, card_id) not in discussed:
            continue
        rows.append((first, last, ctx.decks[deck_id], card))
    if not rows:
        return []
    first_day = ctx.local(min(r[0] for r in rows)).date()
    last_day = ctx.local(max(r[1] for r in rows)).date()
    when = t.clock if first_day == last_day else t.moment
    positions = {ref.id: i for i, ref in enumerate(ctx.meta.decks)}
    rows.sort(key=lambda r: (r[0], positions.get(r[2].id, 0), r[2].position(r[3].id)))
    body = [[when(ctx.local(first)), when(ctx.local(last)),
             f"{md.cell(card.title)} ({md.cell(deck.info.title)})"]
            for first, last, deck, card in rows]
    return ["", f"### {t('timeline')}", "", t("timeline_intro"), "",
            *md.table([t("from"), t("to"), t("card")], body)]


def _resolved(ctx: Context, info: keys.KeyInfo, groups: set[str], used: set[str]) -> bool:
    """Whether the sections above show this recorded value (`groups`: the session's group
    ids; `used`: the ids of its decks)."""
    deck: Deck | None = ctx.decks.get(info.deck)
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


def _unresolved(ctx: Context) -> list[str]:
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
        return []
    lines = ["", f"### {ctx.labels('unresolved')}", ""]
    for key, value in sorted(stray, key=lambda pair: pair[0]):
        where = md.label(" / ".join(key), line_start=True)
        lines += md.item(f"- {where}: ", str(value))
    return lines
