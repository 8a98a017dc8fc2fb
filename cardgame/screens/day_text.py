"""What the theme-day screen says, worked out from the day: the line at the top, the panel's
rows and details, the next card or round.

Pure functions of a `ThemeDay` (no widgets), so that the screen only puts them in place and a
test can read them without a terminal.
"""

from __future__ import annotations

from cardgame.domain.answers import OTHER_OPTION, RATING_MAX
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.programme import round_title
from cardgame.domain.themeday import HAND, PLENARY, ThemeDay
from cardgame.i18n import t
from cardgame.widgets.answer_panel import GroupRow

Panel = tuple[str, list[GroupRow], list[tuple[str, str]], str, str]
"""What `AnswerPanel.show` takes: title, rows, details, hint, what comes next."""


def _decks(day: ThemeDay) -> dict[str, Deck]:
    return {d.id: d for d in day.decks}


def where_line(day: ThemeDay) -> list[tuple[str, bool]]:
    """The top line's parts: the round (or that the day left the programme), the deck, the
    card's place, and, where there is room (False), how many cards are done and that they
    are shuffled (`widgets.fitted`)."""
    deck = day.deck
    position, total = day.position()
    where: list[tuple[str, bool]] = []
    one = day.current_round()
    if one is not None:
        where.append((t("where.round", n=day.round_number, total=day.rounds_total,
                        title=round_title(one, _decks(day)), minutes=day.timer_minutes), True))
    elif day.away:
        where.append((t("where.away", n=day.round_number), True))
    if deck is not None:
        if one is None or one.title:
            where.append((deck.info.title, True))
        if total:
            where.append((t("where.hand" if day.mode == HAND else "where.card",
                            n=position, total=total, group=day.meta.group_name(day.group)),
                          True))
        where.append((t("where.done", n=day.done_count(), total=len(deck.cards)), False))
        if day.shuffled():
            where.append((t("where.shuffled"), False))
    return where


def coming(day: ThemeDay) -> str:
    """The next card (or round) and the round's note: for the facilitator alone."""
    following = day.next_card()
    one = day.current_round()
    after = day.round_at(day.round_number + 1) if one is not None else None
    if following is not None:
        text = t("panel.next", title=following.title)
    elif after is not None:
        text = t("panel.next_round", title=round_title(after, _decks(day)),
                 minutes=after.minutes)
    else:
        text = t("panel.last")
    if one is not None and one.note:
        text += "\n" + t("panel.round_note", note=one.note)
    return text


def summary(day: ThemeDay, group: str, card: Card | None = None, *,
            for_room: bool = False) -> str:
    """A few characters of a group's answer on a card (the card showing by default); a ¶
    tells the facilitator that text was written too (not the room)."""
    card, deck = card or day.card, day.deck
    if card is None or deck is None:
        return ""
    answer = day.answer(group, card)
    mark = "" if for_room else " ¶"
    if deck.kind == "welfare-theme":
        text = f"{answer.rating}/{RATING_MAX}" if answer.rating else ""
        return text + (mark if answer.note else "")
    if isinstance(card, DialogueFormatCard):
        if answer.option is None:
            return ""
        text = t("panel.other_short") if answer.option == OTHER_OPTION else str(answer.option)
        return text + (mark if answer.reason else "")
    return mark.strip() if answer.challenges or answer.levers else ""


def _rows(day: ThemeDay, for_room: bool = False) -> list[GroupRow]:
    card, deck, meta = day.card, day.deck, day.meta
    rows: list[GroupRow] = []
    if day.mode == HAND:
        for group in meta.groups:
            answered, dealt = day.hand_progress(group.id)
            hand = day.hand(group.id)
            if not hand or deck is None:
                text = t("panel.no_cards")
            elif len(hand) == 1:
                only = deck.card(hand[0])
                text = f"{only.title} {summary(day, group.id, only, for_room=for_room)}".strip()
            else:
                text = t("panel.hand_progress", n=answered, total=dealt)
            rows.append(GroupRow(group.name, group.id == day.group and not for_room,
                                 dealt > 0 and answered == dealt, text, dealt > 0))
    elif card is not None:
        waiting = day.answering_groups(card.id)
        for group in meta.groups:
            rows.append(GroupRow(group.name, group.id == day.group and not for_room,
                                 day.answered_here(group.id),
                                 summary(day, group.id, for_room=for_room), group.id in waiting))
    return rows


def panel(day: ThemeDay, next_text: str, *, for_room: bool = False) -> Panel:
    """The answer panel: the groups, the active group's answer so far, the keys that help;
    `for_room` (projection, N17): the groups and their answers, nothing meant for the
    facilitator (no keys, no marks, no active group, no next card)."""
    card, deck = day.card, day.deck
    rows = _rows(day, for_room)
    title = t("panel.title_hand") if day.mode == HAND else t("panel.title")
    if for_room:
        return title, rows, [], "", ""
    if card is None or deck is None:
        return title, rows, [], t("hint.deal_hands") if day.mode == HAND else "", ""
    answer = day.answer(day.group)
    if deck.kind == "welfare-theme":
        rating = f"{answer.rating} / {RATING_MAX}  " + "★" * answer.rating + \
            "☆" * (RATING_MAX - answer.rating) if answer.rating else ""
        detail = [(t("panel.rating"), rating), (t("panel.note"), answer.note)]
        hint = t("hint.welfare")
    elif isinstance(card, DialogueFormatCard):
        scenario = card.scenarios[day.scenario_index]
        chosen = ""
        if answer.option == OTHER_OPTION:
            chosen = f"{t('card.other')}: {answer.other}"
        elif answer.option:
            chosen = f"{answer.option}: {scenario.options[answer.option - 1]}"
        detail = [(t("panel.choice"), chosen), (t("panel.reason"), answer.reason)]
        hint = t("hint.format", high=len(scenario.options))
        if len(card.scenarios) > 1:
            hint += " · " + t("hint.scenario")
    else:
        detail = [(t("panel.challenges"), answer.challenges),
                  (t("panel.levers"), answer.levers)]
        hint = t("hint.role")
    if day.mode == PLENARY and day.all_answered_here():
        hint = t("hint.all_answered") + " · " + hint
    return f"{title} · {day.meta.group_name(day.group)}", rows, detail, hint, next_text
