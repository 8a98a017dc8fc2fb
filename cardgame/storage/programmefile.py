"""Programme files: read and check them as deck files are checked, write them, find them.

A problem names the file, the line, the round, the field and what was expected, in the
interface language, through the same `Problem` and `DeckError` as a deck; nothing here raises
anything else. Programmes live in the workspace's `programmes/` folder; examples ship with
cardgame (`bundled_programmes_dir`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from cardgame.domain.decks import Deck
from cardgame.domain.errors import CardgameError, DeckError, Problem, Said, os_problem
from cardgame.domain.programme import PROGRAMME_SCHEMA, Programme, ProgrammeInfo, Round
from cardgame.domain.session import slugify
from cardgame.storage.atomic import atomic_write
from cardgame.storage.deckfile import TomlLines, _describe, _hint, _type_name, read_toml

MAX_PROGRAMME_BYTES = 256 * 1024
_TOP_LEVEL = ("schema", "programme", "rounds")


def bundled_programmes_dir() -> Path:
    """The example programmes that ship with cardgame, in a wheel or a source checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "_bundled_programmes"
    return inside if inside.is_dir() else package.parent / "programmes"


class _Lines(TomlLines):
    """The line of `[programme]` and of each `[[rounds]]`."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.info: int | None = None
        self.rounds: list[int] = []
        for number, line in enumerate(self.lines, start=1):
            head = line.strip()
            if head.startswith("[[rounds]]"):
                self.rounds.append(number)
            elif head.startswith("[programme]"):
                self.info = number


@dataclass
class _Check:
    path: Path
    lines: _Lines
    problems: list[Problem]

    def add(self, key: str, values: dict[str, object], line: int | None,
            round_number: int | None = None, field: str | None = None) -> None:
        self.problems.append(Problem(self.path, key, line, None, None, field, values,
                                     round=round_number))

    def model(self, model: type[Any], data: Any, start: int | None,
              round_number: int | None) -> Any:
        from pydantic import ValidationError

        try:
            return model.model_validate(data)
        except ValidationError as exc:
            known = list(model.model_fields)
            for error in exc.errors():
                loc = list(error["loc"])
                name = str(loc[0]) if loc else ""
                label = f"{name}[{loc[1] + 1}]" if len(loc) >= 2 and isinstance(loc[1], int) \
                    else name
                key, values = _describe(dict(error), known, None)
                line = self.lines.field(start, name if error["type"] != "missing" else None)
                self.add(key, values, line, round_number, label or None)
            return None


def parse_programme(path: Path, data: bytes, decks: dict[str, Deck] | None = None
                    ) -> Programme:
    """Check a programme file's bytes (against the decks, when given); DeckError lists every
    problem found, each with its line and round."""
    if len(data) > MAX_PROGRAMME_BYTES:
        raise DeckError([Problem(path, "programme.too_big",
                                 values={"high": MAX_PROGRAMME_BYTES // 1024})])
    text, raw = read_toml(path, data, "programme.empty")
    lines = _Lines(text)
    check = _Check(path, lines, [])
    for key in raw:
        if key not in _TOP_LEVEL:
            check.add("deck.unknown_top", {"hint": _hint(key, list(_TOP_LEVEL))},
                      lines.top(key), field=key)
    schema = raw.get("schema")
    if schema is None:
        check.add("deck.no_schema", {}, 1, field="schema")
    elif type(schema) is not int:
        check.add("deck.expected_type", {"expected": Said("type.int"), "got": _type_name(schema)},
                  lines.top("schema"), field="schema")
    elif schema != PROGRAMME_SCHEMA:
        raise DeckError([Problem(path, "programme.schema_unsupported", lines.top("schema"),
                                 field="schema",
                                 values={"schema": schema, "ours": PROGRAMME_SCHEMA})])
    info = None
    info_raw = raw.get("programme")
    if not isinstance(info_raw, dict):
        check.add("programme.no_table", {}, lines.top("programme") or 1, field="programme")
    else:
        info = check.model(ProgrammeInfo, info_raw, lines.info, None)
    rounds_raw = raw.get("rounds")
    rounds: list[Round] = []
    if not rounds_raw:
        check.add("programme.no_rounds", {}, len(lines.lines) or 1, field="rounds")
    elif not isinstance(rounds_raw, list) or not all(isinstance(r, dict) for r in rounds_raw):
        check.add("deck.expected_type", {"expected": "[[rounds]]",
                                         "got": _type_name(rounds_raw)},
                  lines.top("rounds"), field="rounds")
    else:
        for index, round_raw in enumerate(rounds_raw):
            start = lines.rounds[index] if index < len(lines.rounds) else None
            one = check.model(Round, round_raw, start, index + 1)
            if one is not None:
                rounds.append(one)
    if check.problems or info is None:
        raise DeckError(check.problems)
    try:
        programme = Programme(info=info, rounds=tuple(rounds))
    except ValueError:  # more rounds than a day has
        raise DeckError([Problem(path, "programme.too_many_rounds", lines.rounds[-1],
                                 field="rounds", values={"n": len(rounds)})]) from None
    if decks is not None:
        from cardgame.domain.programme import check_against

        for number, field, key, values in check_against(programme, decks):
            if values.get("hint"):
                values = {**values, "hint": Said("deck.did_you_mean", name=values["hint"])}
            elif "known" in values:
                values = {**values, "hint": Said("programme.known_decks", known=values["known"])}
            start = lines.rounds[number - 1] if number - 1 < len(lines.rounds) else None
            check.add(key, values, lines.field(start, field), number, field)
        if check.problems:
            raise DeckError(check.problems)
    return programme


def load_programme(path: Path, decks: dict[str, Deck] | None = None) -> Programme:
    """Read and check a programme file; DeckError with the reason, also when it cannot be
    read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(path, "programme.unreadable",
                                 values={"reason": os_problem(exc)})]) from None
    return parse_programme(path, data, decks)


