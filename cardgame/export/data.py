"""Sessions as tidy tables: one CSV file per kind of thing, one row per observation, for
DuckDB, pandas or a spreadsheet to read across any number of sessions (`docs/data.md`).

The sessions are read one at a time and their rows written at once, so the memory used does not
grow with their number. A session that cannot be read (damaged beyond use, from a newer
cardgame, not a session at all) gets its row in `sessions.csv` with its condition and the
reason, and nothing else; a damaged one gets the records that can be read, as `sessions list`
and the app say. With DuckDB installed, each table is written as Parquet too.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardgame.domain import keys
from cardgame.domain.decks import Deck
from cardgame.domain.errors import CardgameError, Said, Words, os_problem
from cardgame.domain.followups import follow_ups
from cardgame.domain.influence import TODAY, WANTED
from cardgame.storage.store import DAMAGED, OK, ReadSession, SessionStore

TABLES: dict[str, tuple[str, ...]] = {
    "sessions": ("session_id", "title", "kind", "date", "municipality", "facilitator",
                 "language", "groups", "actors", "decks", "condition", "problem", "file"),
    "groups": ("session_id", "group_id", "group_name", "position"),
    "answers": ("session_id", "deck_id", "card_id", "scenario_id", "group_id", "field",
                "value"),
    "placements": ("session_id", "deck_id", "element_id", "actor", "group_id", "rings",
                   "today_ring", "wanted_ring", "today_name", "wanted_name", "how", "failure",
                   "note"),
    "followups": ("session_id", "followup_id", "what", "who", "due"),
    "cards": ("deck_id", "deck_version", "deck_title", "language", "kind", "card_id",
              "position", "title"),
}
"""Every table and its columns, in order (documented in `docs/data.md`)."""
TYPES = {"date": "DATE", "groups": "INTEGER", "position": "INTEGER", "rings": "INTEGER",
         "today_ring": "INTEGER", "wanted_ring": "INTEGER", "failure": "BOOLEAN"}
"""The columns that are not text, as the Parquet files type them."""


@dataclass
class DataReport:
    """What `write_data` did: the files it wrote and what it could not read."""

    files: list[Path] = field(default_factory=list)
    sessions: int = 0
    problems: list[Words] = field(default_factory=list)


def write_data(store: SessionStore, paths: Iterable[Path], out: Path,
               decks: dict[str, Deck] | None = None,
               parquet: Callable[[Path, Path], None] | None = None) -> DataReport:
    """Write the sessions at `paths` as CSV tables in `out` (made if missing); with `parquet`,
    each table is also handed to it to write as Parquet."""
    if out.exists() and not out.is_dir():
        raise CardgameError("data.is_file", path=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CardgameError("data.cannot_write", path=out, error=os_problem(exc)) from None
    report = DataReport()
    handles = {}
    try:
        writers = {}
        for name, columns in TABLES.items():
            path = out / f"{name}.csv"
            handle = path.open("w", encoding="utf-8", newline="")
            handles[name] = handle
            writers[name] = csv.writer(handle)
            writers[name].writerow(columns)
            report.files.append(path)
        seen_ids: set[str] = set()
        seen_cards: set[tuple[str, str]] = set()
        for path in paths:
            summary = store.summary(path)
            sid = _unique(summary.id, seen_ids)
            report.sessions += 1
            if summary.condition not in (OK, DAMAGED):
                writers["sessions"].writerow((sid, summary.title, summary.kind, summary.date,
                                              summary.municipality, "", "",
                                              len(summary.groups), "", "", summary.condition,
                                              str(summary.problem), path.name))
                report.problems.append(Said("data.left_out", session=path.name,
                                            problem=summary.problem))
                continue
            try:
                read = store.read(str(path), decks or {})
            except CardgameError as error:
                writers["sessions"].writerow((sid, summary.title, summary.kind, summary.date,
                                              summary.municipality, "", "",
                                              len(summary.groups), "", "", "unreadable",
                                              str(error), path.name))
                report.problems.append(Said("data.left_out", session=path.name, problem=error))
                continue
            for notice in read.notices:
                report.problems.append(Said("data.notice", session=path.name, problem=notice))
            _write_session(writers, sid, read, summary.condition, summary.problem, path.name,
                           seen_cards)
    except OSError as exc:
        raise CardgameError("data.cannot_write", path=out, error=os_problem(exc)) from None
    finally:
        for handle in handles.values():
            handle.close()
    if parquet is not None:
        for csv_path in list(report.files):
            target = csv_path.with_suffix(".parquet")
            parquet(csv_path, target)
            report.files.append(target)
    return report


def _unique(sid: str, seen: set[str]) -> str:
    """A session's id, made unique among those written (two municipalities may both have
    "2026-11-03-kortlaegning"): the second is "…~2"."""
    found, n = sid, 1
    while found in seen:
        n += 1
        found = f"{sid}~{n}"
    seen.add(found)
    return found


def _write_session(writers: dict[str, Any], sid: str, read: ReadSession, condition: str,
                   problem: Words, file: str, seen_cards: set[tuple[str, str]]) -> None:
    meta, values = read.meta, read.state.values
    writers["sessions"].writerow((
        sid, meta.title, meta.kind, meta.date.isoformat(), meta.municipality, meta.facilitator,
        meta.language, len(meta.groups), "; ".join(meta.actors),
        "; ".join(f"{ref.id}@{ref.version}" for ref in meta.decks), condition, str(problem),
        file))
    for position, group in enumerate(meta.groups, start=1):
        writers["groups"].writerow((sid, group.id, group.name, position))
    for deck in (read.decks[ref.id] for ref in meta.decks if ref.id in read.decks):
        if (deck.id, deck.info.version) in seen_cards:
            continue
        seen_cards.add((deck.id, deck.info.version))
        for position, card in enumerate(deck.cards, start=1):
            writers["cards"].writerow((deck.id, deck.info.version, deck.info.title,
                                       deck.info.language, deck.kind, card.id, position,
                                       card.title))
    placements: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for key, value in sorted(values.items()):
        info = keys.parse(key)
        if info is None:
            continue
        if info.kind == keys.ANSWER:
            writers["answers"].writerow((sid, info.deck, info.card, info.scenario, info.group,
                                         info.field, value))
        elif info.kind == keys.GUIDE:
            writers["answers"].writerow((sid, info.deck, "", "", info.group,
                                         f"guide-{info.number}", value))
        elif info.kind in keys.ELEMENT_KINDS:
            found = placements.setdefault((info.deck, info.card, info.actor, info.group), {})
            found[info.dim if info.kind == keys.PLACE else info.kind] = value
    for (deck_id, element, actor, group_id), found in placements.items():
        rings = list(read.decks[deck_id].circle.rings) if deck_id in read.decks else []
        today, wanted = (_ring(found.get(d), rings) for d in (TODAY, WANTED))
        writers["placements"].writerow((
            sid, deck_id, element, actor, group_id, len(rings) or "",
            *(n for n, _ in (today, wanted)), *(name for _, name in (today, wanted)),
            found.get(keys.HOW) or "", "true" if found.get(keys.FAILURE) is True else "false",
            found.get(keys.ENOTE) or ""))
    for item in follow_ups(read.state):
        writers["followups"].writerow((sid, item.id, item.what, item.who, item.due))


def _ring(value: object, rings: list[str]) -> tuple[object, str]:
    """A recorded ring (0 outermost) as the tables count it: 1 for the outermost, and its name."""
    if not isinstance(value, int) or isinstance(value, bool):
        return "", ""
    return value + 1, rings[value] if 0 <= value < len(rings) else ""


def duckdb_parquet() -> Callable[[Path, Path], None] | None:
    """A Parquet writer through DuckDB when it is installed (it streams: a CSV of any size is
    written in constant memory); None otherwise."""
    try:
        import duckdb
    except ImportError:
        return None

    def write(source: Path, target: Path) -> None:
        columns = ", ".join(f"'{c}': '{TYPES.get(c, 'VARCHAR')}'" for c in TABLES[source.stem])
        connection = duckdb.connect()
        try:
            connection.execute(
                f"COPY (SELECT * FROM read_csv(?, header = true, columns = {{{columns}}})) "
                f"TO '{_quoted(target)}' (FORMAT parquet)", [str(source)])
        finally:
            connection.close()

    return write


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
