"""What a recorded change was, in words: "Bord 2's vurdering af «Ældreområdet»".

Undo and redo say what they undid or redid, so that nothing disappears from the wall without a
word. The words come from the key (see `keys`) and the values before and after.
"""

from __future__ import annotations

from cardgame.domain import keys
from cardgame.domain.decks import Deck
from cardgame.domain.events import MISSING, Change
from cardgame.domain.session import SessionMeta
from cardgame.i18n import possessive, t

_FIELD_KEYS = {"rating": "describe.rating", "note": "describe.note", "option": "describe.option",
               "other": "describe.option", "reason": "describe.reason",
               "challenges": "describe.challenges", "levers": "describe.levers"}


def _quote(value: object, limit: int = 40) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(change: Change, meta: SessionMeta, decks: dict[str, Deck]) -> str:
    """A short phrase naming what a change was about."""
    info = keys.parse(change.key)
    if info is None:
        return t("describe.unknown")
    deck = decks.get(info.deck)
    title = info.card
    if deck is not None and info.card and deck.has_card(info.card):
        title = deck.card(info.card).title
    group = possessive(meta.group_name(info.group)) if info.group else ""
    if info.kind == keys.ANSWER:
        return t(_FIELD_KEYS.get(info.field, "describe.answer"), group=group, card=title)
    if info.kind == keys.HAND:  # a deal to several tables is one step
        return t("describe.hands" if change.batch else "describe.hand", card=title)
    if info.kind in keys.ELEMENT_KINDS:
        return t(f"describe.{info.kind}", element=title, actor=info.actor)
    if info.kind == keys.GUIDE:
        return t("describe.guide", n=info.number)
    if info.kind == keys.FOLLOWUP:
        text = change.new if change.new is not MISSING else change.old
        return t("describe.followup", what=_quote(text))
    return t("describe.unknown")
