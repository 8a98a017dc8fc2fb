"""Many sessions (issue 29): `cardgame data` over 100 and 1,000 generated sessions (time, the
cost of one session, the peak memory of a process writing the tables alone, and of the
command with DuckDB's Parquet step), the DuckDB
queries of docs/data.md over its output, and the comparison of six mappings.

The sessions are made through the domain, as the app records them, on the bundled Danish
decks: half are directors' mappings (12 elements, today and wanted), half theme days (8 tables
rating 15 themes, choosing in a few dilemmas). Twenty are made that way; the rest are copies
under other ids and municipalities, as a national body would gather them.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from cardgame.domain import keys
from cardgame.domain.decks import DialogueFormatCard
from cardgame.domain.events import Key, Value
from cardgame.domain.session import default_groups, groups_from_names, new_meta
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import DeckLibrary, bundled_decks_dir

DOCS = Path(__file__).resolve().parents[1] / "docs" / "data.md"
TEMPLATES = 20


def _templates(store: SessionStore) -> list[Path]:
    library = DeckLibrary.load([bundled_decks_dir()])
    elements = library.decks["indflydelse"]
    themes, formats = library.decks["velfaerdstemaer"], library.decks["dialogformater"]
    rng = random.Random(29)
    made = []
    for n in range(TEMPLATES):
        created = datetime(2026, 1, 1, tzinfo=timezone.utc)
        items: list[tuple[Key, Value | None]] = []
        if n % 2 == 0:
            actor = f"Direktør {n}"
            meta = new_meta(f"Kortlægning {n}", date(2026, 1 + n % 12, 1), created,
                            groups_from_names([actor]), [elements], store.ids(),
                            kind="influence-map", actors=[actor])
            for card in elements.cards:
                today = rng.randrange(4)
                items += [(keys.place(elements.id, card.id, actor, "g1", "today"), today),
                          (keys.place(elements.id, card.id, actor, "g1", "wanted"),
                           min(3, today + rng.randrange(3)))]
            session = store.create(meta, [elements])
        else:
            meta = new_meta(f"Temadag {n}", date(2026, 1 + n % 12, 1), created,
                            default_groups(8), [themes, formats], store.ids())
            for group in meta.groups:
                for card in themes.cards:
                    items.append((keys.answer(themes.id, card.id, group.id, "rating"),
                                  rng.randint(1, 5)))
                for card in formats.cards[:4]:
                    assert isinstance(card, DialogueFormatCard)
                    scenario = card.scenarios[0]
                    items.append((keys.answer(formats.id, card.id, group.id, "option",
                                              scenario.id), rng.randint(1, len(scenario.options))))
            session = store.create(meta, [themes, formats])
        session.set_many(items)
        session.close()
        made.append(store.path_of(meta.id))
    return made


def write_many(folder: Path, count: int) -> Path:
    """`count` sessions in `folder`/sessions; returns the folder of sessions."""
    sessions = folder / "sessions"
    if sessions.is_dir() and len(list(sessions.glob("*.toml"))) == count:
        return sessions
    sessions.mkdir(parents=True, exist_ok=True)
    for old in sessions.glob("*.toml"):
        old.unlink()
    templates = _templates(SessionStore(sessions))
    texts = [path.read_text(encoding="utf-8") for path in templates]
    for n in range(count - len(templates)):
        text = texts[n % len(texts)]
        sid = f"kopi-{n:04d}"
        text = re.sub(r'^id = ".*"$', f'id = "{sid}"', text, count=1, flags=re.M)
        text = re.sub(r'^municipality = ".*"$', f'municipality = "Kommune {n % 98}"', text,
                      count=1, flags=re.M)
        (sessions / f"{sid}.toml").write_text(text, encoding="utf-8")
    return sessions


def run_data(workspace: Path, out: Path, env: dict[str, str]) -> tuple[float, int]:
    """`cardgame data "*"` as a user runs it: seconds, and the process's peak memory (KiB)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "cardgame", "--workspace", str(workspace),
                              "data", "*", "--out", str(out)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"cardgame data failed with {child.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss


PLAIN = """
import sys
from pathlib import Path
from cardgame.export.data import write_data
from cardgame.storage.store import SessionStore
folder = Path(sys.argv[1])
store = SessionStore(folder / "sessions")
write_data(store, sorted(store.folder.glob("*.toml")), folder / "plain", {}, None)
"""


def plain_peak(folder: Path, env: dict[str, str]) -> int:
    """The peak memory (KiB) of a process that writes the CSV tables of `folder`'s sessions
    and nothing else: it grows with the number of sessions if the writer keeps anything of
    them (`cardgame data` adds start-up and DuckDB's Parquet step, reported for scale)."""
    child = subprocess.Popen([sys.executable, "-c", PLAIN, str(folder)], env=env)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError("writing the tables failed")
    return usage.ru_maxrss


def query_times(out: Path, runs: int) -> list[float]:
    """The documented queries over a data folder, each run; the time of both together."""
    import duckdb

    views, *questions = re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"),
                                   re.S)
    found = []
    cwd = Path.cwd()
    os.chdir(out.parent)
    try:
        for _ in range(runs):
            connection = duckdb.connect()
            started = time.perf_counter()
            connection.execute(views.replace("'data/", f"'{out.name}/"))
            for question in questions:
                connection.execute(question).fetchall()
            found.append(time.perf_counter() - started)
            connection.close()
    finally:
        os.chdir(cwd)
    return found


def compare_times(sessions: Path, runs: int) -> list[float]:
    """Comparing six mappings as the app's screen does: reading them and building the
    comparison, in this process."""
    from cardgame.export.compare import compare_paths

    store = SessionStore(sessions)
    paths = sorted(sessions.glob("*kortlaegning*.toml"))[:6]
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        compare_paths(store, paths, {})
        found.append(time.perf_counter() - started)
    return found


def measure(work: Path, env: dict[str, str], runs: int) -> dict[str, object]:
    results: dict[str, object] = {}
    for count in (100, 1000):
        folder = work / f"many-{count}"
        write_many(folder, count)
        seconds, peak = run_data(folder, folder / "data", env)
        results[f"data {count}"] = {"seconds": seconds, "peak": peak,
                                    "plain": plain_peak(folder, env)}
    results["queries"] = query_times(work / "many-1000" / "data", runs)
    results["compare"] = compare_times(work / "many-1000" / "sessions", runs)
    return results
