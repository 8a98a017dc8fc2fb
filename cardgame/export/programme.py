"""The export's account of the programme: round by round, in the order played, what each
table answered on each card, and what was skipped.

The thematic sections after it (themes ranked, formats with their spread, roles) still hold
every answer; this section is the day as it ran, for those who follow up on a round.
"""

from __future__ import annotations

from cardgame.domain import keys
from cardgame.domain.answers import GroupAnswer
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.programme import Round, round_title
from cardgame.export import text as md
from cardgame.export.context import Context


def programme(ctx: Context) -> list[str]:
    """`## Programmet: …` with a `###` per round; nothing when the day had no programme."""
    played = ctx.meta.programme
    if played is None:
        return []
    t = ctx.labels
    lines = [f"## {t('programme', title=md.heading(played.info.title))}"]
    if played.info.description:
        lines += ["", *md.item("", played.info.description, indent=0)]
    for number, one in enumerate(played.rounds, start=1):
        lines += ["", *_round(ctx, number, one)]
    outside = _outside(ctx, played.rounds)
    if outside:
        lines += ["", f"### {t('outside_programme')}", "", t("outside_intro"), ""]
        for deck, card in outside:
            lines += _card(ctx, deck, card)
    return lines


def _round(ctx: Context, number: int, one: Round) -> list[str]:
    t = ctx.labels
    title = round_title(one, ctx.decks)
    deck = ctx.decks.get(one.deck)
    lines = [f"### {t('round_heading', n=number, title=md.heading(title))}", ""]
    facts = t("round_facts", deck=md.label(deck.info.title if deck else one.deck),
              minutes=one.minutes, mode=t(f"mode.{one.mode}"))
    if one.deal:
        facts += f"; {t('round_drawn')}"
    lines.append(facts)
    if one.note:
        lines += ["", *md.item(f"*{t('round_note')}:* ", one.note, indent=0)]
    if deck is None:
        return lines
    skipped = set(ctx.themeday.skipped(number))
    answered = [c for c in one.cards if c not in skipped and deck.has_card(c)]
    lines.append("")
    for card_id in answered:
        lines += _card(ctx, deck, deck.card(card_id))
    gone = [deck.card(c).title for c in one.cards if c in skipped and deck.has_card(c)]
    if gone:
        lines += ["", f"{t('skipped')}: {t.join([md.label(g) for g in gone])}."]
    return lines


def _card(ctx: Context, deck: Deck, card: Card) -> list[str]:
    """The card's title, then one line per table that answered (per scenario on a format)."""
    t = ctx.labels
    holder = ctx.themeday.holder(card.id, deck)
    head = f"- **{md.label(card.title, line_start=True)}**"
    if holder:
        head += f" ({t('held_by', group=md.label(ctx.group_name(holder)))})"
    lines = [head]
    groups = [holder] if holder else [g.id for g in ctx.meta.groups]
    if isinstance(card, DialogueFormatCard):
        for number, scenario in enumerate(card.scenarios, start=1):
            found = [(g, ctx.themeday.answer(g, card, scenario.id, deck)) for g in groups]
            found = [(g, a) for g, a in found if not a.empty]
            if not found:
                continue
            if len(card.scenarios) > 1:
                lines.append(f"  - {t('scenario', n=number)}")
            indent = "    " if len(card.scenarios) > 1 else "  "
            for group, answer in found:
                lines += _answer_line(ctx, indent, group, answer, scenario.options)
        return lines
    for group in groups:
        answer = ctx.themeday.answer(group, card, None, deck)
        if not answer.empty:
            lines += _answer_line(ctx, "  ", group, answer, [])
    return lines


def _answer_line(ctx: Context, indent: str, group: str, answer: GroupAnswer,
                 options: list[str]) -> list[str]:
    t = ctx.labels
    prefix = f"{indent}- {md.label(ctx.group_name(group), line_start=True)}: "
    if answer.rating:
        text = t("rating_of", rating=answer.rating)
        return md.item(prefix + text + (". " if answer.note else ""), answer.note)
    if answer.option is not None:
        if 1 <= answer.option <= len(options):
            choice = f"{md.label(options[answer.option - 1])} ({t('option_n', n=answer.option)})"
        else:
            choice = f"{t('other')}: {md.label(answer.other) or md.EMPTY_CELL}"
        return md.item(prefix + choice + (f". {t('reason')}: " if answer.reason else ""),
                       answer.reason)
    parts = []
    if answer.challenges:
        parts += md.item(f"{indent}  - {t('challenges')}: ", answer.challenges)
    if answer.levers:
        parts += md.item(f"{indent}  - {t('levers')}: ", answer.levers)
    if parts:
        return [prefix.rstrip(), *parts]
    return md.item(prefix, answer.note or answer.reason or t("no_answer"))


def _outside(ctx: Context, rounds: tuple[Round, ...]) -> list[tuple[Deck, Card]]:
    """Cards answered that no round names, in deck order."""
    named = {(one.deck, card) for one in rounds for card in one.cards}
    found: set[tuple[str, str]] = set()
    for key in ctx.state.values:
        if key[0] == keys.ANSWER:
            info = keys.parse(key)
            if info is not None and (info.deck, info.card) not in named:
                found.add((info.deck, info.card))
    out = []
    for deck in ctx.used_decks():
        if deck.kind == "influence-element":
            continue
        out += [(deck, card) for card in deck.cards if (deck.id, card.id) in found]
    return out



