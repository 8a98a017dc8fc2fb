"""Follow-up items recorded during a session: what, who, by when.

Keys: ``("followup", fid, "what" | "who" | "due")`` → text, with fid f1, f2 … in the order the
items were added. An item is one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgame.domain.events import Change, SessionState
from cardgame.domain.themeday import Recorder, RuleError

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
        if key[0] == "followup" and len(key) == 3 and isinstance(value, str):
            items.setdefault(key[1], {})[key[2]] = value
    ordered = sorted(items, key=lambda fid: int(fid[1:]) if fid[1:].isdigit() else 0)
    return [FollowUp(fid, items[fid].get("what", ""), items[fid].get("who", ""),
                     items[fid].get("due", "")) for fid in ordered if items[fid].get("what")]


def add_follow_up(recorder: Recorder, what: str, who: str = "", due: str = "") -> Change | None:
    """Record a new follow-up item; RuleError when 'what' is empty."""
    if not what.strip():
        raise RuleError("error.followup_needs_what")
    used = [int(key[1][1:]) for key in recorder.state.values
            if key[0] == "followup" and key[1][1:].isdigit()]
    fid = f"f{max(used, default=0) + 1}"
    return recorder.set_many([(("followup", fid, "what"), what.strip()),
                              (("followup", fid, "who"), who.strip() or None),
                              (("followup", fid, "due"), due.strip() or None)])
