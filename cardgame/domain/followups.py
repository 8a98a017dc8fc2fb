"""Follow-up items recorded during a session: what, who, by when.

Keys: ``("followup", fid, "what" | "who" | "due")`` → text, with fid f1, f2 … in the order the
items were added. An item is one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgame.domain import keys
from cardgame.domain.errors import FieldError
from cardgame.domain.events import Change, SessionState
from cardgame.domain.recording import Recorder

FIELDS = ("what", "who", "due")


@dataclass(frozen=True)
class FollowUp:
    """One thing to follow up after the session."""

    id: str
    what: str
    who: str
    due: str


def follow_ups(state: SessionState) -> list[FollowUp]:
    """Every follow-up item that has a 'what', in the order they were added."""
    items: dict[str, dict[str, str]] = {}
    for key, value in state.values.items():
        info = keys.parse(key)
        if info is not None and info.kind == keys.FOLLOWUP and isinstance(value, str):
            items.setdefault(info.item, {})[info.field] = value
    ordered = sorted(items, key=lambda fid: int(fid[1:]) if fid[1:].isdigit() else 0)
    return [FollowUp(fid, items[fid].get("what", ""), items[fid].get("who", ""),
                     items[fid].get("due", "")) for fid in ordered if items[fid].get("what")]


def add_follow_up(recorder: Recorder, what: str, who: str = "", due: str = "") -> Change | None:
    """Record a new follow-up item as one undo step; FieldError when 'what' is empty."""
    check_follow_up({"what": what, "who": who, "due": due})
    used = [int(info.item[1:]) for info in map(keys.parse, recorder.state.values)
            if info is not None and info.kind == keys.FOLLOWUP and info.item[1:].isdigit()]
    fid = f"f{max(used, default=0) + 1}"
    return recorder.set_many([(keys.followup(fid, "what"), what.strip()),
                              (keys.followup(fid, "who"), who.strip() or None),
                              (keys.followup(fid, "due"), due.strip() or None)])


def check_follow_up(fields: dict[str, str]) -> None:
    """Check a follow-up item as typed; FieldError names the field that is wrong."""
    if not fields.get("what", "").strip():
        raise FieldError("what", "error.followup_needs_what")
    for name in FIELDS:
        if len(fields.get(name, "")) > 1000:
            raise FieldError(name, "error.text_too_long", n=len(fields[name]), high=1000)
