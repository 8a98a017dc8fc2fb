"""A programme: the rounds a facilitator prepared for a theme day, in order.

A programme names, for each round, the deck, the cards (by id) or how many to deal, the
minutes, plenary or a hand per table, and a note for the facilitator. A programme file is
checked against the decks it names (`check_against`); when a session starts with it, every
deal is drawn once (`resolve`) and the session keeps the programme as it was played, so a
reopened or mailed session shows the same rounds and cards.
"""

from __future__ import annotations

import random
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cardgame.domain.decks import THEME_DAY_KINDS, Deck, Slug
from cardgame.domain.errors import RuleError, Said

PROGRAMME_SCHEMA = 1
ROUNDS_MAX = 30
DEAL_MAX = 40
MINUTES_MAX = 180
"""The longest round, as the timer allows."""
Mode = Literal["plenary", "hand"]
PLENARY: Mode = "plenary"
HAND: Mode = "hand"
"""One card for the room, or a hand per table (as `themeday` names the modes)."""

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ProgrammeInfo(_Model):
    """The `[programme]` table."""

    title: Title
    description: Note = ""


class Round(_Model):
    """One `[[rounds]]` table: what is played, for how long, and how."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""
    """Shown in the header; the deck's title when left out."""
    deck: Slug
    cards: Annotated[tuple[Slug, ...], Field(strict=False)] = ()
    """The cards in the order they are played. In a session, the dealt cards too."""
    deal: int = Field(0, ge=0, le=DEAL_MAX)
    """Cards drawn at random when the session starts: in plenary this many, with a hand per
    table this many per table. A file gives `cards` or `deal`, not both."""
    minutes: int = Field(20, ge=1, le=MINUTES_MAX)
    mode: Mode = "plenary"
    note: Note = ""
    """For the facilitator's eyes: shown in the panel, never on the wall."""


class Programme(_Model):
    """A whole programme, as in a file or as a session keeps it."""

    info: ProgrammeInfo
    rounds: tuple[Round, ...] = Field(min_length=1, max_length=ROUNDS_MAX)

    def to_record(self) -> dict[str, object]:
        """The programme as TOML tables (a file, or a session's header)."""
        rounds = []
        for one in self.rounds:
            record: dict[str, object] = {"deck": one.deck}
            if one.title:
                record["title"] = one.title
            if one.cards:
                record["cards"] = list(one.cards)
            if one.deal:
                record["deal"] = one.deal
            record["minutes"] = one.minutes
            record["mode"] = one.mode
            if one.note:
                record["note"] = one.note
            rounds.append(record)
        info: dict[str, object] = {"title": self.info.title}
        if self.info.description:
            info["description"] = self.info.description
        return {"schema": PROGRAMME_SCHEMA, "programme": info, "rounds": rounds}

    @classmethod
    def from_record(cls, record: dict[str, object]) -> Programme:
        """The inverse of `to_record` (for a session's header, already checked once)."""
        rounds = record.get("rounds")
        return cls.model_validate({"info": record.get("programme"),
                                   "rounds": tuple(rounds) if isinstance(rounds, list) else rounds},
                                  strict=False)


def round_title(one: Round, decks: dict[str, Deck]) -> str:
    """The round's own title, else its deck's."""
    if one.title:
        return one.title
    deck = decks.get(one.deck)
    return deck.info.title if deck is not None else one.deck


def check_against(programme: Programme, decks: dict[str, Deck]) -> list[tuple[int, str, str,
                                                                              dict[str, object]]]:
    """What does not fit the decks: (round number, field, catalogue key, values) per problem.

    A deck that is not there, a deck the theme day does not deal from, a card the deck does
    not have (with the nearest id), a card named twice in a round, a file that gives both
    cards and a deal or neither.
    """
    import difflib

    problems: list[tuple[int, str, str, dict[str, object]]] = []
    for number, one in enumerate(programme.rounds, start=1):
        if bool(one.cards) == bool(one.deal):
            problems.append((number, "cards", "programme.cards_or_deal", {}))
        deck = decks.get(one.deck)
        if deck is None:
            close = difflib.get_close_matches(one.deck, list(decks), n=1, cutoff=0.6)
            problems.append((number, "deck", "programme.unknown_deck",
                             {"deck": one.deck, "known": ", ".join(sorted(decks)) or "–",
                              "hint": close[0] if close else ""}))
            continue
        if deck.kind not in THEME_DAY_KINDS:
            problems.append((number, "deck", "programme.wrong_kind", {"deck": one.deck}))
            continue
        ids = [card.id for card in deck.cards]
        seen: set[str] = set()
        for card in one.cards:
            if card in seen:
                problems.append((number, "cards", "programme.card_twice", {"card": card}))
            seen.add(card)
            if not deck.has_card(card):
                close = difflib.get_close_matches(card, ids, n=1, cutoff=0.6)
                problems.append((number, "cards", "programme.unknown_card",
                                 {"card": card, "deck": one.deck,
                                  "hint": close[0] if close else ""}))
        if one.deal and one.mode == PLENARY and one.deal > len(deck.cards):
            problems.append((number, "deal", "programme.deal_too_many",
                             {"n": one.deal, "total": len(deck.cards), "deck": one.deck}))
    return problems


