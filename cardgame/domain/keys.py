"""The keys of recorded values: one home for how they are built and read.

Every value a session records sits under a tuple of text. The first part says what it is:

* ``("answer", deck, card, group, field)`` — a welfare theme's rating (1–5) and note, a
  politician role's challenges and levers;
* ``("answer", deck, card, group, scenario, field)`` — a dialogue format's option (1…N, or 0 for
  another answer), the other answer's text, and the reason;
* the field ``device`` of either → the id of the submission from the table's own phone that
  gave the answer (recorded with it, undone with it);
* ``("hand", deck, card)`` → group id — a card dealt to one table;
* ``("place", deck, element, actor, group, dim)`` → ring (0 outermost) — today or wanted;
* ``("how", deck, element, actor, group)`` → decisions, culture or both;
* ``("failure", deck, element, actor, group)`` → true — often a cause of failed dialogues;
* ``("enote", deck, element, actor, group)`` → a note on an element;
* ``("guide", deck, question number, group)`` → the answer to a guiding question;
* ``("followup", id, "what" | "who" | "due")`` → text.

The domain, the export and the undo messages all go through these functions, so that the
layout is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cardgame.domain.events import Key

ANSWER, HAND, PLACE, HOW, FAILURE, ENOTE, GUIDE, FOLLOWUP = (
    "answer", "hand", "place", "how", "failure", "enote", "guide", "followup")
ELEMENT_KINDS = (PLACE, HOW, FAILURE, ENOTE)
"""Keys that belong to one element, actor and group on the influence circle."""
CARD_KINDS = (ANSWER, HAND) + ELEMENT_KINDS
"""Keys whose second and third parts name a deck and a card."""
PER_SCENARIO = ("option", "other", "reason", "device")
"""Answer fields of a dialogue format that belong to one scenario."""
DEVICE = "device"
"""The answer field that says a table's own phone gave the answer (the submission's id)."""


def answer(deck: str, card: str, group: str, field: str, scenario: str | None = None) -> Key:
    return (*answer_head(deck, card, group, scenario), field)


def answer_head(deck: str, card: str, group: str, scenario: str | None = None) -> Key:
    """A group's answer keys on a card (and scenario) without the field: add the field."""
    if scenario is not None:
        return (ANSWER, deck, card, group, scenario)
    return (ANSWER, deck, card, group)


def hand(deck: str, card: str) -> Key:
    return (HAND, deck, card)


def place(deck: str, element: str, actor: str, group: str, dim: str) -> Key:
    return (PLACE, deck, element, actor, group, dim)


def element_key(kind: str, deck: str, element: str, actor: str, group: str) -> Key:
    """The key of an element's `how`, `failure` or `enote` value."""
    return (kind, deck, element, actor, group)


def guide(deck: str, number: int, group: str) -> Key:
    return (GUIDE, deck, str(number), group)


def followup(item: str, field: str) -> Key:
    return (FOLLOWUP, item, field)


@dataclass(frozen=True)
class KeyInfo:
    """A key taken apart; the parts that do not apply are empty."""

    kind: str
    deck: str = ""
    card: str = ""
    group: str = ""
    scenario: str = ""
    field: str = ""
    actor: str = ""
    dim: str = ""
    number: int = 0
    item: str = ""

    @property
    def on_card(self) -> bool:
        """Whether the key belongs to a card of a deck."""
        return self.kind in CARD_KINDS and bool(self.deck and self.card)


@lru_cache(maxsize=1 << 16)
def parse(key: Key) -> KeyInfo | None:
    """What a key is about, or None for a key of a layout this version does not know.

    Remembered (a KeyInfo is frozen): a session's keys recur in its log, and the done set,
    the export and the timeline ask about the same keys again and again."""
    if not key:
        return None
    kind, rest = key[0], key[1:]
    if kind == ANSWER and len(rest) == 4:
        return KeyInfo(kind, deck=rest[0], card=rest[1], group=rest[2], field=rest[3])
    if kind == ANSWER and len(rest) == 5:
        return KeyInfo(kind, deck=rest[0], card=rest[1], group=rest[2], scenario=rest[3],
                       field=rest[4])
    if kind == HAND and len(rest) == 2:
        return KeyInfo(kind, deck=rest[0], card=rest[1])
    if kind == PLACE and len(rest) == 5:
        return KeyInfo(kind, deck=rest[0], card=rest[1], actor=rest[2], group=rest[3],
                       dim=rest[4])
    if kind in (HOW, FAILURE, ENOTE) and len(rest) == 4:
        return KeyInfo(kind, deck=rest[0], card=rest[1], actor=rest[2], group=rest[3])
    if kind == GUIDE and len(rest) == 3 and rest[1].isdigit():
        return KeyInfo(kind, deck=rest[0], number=int(rest[1]), group=rest[2])
    if kind == FOLLOWUP and len(rest) == 2:
        return KeyInfo(kind, item=rest[0], field=rest[1])
    return None
