"""The notes of a session in the form asked for: Markdown to mail, or a page to print."""

from __future__ import annotations

from datetime import tzinfo

from cardgame.domain.decks import Deck
from cardgame.domain.events import Event, SessionState
from cardgame.domain.session import SessionMeta
from cardgame.export.notes import build_notes

FORMS = ("markdown", "html")


def render_notes(meta: SessionMeta, state: SessionState, decks: dict[str, Deck],
                 lang: str | None = None, *, form: str = "markdown",
                 events: list[Event] | None = None, tz: tzinfo | None = None,
                 cards: bool = False) -> str:
    """The notes, built once (`notes.build_notes`) and rendered as `form`."""
    notes = build_notes(meta, state, decks, lang, events=events, tz=tz, cards=cards)
    if form == "html":
        from cardgame.export.html import render_html

        return render_html(notes)
    from cardgame.export.markdown import render_markdown

    return render_markdown(notes)
