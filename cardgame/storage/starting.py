"""Starting a session: the one way a new session is made.

The CLI's `new` and `map`, the new-session form and the start screen's mapping all describe
the session they want as a `SessionPlan` and call `start_session`: the same checks, the same
messages (a `FieldError` naming the field), the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from cardgame.domain.errors import FieldError, RuleError, Said
from cardgame.domain.programme import Programme, check_against, resolve
from cardgame.domain.session import (
    SessionKind,
    check_decks,
    check_group_names,
    default_names,
    groups_from_names,
    new_meta,
    parse_count,
    parse_day,
)
from cardgame.domain.themeday import THEME_DAY_KINDS
from cardgame.storage.opened import OpenSession
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import DeckLibrary, Workspace

DEFAULT_GROUPS = 3


@dataclass
class SessionPlan:
    """A new session as typed: text as the user gave it, checked by `start_session`."""

    title: str
    day: str
    """ÅÅÅÅ-MM-DD."""
    names: list[str] | None = None
    """Group names; None for "Gruppe 1" … in the interface language."""
    count: str | None = None
    """The number of groups as typed in the form; must match the names when given."""
    deck_ids: list[str] | None = None
    """None: every theme-day deck of the workspace, in the order of the day."""
    municipality: str = ""
    facilitator: str = ""
    kind: SessionKind = "theme-day"
    actors: list[str] = field(default_factory=list)
    programme: Programme | None = None
    """The rounds the day follows (checked against the decks here; deals drawn here)."""
    language: str = "da"
    """The session's language (the notes' by default): the interface's when it is made."""


def theme_day_decks(library: DeckLibrary, lang: str = "") -> list[str]:
    """Every deck a theme day can deal from, in the order of the day; with `lang`, only the
    decks in that language, when it has any (the bundled Danish and Norwegian decks are not
    dealt together unless chosen)."""
    decks = [d for d in library.decks.values() if d.kind in THEME_DAY_KINDS]
    if any(d.info.language == lang for d in decks):
        decks = [d for d in decks if d.info.language == lang]
    decks.sort(key=lambda d: (THEME_DAY_KINDS.index(d.kind), d.info.title))
    return [d.id for d in decks]


def _played(programme: Programme, library: DeckLibrary, groups: int) -> Programme:
    """The programme checked against the decks now, with every deal drawn; FieldError
    naming the programme when it does not fit."""
    problems = check_against(programme, dict(library.decks))
    if problems:
        number, _field, key, values = problems[0]
        hint = values.get("hint")
        values = {**values, "hint": Said("deck.did_you_mean", name=hint) if hint else ""}
        raise FieldError("programme", "programme.round_problem", n=number,
                         problem=Said(key, **values))
    try:
        return resolve(programme, dict(library.decks), groups)
    except RuleError as error:
        raise FieldError("programme", error.key, **error.values) from None


def start_session(workspace: Workspace, library: DeckLibrary, plan: SessionPlan,
                  option_names: dict[str, str] | None = None) -> OpenSession:
    """Check the plan, write the session file with its decks, and open it.

    FieldError names the first field that is wrong (with `option_names`, as the CLI calls
    it); SessionError when the file cannot be written.
    """
    try:
        day = parse_day(plan.day)
        count = parse_count(plan.count) if plan.count is not None else None
        names = plan.names if plan.names is not None else default_names(count or DEFAULT_GROUPS)
        cleaned = check_group_names(names, count)
        deck_ids = plan.deck_ids if plan.deck_ids is not None else \
            theme_day_decks(library, plan.language)
        programme = None
        if plan.programme is not None:
            deck_ids = deck_ids + [r.deck for r in plan.programme.rounds
                                   if r.deck not in deck_ids]
            programme = _played(plan.programme, library, len(cleaned))
        decks = check_decks(deck_ids, library.decks)
        store = SessionStore(workspace.sessions)
        meta = new_meta(plan.title, day, datetime.now(timezone.utc), groups_from_names(cleaned),
                        decks, store.ids(), kind=plan.kind, municipality=plan.municipality,
                        facilitator=plan.facilitator, actors=plan.actors or None,
                        language=plan.language, programme=programme)
    except FieldError as error:
        if option_names and error.field in option_names:
            error.values["option"] = option_names[error.field]
            raise FieldError(error.field, "cli.field_error", option=option_names[error.field],
                             message=error) from None
        raise
    return store.create(meta, decks)
