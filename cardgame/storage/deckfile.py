"""Read deck files and turn every mistake in them into a readable problem.

Each problem names the file, the line, the card id where there is one, the field, and what was
expected. Nothing here raises anything but `DeckError`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cardgame.domain.decks import (
    CARD_MODELS,
    DECK_KINDS,
    CircleSpec,
    Deck,
    DeckInfo,
    Scenario,
)
from cardgame.domain.errors import DeckError, InvalidValue, Problem, Said, Words, os_problem
from cardgame.domain.versions import DECK_SCHEMA
from cardgame.storage.sessionfile import content_hash

MAX_DECK_BYTES = 5 * 1024 * 1024
"""A deck larger than this is refused: 1,000 full cards take about 1.5 MB."""

_TOP_LEVEL = ("schema", "deck", "cards")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_ALL_CARD_FIELDS = {name: kind for kind, model in CARD_MODELS.items()
                    for name in model.model_fields}


def _type_name(value: Any) -> Said:
    """What kind of TOML value this is, in the user's words."""
    if isinstance(value, bool):
        return Said("type.bool")
    if isinstance(value, str):
        return Said("type.text")
    if isinstance(value, int):
        return Said("type.int")
    if isinstance(value, float):
        return Said("type.float")
    if isinstance(value, list):
        return Said("type.list")
    if isinstance(value, dict):
        return Said("type.table")
    return Said("type.datetime")


def _hint(name: str, known: list[str]) -> Words:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return Said("deck.did_you_mean", name=close[0]) if close else ""


Message = tuple[str, dict[str, object]]
"""A catalogue key and its values."""


class TomlLines:
    """Finds the line of a field in the raw text of a TOML file, for messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

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


class _Lines(TomlLines):
    """The lines of a deck's tables: `[deck]`, `[deck.circle]`, each card and scenario."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
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


def _describe(error: dict[str, Any], known: list[str], kind: str | None) -> Message:
    """A plain-language message (key and values) for one pydantic error."""
    kind_of = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    name = str(error["loc"][-1]) if error["loc"] else ""
    if kind_of == "missing":
        return "deck.missing_field", {}
    if kind_of == "extra_forbidden":
        owner = _ALL_CARD_FIELDS.get(name)
        if kind and owner and owner != kind and name not in known:
            return "deck.field_of_other_kind", {"name": name, "owner": owner, "kind": kind}
        return "deck.unknown_field", {"hint": _hint(name, known)}
    if kind_of in ("string_type", "bool_type", "int_type", "list_type", "model_type",
                   "dict_type", "model_attributes_type"):
        expected = {"string_type": "type.text_quoted", "bool_type": "type.bool",
                    "int_type": "type.int", "list_type": "type.list_example"}.get(
            kind_of, "type.table")
        return "deck.expected_type", {"expected": Said(expected), "got": _type_name(value)}
    if kind_of in ("greater_than_equal", "less_than_equal"):
        key = "deck.number_low" if kind_of == "greater_than_equal" else "deck.number_high"
        return key, {"low": ctx.get("ge"), "high": ctx.get("le"), "value": value}
    if kind_of == "too_short":
        return "deck.too_few", {"low": ctx.get("min_length"), "n": ctx.get("actual_length")}
    if kind_of == "too_long":
        return "deck.too_many", {"high": ctx.get("max_length"), "n": ctx.get("actual_length")}
    if kind_of == "string_too_short":
        return "deck.empty_text", {}
    if kind_of == "string_too_long":
        return "deck.too_long", {"n": len(str(value)), "high": ctx.get("max_length")}
    if kind_of == "string_pattern_mismatch":
        if name == "language":
            return "deck.bad_language", {"value": value}
        return "deck.bad_slug", {"value": value}
    if kind_of == "literal_error":
        expected = ctx.get("expected", "").replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ",").split(",") if o.strip()]
        return "deck.one_of", {"options": ", ".join(options), "value": value,
                               "hint": _hint(str(value), options) if isinstance(value, str)
                               else ""}
    if kind_of == "value_error" and isinstance(ctx.get("error"), ValueError):
        reason = ctx["error"]
        if isinstance(reason, InvalidValue):
            return reason.key, dict(reason.values)
        return "deck.invalid", {"detail": str(reason)}
    return "deck.invalid", {"detail": str(error.get("msg", ""))}


@dataclass
class _Checker:
    path: Path
    lines: _Lines
    problems: list[Problem] = field(default_factory=list)

    def add(self, message: Message, line: int | None = None, card: str | None = None,
            field_name: str | None = None) -> None:
        key, values = message
        self.problems.append(Problem(self.path, key, line, None, card, field_name, values))

    def validate(self, model: type[BaseModel], data: Any, section: int | None,
                 card: str | None,
                 kind: str | None, scenario_lines: list[int] | None = None) -> Any:
        """Validate data against model; record each error with its line; None if invalid."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = list(error["loc"])
                known = list(model.model_fields)
                start = section
                if loc and loc[0] == "scenarios" and len(loc) >= 2 and isinstance(loc[1], int):
                    known = list(Scenario.model_fields)
                    if scenario_lines and loc[1] < len(scenario_lines):
                        start = scenario_lines[loc[1]]
                    name = ".".join(str(x) for x in loc[2:3])
                    label = f"scenarios[{loc[1] + 1}]" + (f".{name}" if name else "")
                elif loc and loc[0] == "circle" and len(loc) >= 2:
                    known = list(CircleSpec.model_fields)
                    start = self.lines.circle or section
                    name = str(loc[1])
                    label = f"circle.{name}"
                else:
                    name = str(loc[0]) if loc else ""
                    if len(loc) >= 2 and isinstance(loc[1], int):
                        label = f"{name}[{loc[1] + 1}]"
                    else:
                        label = name
                line = self.lines.field(start, name if error["type"] != "missing" else None)
                self.add(_describe(dict(error), known, kind), line, card, label or None)
            return None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeckError([Problem(path, "deck.not_utf8", line,
                                 values={"byte": exc.start})]) from None


_TOML_MESSAGES = (
    ("Illegal character '\\n'", "toml.unclosed"),
    ("Invalid value", "toml.invalid_value"),
    ("Expected '=' after a key", "toml.expected_equals"),
    ("Cannot overwrite a value", "toml.twice"),
    ("Cannot declare", "toml.twice"),
    ("Unclosed array", "toml.unclosed_array"),
    ("Unclosed inline table", "toml.unclosed_table"),
    ("Invalid statement", "toml.invalid_statement"),
    ("Unterminated string", "toml.unclosed"),
    ("Invalid initial character for a key part", "toml.bad_key"),
)


def _toml_detail(message: str) -> Words:
    """tomllib's English message, said in the interface language where we know it."""
    for start, key in _TOML_MESSAGES:
        if message.startswith(start):
            return Said(key)
    return message


