"""Read deck files and turn every mistake in them into a readable problem.

Each problem names the file, the line, the card id where there is one, the field, and what was
expected. Nothing here raises anything but `DeckError`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cardgame.domain.decks import (
    CARD_MODELS,
    DECK_KINDS,
    DECK_SCHEMA,
    CircleSpec,
    Deck,
    DeckInfo,
    Scenario,
)
from cardgame.domain.errors import DeckError, Problem

MAX_DECK_BYTES = 5 * 1024 * 1024
"""A deck larger than this is refused: 1,000 full cards take about 1.5 MB."""

_TOP_LEVEL = ("schema", "deck", "cards")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_ALL_CARD_FIELDS = {name: kind for kind, model in CARD_MODELS.items()
                    for name in model.model_fields}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _hint(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class _Lines:
    """Finds the line of a table or a field in the raw text, for messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.deck = self.circle = None
        self.cards: list[int] = []
        self.scenarios: dict[int, list[int]] = {}
        for number, line in enumerate(self.lines, start=1):
            head = line.strip()
            if head.startswith("[[cards.scenarios]]") and self.cards:
                self.scenarios.setdefault(len(self.cards) - 1, []).append(number)
            elif head.startswith("[[cards]]"):
                self.cards.append(number)
            elif head.startswith("[deck.circle]"):
                self.circle = number
            elif head.startswith("[deck]"):
                self.deck = number

    def _section_end(self, start: int) -> int:
        for number in range(start + 1, len(self.lines) + 1):
            if self.lines[number - 1].lstrip().startswith("["):
                return number
        return len(self.lines) + 1

    def field(self, start: int | None, name: str | None) -> int | None:
        """The line of `name = …` in the section starting at `start`, else the section's line."""
        if start is None:
            return None
        if name:
            pattern = re.compile(rf'^\s*("?){re.escape(name)}\1\s*=')
            for number in range(start + 1, self._section_end(start)):
                if pattern.match(self.lines[number - 1]):
                    return number
        return start

    def top(self, name: str) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().startswith("["):
                return None
            if pattern.match(line):
                return number
        return None


def _describe(error: dict[str, Any], known: list[str], kind: str | None) -> str:
    """A plain-language message for one pydantic error."""
    kind_of = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    name = str(error["loc"][-1]) if error["loc"] else ""
    if kind_of == "missing":
        return "required field is missing"
    if kind_of == "extra_forbidden":
        owner = _ALL_CARD_FIELDS.get(name)
        if kind and owner and owner != kind and name not in known:
            return f"unknown field here: '{name}' belongs to {owner} cards, this is a {kind} deck"
        return "unknown field" + _hint(name, known)
    if kind_of == "string_type":
        return f"expected text in quotes, got {_type_name(value)}"
    if kind_of == "list_type":
        return f'expected a list like ["…", "…"], got {_type_name(value)}'
    if kind_of in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a table, got {_type_name(value)}"
    if kind_of == "too_short":
        return f"expected at least {ctx.get('min_length')} items, got {ctx.get('actual_length')}"
    if kind_of == "too_long":
        return f"expected at most {ctx.get('max_length')} items, got {ctx.get('actual_length')}"
    if kind_of == "string_too_short":
        return "must not be empty"
    if kind_of == "string_too_long":
        return f"is {len(value)} characters long; at most {ctx.get('max_length')} are allowed"
    if kind_of == "string_pattern_mismatch":
        if name == "language":
            return f"expected a language code such as da, nb, nn, sv or en, got '{value}'"
        return f"expected lowercase letters, digits and '-' (like 'aeldre-omraadet'), got '{value}'"
    if kind_of == "literal_error":
        expected = ctx.get("expected", "").replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ",").split(",") if o.strip()]
        return f"expected one of: {', '.join(options)}; got '{value}'" + (
            _hint(str(value), options) if isinstance(value, str) else ""
        )
    return str(error.get("msg", "is not valid"))


