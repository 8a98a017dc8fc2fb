"""Playing on with another version of a deck: allowed only where everything recorded keeps its
place.

A session keeps the decks it was played with. When the workspace holds a revised version, the
facilitator may switch to it, unless what was recorded would lose its place: an influence
element that was placed and is gone, or placements in rings the new version does not have. A
theme day's answers on a card the new version lacks are kept and listed in the notes, so a
theme-day deck may always be switched.
"""

from __future__ import annotations

from cardgame.domain import keys
from cardgame.domain.decks import Deck
from cardgame.domain.errors import RuleError
from cardgame.domain.events import SessionState

SHOWN = 4
"""Elements named in a refusal; the rest are counted."""


def why_not_switch(state: SessionState, old: Deck, new: Deck) -> RuleError | None:
    """Why the session cannot play on with `new` in place of `old`, or None when it can."""
    if new.kind != "influence-element":
        return None
    gone: list[str] = []
    deepest = -1
    for key, value in state.values.items():
        info = keys.parse(key)
        if info is None or info.deck != old.id or info.kind not in keys.ELEMENT_KINDS:
            continue
        if not new.has_card(info.card) and info.card not in gone:
            gone.append(info.card)
        if info.kind == keys.PLACE and isinstance(value, int) and not isinstance(value, bool):
            deepest = max(deepest, value)
    if gone:
        titles = [old.card(c).title if old.has_card(c) else c for c in gone]
        named = ", ".join(f"«{title}»" for title in titles[:SHOWN])
        if len(titles) > SHOWN:
            named += f" (+{len(titles) - SHOWN})"
        return RuleError("newer.elements_gone", elements=named, version=new.info.version)
    rings = len(new.circle.rings)
    if deepest >= rings:
        return RuleError("newer.fewer_rings", used=deepest + 1, rings=rings,
                         version=new.info.version)
    return None
