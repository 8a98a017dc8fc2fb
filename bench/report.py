"""Write bench/REPORT.md: the machine, the versions, each figure with its spread, the goals."""

from __future__ import annotations

import platform
import statistics
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from bench.measure import (
    BARE,
    CARD_FLOOR,
    CIRCLE_FLOOR,
    FLOOR,
    LINE_FLOOR,
    OPEN_FLOOR,
    RATING_FLOOR,
    START_FLOOR,
)

FINDINGS_FILE = Path(__file__).with_name("FINDINGS.md")
"""What was profiled and done, written by hand; appended to the report."""


def _stats(values: list[float], scale: float = 1000.0) -> dict[str, float]:
    ordered = sorted(v * scale for v in values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * (len(ordered) - 1))))]
    return {"median": statistics.median(ordered), "p95": p95, "min": ordered[0],
            "max": ordered[-1], "n": len(ordered)}


def _row(name: str, values: list[float], unit: str = "ms") -> str:
    s = _stats(values)
    return (f"| {name} | {s['median']:.1f} | {s['p95']:.1f} | {s['min']:.1f} | {s['max']:.1f} "
            f"| {s['n']} |")


def _machine() -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        memory_gib = f"{int(memory) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory_gib = "?"
    import os

    return [f"- Machine: {cpu}, {os.cpu_count()} cores, {memory_gib} RAM, {platform.system()} "
            f"{platform.release()}",
            f"- Python {platform.python_version()}; textual {version('textual')}, "
            f"pydantic {version('pydantic')}, rich {version('rich')}",
            f"- Run: {datetime.now().strftime('%Y-%m-%d %H:%M')}"]


SESSIONS = {"realistic": "realistic session: the bundled decks, 8 tables, 40 cards discussed, "
                          "~300 answers",
            "large": "large session: 12 groups, 2,000 answers and placements, 1,000-card decks"}


def _median(values: list[float]) -> float:
    return _stats(values)["median"]