@dataclass
class _Checker:
    path: Path
    lines: _Lines
    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, line: int | None = None, card: str | None = None,
            field_name: str | None = None) -> None:
        self.problems.append(Problem(self.path, message, line, None, card, field_name))

    def validate(self, model: type, data: Any, section: int | None, card: str | None,
                 kind: str | None, scenario_lines: list[int] | None = None) -> Any:
        """Validate data against model; record each error with its line; None if invalid."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = list(error["loc"])
                known = list(model.model_fields)
                start = section
                if loc and loc[0] == "scenarios" and len(loc) >= 3 and isinstance(loc[1], int):
                    known = list(Scenario.model_fields)
                    if scenario_lines and loc[1] < len(scenario_lines):
                        start = scenario_lines[loc[1]]
                    name = ".".join(str(x) for x in loc[2:3])
                    label = f"scenarios[{loc[1] + 1}].{name}"
                elif loc and loc[0] == "circle" and len(loc) >= 2:
                    known = list(CircleSpec.model_fields)
                    start = self.lines.circle or section
                    name = str(loc[1])
                    label = f"circle.{name}"
                else:
                    name = str(loc[0]) if loc else None
                    if len(loc) >= 2 and isinstance(loc[1], int):
                        label = f"{name}[{loc[1] + 1}]"
                    else:
                        label = name
                line = self.lines.field(start, name if error["type"] != "missing" else None)
                self.add(_describe(error, known, kind), line, card, label)
            return None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeckError([Problem(path, f"is not UTF-8 text (byte {exc.start}); save it as "
                                 "UTF-8 in your editor", line)]) from None


def parse_deck(path: Path, data: bytes) -> Deck:
    """Validate the bytes of a deck file; raise DeckError listing every problem."""
    if len(data) > MAX_DECK_BYTES:
        raise DeckError([Problem(path, f"is {len(data) / 1e6:.1f} MB; a deck may be at most "
                                 f"{MAX_DECK_BYTES // (1024 * 1024)} MB")])
    text = _decode(path, data)
    if not text.strip():
        raise DeckError([Problem(path, "is empty; expected 'schema = 1', a [deck] table and "
                                 "[[cards]]")])
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = column = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        if "Illegal character '\\n'" in message:
            message += " (a text in quotes is not closed on this line)"
        raise DeckError([Problem(path, f"TOML syntax error: {message}", line, column)]) from None
    lines = _Lines(text)
    check = _Checker(path, lines)
    for key in raw:
        if key not in _TOP_LEVEL:
            check.add("unknown top-level field" + _hint(key, list(_TOP_LEVEL)), lines.top(key),
                      field_name=key)
    schema = raw.get("schema")
    if schema is None:
        check.add("missing 'schema = 1' at the top of the file", 1, field_name="schema")
    elif type(schema) is not int:
        check.add(f"expected a whole number, got {_type_name(schema)}", lines.top("schema"),
                  field_name="schema")
    elif schema != DECK_SCHEMA:
        raise DeckError([Problem(path, f"schema {schema} is not supported; this cardgame reads "
                                 f"schema {DECK_SCHEMA}", lines.top("schema"), None, None,
                                 "schema")])
    deck_raw = raw.get("deck")
    info = None
    if deck_raw is None:
        check.add("missing the [deck] table (id, kind, title, language, version)", 1,
                  field_name="deck")
    elif not isinstance(deck_raw, dict):
        check.add(f"expected a table [deck], got {_type_name(deck_raw)}", lines.top("deck"),
                  field_name="deck")
    else:
        info = check.validate(DeckInfo, deck_raw, lines.deck, None, None)
        if info is not None and info.circle is not None and info.kind != "influence-element":
            check.add("[deck.circle] is only for influence-element decks", lines.circle,
                      field_name="circle")
    kind = info.kind if info else (deck_raw.get("kind") if isinstance(deck_raw, dict) else None)
    cards_raw = raw.get("cards")
    cards = []
    if cards_raw is None or cards_raw == []:
        check.add("a deck needs at least one [[cards]] table", len(lines.lines) or 1,
                  field_name="cards")
    elif not isinstance(cards_raw, list) or not all(isinstance(c, dict) for c in cards_raw):
        check.add("expected [[cards]] tables", lines.top("cards"), field_name="cards")
    elif kind in DECK_KINDS:
        model = CARD_MODELS[kind]
        seen: dict[str, int] = {}
        for index, card_raw in enumerate(cards_raw):
            section = lines.cards[index] if index < len(lines.cards) else None
            card_id = card_raw.get("id") if isinstance(card_raw.get("id"), str) else None
            label = card_id or f"#{index + 1}"
            card = check.validate(model, card_raw, section, label, kind,
                                  lines.scenarios.get(index))
            if card_id is not None:
                if card_id in seen:
                    check.add(f"duplicate card id; first used on line {seen[card_id]}",
                              lines.field(section, "id"), card_id, "id")
                else:
                    seen[card_id] = lines.field(section, "id") or 0
            if card is not None:
                scenario_ids = [s.id for s in getattr(card, "scenarios", [])]
                for number, sid in enumerate(scenario_ids):
                    if sid in scenario_ids[:number]:
                        starts = lines.scenarios.get(index, [])
                        check.add("duplicate scenario id in this card",
                                  lines.field(starts[number] if number < len(starts) else section,
                                              "id"), label, f"scenarios[{number + 1}].id")
                cards.append(card)
    if check.problems:
        raise DeckError(check.problems)
    digest = hashlib.sha256(data).hexdigest()[:16]
    return Deck(info=info, cards=tuple(cards), source=str(path), content_hash=digest)


def load_deck(path: Path) -> Deck:
    """Read and validate one deck file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(path, f"cannot be read: {exc.strerror or exc}")]) from None
    return parse_deck(path, data)


def deck_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into deck files (*.toml, sorted); report missing paths."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.toml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(path, "no such file or folder"))
    return files, problems


def validate_paths(paths: list[Path]) -> tuple[list[Deck], list[Problem]]:
    """Load every deck under paths; return the valid decks and all problems found."""
    files, problems = deck_files(paths)
    decks: list[Deck] = []
    for file in files:
        try:
            decks.append(load_deck(file))
        except DeckError as exc:
            problems.extend(exc.problems)
    return decks, problems
