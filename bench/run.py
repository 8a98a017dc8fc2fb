"""The benchmark: start-up, key-to-frame, save, load, validate, export, memory.

Run with `make bench` (or `.venv/bin/python bench/run.py [--quick]`). It generates its own large
inputs under bench/.work/ and writes bench/REPORT.md. Ratios count more than absolute times:
these machines are noisy, so each comparison is measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import follow_latency, keys_to_frame, operations, startup  # noqa: E402
from bench.report import write_report  # noqa: E402

WORK = HERE / ".work"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs = 3 if args.quick else 10
    from bench.inputs import write_decks, write_realistic, write_session

    workspace, decks = WORK / "ws", WORK / "decks"
    workspace.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    write_decks(decks)
    session_id = write_session(workspace, decks)
    realistic_ws = WORK / "realistic"
    (realistic_ws / "sessions").mkdir(parents=True, exist_ok=True)
    realistic_id = write_realistic(realistic_ws)
    print(f"inputs ready in {time.perf_counter() - started:.1f} s", flush=True)
    env = {**os.environ, "CARDGAME_CONFIG": str(WORK / "settings.toml"),
           "TERM": "xterm-256color", "PYTHONPATH": str(HERE.parent)}
    results = {}
    results["startup"] = startup(workspace, decks, session_id, env, runs)
    results["keys"] = keys_to_frame(workspace, decks, session_id, env, 20 if args.quick else 60)
    results["operations"] = operations(workspace, decks, session_id, 5 if args.quick else 20)
    cardgame = [sys.executable, "-m", "cardgame"]
    results["follow"] = follow_latency({
        "realistic session (bundled decks, 4 tables, 200 answers)":
            (cardgame + ["--workspace", str(realistic_ws)], realistic_id, "Velfærdstemaer",
             14),
        "large session (12 groups, 8,990 events, 1,000-card decks)":
            (cardgame + ["--workspace", str(workspace), "--decks-dir", str(decks)], session_id,
             "Stor welfare-theme", 1000),
    }, env, 6 if args.quick else 13)
    results["imports"] = _import_profile(env)
    write_report(HERE / "REPORT.md", results, quick=args.quick)
    print((HERE / "REPORT.md").read_text())
    return 0


def _import_profile(env: dict[str, str]) -> list[tuple[str, float]]:
    """The slowest imports of `cardgame.app` (python -X importtime), cumulative ms."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import cardgame.app"],
                            capture_output=True, text=True, env=env)
    rows = []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            if name.strip() == name.lstrip() or name.startswith(" ") and name.count(" ") < 4:
                rows.append((name.strip(), int(parts[1]) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:8]


if __name__ == "__main__":
    sys.exit(main())
