"""The wall's text: a card and the room's answers, fitted to the screen the room looks at.

`fit_card` lays out a `Wall` for a screen of a given size. It tries the most generous layout
first (the title in block letters, air between list items, everything on the card) and gives
up, step by step, what a small screen cannot hold: the air, the block letters, the card's
questions, what each option costs, the card's summary. The scenario, the dilemma, the options
and the answers always stay. From `SIDE_FROM` columns the answers stand beside the card
instead of under it, so that a wide projector is used and the card keeps a readable measure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from textual.content import Content

from cardgame.domain.audience import Wall
from cardgame.domain.decks import DialogueFormatCard, PoliticianRoleCard, WelfareThemeCard
from cardgame.i18n import t_in
from cardgame.widgets import big_text
from cardgame.widgets.card_view import card_lines, crop

READABLE = 100
"""The widest the card's text is set: the eye finds the next line from the back of a room."""
SIDE_FROM = 150
"""From this width the answers stand beside the card."""
SIDE_WIDTH = 56
"""The width the answers beside the card are set at (their column's text width)."""
SIDE_FRAME = 7
"""The cells the answers' column takes beside its text: margin 4, border 1, padding 2."""
BAR = 20
"""Cells of a full rating bar."""

LEVELS: tuple[tuple[bool, bool, frozenset[str]], ...] = (
    (True, True, frozenset()),
    (True, False, frozenset()),
    (False, False, frozenset()),
    (False, False, frozenset({"questions"})),
    (False, False, frozenset({"questions", "consequences"})),
    (False, False, frozenset({"questions", "consequences", "summary", "tags"})),
    (False, False, frozenset({"questions", "consequences", "summary", "tags", "situation"})),
)
"""(block title, air between items, parts left out), from the most generous layout down."""

BESIDE, UNDER, INLINE = "beside", "under", "inline"
"""Where the answers stand: beside the card (wide walls), in a block under it that is always
in view, or (a dialogue format on a narrower wall) under each option, as the groups' names."""


@dataclass(frozen=True)
class WallText:
    """What the wall's widgets show."""

    title: Content
    card: Content
    answers: Content
    place: str
    """BESIDE, UNDER or INLINE."""
    column: int
    """The width of the card's column."""
    level: int
    """Which of LEVELS fitted (0: everything, with air)."""


def measure(content: Content, width: int) -> int:
    """Rows the text takes at this width."""
    return len(content.wrap(max(1, width))) if content.plain else 0


def fit_card(shown: Wall, width: int, height: int) -> WallText:
    """The most generous layout of a card that fits `width` × `height` cells."""
    has_answers = bool(answer_lines(shown, SIDE_WIDTH))
    if width >= SIDE_FROM and has_answers:
        place = BESIDE
    elif isinstance(shown.card, DialogueFormatCard):
        place = INLINE
    else:
        place = UNDER
    column = min(READABLE, width - SIDE_WIDTH - SIDE_FRAME - 4) if place == BESIDE else \
        min(READABLE, width - 4)
    column = max(16, column)
    answers = Content("\n").join(answer_lines(shown, SIDE_WIDTH if place == BESIDE else column)) \
        if place != INLINE else Content("")
    answers_height = measure(answers, SIDE_WIDTH if place == BESIDE else column)
    choices = {tally.number: tally.groups for tally in shown.tallies if tally.groups} \
        if place == INLINE else None
    chosen = None

    def card_text(leave_out: frozenset[str], spacious: bool, situation_rows: int = 0
                  ) -> Content:
        if shown.card is None:
            return Content("")
        return Content("\n").join(card_lines(
            shown.card, scenario=shown.scenario, width=column, spacious=spacious,
            titled=False, leave_out=leave_out, choices=choices, situation_rows=situation_rows,
            lang=_deck_language(shown)))

    for level, (big, spacious, leave_out) in enumerate(LEVELS):
        title = title_text(shown, min(width - 4, 160) if big else 0)
        card = card_text(leave_out, spacious)
        card_height = measure(card, column)
        answers_room = (answers_height + 1 if answers_height else 0) if place == UNDER else 0
        room = height - measure(title, width - 4) - 1 - answers_room
        if "situation" in leave_out and room - card_height >= 3:
            # The smallest wall: as much of the scenario's situation as there is room for.
            card = card_text(leave_out - {"situation"}, spacious, room - card_height - 1)
            card_height = measure(card, column)
        chosen = WallText(title, card, answers, place, column, level)
        if card_height <= room and (place != BESIDE or answers_height <= room + answers_room):
            return chosen
    assert chosen is not None
    # Even the smallest layout is too long: cut the card where the screen ends, visibly.
    return replace(chosen, card=crop(chosen.card, column, max(1, room)))


