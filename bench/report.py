"""Write bench/REPORT.md: the machine, the versions, each figure with its spread, the goals."""

from __future__ import annotations

import platform
import statistics
from datetime import datetime
from importlib.metadata import version
from pathlib import Path


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


def write_report(path: Path, results: dict, quick: bool) -> None:
    start, keys, ops = results["startup"], results["keys"], results["operations"]
    lines = ["# cardgame benchmark", "", "Written by `make bench` (`bench/run.py`); figures from "
             "this machine only. Ratios are what count.", "", *_machine(), ""]
    if quick:
        lines += ["**Quick run** (`--quick`): few repetitions, for a smoke test only.", ""]
    lines += ["## 1. Start-up to first frame (whole process)", "",
              "From spawning the process to the first screen's text in the terminal (a pty, "
              "120×40).", "", "| case | median ms | p95 | min | max | runs |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, values in start["warm"].items():
        lines.append(_row(f"{name}, warm", values))
    for name, values in start["cold"].items():
        lines.append(_row(f"{name}, cold", values))
    bare = statistics.median(start["warm"]["bare Textual app (one Static)"])
    lines += ["", "Ratio of the warm medians to the bare app (goal ≤ 1.5, aim 1.25):", ""]
    for name, values in start["warm"].items():
        if not name.startswith("bare"):
            lines.append(f"- {name}: **{statistics.median(values) / bare:.2f}×**")
    lines += ["", "Cold: " + ("the first run after dropping the page cache "
                              "(`/proc/sys/vm/drop_caches`)." if start["caches_dropped"] else
                              "the first run of each case; the page cache could not be dropped "
                              "on this machine, so 'cold' differs from warm only by "
                              "Python's own first-run costs."), ""]
    lines += ["## 2. Key to frame (large session: 12 groups, 2,000 answers and placements, "
              "1,000-card decks)", "",
              "From the driver handing the key to the app to the app writing the frame that "
              "shows its effect; the save to disk (append + fsync) is inside.", "",
              "| key | median ms | p95 | min | max | presses |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    latency = keys["latency"]
    for name, values in latency.items():
        lines.append(_row(name, values))
    bare_key = _stats(latency["bare app: key that changes a Static"])["median"]
    lines += ["", "Ratio of each median to the bare app's (goal ≤ 2), and p95 (goal < 16 ms):",
              ""]
    for name, values in latency.items():
        if not name.startswith("bare"):
            s = _stats(values)
            lines.append(f"- {name}: **{s['median'] / bare_key:.2f}×**, p95 {s['p95']:.1f} ms")
    lines += ["", "## 3. Operations", "", f"The large session has {ops['events']} events.", "",
              "| operation | median ms | p95 | min | max | runs |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, values in ops["timings"].items():
        lines.append(_row(name, values))
    lines += ["", "Goals: save < 20 ms, export < 200 ms at 2,000 events.", "",
              "## 4. Peak memory", "",
              f"Peak resident memory (VmHWM) of the app after the key series on the large "
              f"session: **{keys['peak_memory_kib'] / 1024:.0f} MB** (goal < 150 MB).", "",
              "## Where start-up time goes", "",
              "`python -X importtime -c 'import cardgame.app'`, slowest top-level imports "
              "(cumulative ms):", ""]
    for name, ms in results["imports"]:
        lines.append(f"- {name}: {ms:.0f} ms")
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