def read_toml(path: Path, data: bytes, empty_key: str) -> tuple[str, dict[str, Any]]:
    """The text and the tables of a TOML file we read (a deck, a programme); DeckError naming
    bytes that are not UTF-8, an empty file (`empty_key`), or the line of a syntax error."""
    text = _decode(path, data)
    if not text.strip():
        raise DeckError([Problem(path, empty_key)])
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = column = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        raise DeckError([Problem(path, "deck.syntax", line, column,
                                 values={"detail": _toml_detail(message)})]) from None


_READ: dict[bytes, Deck] = {}
"""Decks read in this process, by their bytes (see `parse_deck`)."""
_READ_MOST = 64


def parse_deck(path: Path, data: bytes) -> Deck:
    """Validate the bytes of a deck file; raise DeckError listing every problem.

    The same bytes make the same deck, so valid bytes are read once per process: a session
    keeps copies of the decks it plays with, the workspace's decks byte for byte.
    """
    deck = _READ.get(data)
    if deck is None:
        deck = _parse_deck(path, data)
        if len(_READ) >= _READ_MOST:
            _READ.clear()
        _READ[data] = deck
    return deck if deck.source == str(path) else deck.model_copy(update={"source": str(path)})


def _parse_deck(path: Path, data: bytes) -> Deck:
    if len(data) > MAX_DECK_BYTES:
        raise DeckError([Problem(path, "deck.too_big", values={
            "size": f"{len(data) / 1e6:.1f}", "high": MAX_DECK_BYTES // (1024 * 1024)})])
    text, raw = read_toml(path, data, "deck.empty")
    lines = _Lines(text)
    check = _Checker(path, lines)
    for key in raw:
        if key not in _TOP_LEVEL:
            check.add(("deck.unknown_top", {"hint": _hint(key, list(_TOP_LEVEL))}),
                      lines.top(key), field_name=key)
    schema = raw.get("schema")
    if schema is None:
        check.add(("deck.no_schema", {}), 1, field_name="schema")
    elif type(schema) is not int:
        check.add(("deck.expected_type", {"expected": Said("type.int"),
                                           "got": _type_name(schema)}),
                  lines.top("schema"), field_name="schema")
    elif schema != DECK_SCHEMA:
        raise DeckError([Problem(path, "deck.schema_unsupported", lines.top("schema"), None,
                                 None, "schema", {"schema": schema, "ours": DECK_SCHEMA})])
    deck_raw = raw.get("deck")
    info = None
    if deck_raw is None:
        check.add(("deck.no_deck_table", {}), 1, field_name="deck")
    elif not isinstance(deck_raw, dict):
        check.add(("deck.expected_type", {"expected": "[deck]", "got": _type_name(deck_raw)}),
                  lines.top("deck"), field_name="deck")
    else:
        info = check.validate(DeckInfo, deck_raw, lines.deck, None, None)
        if info is not None and info.circle is not None and info.kind != "influence-element":
            check.add(("deck.circle_wrong_kind", {}), lines.circle, field_name="circle")
    kind = info.kind if info else (deck_raw.get("kind") if isinstance(deck_raw, dict) else None)
    cards_raw = raw.get("cards")
    cards = []
    if cards_raw is None or cards_raw == []:
        check.add(("deck.no_cards", {}), len(lines.lines) or 1, field_name="cards")
    elif not isinstance(cards_raw, list) or not all(isinstance(c, dict) for c in cards_raw):
        check.add(("deck.expected_type", {"expected": "[[cards]]",
                                           "got": _type_name(cards_raw)}),
                  lines.top("cards"), field_name="cards")
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
                    check.add(("deck.duplicate_card", {"line": seen[card_id]}),
                              lines.field(section, "id"), card_id, "id")
                else:
                    seen[card_id] = lines.field(section, "id") or 0
            if card is not None:
                scenario_ids = [s.id for s in getattr(card, "scenarios", [])]
                for number, sid in enumerate(scenario_ids):
                    if sid in scenario_ids[:number]:
                        starts = lines.scenarios.get(index, [])
                        check.add(("deck.duplicate_scenario", {}),
                                  lines.field(starts[number] if number < len(starts) else section,
                                              "id"), label, f"scenarios[{number + 1}].id")
                cards.append(card)
    if check.problems or info is None:
        raise DeckError(check.problems)
    return Deck(info=info, cards=tuple(cards), source=str(path), content_hash=content_hash(data),
                raw=data)


def load_deck(path: Path) -> Deck:
    """Read and validate one deck file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(path, "deck.unreadable",
                                 values={"error": os_problem(exc)})]) from None
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
            problems.append(Problem(path, "deck.no_such_path"))
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
