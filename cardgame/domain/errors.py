"""The errors a user can cause, as values with a readable message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CardgameError(Exception):
    """An error caused by input or circumstance that the user can act on.

    The CLI and the app print `str(error)` and never a traceback.
    """


@dataclass(frozen=True)
class Problem:
    """One problem found in a deck file: where it is and what was expected."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    card: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.card:
            parts.append(f"card '{self.card}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class DeckError(CardgameError):
    """A deck file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SessionError(CardgameError):
    """A session that cannot be opened or saved as asked."""


class SessionLocked(SessionError):
    """The session is open in another running copy of cardgame."""


class SessionCorrupt(SessionError):
    """A session file that cannot be read or repaired; it is left untouched."""

    def __init__(self, message: str, backup: Path | None = None) -> None:
        self.backup = backup
        super().__init__(message)
