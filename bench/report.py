"""The report: each figure beside its budget, and what the machine was."""

from __future__ import annotations

import os
import platform
import statistics
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

MS = 1000.0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _machine() -> str:
    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "?"
    return (f"Python {platform.python_version()}, {os.cpu_count()} cores, "
            f"{platform.system()} {platform.release()}, Textual {textual or '?'}")


def budget_rows(results: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(figure, budget, measured, met) for every budget of issue 27 and DESIGN.md."""
    rows: list[tuple[str, str, str, bool]] = []
    start = results["startup"]
    bare, ours = statistics.median(start["bare"]), statistics.median(start["start"])
    rows.append(("start-up: `cardgame` to the start screen, against a bare Textual app",
                 "≤ 1.4×", f"{ours / bare:.2f}× ({ours * MS:.0f} ms against {bare * MS:.0f} ms)",
                 ours / bare <= 1.4))
    for name, limit in (("realistic", 0.5), ("large", 1.5)):
        median = statistics.median(start[f"open {name}"])
        rows.append((f"open the {name} session (enter on it in the start screen, to its card)",
                     f"≤ {limit:g} s", f"{median:.2f} s", median <= limit))
    for name, limit in (("realistic", 0.033), ("large", 0.050)):
        for kind, values in results["keys"][name].items():
            rows.append((f"key p95, {kind} ({name}, n={len(values)})",
                         f"≤ {limit * MS:.0f} ms", f"{p95(values) * MS:.1f} ms",
                         p95(values) <= limit))
    export = statistics.median(results["export"]["realistic"])
    rows.append(("export the realistic session's notes", "≤ 0.2 s", f"{export:.3f} s",
                 export <= 0.2))
    for name, values in results["follow"].items():
        rows.append((f"the wall follows a key, p95 ({name}, n={len(values)})", "≤ 0.3 s",
                     f"{p95(values):.3f} s", p95(values) <= 0.3))
    many = results["many"]
    small, large = many["data 100"]["plain"], many["data 1000"]["plain"]
    rows.append(("writing the tables of 1,000 sessions: peak memory against 100 sessions",
                 "≤ 1.25× (streaming)", f"{large / small:.2f}× ({large / 1024:.0f} MiB "
                 f"against {small / 1024:.0f} MiB)", large / small <= 1.25))
    queries = statistics.median(many["queries"])
    rows.append(("the two DuckDB queries of docs/data.md over the 1,000 sessions' tables",
                 "≤ 1 s", f"{queries:.3f} s", queries <= 1.0))
    compare = statistics.median(many["compare"])
    rows.append(("compare six mappings (read the files, build the comparison)", "≤ 0.3 s",
                 f"{compare:.3f} s", compare <= 0.3))
    rows += wall_rows(results["walls"])
    rows += phone_rows(results["phones"])
    return rows


def phone_rows(phones: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The budgets of the tables answering from their phones (issue 31)."""
    tables, to_app, to_wall = phones["tables"], phones["to app"], phones["to wall"]
    beyond = (phones["with tables kib"] - phones["wall only kib"]) / 1024
    return [
        (f"{tables} tables send at once: the answer recorded by the facilitator's app, p95 "
         f"(n={len(to_app)})", "≤ 1 s", f"{p95(to_app):.3f} s (slowest {max(to_app):.3f} s)",
         p95(to_app) <= 1.0),
        (f"{tables} tables send at once: the answer on the wall, p95 (n={len(to_wall)})",
         "≤ 1 s", f"{p95(to_wall):.3f} s (slowest {max(to_wall):.3f} s)", p95(to_wall) <= 1.0),
        (f"{tables} tables' pages and answers: the server's memory beyond the wall's",
         "< 150 MB", f"{beyond:.1f} MiB ({phones['with tables kib'] / 1024:.0f} MiB in all)",
         beyond < 150),
    ]


def wall_rows(walls: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The budgets of a hybrid meeting's viewers (issue 30)."""
    count, to_walls = walls["viewers"], walls["to walls"]
    alone, crowded = p95(walls["keys alone"]), p95(walls["keys with walls"])
    beyond = (walls["all walls kib"] - walls["one wall kib"]) / 1024
    return [
        (f"{count} web walls: the next card on every wall, p95 from the key "
         f"(n={len(to_walls)})", "≤ 0.5 s",
         f"{p95(to_walls):.3f} s (slowest {max(to_walls):.3f} s)", p95(to_walls) <= 0.5),
        (f"{count} web walls: the server's memory beyond one idle wall", "< 300 MB",
         f"{beyond:.1f} MiB ({walls['all walls kib'] / 1024:.0f} MiB against "
         f"{walls['one wall kib'] / 1024:.0f} MiB)", beyond < 300),
        (f"{count} web walls: the server's CPU while the facilitator works", "< 1 core",
         f"{walls['server cores']:.2f} cores", walls["server cores"] < 1.0),
        (f"{count} web walls: the facilitator's key p95, against no walls (same run)",
         "unchanged (≤ 1.5×)", f"{crowded * MS:.1f} ms against {alone * MS:.1f} ms",
         crowded <= 1.5 * alone or crowded - alone <= 0.005),
    ]


def write_report(path: Path, results: dict[str, Any], quick: bool) -> None:
    rows = budget_rows(results)
    met = sum(1 for row in rows if row[3])
    lines = [
        "# Benchmark report" + (" (quick run: a smoke test, too few runs to judge)" if quick
                                else ""),
        "",
        f"Made by `make bench{' QUICK=1' if quick else ''}` on {_machine()}.",
        "Every figure is taken from outside the app: a process on a pseudo-terminal, a key",
        "written to it, the clock stopped when the terminal receives the frame. The realistic",
        "session is a theme day as played (8 tables, about 300 answers, the bundled decks); the",
        "large one has 12 tables, 2,000 answers and 1,000-card decks. These are ceilings held",
        "as a guard, not targets: a person cannot tell 10 ms from 30.",
        "",
        f"**{met} of {len(rows)} budgets met.**",
        "",
        "| figure | budget | measured | |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {name} | {budget} | {measured} | {'ok' if ok else '**over**'} |"
              for name, budget, measured, ok in rows]
    bare_keys = results["bare_keys"]
    lines += [
        "",
        "For scale, in the same run:",
        "",
        f"- a bare Textual app's key (one Static changed): p95 {p95(bare_keys) * MS:.1f} ms,"
        f" median {statistics.median(bare_keys) * MS:.1f} ms;",
    ]
    for name in ("realistic", "large"):
        spawn = statistics.median(results["startup"][f"spawn and open {name}"])
        lines.append(f"- `cardgame open` on the {name} session, from the command to the card"
                     f" (start-up and opening): {spawn:.2f} s;")
    for name, memory in results["memory"].items():
        lines.append(f"- peak memory of the app on the {name} session: {memory / 1024:.0f} MiB;")
    lines.append(f"- session events: {results['events']};")
    for count in (100, 1000):
        data = results["many"][f"data {count}"]
        lines.append(f"- `cardgame data` over {count:,} sessions: {data['seconds']:.1f} s, "
                     f"{data['seconds'] / count * MS:.1f} ms a session (start-up and the Parquet "
                     f"files included); the process's peak memory {data['peak'] / 1024:.0f} MiB,"
                     " most of it DuckDB writing Parquet.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
