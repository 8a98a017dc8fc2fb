"""Content rules for the bundled decks, shared by the test and by deck authors.

The rules a council can hold the decks to: the card texts are our own words (no run of eight
words shared with a source document), Danish cards use no Norwegian words, every source names a
part of a seed document that exists, survey figures carry their date, and each dialogue-format
scenario is a dilemma worth an hour (80–150 words, 3–4 options with what each costs).

Run on draft deck files while writing them:

    .venv/bin/python -m tests.unit.deck_content decks/dialogformater.toml
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from cardgame.domain.decks import (
    Card,
    Deck,
    DialogueFormatCard,
    InfluenceElementCard,
    PoliticianRoleCard,
    WelfareThemeCard,
)
from cardgame.storage.deckfile import validate_paths

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"

RUN = 8
"""A run of this many words shared with a seed counts as copied."""
COPY_EXCEPTIONS = (
    "Lokaldemokrati i nybrud",
    "Tænketanken Mandag Morgen",
    "Fra 120 minutter til 120 sekunder",
    "Langtidsledige tager teten",
    "Opgang til opgang",
    "Fremtidens Furesø",
    "KS Folkevalgtprogram",
)
"""Names that may be quoted whole; each counts as one word in the copy check. Numbers never
count as words, so figures can be quoted."""

NORWEGIAN = (
    "kommunestyre", "innbygger", "rådmann", "fylkes", "deltaker", "deltakende", "medvirkning",
    "kommunedirektør", "gjestebud", "barnehage", "sykehjem", "samskaping", "samhandling",
    "utvikling", "likeverdig", "fasiliterende", "ansvarliggjørende", "børnetråkk",
    "innbyggertorg", "oppvekst", "ikkje", "kunnskap", "deltakelse",
)
"""Word stems that are Norwegian (or Norwegian-Danish hybrids) and do not belong in a Danish
card. Barnetråkk is a Norwegian name and may be used as one; "ordfører" is Danish too (a
party's spokesperson), so it is not on the list."""

DANISH = (
    "indflydelse", "inddragelse", "samskabelse", "byråd", "kommunaldirektør", "spørgsmål",
    "forældre", "ældre", "sundhed", "udvalg", "mulighed", "nogle", "noget", "blive", "bliver",
    "efter", "igennem", "borgmester", "folkeskole", "plejehjem", "hjemmepleje",
    "kommunalbestyrelse", "beskæftigelse", "hvad ", "sådan", "tilbage",
)
"""Word stems that are Danish and do not belong in a Norwegian (bokmål) card, the twin of
NORWEGIAN. A Danish name or a Danish institution may be quoted as one (`COPY_EXCEPTIONS`)."""

WORDS_MIN, WORDS_MAX = 80, 150
"""The length of a dialogue-format scenario's situation, in words."""

_STRUCTURED = re.compile(r"^(indsigt|idéskitse) #(\d+)$")
_STRUCTURED_MAX = {"indsigt": 10, "idéskitse": 3}
_SOURCE = re.compile(r"^(00[0-4]): (\S.*)$")
_SURVEY_FIGURE = re.compile(r"\d+\s*(pct\.|%|procent)", re.I)


def fold(text: str) -> str:
    """Lowercase without accents (æ→ae, ø→o, å→a), so scanned seed text matches card text."""
    text = text.lower().replace("æ", "ae").replace("ø", "o")
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text for the copy check: folded, exceptions as one word, no numbers."""
    folded = fold(text)
    for number, name in enumerate(COPY_EXCEPTIONS):
        folded = folded.replace(fold(name), f" exceptionname{number} ")
    return [w for w in re.findall(r"[a-z]+", folded)]


@cache
def seed_texts() -> dict[str, str]:
    """The five source documents by number ("000" … "004")."""
    return {path.name[:3]: path.read_text(encoding="utf-8")
            for path in sorted(SEEDS.glob("00[0-4]_*.txt"))}


@cache
def seed_runs() -> frozenset[tuple[str, ...]]:
    """Every run of RUN words in the seeds."""
    runs: set[tuple[str, ...]] = set()
    for text in seed_texts().values():
        found = words(text)
        runs.update(tuple(found[i:i + RUN]) for i in range(len(found) - RUN + 1))
    return frozenset(runs)


def copied(text: str) -> list[str]:
    """The passages (runs of RUN or more words) this text shares with a seed."""
    found = words(text)
    runs = seed_runs()
    passages: list[tuple[int, int]] = []
    for i in range(len(found) - RUN + 1):
        if tuple(found[i:i + RUN]) in runs:
            if passages and passages[-1][1] >= i:
                passages[-1] = (passages[-1][0], i + RUN)
            else:
                passages.append((i, i + RUN))
    return [" ".join(found[start:end]) for start, end in passages]


def norwegian(text: str) -> list[str]:
    """Norwegian words in a Danish text."""
    lowered = text.lower()
    return [stem for stem in NORWEGIAN if stem in lowered]


def danish(text: str) -> list[str]:
    """Danish words in a Norwegian text (names quoted whole are left out)."""
    lowered = text.lower()
    for name in COPY_EXCEPTIONS:
        lowered = lowered.replace(name.lower(), " ")
    return [stem for stem in DANISH if re.search(r"\b" + re.escape(stem), lowered)]


def source_problem(source: str) -> str | None:
    """Why a card's source does not name an existing part of a seed, or None."""
    match = _SOURCE.match(source)
    if match is None:
        return "expected '00N: part of the document'"
    seed, rest = match.groups()
    text = fold(seed_texts().get(seed, ""))
    if not text:
        return f"no seed document {seed}"
    for part in re.split(r"[,;] ", rest):
        structured = _STRUCTURED.match(part.strip())
        if structured:
            what, number = structured.group(1), int(structured.group(2))
            if seed != "004" or not 1 <= number <= _STRUCTURED_MAX[what]:
                return f"'{part}' does not exist in {seed}"
            continue
        for word in re.findall(r"[^\W\d_]{4,}", part):
            if fold(word) not in text:
                return f"'{word}' does not occur in {seed}"
    return None


def card_texts(card: Card) -> list[tuple[str, str]]:
    """(field, text) of everything a card shows, sources aside."""
    found = [("title", card.title), ("summary", card.summary), ("body", card.body)]
    found += [("questions", q) for q in card.questions]
    for name in ("opportunities", "dilemmas", "challenges", "levers", "use_when", "strengths",
                 "pitfalls"):
        found += [(name, text) for text in getattr(card, name, [])]
    for name in ("why", "through_decisions", "through_culture"):
        found.append((name, getattr(card, name, "")))
    for scenario in getattr(card, "scenarios", []):
        label = f"scenarios.{scenario.id}"
        found += [(label + ".title", scenario.title), (label + ".situation", scenario.situation),
                  (label + ".dilemma", scenario.dilemma)]
        found += [(label + ".options", o) for o in scenario.options]
        found += [(label + ".consequences", c) for c in scenario.consequences]
    return [(name, text) for name, text in found if text]


def card_texts_plain(card: Card) -> list[str]:
    return [text for _, text in card_texts(card)]


def card_problems(deck: Deck, card: Card) -> list[str]:
    """Every content rule a card breaks, one line each."""
    where = f"{deck.id}/{card.id}"
    problems: list[str] = []
    whole = " ".join(text for _, text in card_texts(card))
    for name, text in card_texts(card):
        for run in copied(text):
            problems.append(f"{where}: {name}: eight words as in a seed: «{run}»")
        if deck.info.language == "da":
            for word in norwegian(text):
                problems.append(f"{where}: {name}: Norwegian word «{word}»")
        if deck.info.language == "nb":
            for word in danish(text):
                problems.append(f"{where}: {name}: Danish word «{word}»")
    if _SURVEY_FIGURE.search(whole) and "kommunaldirektør" in whole.lower() \
            and "2021" not in whole:
        problems.append(f"{where}: a survey figure without its date (januar 2021)")
    for source in card.sources:
        problem = source_problem(source)
        if problem:
            problems.append(f"{where}: source «{source}»: {problem}")
    if not card.sources:
        problems.append(f"{where}: no sources")
    if isinstance(card, DialogueFormatCard):
        if card.cocreation is None:
            problems.append(f"{where}: no cocreation form")
        for scenario in card.scenarios:
            count = len(scenario.situation.split())
            label = f"{where}/{scenario.id}"
            if not WORDS_MIN <= count <= WORDS_MAX:
                problems.append(f"{label}: situation has {count} words; expected "
                                f"{WORDS_MIN}–{WORDS_MAX}")
            if not 3 <= len(scenario.options) <= 4:
                problems.append(f"{label}: {len(scenario.options)} options; expected 3–4")
            if len(scenario.consequences) != len(scenario.options):
                problems.append(f"{label}: expected a consequence for every option")
    if isinstance(card, WelfareThemeCard) and len(card.dilemmas) < 2:
        problems.append(f"{where}: fewer than two dilemmas")
    if isinstance(card, PoliticianRoleCard) and (len(card.challenges) < 2
                                                 or len(card.levers) < 2):
        problems.append(f"{where}: fewer than two challenges or levers")
    if isinstance(card, InfluenceElementCard) and not (card.why and card.through_decisions
                                                       and card.through_culture):
        problems.append(f"{where}: why, through_decisions and through_culture are all needed")
    return problems


def deck_problems(deck: Deck) -> list[str]:
    return [problem for card in deck.cards for problem in card_problems(deck, card)]


def main(argv: list[str]) -> int:
    decks, problems = validate_paths([Path(a) for a in argv])
    lines = [str(p) for p in problems]
    for deck in decks:
        lines += deck_problems(deck)
    print("\n".join(lines) if lines else f"{len(decks)} deck(s): no content problems")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
