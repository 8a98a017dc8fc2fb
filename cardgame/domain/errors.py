"""The errors a user can cause, as values with a message in the interface language.

Every error carries a catalogue key and its values; the text is made when it is shown, in the
language of the interface at that moment. The CLI and the app show `str(error)`, never a
traceback. One message system for every layer: the domain, storage, export and the CLI.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from cardgame.i18n import t


class Said:
    """Words for the user that are not an error (a notice, a status, part of a message): a
    catalogue key and its values, put into words when shown, in the language of that moment.

    Storage and the domain say what happened with these; the screens and the CLI show them
    with `str()`, so there is one catalogue and no text is fixed in a language too early. A
    value that is itself `Said` is put into words with it.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values

    def __str__(self) -> str:
        return t(self.key, **self.values)

    def __repr__(self) -> str:
        return f"Said({self.key!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Said) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)


Words = Said | str
"""Something to show the user: `Said`, or text that is words already (a name, a path)."""


_OS_ERRORS = {
    errno.ENOSPC: "oserror.full",
    getattr(errno, "EDQUOT", errno.ENOSPC): "oserror.full",
    errno.EACCES: "oserror.denied",
    errno.EPERM: "oserror.denied",
    errno.EROFS: "oserror.read_only",
    errno.ENOENT: "oserror.missing",
    errno.ENOTDIR: "oserror.not_folder",
    errno.EISDIR: "oserror.is_folder",
    errno.EIO: "oserror.io",
    errno.EEXIST: "oserror.exists",
}


def os_problem(error: OSError) -> Words:
    """What an operating-system error means, in the user's words (never Python's English
    text, unless the error is one we do not know)."""
    key = _OS_ERRORS.get(error.errno or 0)
    if key is not None:
        return Said(key)
    return error.strerror or str(error)


class CardgameError(Exception):
    """An error caused by input or circumstance that the user can act on."""

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(key)

    def __str__(self) -> str:
        return t(self.key, **self.values)


class RuleError(CardgameError):
    """An action the rules do not allow now, with the reason for the facilitator."""


def refuse(reason: RuleError | None) -> None:
    """Raise the reason a rule gives for not acting now; nothing when there is none."""
    if reason is not None:
        raise reason


class FieldError(RuleError):
    """A value typed into a named field that the rules refuse; the form marks that field."""

    def __init__(self, field_name: str, key: str, /, **values: object) -> None:
        self.field = field_name
        super().__init__(key, **values)


class InvalidValue(ValueError):
    """A model validator's refusal, with a catalogue key, so that pydantic passes it on and the
    deck checker can word it in the interface language."""

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(key)

    def __str__(self) -> str:
        return t(self.key, **self.values)


@dataclass(frozen=True)
class Problem:
    """One problem found in a deck or programme file: where it is and what was expected.

    The message is a catalogue key with its values, so that `cardgame decks validate` and the
    start screen speak the interface language.
    """

    path: Path
    key: str
    line: int | None = None
    column: int | None = None
    card: str | None = None
    field: str | None = None
    values: dict[str, object] = dataclass_field(default_factory=dict, compare=False)
    round: int | None = None
    """The round of a programme file the problem is in."""

    @property
    def message(self) -> str:
        """What is wrong, in the interface language."""
        return t(self.key, **self.values)

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.round is not None:
            parts.append(t("programme.where_round", n=self.round))
        if self.card:
            parts.append(t("deck.where_card", card=self.card))
        if self.field:
            parts.append(t("deck.where_field", field=self.field))
        return ": ".join(parts) + f": {self.message}"


class DeckError(CardgameError):
    """A deck file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("deck.problems")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class SessionError(CardgameError):
    """A session that cannot be opened or saved as asked."""


class SessionLocked(SessionError):
    """The session is open in another running copy of cardgame."""


class SessionHeldElsewhere(SessionLocked):
    """The lock file says another computer has the session open (a synced folder carries the
    lock file, not the lock): asked about, never taken over without a word (R16)."""


class SessionNewer(SessionError):
    """A session written by a newer cardgame; it is read by nobody and left as it is."""


class SessionCorrupt(SessionError):
    """A session file that cannot be read or repaired; it is left untouched.

    `backup` is an earlier version that can be restored; `unchanged` adds the sentence that
    the file was not written (once the store has made sure of it).
    """

    def __init__(self, key: str, /, backup: Path | None = None, unchanged: bool = False,
                 **values: object) -> None:
        self.backup = backup
        self.unchanged = unchanged
        super().__init__(key, **values)

    def __str__(self) -> str:
        text = t(self.key, **self.values)
        if not self.unchanged:
            return text
        if self.backup is None:
            return text + " " + t("store.unchanged")
        return text + " " + t("store.unchanged_backup", backup=self.backup.name)
