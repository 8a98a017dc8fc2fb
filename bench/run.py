"""The benchmark: start-up, key-to-frame, save, load, validate, export, memory.

Run with `make bench` (or `.venv/bin/python bench/run.py [--quick]`). It generates its own
inputs under bench/.work/ and writes bench/REPORT.md; `make bench QUICK=1` (CI's smoke test)
runs each measurement a few times and writes bench/.work/REPORT-quick.md instead. Ratios
count more than absolute times: these machines are noisy, so each comparison is measured in
the same run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import (  # noqa: E402
    Session,
    follow_latency,
    keys_to_frame,
    operations,
    startup,
)
from bench.report import write_report  # noqa: E402

WORK = HERE / ".work"


REALISTIC = "realistic"
LARGE = "large"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs = 3 if args.quick else 10
    from bench.inputs import write_decks, write_realistic, write_session

    large_ws, realistic_ws, decks = WORK / "ws", WORK / "realistic", WORK / "decks"
    os.environ["CARDGAME_CACHE"] = str(WORK / "cache")  # our own deck cache, inputs included
    for folder in (large_ws, realistic_ws):
        (folder / "sessions").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # As pip does when it installs cardgame: our modules compiled to bytecode first, like
    # Textual's in the environment. Otherwise a module changed since its .pyc was written is
    # compiled again by every process (and never saved where PYTHONDONTWRITEBYTECODE is set),
    # which is a cost of a developer's checkout, not of the app.
    compileall.compile_dir(str(HERE.parent / "cardgame"), quiet=1)
    write_decks(decks)
    sessions = [
        Session(REALISTIC, realistic_ws, write_realistic(realistic_ws), "Dialogformater", 25),
        Session(LARGE, large_ws, write_session(large_ws, decks), "Stor welfare-theme", 1000,
                decks),
    ]
    print(f"inputs ready in {time.perf_counter() - started:.1f} s", flush=True)
    env = {**os.environ, "CARDGAME_CONFIG": str(WORK / "settings.toml"),
           "CARDGAME_CACHE": str(WORK / "cache"), "TERM": "xterm-256color",
           "PYTHONPATH": str(HERE.parent)}
    results: dict = {"sessions": {s.name: s for s in sessions}}
    results["startup"] = startup(sessions, env, runs)
    results["keys"] = keys_to_frame(sessions, env, 20 if args.quick else 60)
    results["operations"] = operations(sessions, decks, 5 if args.quick else 20)
    results["follow"] = follow_latency(sessions, env, 6 if args.quick else 13)
    results["imports"] = _import_profile(env)
    report = WORK / "REPORT-quick.md" if args.quick else HERE / "REPORT.md"
    write_report(report, results, quick=args.quick)
    print(report.read_text())
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
