"""Decks and cards: the pydantic models of a deck file (schema 1).

A deck is one TOML file with a `[deck]` table and `[[cards]]`. The card fields depend on the
deck's kind; a field of another kind is an error, so that a misspelt or misplaced field is never
silently ignored.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from cardgame.domain.errors import InvalidValue

DeckKind = Literal["welfare-theme", "dialogue-format", "politician-role", "influence-element"]
DECK_KINDS: tuple[str, ...] = (
    "welfare-theme",
    "dialogue-format",
    "politician-role",
    "influence-element",
)
THEME_DAY_KINDS: tuple[str, ...] = ("welfare-theme", "dialogue-format", "politician-role")
"""The deck kinds a theme day deals from, in the order of the day."""

Step = Literal["inform", "consult", "dialogue", "agenda-setting", "hand-on-the-wheel"]
STEPS: tuple[str, ...] = ("inform", "consult", "dialogue", "agenda-setting", "hand-on-the-wheel")

CoCreation = Literal["steered", "facilitating", "responsibilising", "equal", "none"]
"""Asker's four forms of co-creation (styret, faciliterende, ansvarliggørende, ligeværdig
samskabelse), and "none" for a format that informs or consults without creating anything
together."""
CO_CREATION: tuple[str, ...] = ("steered", "facilitating", "responsibilising", "equal", "none")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]

DEFAULT_RINGS: tuple[str, ...] = (
    "Ingen indflydelse",
    "Lidt indflydelse",
    "Stor indflydelse",
    "Afgørende indflydelse",
)
DEFAULT_QUESTIONS: tuple[str, ...] = (
    "Har drøftelsen peget på konkrete områder, vi bør udvikle?",
    "Hvor har vi lille indflydelse i dag, men ønsker os mere?",
    "Hvor har vi stor indflydelse i dag på noget, der ofte får borgerdialoger til at mislykkes?",
)
DEFAULT_ACTORS: tuple[str, ...] = ("Kommunaldirektøren", "Direktionen", "Politikerne (byrådet)")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CircleSpec(_Model):
    """The influence circle of an influence-element deck."""

    rings: list[Text] = Field(default_factory=lambda: list(DEFAULT_RINGS), min_length=2,
                              max_length=9)
    """Ring names, outermost ("no influence") first, innermost ("decisive") last."""
    questions: list[Text] = Field(default_factory=lambda: list(DEFAULT_QUESTIONS))
    """The guiding questions for finding development potential."""
    actors: list[Text] = Field(default_factory=lambda: list(DEFAULT_ACTORS), min_length=1)
    """The actors whose influence is mapped, unless a session names its own."""


class DeckInfo(_Model):
    """The `[deck]` table."""

    id: Slug
    """Stable identifier; lowercase letters, digits and '-'."""
    kind: DeckKind
    """Which exercise the cards belong to."""
    title: Text
    """Shown in menus and exports."""
    language: Language
    """Language code of the card texts (da, nb, nn, sv, en …)."""
    version: Text
    """The deck's own version, recorded in sessions that use it."""
    description: str = ""
    """One paragraph on what the deck is for."""
    sources: list[Text] = Field(default_factory=list)
    """Where the content comes from."""
    circle: CircleSpec | None = None
    """Ring names, guiding questions and actors; influence-element decks only."""


class _Card(_Model):
    id: Slug
    """Unique within the deck."""
    title: Text
    """Short title, shown largest."""
    summary: Summary
    """One or two sentences, shown large under the title."""
    body: str = ""
    """Further text for reading and for the export's appendix."""
    questions: list[Text] = Field(default_factory=list)
    """Discussion questions."""
    tags: list[Text] = Field(default_factory=list)
    """Free keywords, used by the card search."""
    sources: list[Text] = Field(default_factory=list)
    """Where the card's facts come from."""


class WelfareThemeCard(_Card):
    """A welfare area, with what speaks for and against citizen dialogue in it."""

    opportunities: list[Text] = Field(default_factory=list)
    """What citizen dialogue could bring in this area."""
    dilemmas: list[Text] = Field(default_factory=list)
    """Framework conditions, room to act, expertise and legislation that pull the other way."""


