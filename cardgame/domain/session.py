"""A session's metadata: who, when, which groups and actors, which decks."""

from __future__ import annotations

import re
import unicodedata
from datetime import date as Date
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

from cardgame.domain.decks import DEFAULT_ACTORS, Deck
from cardgame.domain.errors import FieldError, InvalidValue
from cardgame.domain.programme import Programme
from cardgame.domain.versions import SESSION_SCHEMA
from cardgame.i18n import t

MAX_GROUPS = 12
GROUP_NAME_MAX = 40
"""A group name longer than this breaks the wall's panel at 80 columns."""
TITLE_MAX = 120
"""Title, municipality, facilitator and actor names."""
TEXT_MAX = 4000
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
    programme: Programme | None = None
    """The programme the day follows, as played: every deal drawn (see `programme`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise InvalidValue("new.need_title")
        return value.strip()

    @field_validator("programme", mode="before")
    @classmethod
    def _programme_from_record(cls, value: object) -> object:
        if isinstance(value, dict) and "rounds" in value and "info" not in value:
            return Programme.from_record(value)
        return value

    @field_serializer("programme")
    def _programme_record(self, value: Programme | None) -> dict[str, object] | None:
        return value.to_record() if value is not None else None

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def group_or_first(self, wanted: object) -> str:
        """The id of the group `wanted` names, or the first group's when it names none (a
        cursor that points at no group of this session)."""
        ids = [g.id for g in self.groups]
        return str(wanted) if wanted in ids else ids[0]

    def group_name(self, group_id: str) -> str:
        group = self.group(group_id)
        return group.name if group else group_id

    def deck_ref(self, deck_id: str) -> DeckRef | None:
        return next((d for d in self.decks if d.id == deck_id), None)

    def to_record(self) -> dict[str, object]:
        """The header of the session file, without events."""
        record = self.model_dump(by_alias=True, mode="python")
        if record.get("programme") is None:
            record.pop("programme", None)
        return record


def default_names(count: int) -> list[str]:
    """Group names "Gruppe 1" … "Gruppe N" in the interface language (they are the session's
    own words from then on, like names typed)."""
    return [t("new.group_name", n=i) for i in range(1, count + 1)]


def default_groups(count: int) -> list[Group]:
    """Groups named "Gruppe 1" … "Gruppe N"."""
    return [Group(id=f"g{i}", name=f"Gruppe {i}") for i in range(1, count + 1)]


def groups_from_names(names: list[str]) -> list[Group]:
    """Groups with the given names, in order, with ids g1 … (names cleaned, blanks dropped)."""
    cleaned = [clean_text(n) for n in names if clean_text(n)]
    return [Group(id=f"g{i}", name=name) for i, name in enumerate(cleaned, start=1)]


_CONTROL = re.compile(r"[\x00-\x1f\x7f\s]+")


def clean_text(text: str) -> str:
    """A one-line text (a title, a name) as a person reads it: in Unicode's composed form
    (NFC, so that "Café" typed two ways is one name), without invisible format characters
    (zero-width spaces and joiners, direction marks), tabs, newlines and runs of spaces as
    single spaces, the ends trimmed. Two names that look the same are the same (N1)."""
    composed = unicodedata.normalize("NFC", text)
    visible = "".join(c for c in composed if unicodedata.category(c) != "Cf")
    return _CONTROL.sub(" ", visible).strip()


def check_text(field: str, text: str, limit: int = TEXT_MAX, *, required: bool = False) -> str:
    """A one-line text field cleaned and checked; FieldError names the field."""
    cleaned = clean_text(text)
    if required and not cleaned:
        raise FieldError(field, f"new.need_{field}")
    if len(cleaned) > limit:
        raise FieldError(field, "error.too_long_field", n=len(cleaned), high=limit)
    return cleaned


def parse_day(text: str) -> Date:
    """A date typed as ÅÅÅÅ-MM-DD; FieldError tells a wrong form from a day that does not
    exist (2026-02-30)."""
    text = text.strip()
    match = _DATE.match(text)
    if match is None:
        raise FieldError("date", "new.bad_date", value=text)
    try:
        return Date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise FieldError("date", "new.no_such_date", value=text) from None


_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")


def parse_count(text: str) -> int:
    """The number of groups as typed; FieldError unless it is 1 to MAX_GROUPS."""
    try:
        count = int(text.strip())
    except ValueError:
        raise FieldError("count", "new.bad_count", value=text.strip(), high=MAX_GROUPS) from None
    if not 1 <= count <= MAX_GROUPS:
        raise FieldError("count", "new.bad_count", value=count, high=MAX_GROUPS)
    return count


def check_group_names(names: list[str], count: int | None = None) -> list[str]:
    """Group names as typed, cleaned and checked: 1 to MAX_GROUPS, each at most
    GROUP_NAME_MAX characters, no two alike; `count`, when given, must match."""
    cleaned = [clean_text(n) for n in names]
    cleaned = [n for n in cleaned if n]
    if count is not None and len(cleaned) != count:
        raise FieldError("names", "new.names_count", n=len(cleaned), count=count)
    if not 1 <= len(cleaned) <= MAX_GROUPS:
        raise FieldError("names", "new.bad_groups", n=len(cleaned), high=MAX_GROUPS)
    for name in cleaned:
        if len(name) > GROUP_NAME_MAX:
            raise FieldError("names", "new.name_too_long", name=name[:20] + "…",
                             high=GROUP_NAME_MAX)
    seen: set[str] = set()
    for name in cleaned:
        if name.casefold() in seen:
            raise FieldError("names", "new.same_name", name=name)
        seen.add(name.casefold())
    return cleaned


def check_decks(deck_ids: list[str], known: dict[str, Deck]) -> list[Deck]:
    """The decks chosen for a session, in order; FieldError for none, an unknown or a
    repeated id."""
    if not deck_ids:
        raise FieldError("decks", "new.need_deck")
    seen: set[str] = set()
    for deck_id in deck_ids:
        if deck_id in seen:
            raise FieldError("decks", "new.deck_twice", deck=deck_id)
        seen.add(deck_id)
        if deck_id not in known:
            raise FieldError("decks", "new.no_such_deck", deck=deck_id,
                             known=", ".join(sorted(known)) or "–")
    return [known[d] for d in deck_ids]


def rename_group(meta: SessionMeta, group_id: str, name: str) -> SessionMeta | None:
    """The metadata with a group renamed; None when the name is unchanged. FieldError for an
    empty, too long or taken name."""
    group = meta.group(group_id)
    if group is None:
        raise FieldError("name", "error.unknown_group", group=group_id)
    cleaned = check_text("name", name, GROUP_NAME_MAX)
    if not cleaned:
        raise FieldError("name", "error.group_name_empty")
    if cleaned == group.name:
        return None
    if any(g.name.casefold() == cleaned.casefold() for g in meta.groups if g.id != group_id):
        raise FieldError("name", "error.group_name_taken", name=cleaned)
    groups = [g.model_copy(update={"name": cleaned}) if g.id == group_id else g
              for g in meta.groups]
    return meta.model_copy(update={"groups": groups})


_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa",
                           "ß": "ss"})


def slugify(text: str, limit: int = 60) -> str:
    """A file-name-safe lowercase form of text (æ → ae, ø → oe, å → aa), cut at a word when
    it is longer than `limit`: "…-direktoer-aarhus", never "…-direktoer-aarhu"."""
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > limit:
        cut = text[:limit + 1]
        text = cut[:cut.rindex("-")] if "-" in cut else text[:limit]
    return text or "session"


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
             language: str = "da", programme: Programme | None = None) -> SessionMeta:
    """The metadata of a new session; FieldError names the field that is not valid.

    The one way a session is made: the CLI's `new` and `map`, the new-session form and the
    start screen's mapping all come through here.
    """
    title = check_text("title", title, TITLE_MAX, required=True)
    check_group_names([g.name for g in groups])
    if not decks:
        raise FieldError("decks", "new.need_deck")
    check_decks([d.id for d in decks], {d.id: d for d in decks})
    return SessionMeta(
        schema_=SESSION_SCHEMA, id=session_id(day, title, taken), kind=kind, title=title, date=day,
        created=created, municipality=check_text("municipality", municipality, TITLE_MAX),
        facilitator=check_text("facilitator", facilitator, TITLE_MAX), language=language,
        groups=groups, actors=[check_text("actor", a, TITLE_MAX, required=True)
                               for a in (actors or list(DEFAULT_ACTORS))],
        decks=[DeckRef.of(d) for d in decks], programme=programme,
    )