def resolve(programme: Programme, decks: dict[str, Deck], groups: int,
            rng: random.Random | None = None) -> Programme:
    """The programme as a session plays it: every deal drawn, once.

    A deal draws from the cards of its deck that no round names, so a dealt round brings
    something new; a hand round deals `deal` cards per table. The drawn cards are kept with
    `deal` (so the notes can say they were drawn). RuleError when the deck has fewer free
    cards than the deal asks for (never fewer cards than planned without a word).
    """
    rng = rng or random.Random(random.SystemRandom().randrange(1, 2**31))
    taken: dict[str, set[str]] = {}
    for one in programme.rounds:
        taken.setdefault(one.deck, set()).update(one.cards)
    rounds = []
    for number, one in enumerate(programme.rounds, start=1):
        if one.cards or not one.deal:
            rounds.append(one)
            continue
        deck = decks[one.deck]
        free = [card.id for card in deck.cards if card.id not in taken[one.deck]]
        rng.shuffle(free)
        wanted = one.deal * (groups if one.mode == HAND else 1)
        if not free:
            raise RuleError("programme.deck_used_up", n=number, deck=deck.info.title)
        if len(free) < wanted:
            raise RuleError("programme.deal_short", n=number, wanted=wanted,
                            deck=deck.info.title, free=len(free))
        drawn = free[:wanted]
        taken[one.deck].update(drawn)
        rounds.append(one.model_copy(update={"cards": tuple(drawn)}))
    return programme.model_copy(update={"rounds": tuple(rounds)})


def short_hand_rounds(programme: Programme, tables: int) -> list[Said]:
    """A warning for each hand round whose named cards are fewer than the tables (N2): some
    tables would sit without a card when the round begins, until `h` deals them one."""
    return [Said("programme.short_hands", n=number, title=one.title or one.deck,
                 cards=len(one.cards), groups=tables, missing=tables - len(one.cards))
            for number, one in enumerate(programme.rounds, start=1)
            if one.mode == HAND and not one.deal and 0 < len(one.cards) < tables]


def check_round(deck: Deck, *, title: str, minutes: str, mode: str, cards: list[str],
                deal: str, note: str) -> Round:
    """A round as typed in "Forbered temadag"; FieldError names the field that is wrong.

    The same limits as a programme file: minutes 1–180, cards of the deck or a number of
    cards to draw (not both), a title and a note of sensible length.
    """
    from cardgame.domain.errors import FieldError

    try:
        length = int(minutes.strip())
    except ValueError:
        raise FieldError("minutes", "programme.minutes_number", high=MINUTES_MAX) from None
    if not 1 <= length <= MINUTES_MAX:
        raise FieldError("minutes", "programme.minutes_number", high=MINUTES_MAX)
    drawn = 0
    if deal.strip():
        try:
            drawn = int(deal.strip())
        except ValueError:
            raise FieldError("deal", "programme.deal_number", high=DEAL_MAX) from None
        if not 0 <= drawn <= DEAL_MAX:
            raise FieldError("deal", "programme.deal_number", high=DEAL_MAX)
    if drawn and cards:
        raise FieldError("cards", "programme.ticked_and_deal", n=drawn)
    if not drawn and not cards:
        raise FieldError("cards", "programme.pick_cards")
    if drawn and mode == PLENARY and drawn > len(deck.cards):
        raise FieldError("deal", "programme.deal_too_many", n=drawn, total=len(deck.cards),
                         deck=deck.info.title)
    if len(title.strip()) > 120:
        raise FieldError("title", "programme.title_long", high=120)
    if len(note.strip()) > 4000:
        raise FieldError("note", "programme.note_long", high=4000)
    missing = [c for c in cards if not deck.has_card(c)]
    if missing:
        raise FieldError("cards", "programme.unknown_card", card=missing[0], deck=deck.id,
                         hint="")
    form: Literal["plenary", "hand"] = "hand" if mode == HAND else "plenary"
    return Round(title=title.strip(), deck=deck.id, cards=tuple(cards), deal=drawn,
                 minutes=length, mode=form, note=note.strip())


def check_programme(title: str, rounds: list[Round]) -> Programme:
    """A programme as made in the app; FieldError for a missing title or no rounds."""
    from cardgame.domain.errors import FieldError

    if not title.strip():
        raise FieldError("title", "programme.need_title")
    if len(title.strip()) > 120:
        raise FieldError("title", "programme.title_long", high=120)
    if not rounds:
        raise FieldError("rounds", "programme.need_round")
    if len(rounds) > ROUNDS_MAX:
        raise FieldError("rounds", "programme.too_many_rounds", n=len(rounds))
    return Programme(info=ProgrammeInfo(title=title.strip()), rounds=tuple(rounds))