def write_report(path: Path, results: dict, quick: bool) -> None:
    start, keys, ops = results["startup"], results["keys"], results["operations"]
    lines = ["# cardgame benchmark", "", "Written by `make bench` (`bench/run.py`); figures from "
             "this machine only. Ratios are what count. cardgame's modules are compiled to "
             "bytecode before the runs, as pip does when it installs cardgame (Textual's "
             "are, in the environment).", "", *_machine(), "",
             "The two sessions:", ""]
    for name in results["sessions"]:
        lines.append(f"- **{name}**: {SESSIONS.get(name, name)} "
                     f"({ops['events'][name]:,} events in the file)")
    lines.append("")
    if quick:
        lines += ["**Quick run** (`--quick`): few repetitions, for a smoke test only.", ""]
    lines += _startup(start) + _keys(keys) + _operations(ops) + _follow(results["follow"])
    lines += ["## 5. Peak memory", "",
              "Peak resident memory (VmHWM) of the app after the key series (goal < 150 MB):", ""]
    for name, kib in keys["peak_memory_kib"].items():
        lines.append(f"- {name} session: **{kib / 1024:.0f} MB**")
    lines += ["", "## Where start-up time goes", "",
              "`python -X importtime -c 'import cardgame.app'`, slowest top-level imports "
              "(cumulative ms):", ""]
    for name, ms in results["imports"]:
        lines.append(f"- {name}: {ms:.0f} ms")
    if FINDINGS_FILE.exists():
        lines += ["", FINDINGS_FILE.read_text(encoding="utf-8").rstrip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _startup(start: dict) -> list[str]:
    lines = ["## 1. Start-up to first frame (whole process)", "",
             "From spawning the process to the first screen's text in the terminal (a pty, "
             "120×40). The floor app has our screen's shape (a 40-line card in a scrolling "
             "column, a panel, a footer) and no logic.", "",
             "| case | median ms | p95 | min | max | runs |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, values in start["warm"].items():
        lines.append(_row(f"{name}, warm", values))
    for name, values in start["cold"].items():
        lines.append(_row(f"{name}, cold", values))
    bare = _median(start["warm"][BARE])
    floor = _median(start["warm"][FLOOR])
    start_floor = _median(start["warm"].get(START_FLOOR, [floor]))
    open_floor = _median(start["warm"].get(OPEN_FLOOR, [floor]))
    lines += ["", "Warm medians as a ratio to the bare app (goal: start screen ≤ 1.25×, "
              "`open` ≤ 1.5×) and to its floor (the start screen: the start-screen floor "
              "app; `open`: the open floor app, which imports the session and deck models "
              "that `open` cannot do without, pydantic with them, and then draws the floor "
              "app):", ""]
    for name, values in start["warm"].items():
        if not name.startswith("bare"):
            median = _median(values)
            against = (start_floor if "start screen" in name
                       else open_floor if name.startswith("cardgame open") else floor)
            lines.append(f"- {name}: **{median / bare:.2f}×** bare, {median / against:.2f}× "
                         "floor")
    imports = start.get("imports")
    if imports:
        python = _median(imports["Python alone"])
        lines += ["", "What a fresh Python takes to import (median of the same runs, the "
                  "process's own start included; `open` needs the models, the start screen "
                  "does not):", "", "| import | median ms | beyond Python alone | ratio to "
                  "the bare app |", "| --- | ---: | ---: | ---: |"]
        for name, values in imports.items():
            median = _median(values)
            lines.append(f"| {name} | {median:.1f} | {median - python:.1f} | "
                         f"{(median - python) / bare:.2f}× |")
    lines += ["", "Cold: " + ("the first run after dropping the page cache "
                              "(`/proc/sys/vm/drop_caches`)" if start["caches_dropped"] else
                              "the first run of each case (the page cache could not be "
                              "dropped on this machine)") +
              ", with the deck cache emptied first: the first `open` of each session reads "
              "its decks from TOML, as after installing cardgame or revising a deck.", ""]
    return lines


def _keys(keys: dict) -> list[str]:
    lines = ["## 2. Key to frame", "",
             "From the driver handing the key to the app to the app writing the frame that "
             "shows its effect; the save to disk (append + fsync) is inside.", "",
             "| app or session | key | median ms | p95 | min | max | presses |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    floors = {name: values for name, values in keys.items() if name.startswith("floor")}
    lines.append(_row("bare app | a key that changes a Static", keys["bare"]))
    for name, values in floors.items():
        lines.append(_row(f"floor app | {name[len('floor: '):]}", values))
    for session, by_kind in keys["sessions"].items():
        for kind, values in by_kind.items():
            lines.append(_row(f"{session} | {kind}", values))
    bare = _median(keys["bare"])
    panel = floors["floor: one line of the panel"]
    card = floors["floor: one line of the card"]
    line = _median(floors.get(LINE_FLOOR, card))
    circle = floors.get(CIRCLE_FLOOR, panel)
    against = {"next card": floors.get(CARD_FLOOR, card), "undo": floors.get(CARD_FLOOR, card),
               "record a rating": floors.get(RATING_FLOOR, panel),
               "place an element": circle, "select element": circle}
    lines += ["", "Medians as a ratio to the bare app (goal ≤ 2×), to the floor and to one "
              "line of the card repainted with the Line API (what cardgame's views do), and "
              "the p95 (goal < 16 ms) beside the floor's own p95. The floor is the same change "
              "made by the Line API floor app, which does nothing else: for the next card, a "
              "new card (every line of the card, 40 and 48 lines in turn, the top line's card "
              "number, a line of the panel, the status line); for an undo, the same: the "
              "series undoes the ratings of the cards it went through, so most undos go back a "
              "card and paint it whole (13 of 15 in a count of the realistic day's); for a "
              "rating, the four places a group's choice on a dialogue card changes (the top "
              "line's count, the group's line in the panel, the status line and the option's "
              "line on the card, which names the groups: the realistic day's cards; a theme "
              "card of the large session changes the other three); for a placement or a "
              "selection on the circle, the four places such a key changes (the two rows of "
              "the circle a marker leaves and enters, the element's line in the legend, the "
              "status line; a selection also changes the element's box).", ""]
    for session, by_kind in keys["sessions"].items():
        for kind, values in by_kind.items():
            s = _stats(values)
            floor = _stats(against.get(kind, panel))
            lines.append(f"- {session}, {kind}: **{s['median'] / bare:.2f}×** bare, "
                         f"{s['median'] / floor['median']:.2f}× floor, "
                         f"{s['median'] / line:.2f}× Line API line, p95 {s['p95']:.1f} ms "
                         f"(the floor's {floor['p95']:.1f})")
    return lines + [""]


def _operations(ops: dict) -> list[str]:
    lines = ["## 3. Operations (in process)", "",
             "| session | operation | median ms | p95 | min | max | runs |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for session, timings in ops["sessions"].items():
        for name, values in timings.items():
            lines.append(_row(f"{session} | {name}", values))
    name = "validate the four 1,000-card decks (disk cache warm)"
    lines.append(_row(f"– | {name}", ops[name]))
    return lines + ["", "Goals: load < 150 ms, save < 20 ms, export < 200 ms on the large "
                    "session.", ""]


def _follow(follow: dict) -> list[str]:
    lines = ["## 4. The wall follows the laptop (two processes)", "",
             "From writing `n` (next card) to the facilitator's terminal to the wall's terminal "
             "(`cardgame audience`, another process on its own pty) showing the next card. "
             "The save, the wall's look at the file (every 50 ms, reading only the new "
             "bytes), its render and both terminals are inside. Goal: within 200 ms.", "",
             "| session | median ms | p95 | min | max | presses |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, values in follow.items():
        lines.append(_row(name, values))
    return lines + [""]
