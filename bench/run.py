"""The benchmark: start-up, opening, every kind of key, the wall, the export, each against
the budget a person in the room would feel (issue 27, DESIGN.md); many sessions as data, the
comparison of six mappings (issue 29); a hundred web walls following one laptop (issue 30).

Run with `make bench` (or `.venv/bin/python bench/run.py [--quick]`). It makes its own inputs
under bench/.work/ and writes bench/REPORT.md; `make bench QUICK=1` (CI's smoke test) takes
each figure a few times and writes bench/.work/REPORT-quick.md instead. It asserts nothing:
these machines are too noisy for that, so ratios are measured in the same run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import (  # noqa: E402
    Session,
    bare_keys,
    export_times,
    follow_latency,
    keys_to_frame,
    startup,
)
from bench.report import write_report  # noqa: E402

WORK = HERE / ".work"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs, presses, follows, rounds = (3, 18, 5, 2) if args.quick else (10, 60, 15, 5)
    from bench.inputs import write_decks, write_realistic, write_session
    from cardgame.storage.store import SessionStore

    large_ws, realistic_ws, decks = WORK / "ws", WORK / "realistic", WORK / "decks"
    for folder in (large_ws, realistic_ws):
        (folder / "sessions").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # As pip does when it installs cardgame: our modules compiled first, like Textual's.
    compileall.compile_dir(str(HERE.parent / "cardgame"), quiet=1)
    write_decks(decks)
    sessions = [
        Session("realistic", realistic_ws, write_realistic(realistic_ws), "Dialogformater",
                len(_deck_cards(realistic_ws, "dialogformater"))),
        Session("large", large_ws, write_session(large_ws, decks), "Stor welfare-theme", 1000,
                decks),
    ]
    print(f"inputs ready in {time.perf_counter() - started:.1f} s", flush=True)
    env = {**os.environ, "CARDGAME_CONFIG": str(WORK / "settings.toml"),
           "TERM": "xterm-256color", "PYTHONPATH": str(HERE.parent)}
    results: dict[str, object] = {"startup": startup(sessions, env, runs)}
    print("start-up measured", flush=True)
    keys, memory = {}, {}
    for session in sessions:
        keys[session.name], memory[session.name] = keys_to_frame(session, env, presses)
    results |= {"keys": keys, "memory": memory, "bare_keys": bare_keys(env, presses)}
    print("keys measured", flush=True)
    results["follow"] = {s.name: follow_latency(s, env, follows) for s in sessions}
    from bench.walls import web_walls

    results["walls"] = web_walls(sessions[0], env, 100, follows)
    print("web walls measured", flush=True)
    from bench.phones import phone_tables

    results["phones"] = phone_tables(WORK, env, rounds)
    print("tables' phones measured", flush=True)
    results["export"] = {s.name: export_times(s, runs) for s in sessions}
    results["events"] = {s.name: len(SessionStore(s.workspace / "sessions")
                                     .read(s.session_id).events) for s in sessions}
    from bench.data import measure

    results["many"] = measure(WORK, env, runs)
    print("many sessions measured", flush=True)
    report = WORK / "REPORT-quick.md" if args.quick else HERE / "REPORT.md"
    write_report(report, results, quick=args.quick)
    print(report.read_text())
    return 0


def _deck_cards(workspace: Path, deck_id: str) -> list[str]:
    """The cards of a bundled deck, as the session keeps it."""
    from cardgame.storage.workspace import DeckLibrary, bundled_decks_dir

    return [card.id for card in DeckLibrary.load([bundled_decks_dir()]).decks[deck_id].cards]


if __name__ == "__main__":
    sys.exit(main())
