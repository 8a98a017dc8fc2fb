"""Large inputs for the benchmark: a 1,000-card deck of each kind and a 2,000-answer session."""

from __future__ import annotations

import random
from datetime import date, datetime, timezone
from pathlib import Path

import tomli_w

from cardgame.domain.influence import InfluenceMap
from cardgame.domain.session import default_groups, new_meta
from cardgame.domain.themeday import ThemeDay
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import DeckLibrary

CARDS = 1000
GROUPS = 12
ANSWERS = 2000
TEXT = "En kommune vil inddrage borgerne i en svær prioritering på velfærdsområdet."


def _card(kind: str, i: int) -> dict[str, object]:
    card: dict[str, object] = {"id": f"k{i}", "title": f"Kort nummer {i}", "summary": TEXT,
            "body": TEXT * 3, "questions": [f"Spørgsmål {i}?", "Hvem taler for de svageste?"],
            "tags": ["bench"], "sources": ["004: indsigt #4"]}
    if kind == "welfare-theme":
        card |= {"opportunities": [TEXT, TEXT], "dilemmas": [TEXT, TEXT]}
    elif kind == "dialogue-format":
        card |= {"step": "dialogue", "use_when": [TEXT], "strengths": [TEXT, TEXT],
                 "pitfalls": [TEXT, TEXT],
                 "scenarios": [{"id": "s1", "situation": TEXT, "dilemma": "Hvad gør I?",
                                "options": ["Det ene", "Det andet", "Det tredje"]}]}
    elif kind == "politician-role":
        card |= {"challenges": [TEXT, TEXT], "levers": [TEXT, TEXT]}
    else:
        card |= {"why": TEXT, "through_decisions": TEXT, "through_culture": TEXT}
    return card


def write_decks(folder: Path) -> list[Path]:
    """One 1,000-card deck of each kind."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in ("welfare-theme", "dialogue-format", "politician-role", "influence-element"):
        deck = {"schema": 1, "deck": {"id": f"big-{kind}", "kind": kind, "title": f"Stor {kind}",
                                       "language": "da", "version": "1.0"},
                "cards": [_card(kind, i) for i in range(CARDS)]}
        path = folder / f"big-{kind}.toml"
        path.write_text(tomli_w.dumps(deck), encoding="utf-8")
        paths.append(path)
    return paths


def write_session(workspace: Path, decks_folder: Path) -> str:
    """A theme day of 12 groups with 2,000 recorded answers and placements; returns its id."""
    library = DeckLibrary.load([decks_folder])
    decks = [library.decks[f"big-{k}"] for k in ("welfare-theme", "dialogue-format",
                                                  "politician-role", "influence-element")]
    meta = new_meta("Stor temadag", date(2026, 11, 22), datetime.now(timezone.utc),
                    default_groups(GROUPS), decks, set())
    store = SessionStore(workspace / "sessions")
    for old in (workspace / "sessions").glob(f"{meta.id}.toml*"):
        old.unlink()
    session = store.create(meta)
    rng = random.Random(2026)
    day = ThemeDay(session.meta, library.decks, session)
    mapping = InfluenceMap(session.meta, decks[3], session)
    recorded = 0
    while recorded < ANSWERS:
        choice = rng.random()
        group = f"g{rng.randrange(GROUPS) + 1}"
        card = f"k{rng.randrange(CARDS)}"
        if choice < 0.35:
            _deal_from(day, "big-welfare-theme")
            session.view(card=card, group=group)
            day.record_answer({"rating": str(rng.randrange(5) + 1), "note": TEXT})
        elif choice < 0.6:
            _deal_from(day, "big-dialogue-format")
            session.view(card=card, group=group)
            day.record_answer({"option": str(rng.randrange(3) + 1), "reason": TEXT})
        elif choice < 0.75:
            _deal_from(day, "big-politician-role")
            session.view(card=card, group=group)
            day.record_answer({"challenges": TEXT, "levers": TEXT})
        else:
            session.view(element=f"k{rng.randrange(40)}", group=group,
                         actor=rng.choice(meta.actors))
            mapping.put(rng.randrange(4) + 1)
        recorded += 1
    session.view(deck="big-welfare-theme", card="k0", group="g1", mode="plenary")
    session.close()
    return meta.id


def _deal_from(day: ThemeDay, deck_id: str) -> None:
    if day.deck is None or day.deck.id != deck_id:
        day.choose_deck(deck_id)


def write_realistic(workspace: Path) -> str:
    """A theme day as it is played: the bundled decks, 8 tables, 40 cards discussed (the 14
    welfare themes, 15 dialogue formats, the 11 politician roles), about 300 answers, and a
    round on the influence circle. It stands on the 16th dialogue format, the first not yet
    discussed, so that the keys record new answers as in the room; the circle stands on its
    first element."""
    library = DeckLibrary.load([Path(__file__).resolve().parent.parent / "decks"])
    decks = list(library.decks.values())
    meta = new_meta("Temadag i byrådet", date(2026, 11, 22), datetime.now(timezone.utc),
                    default_groups(8), decks, set())
    for old in (workspace / "sessions").glob(f"{meta.id}.toml*"):
        old.unlink()
    session = SessionStore(workspace / "sessions").create(meta, decks)
    day = ThemeDay(session.meta, session.decks, session)
    rng = random.Random(11)
    played = {"welfare-theme": 14, "dialogue-format": 15, "politician-role": 11}
    for kind, count in played.items():
        deck = next(d for d in decks if d.kind == kind)
        day.choose_deck(deck.id, shuffle=False)
        for index in range(count):
            for group in range(8):
                if kind == "welfare-theme":
                    day.record_answer({"rating": str(rng.randrange(5) + 1), "note": TEXT})
                elif kind == "dialogue-format":
                    day.record_answer({"option": str(1 + rng.randrange(3)), "reason": TEXT})
                elif group < 6:
                    day.record_answer({"challenges": TEXT, "levers": TEXT})
            if index + 1 < count:
                day.step_card(1)
    influence = next(d for d in decks if d.kind == "influence-element")
    mapping = InfluenceMap(session.meta, influence, session)
    for element in influence.cards[:10]:
        session.view(element=element.id)
        mapping.put(rng.randrange(5) + 1)
    # The circle is opened again on its first element: the bench's arrows then move the
    # selection (down five, up five), as they do on the large session, and are not refused
    # at the last element.
    session.view(element=influence.cards[0].id)
    formats = next(d for d in decks if d.kind == "dialogue-format")
    day.choose_deck(formats.id, shuffle=False)
    session.view(card=formats.cards[15].id, group="g1")
    session.close()
    return meta.id
