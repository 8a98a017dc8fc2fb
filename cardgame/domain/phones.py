"""Tables that answer from their own phone: what a table may answer now, and recording it.

A table's page sends a `Submission`: the table, the card (and scenario) it answered, the
fields as typed, and an id the page chose when it was drawn, so that sending the same form
again (a lost connection, a second tap) is the same submission. The server checks it against
the session as the wall shows it (`check`, with `now=True`: the card must be the one in play
for that table) and puts it in the session's inbox; the facilitator's app, the one writer of
the session, records it (`record`) as if the facilitator had typed it in the answer dialog:
the same field rules (`answers.check_fields`), one undo step, the next table made active. The
answer keeps the submission's id in its `device` field, so the notes can say which answers a
table sent itself.

Where the app stands in the inbox is part of the session (the view field `inbox`: the last
submission recorded or declined), so a submission is recorded once, whether the app was open
when it came or opened later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cardgame.domain import answers, keys
from cardgame.domain.answers import OTHER_OPTION
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.errors import FieldError, RuleError
from cardgame.domain.events import Change, Key, Value
from cardgame.domain.programme import HAND
from cardgame.domain.themeday import DAY, ThemeDay

ID_MAX = 64
"""The longest submission id taken (the pages make 32 hex digits)."""
INBOX = "inbox"
"""The view field holding the id of the last submission the app recorded or declined."""


@dataclass(frozen=True)
class Submission:
    """One answer sent from a table's own page."""

    id: str
    """Chosen by the page when it was drawn: sent again, it is the same submission."""
    group: str
    deck: str
    card: str
    scenario: str = ""
    """The dialogue card's scenario answered; "" for other cards."""
    fields: dict[str, str] = field(default_factory=dict)
    """The answer's fields as typed (`answers.FIELDS` of the deck's kind)."""
    at: datetime | None = None


@dataclass(frozen=True)
class InPlay:
    """The card a table answers now."""

    deck: Deck
    card: Card
    scenario: str | None
    """The scenario of a dialogue card (None for other cards)."""


def in_play(day: ThemeDay, group: str) -> InPlay | None:
    """What a table answers now: in plenary the card on the wall (the scenario showing); with
    a hand per table the card on the wall if it is this table's, else the first card of its
    hand it has not answered (the first scenario it has not answered). None while the circle
    is on the wall, or when the table has nothing to answer."""
    deck = day.deck
    if deck is None or day.state.cursor.get("screen", DAY) != DAY or \
            day.meta.group(group) is None:
        return None
    card = day.card
    if day.mode != HAND:
        if card is None or group not in day.answering_groups(card.id):
            return None
        return InPlay(deck, card, day.scenario)
    if card is not None and day.holder(card.id) == group:
        return InPlay(deck, card, day.scenario)
    hand = [deck.card(c) for c in day.hand(group)]
    if not hand:
        return None
    chosen = next((c for c in hand if not day.answered(group, c)), hand[-1])
    return InPlay(deck, chosen, _open_scenario(day, deck, chosen, group))


def _open_scenario(day: ThemeDay, deck: Deck, card: Card, group: str) -> str | None:
    if not isinstance(card, DialogueFormatCard):
        return None
    for scenario in card.scenarios:
        if day.answer(group, card, scenario.id, deck).option is None:
            return scenario.id
    return card.scenarios[0].id


def check(day: ThemeDay, sub: Submission, *, now: bool) -> list[tuple[Key, Value | None]]:
    """The values a submission records, checked; RuleError or FieldError says what is wrong.

    `now`: the card must be the one in play for the table (the server, as the table sends);
    else it must only be a card the table answers (the app, which may record it after the
    facilitator has moved on)."""
    if not sub.id or len(sub.id) > ID_MAX or not sub.id.isalnum():
        raise RuleError("phones.bad_submission")
    if day.meta.group(sub.group) is None:
        raise RuleError("phones.unknown_table")
    deck = day.deck_of(sub.deck)
    if deck is None or not deck.has_card(sub.card):
        raise RuleError("phones.not_your_card")
    card = deck.card(sub.card)
    scenario = sub.scenario or None
    if isinstance(card, DialogueFormatCard):
        if scenario not in {s.id for s in card.scenarios}:
            raise RuleError("phones.not_your_card")
    elif scenario is not None:
        raise RuleError("phones.not_your_card")
    if now:
        playing = in_play(day, sub.group)
        if playing is None or (playing.deck.id, playing.card.id, playing.scenario) != \
                (deck.id, card.id, scenario):
            raise RuleError("phones.not_your_card")
    elif sub.group not in day.answering_groups(card.id, deck):
        raise RuleError("phones.not_your_card")
    unknown = set(sub.fields) - set(answers.FIELDS.get(deck.kind, ()))
    if unknown:
        raise FieldError(sorted(unknown)[0], "phones.unknown_field")
    items = answers.check_fields(deck, card, sub.group, scenario, sub.fields)
    _require_answer(deck, sub.fields)
    marker = keys.answer(deck.id, card.id, sub.group, keys.DEVICE,
                         scenario if isinstance(card, DialogueFormatCard) else None)
    return [*items, (marker, sub.id)]


