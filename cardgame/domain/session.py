"""A session's metadata: who, when, which groups and actors, which decks."""

from __future__ import annotations

import re
import unicodedata
from datetime import date as Date
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cardgame.domain.decks import DEFAULT_ACTORS, Deck

SESSION_SCHEMA = 1
"""The session file format this version of cardgame writes and reads."""

MAX_GROUPS = 12
SessionKind = Literal["theme-day", "influence-map"]


class Group(BaseModel):
    """A table group."""

    model_config = ConfigDict(extra="forbid")

    id: str
    """Stable id (g1, g2 …); answers refer to it, so renaming keeps them."""
    name: str
    """Shown on screen and in the export."""


class DeckRef(BaseModel):
    """A deck used by the session, as it was when the session started."""

    model_config = ConfigDict(extra="forbid")

    id: str
    """The deck id."""
    title: str
    """The deck title at the time."""
    kind: str
    """The deck kind."""
    version: str
    """The deck version at the time."""
    hash: str
    """Content hash of the deck file, to notice a deck that changed since."""

    @classmethod
    def of(cls, deck: Deck) -> DeckRef:
        return cls(id=deck.id, title=deck.info.title, kind=deck.kind, version=deck.info.version,
                   hash=deck.content_hash)


class SessionMeta(BaseModel):
    """Everything about a session except what was recorded in it."""

    schema_: int = Field(SESSION_SCHEMA, alias="schema")
    """File format version."""
    id: str
    """File name stem: date and title, made safe."""
    kind: SessionKind = "theme-day"
    """A theme day, or an influence mapping on one's own."""
    title: str
    """The session's title."""
    date: Date
    """The day of the session."""
    created: datetime
    """When the session file was created (UTC)."""
    municipality: str = ""
    """The municipality."""
    facilitator: str = ""
    """Who runs the session."""
    language: str = "da"
    """Language of headings in exports."""
    groups: list[Group] = Field(min_length=1, max_length=MAX_GROUPS)
    """Table groups, in order."""
    actors: list[str] = Field(default_factory=lambda: list(DEFAULT_ACTORS), min_length=1)
    """Actors whose influence is mapped."""
    decks: list[DeckRef] = Field(default_factory=list)
    """Decks in use."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a session needs a title")
        return value.strip()

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def group_name(self, group_id: str) -> str:
        group = self.group(group_id)
        return group.name if group else group_id

    def deck_ref(self, deck_id: str) -> DeckRef | None:
        return next((d for d in self.decks if d.id == deck_id), None)

    def to_record(self) -> dict[str, object]:
        """The header of the session file, without events."""
        return self.model_dump(by_alias=True, mode="python")


def default_groups(count: int) -> list[Group]:
    """Groups named "Gruppe 1" … "Gruppe N"."""
    return [Group(id=f"g{i}", name=f"Gruppe {i}") for i in range(1, count + 1)]


def groups_from_names(names: list[str]) -> list[Group]:
    """Groups with the given names, in order, with ids g1 …."""
    cleaned = [n.strip() for n in names if n.strip()]
    return [Group(id=f"g{i}", name=name) for i, name in enumerate(cleaned, start=1)]


_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa",
                           "ß": "ss"})


def slugify(text: str, limit: int = 40) -> str:
    """A file-name-safe lowercase form of text (æ → ae, ø → oe, å → aa)."""
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].rstrip("-") or "session"


def session_id(day: Date, title: str, taken: set[str]) -> str:
    """A new session id of the form 2026-11-22-temadag, unique among taken."""
    base = f"{day.isoformat()}-{slugify(title)}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def new_meta(title: str, day: Date, created: datetime, groups: list[Group], decks: list[Deck],
             taken: set[str], *, kind: SessionKind = "theme-day", municipality: str = "",
             facilitator: str = "", actors: list[str] | None = None,
             language: str = "da") -> SessionMeta:
    """The metadata of a new session; ValueError with a readable message if it is not valid."""
    if not title.strip():
        raise ValueError("a session needs a title")
    if not 1 <= len(groups) <= MAX_GROUPS:
        raise ValueError(f"a session has 1 to {MAX_GROUPS} groups, not {len(groups)}")
    names = [g.name for g in groups]
    if len(set(names)) != len(names):
        raise ValueError("two groups have the same name")
    return SessionMeta(
        id=session_id(day, title, taken), kind=kind, title=title.strip(), date=day,
        created=created, municipality=municipality.strip(), facilitator=facilitator.strip(),
        language=language, groups=groups,
        actors=actors or list(DEFAULT_ACTORS), decks=[DeckRef.of(d) for d in decks],
    )
