"""What every section of the export reads: the session, its decks, labels and the clock.

The domain classes (`ThemeDay`, `InfluenceMap`) answer the questions about a session; they
record through a recorder, but reading only touches its `state`, so the export hands them a
`ReadOnlyRecorder` that refuses to record anything. The decks are the session's own (the
copies kept in its file), so the notes show the cards the room saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from cardgame.domain import keys
from cardgame.domain.decks import Card, Deck
from cardgame.domain.events import Event, SessionState
from cardgame.domain.influence import InfluenceMap
from cardgame.domain.recording import ReadOnlyRecorder
from cardgame.domain.session import SessionMeta
from cardgame.domain.themeday import ThemeDay
from cardgame.export.labels import Labels


def one_line(text: str) -> str:
    """A name on one line (a session file written by hand may hold line breaks in one)."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


@dataclass
class Context:
    """The session being exported, with the helpers every section needs."""

    meta: SessionMeta
    state: SessionState
    decks: dict[str, Deck]
    labels: Labels
    tz: tzinfo | None = None
    """Time zone for times of day; None means the computer's own."""
    events: list[Event] | None = None
    """The log, when the caller has it: gives a finer timeline than `state.changed_at`."""
    themeday: ThemeDay = field(init=False)
    maps: list[InfluenceMap] = field(init=False)
    """One influence map per influence-element deck the session uses."""
    memo: dict[str, object] = field(default_factory=dict)
    """What several sections read alike (the answers per card), gathered once."""

    def __post_init__(self) -> None:
        recorder = ReadOnlyRecorder(self.state)
        self.themeday = ThemeDay(self.meta, self.decks, recorder)
        self.maps = [InfluenceMap(self.meta, self.decks[ref.id], recorder)
                     for ref in self.meta.decks
                     if ref.id in self.decks and self.decks[ref.id].kind == "influence-element"]

    def used_decks(self, kind: str | None = None) -> list[Deck]:
        """The session's decks that are available now, in the session's order."""
        found = [self.decks[ref.id] for ref in self.meta.decks if ref.id in self.decks]
        return [d for d in found if kind is None or d.kind == kind]

    def local(self, moment: datetime) -> datetime:
        """A recorded (UTC) moment in the export's time zone."""
        return moment.astimezone(self.tz) if self.tz is not None else moment.astimezone()

    def group_name(self, group_id: str) -> str:
        """The group's name on one line, or its id when the name is blank."""
        name = one_line(self.meta.group_name(group_id))
        return name if name else group_id

    def answered_cards(self) -> set[tuple[str, str]]:
        """(deck, card) of every card with something recorded on it, or dealt to a group."""
        found = set()
        for key in self.state.values:
            info = keys.parse(key)
            if info is not None and info.on_card:
                found.add((info.deck, info.card))
        return found

    def card(self, deck_id: str, card_id: str) -> Card | None:
        """The card, if its deck is available and still has it."""
        deck = self.decks.get(deck_id)
        if deck is None or not deck.has_card(card_id):
            return None
        return deck.card(card_id)