def _deck_language(shown: Wall) -> str:
    return shown.deck.info.language if shown.deck is not None else ""


def title_text(shown: Wall, big_width: int) -> Content:
    """The card's title: in block letters when `big_width` allows, else in capitals."""
    title = shown.card.title if shown.card is not None else shown.title
    if big_width:
        block = big_text.lines(title, big_width, max_lines=2)
        if block:
            return Content.styled("\n".join(block), "bold $primary")
    return Content.styled(title.upper(), "bold $primary")


def rating_bar(rating: int | None, high: int) -> Content:
    """A table's rating as a bar: the room sees the spread at a glance."""
    if rating is None:
        return Content.styled("·" * BAR + "  –", "$text-muted")
    filled = round(BAR * rating / high)
    return Content.assemble(("█" * filled, "bold $success"), ("░" * (BAR - filled), "$text-muted"),
                            (f"  {rating}", "bold"))


def answer_lines(shown: Wall, width: int) -> list[Content]:
    """The answers so far as the room should see them; nothing before a table has answered."""
    say = partial(t_in, _deck_language(shown))  # the card's words: its deck's language
    card = shown.card
    if isinstance(card, WelfareThemeCard) and shown.ratings:
        if all(r.rating is None for r in shown.ratings):
            return []
        lines = [Content.styled(say("audience.ratings", high=shown.ratings[0].high),
                                "bold $accent")]
        name_width = min(max(len(r.group) for r in shown.ratings) + 2, max(8, width - BAR - 6))
        for rating in shown.ratings:
            name = rating.group if len(rating.group) < name_width else \
                rating.group[:name_width - 2] + "…"
            lines.append(Content.assemble((name.ljust(name_width), "bold"),
                                          rating_bar(rating.rating, rating.high)))
        return lines
    if isinstance(card, DialogueFormatCard) and shown.tallies:
        if not any(tally.groups for tally in shown.tallies):
            return []
        lines = [Content.styled(say("audience.choices"), "bold $accent")]
        for tally in shown.tallies:
            label = say("card.other_key") if tally.number == 0 else str(tally.number)
            count = len(tally.groups)
            marker = Content.assemble((f" {label} ", "bold reverse $primary"), " ",
                                      ("█" * count, "bold $success"), (f" {count} ", "bold"))
            who = ", ".join(tally.groups)
            lines.append(_hanging(marker, who, width, "$secondary"))
        return lines
    if isinstance(card, PoliticianRoleCard) and shown.tensions:
        lines = [Content.styled(say("audience.tensions"), "bold $accent")]
        for tension in shown.tensions:
            lines.append(Content.styled(tension.group, "bold"))
            if tension.challenges:
                lines.append(_hanging(Content.styled(" ! ", "bold $secondary"),
                                      " ".join(tension.challenges.split()), width))
            if tension.levers:
                lines.append(_hanging(Content.styled(" → ", "bold $secondary"),
                                      " ".join(tension.levers.split()), width))
        return lines
    return []


def _hanging(marker: Content, text: str, width: int, style: str = "") -> Content:
    """marker + text, wrapped with the following lines under the text."""
    indent = marker.cell_length
    body = Content.styled(text, style) if style else Content(text)
    if width <= indent + 8:
        return marker + body
    rows = body.wrap(width - indent)
    return Content("\n" + " " * indent).join([marker + rows[0], *rows[1:]]) if rows else marker