class Scenario(_Model):
    """A situation from municipal life with a dilemma and the options a group chooses from."""

    id: Slug
    """Unique within the card."""
    title: str = ""
    """Optional short title."""
    situation: Text
    """What is happening."""
    dilemma: Text
    """The question the council must answer."""
    options: list[Text] = Field(min_length=2, max_length=9)
    """The answer options; numbered 1… on screen."""
    consequences: list[Text] = Field(default_factory=list)
    """What each option costs and who gains or loses, in the order of `options` (optional,
    but when given, one per option)."""
    personal: bool = False
    """The dilemma asks each politician personally, not the council as a body."""

    @model_validator(mode="after")
    def _one_consequence_per_option(self) -> Scenario:
        if self.consequences and len(self.consequences) != len(self.options):
            raise InvalidValue("deck.consequences_count", options=len(self.options),
                               n=len(self.consequences))
        return self


class DialogueFormatCard(_Card):
    """A dialogue format, when it fits, and scenarios that test it."""

    step: Step | None = None
    """Step of the participation staircase."""
    cocreation: CoCreation | None = None
    """Which of Asker's four forms of co-creation the format is, or "none"."""
    use_when: list[Text] = Field(default_factory=list)
    """When the format fits."""
    strengths: list[Text] = Field(default_factory=list)
    """What the format does well."""
    pitfalls: list[Text] = Field(default_factory=list)
    """What tends to go wrong."""
    scenarios: list[Scenario] = Field(min_length=1)
    """At least one scenario with a dilemma."""


class PoliticianRoleCard(_Card):
    """A role an elected member takes, and how citizen dialogue challenges it."""

    challenges: list[Text] = Field(default_factory=list)
    """How more citizen dialogue on welfare challenges the role."""
    levers: list[Text] = Field(default_factory=list)
    """Greb and tools that help."""


class InfluenceElementCard(_Card):
    """An element of a citizen-dialogue process that decides whether it succeeds."""

    why: str = ""
    """Why it matters."""
    through_decisions: str = ""
    """What influence through decisions looks like."""
    through_culture: str = ""
    """What influence through culture looks like."""
    prioritised: bool = False
    """One of the areas the directors in the report chose to strengthen first (the report's
    blue post-its), shown on the card and in the mapping."""


Card = Union[WelfareThemeCard, DialogueFormatCard, PoliticianRoleCard, InfluenceElementCard]

CARD_MODELS: dict[str, type[_Card]] = {
    "welfare-theme": WelfareThemeCard,
    "dialogue-format": DialogueFormatCard,
    "politician-role": PoliticianRoleCard,
    "influence-element": InfluenceElementCard,
}


class Deck(BaseModel):
    """A loaded, valid deck."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    info: DeckInfo
    """The `[deck]` table."""
    cards: tuple[Card, ...]
    """The cards in file order."""
    source: str = ""
    """The file it was read from ("" for decks built in code)."""
    content_hash: str = ""
    """Short SHA-256 of the file bytes, recorded in sessions."""
    raw: bytes = Field(default=b"", repr=False)
    """The file's bytes, kept in every session played with the deck."""

    @cached_property
    def _index(self) -> dict[str, int]:
        """Card id → position. Kept in the instance's own dict, not as a pydantic private
        attribute: those are read through pydantic's `__getattr__` (~1.5 µs a look-up, and an
        export of the large session looks up 10,000 cards)."""
        return {card.id: i for i, card in enumerate(self.cards)}

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def kind(self) -> str:
        return self.info.kind

    @property
    def circle(self) -> CircleSpec:
        """The circle spec, or the defaults when the deck names none."""
        return self.info.circle or CircleSpec()

    def card(self, card_id: str) -> Card:
        """The card with this id; KeyError if there is none."""
        return self.cards[self._index[card_id]]

    def has_card(self, card_id: str) -> bool:
        return card_id in self._index

    def position(self, card_id: str) -> int:
        """Zero-based position of a card in the deck's file order."""
        return self._index[card_id]
