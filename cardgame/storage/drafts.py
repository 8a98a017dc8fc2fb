"""Text typed in an open dialog, kept beside the session while it is typed.

A reason half written when the laptop dies is not lost: the dialog hands what is typed to the
session's `DraftKeeper` about half a second after the last key, which writes it atomically to
`.<id>.draft.toml`. Saving or cancelling the dialog removes it; reopening the session offers
it back. One draft per session: only one dialog is open at a time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tomli_w

from cardgame.storage.atomic import atomic_write

DRAFT_SCHEMA = 1


@dataclass(frozen=True)
class Draft:
    """What a dialog held when it was last typed in."""

    kind: str
    """Which dialog: answer, other, followup, rename, note, guide."""
    target: dict[str, str]
    """Where it belongs (deck, card, group, scenario, element …)."""
    title: str
    """The dialog's title, to say what the draft is."""
    values: dict[str, str]
    at: datetime

    @property
    def text(self) -> str:
        """The typed text in one line, for the question whether to restore it."""
        return " · ".join(v.strip() for v in self.values.values() if v.strip())


class DraftKeeper:
    """The draft file of one session."""

    def __init__(self, session_path: Path) -> None:
        self.path = session_path.with_name(f".{session_path.stem}.draft.toml")
        self.failed = False
        """Whether the last write failed (a full disk): drafts are a safety net, not a save."""

    def save(self, kind: str, target: dict[str, str], title: str,
             values: dict[str, str]) -> None:
        """Keep what is typed; a failure is remembered, never raised into the dialog."""
        record = {"schema": DRAFT_SCHEMA, "kind": kind, "title": title, "target": target,
                  "values": values, "at": datetime.now().replace(microsecond=0)}
        try:
            atomic_write(self.path, tomli_w.dumps(record).encode("utf-8"), keep_backup=False)
            self.failed = False
        except OSError:
            self.failed = True

    def load(self) -> Draft | None:
        """The draft left by a dialog that was never closed, if any and if readable."""
        try:
            record = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        values, target = record.get("values"), record.get("target")
        at = record.get("at")
        if not isinstance(values, dict) or not isinstance(target, dict) \
                or not isinstance(at, datetime):
            return None
        if not any(isinstance(v, str) and v.strip() for v in values.values()):
            return None
        return Draft(str(record.get("kind", "")), {str(k): str(v) for k, v in target.items()},
                     str(record.get("title", "")),
                     {str(k): str(v) for k, v in values.items()}, at)

    def clear(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
