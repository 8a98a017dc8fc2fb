"""The rules of a group's answer: what each kind of card asks, when it is given, what is valid.

One home for the "done" rule (a welfare theme is answered with a rating, a dialogue format
with an option in every scenario, a politician role with challenges or levers), for the range
of a rating and an option, and for checking a whole answer as typed before anything is
recorded. The app, the export and the CLI all read answers through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgame.domain import keys
from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.errors import FieldError
from cardgame.domain.events import Key, SessionState, Value

RATING_MIN, RATING_MAX = 1, 5
OTHER_OPTION = 0
"""The option number recorded for "another answer"."""
TEXT_MAX = 4000
"""The longest text a field takes: a reason of a page is fine, a pasted report is not."""

FIELDS: dict[str, tuple[str, ...]] = {
    "welfare-theme": ("rating", "note"),
    "dialogue-format": ("option", "other", "reason"),
    "politician-role": ("challenges", "levers"),
}
"""The fields of a whole answer per deck kind, in the order the answer dialog asks them."""
MULTILINE = ("note", "reason", "challenges", "levers")
"""Fields that take more than a line of text."""


@dataclass(frozen=True)
class GroupAnswer:
    """What one group has answered on one card (for a dialogue card: one scenario)."""

    rating: int | None = None
    note: str = ""
    option: int | None = None
    other: str = ""
    reason: str = ""
    challenges: str = ""
    levers: str = ""
    device: str = ""
    """The submission from the table's own phone that gave this answer ("" when typed)."""

    @property
    def empty(self) -> bool:
        return self == GroupAnswer()

    def field(self, name: str) -> str:
        """A field as the answer dialog shows it: numbers as text, nothing as ""."""
        value = getattr(self, name)
        return "" if value is None else str(value)


def scenario_id(card: Card, index: int) -> str | None:
    """The id of a dialogue card's scenario at index (clamped), None for other cards."""
    if not isinstance(card, DialogueFormatCard):
        return None
    return card.scenarios[max(0, min(index, len(card.scenarios) - 1))].id


def read(state: SessionState, deck: Deck, card: Card, group: str,
         scenario: str | None = None) -> GroupAnswer:
    """A group's answer on a card; for a dialogue card, on one scenario (the first if None)."""
    if isinstance(card, DialogueFormatCard) and scenario is None:
        scenario = card.scenarios[0].id
    values = state.values
    head = keys.answer_head(deck.id, card.id, group, scenario)  # asked for very often
    rating, option = values.get((*head, "rating")), values.get((*head, "option"))
    texts = [values.get((*head, name)) for name in TEXT_FIELDS]
    note, other, reason, challenges, levers, device = (
        v if isinstance(v, str) else "" for v in texts)
    return GroupAnswer(
        rating=rating if isinstance(rating, int) and not isinstance(rating, bool) else None,
        note=note, option=option if isinstance(option, int) and not isinstance(option, bool)
        else None, other=other, reason=reason, challenges=challenges, levers=levers,
        device=device)


TEXT_FIELDS = ("note", "other", "reason", "challenges", "levers", keys.DEVICE)


def scenario_answered(answer: GroupAnswer) -> bool:
    """Whether a dialogue-format scenario has the group's choice."""
    return answer.option is not None


def answered(state: SessionState, deck: Deck, card: Card, group: str) -> bool:
    """The done rule: whether a group has given the answer a card asks for."""
    if deck.kind == "welfare-theme":
        return read(state, deck, card, group).rating is not None
    if isinstance(card, DialogueFormatCard):
        return all(scenario_answered(read(state, deck, card, group, s.id))
                   for s in card.scenarios)
    found = read(state, deck, card, group)
    return bool(found.challenges or found.levers)


def option_count(card: Card, scenario: str | None) -> int:
    if not isinstance(card, DialogueFormatCard):
        return 0
    chosen = next((s for s in card.scenarios if s.id == scenario), card.scenarios[0])
    return len(chosen.options)


def check_number(deck: Deck, card: Card, scenario: str | None, number: int,
                 field: str = "") -> tuple[str, int]:
    """The field a number key records on this card and the number; FieldError when the card
    takes no number or the number is out of range."""
    if deck.kind == "welfare-theme":
        if not RATING_MIN <= number <= RATING_MAX:
            raise FieldError(field or "rating", "error.rating_range", low=RATING_MIN,
                             high=RATING_MAX)
        return "rating", number
    if isinstance(card, DialogueFormatCard):
        high = option_count(card, scenario)
        if not OTHER_OPTION <= number <= high:
            raise FieldError(field or "option", "error.option_range", high=high)
        return "option", number
    raise FieldError(field or "number", "error.no_numbers_for_roles")


def _whole(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def check_fields(deck: Deck, card: Card, group: str, scenario: str | None,
                 fields: dict[str, str]) -> list[tuple[Key, Value | None]]:
    """A whole answer as typed, checked field by field, as the values to record.

    FieldError names the first field that is wrong, so the dialog can mark it and keep
    everything typed. Nothing is recorded here.
    """
    items: list[tuple[Key, Value | None]] = []
    for name in FIELDS.get(deck.kind, ()):
        raw = fields.get(name, "")
        text = raw.strip()
        value: Value | None = text or None
        if name in ("rating", "option") and text:
            number = _whole(text)
            if number is None:
                key = "error.rating_not_number" if name == "rating" else \
                    "error.option_not_number"
                raise FieldError(name, key, value=text, low=RATING_MIN, high=RATING_MAX,
                                 options=option_count(card, scenario))
            check_number(deck, card, scenario, number, name)
            value = number
        if name == "option" and value == OTHER_OPTION and not fields.get("other", "").strip():
            raise FieldError("other", "error.other_needs_text")
        if isinstance(value, str) and len(value) > TEXT_MAX:
            raise FieldError(name, "error.text_too_long", n=len(value), high=TEXT_MAX)
        per_scenario = name in keys.PER_SCENARIO
        items.append((keys.answer(deck.id, card.id, group, name,
                                  scenario if per_scenario else None), value))
    return items