def _require_answer(deck: Deck, fields: dict[str, str]) -> None:
    """A phone's answer must be one: a rating, a choice, a challenge or a lever."""
    if deck.kind == "welfare-theme" and not fields.get("rating", "").strip():
        raise FieldError("rating", "phones.choose_rating")
    if deck.kind == "dialogue-format" and not fields.get("option", "").strip():
        raise FieldError("option", "phones.choose_option")
    if deck.kind == "politician-role" and not (fields.get("challenges", "").strip()
                                               or fields.get("levers", "").strip()):
        raise FieldError("challenges", "phones.write_something")


def record(day: ThemeDay, sub: Submission) -> Change | None:
    """Record a submission as the table's answer, as one undo step, and move past it in the
    inbox; the next table that has not answered becomes active, as after a typed answer."""
    items = check(day, sub, now=False)
    change = day.recorder.set_many(items)
    day.recorder.view(**{INBOX: sub.id})
    card = day.card
    if card is not None and card.id == sub.card and day.group == sub.group and \
            (day.deck is not None and day.deck.id == sub.deck) and \
            day.answered_here(sub.group):
        day.advance_group()
    return change


def decline(day: ThemeDay, sub: Submission) -> None:
    """Move past a submission without recording it (the facilitator said no)."""
    day.recorder.view(**{INBOX: sub.id})


def waiting(day: ThemeDay, inbox: list[Submission]) -> list[Submission]:
    """The inbox's submissions after the last one recorded or declined.

    When that one is not in the inbox (the file was replaced, restored or removed), every
    submission whose answer does not already carry its id: whether each was declined or
    undone before cannot be told, so these are for the facilitator to accept (`lost_track`),
    never recorded by themselves."""
    last = day.state.cursor.get(INBOX)
    if not last:
        return list(inbox)
    ids = [s.id for s in inbox]
    if last in ids:
        return inbox[ids.index(str(last)) + 1:]
    return [s for s in inbox if not _carried(day, s)]


def lost_track(day: ThemeDay, inbox: list[Submission]) -> bool:
    """Whether the inbox is not the one the session has followed: the last submission
    recorded or declined is not in it."""
    last = day.state.cursor.get(INBOX)
    return bool(last) and last not in {s.id for s in inbox}


def _carried(day: ThemeDay, sub: Submission) -> bool:
    key = keys.answer(sub.deck, sub.card, sub.group, keys.DEVICE, sub.scenario or None)
    return day.state.values.get(key) == sub.id


def in_order(sub: Submission, day: ThemeDay) -> list[tuple[str, str]]:
    """A submission's fields in the order the answer dialog asks them."""
    deck = day.deck_of(sub.deck)
    order = answers.FIELDS.get(deck.kind, ()) if deck is not None else ()
    return [(name, sub.fields[name]) for name in order if name in sub.fields] + \
        [(name, text) for name, text in sub.fields.items() if name not in order]


def said(sub: Submission, day: ThemeDay) -> tuple[str, dict[str, object]]:
    """What a submission answered, as a catalogue key and its values: "Bord 3 svarede 4"."""
    name = day.meta.group_name(sub.group)
    deck = day.deck_of(sub.deck)
    title = deck.card(sub.card).title if deck is not None and deck.has_card(sub.card) \
        else sub.card
    rating, option = sub.fields.get("rating", "").strip(), sub.fields.get("option", "").strip()
    if rating:
        return "phones.said_rating", {"group": name, "value": rating, "card": title}
    if option == str(OTHER_OPTION):
        return "phones.said_other", {"group": name, "card": title}
    if option:
        return "phones.said_option", {"group": name, "value": option, "card": title}
    return "phones.said_role", {"group": name, "card": title}
