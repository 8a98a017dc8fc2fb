"""The measurements: whole-process start-up, key-to-frame in a pty, and in-process operations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.terminal import Terminal

HERE = Path(__file__).resolve().parent
CHILD = str(HERE / "latency_child.py")
KEYS = {"n": b"n", "3": b"3", "ctrl+z": b"\x1a", "2": b"2", "4": b"4", "down": b"\x1b[B",
        "k": b"k"}


def _drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=False)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _one_start(argv: list[str], env: dict[str, str], text: str) -> float:
    term = Terminal(argv, env)
    try:
        return term.wait_for(text)
    finally:
        term.close(b"q")


def startup(workspace: Path, decks: Path, session_id: str, env: dict[str, str], runs: int
            ) -> dict:
    """Seconds from spawn to the first frame's text, cold (first, caches dropped if we may)
    and warm, for the bare app, `cardgame` and `cardgame open` on the large session."""
    common = [sys.executable, "-m", "cardgame", "--workspace", str(workspace),
              "--decks-dir", str(decks)]
    cases = {
        "bare Textual app (one Static)": ([sys.executable, CHILD, "bare"], "bare app ready"),
        "cardgame (start screen)": (common, "Ny temadag"),
        "cardgame open (large session)": (common + ["open", session_id], "Kort 1 af 1000"),
    }
    dropped = _drop_caches()
    out: dict = {"caches_dropped": dropped, "cold": {}, "warm": {}}
    for name, (argv, text) in cases.items():
        _drop_caches()
        out["cold"][name] = [_one_start(argv, env, text)]
    for _ in range(runs):  # interleaved, so that drift hits every case alike
        for name, (argv, text) in cases.items():
            out["warm"].setdefault(name, []).append(_one_start(argv, env, text))
    return out


def _latencies(argv: list[str], env: dict[str, str], ready: str, script: list[str]
               ) -> tuple[list[tuple[str, float]], int]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    term = Terminal(argv, {**env, "CARDGAME_BENCH_OUT": out})
    try:
        term.wait_for(ready)
        time.sleep(0.5)
        term.drain(0.05)
        for key in script:
            if key.startswith("wait:"):
                term.wait_for(key[5:])
                continue
            term.send(KEYS[key], settle=0.1)
        memory = term.peak_memory_kib()
    finally:
        term.close(b"q")
    stamps = json.loads(Path(out).read_text() or "[]")
    os.unlink(out)
    return [(k, v) for k, v in stamps], memory


def keys_to_frame(workspace: Path, decks: Path, session_id: str, env: dict[str, str],
                  presses: int) -> dict:
    """Key-to-frame per kind of key on the large session, and the bare app's own."""
    bare, _ = _latencies([sys.executable, CHILD, "bare"], env, "bare app ready",
                         ["n"] * presses)
    argv = [sys.executable, CHILD, "cardgame", "--workspace", str(workspace), "--decks-dir",
            str(decks), "open", session_id]
    script = ["n", "3"] * (presses // 2) + ["ctrl+z"] * (presses // 2)
    script += ["k", "wait:Placerer"] + ["2", "down", "4"] * (presses // 3)
    found, memory = _latencies(argv, env, "Kort 1 af 1000", script)
    names = {"n": "next card", "3": "record a rating", "ctrl+z": "undo",
             "2": "place an element", "4": "place an element", "down": "select element"}
    by_kind: dict[str, list[float]] = {"bare app: key that changes a Static": [v for _, v in bare]}
    for key, value in found:
        if key in names:
            by_kind.setdefault(names[key], []).append(value)
    return {"latency": by_kind, "peak_memory_kib": memory}


def operations(workspace: Path, decks: Path, session_id: str, runs: int) -> dict:
    """Save per recorded action, load, validate and export, in this process."""
    from cardgame.export.markdown import render_session
    from cardgame.storage.deckfile import validate_paths
    from cardgame.storage.store import SessionStore
    from cardgame.storage.workspace import DeckLibrary

    store = SessionStore(workspace / "sessions")
    out: dict[str, list[float]] = {}
    for _ in range(max(3, runs // 4)):
        started = time.perf_counter()
        session = store.open(session_id)
        out.setdefault("load the large session", []).append(time.perf_counter() - started)
        session.close()
    session = store.open(session_id)
    events = len(session.events)
    key = ("answer", "big-welfare-theme", "k999", "g12", "rating")
    for n in range(runs * 10):
        started = time.perf_counter()
        session.set(key, 1 + n % 5)
        out.setdefault("save one recorded action (append + fsync)", []).append(
            time.perf_counter() - started)
    for _ in range(runs * 10):  # leave the session as it was
        session.undo()
    library = DeckLibrary.load([decks])
    for _ in range(max(3, runs // 2)):
        started = time.perf_counter()
        render_session(session.meta, session.state, library.decks, events=session.events)
        out.setdefault("export the large session", []).append(time.perf_counter() - started)
    session.close()
    for _ in range(max(3, runs // 4)):
        started = time.perf_counter()
        validate_paths([decks])
        out.setdefault("validate the four 1,000-card decks", []).append(
            time.perf_counter() - started)
    return {"timings": out, "events": events}


def follow_latency(cases: dict[str, tuple[list[str], str, str, int]], env: dict[str, str],
                   presses: int) -> dict:
    """Key in the facilitator's terminal to the wall's frame in another, per session.

    `cases` maps a name to (the common cardgame argv with workspace and decks, the session id,
    the deck's title as the wall shows it, the number of cards). Both apps run in their own
    pty; the key is written to the facilitator's, and the clock stops when the wall's
    terminal shows the next card's "Kort n af N". The save, the wall's look at the file (every
    50 ms), its render and both ptys are inside.
    """
    out: dict[str, list[float]] = {}
    for name, (common, session_id, deck_title, total) in cases.items():
        laptop = Terminal([*common, "open", session_id], env)
        wall = Terminal([*common, "audience", session_id], env)
        try:
            laptop.wait_for(f"Kort 1 af {total}", timeout=60)
            wall.wait_for(f"{deck_title} · Kort 1 af {total}", timeout=60)
            time.sleep(0.5)
            for press in range(presses):
                expected = f"Kort {press + 2} af {total}"
                seen = len(wall.text())
                laptop.drain()
                started = time.perf_counter()
                os.write(laptop.fd, b"n")
                while expected not in wall.text()[seen:]:
                    wall.drain(0.001)
                    laptop.drain()
                    if time.perf_counter() - started > 10:
                        raise TimeoutError(f"{name}: the wall did not show {expected!r}")
                out.setdefault(name, []).append(time.perf_counter() - started)
                end = time.perf_counter() + 0.15  # a person's pace between keys
                while time.perf_counter() < end:
                    laptop.drain(0.01)
                    wall.drain()
        finally:
            wall.close(b"q")
            laptop.close(b"q")
    return out