def locate_programme(name: str, folder: Path) -> Path:
    """A programme named on the command line: a path, else a file in the workspace's
    programmes/ folder or among the examples (with or without `.toml`)."""
    given = Path(name)
    if given.exists():
        return given
    for source in (folder, bundled_programmes_dir()):
        for candidate in (source / name, source / f"{name}.toml"):
            if candidate.is_file():
                return candidate
    return given  # load_programme says it cannot be read, naming the path as given


def render_programme(programme: Programme) -> bytes:
    """The programme as a file: the same TOML a person would write."""
    return tomli_w.dumps(programme.to_record()).encode("utf-8")


def programme_path(folder: Path, title: str) -> Path:
    """Where a programme with this title is saved in a folder."""
    return folder / f"{slugify(title) or 'program'}.toml"


def save_programme(folder: Path, programme: Programme, path: Path | None = None) -> Path:
    """Write the programme (atomically) and return its path; CardgameError if it cannot."""
    target = path or programme_path(folder, programme.info.title)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, render_programme(programme), keep_backup=False)
    except OSError as exc:
        raise CardgameError("programme.cannot_save", path=target, reason=os_problem(exc)) from None
    return target


@dataclass(frozen=True)
class Found:
    """A programme file found in the workspace or among the examples."""

    path: Path
    title: str
    rounds: int
    example: bool
    problem: str = ""
    """The first problem, when the file cannot be used."""


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.is_dir() and one.samefile(other)
    except OSError:
        return False


def find_programmes(folder: Path, decks: dict[str, Deck]) -> list[Found]:
    """The workspace's programmes, then the shipped examples, each checked. Run from its
    repository, cardgame's workspace folder is the examples' folder: they are listed once, as
    the examples they are (N12)."""
    found: list[Found] = []
    examples = bundled_programmes_dir()
    for source, example in ((folder, False), (examples, True)):
        if not source.is_dir() or (not example and _same_folder(folder, examples)):
            continue
        for path in sorted(source.glob("*.toml")):
            try:
                programme = load_programme(path, decks)
            except DeckError as error:
                found.append(Found(path, path.stem, 0, example,
                                   str(error.problems[0]) if error.problems else str(error)))
                continue
            found.append(Found(path, programme.info.title, len(programme.rounds), example))
    return found
