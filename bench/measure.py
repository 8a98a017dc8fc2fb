"""The measurements: whole-process start-up, key-to-frame in a pty, the wall following the
laptop, and in-process operations, each on the realistic and on the large session."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.terminal import Terminal

HERE = Path(__file__).resolve().parent
CHILD = str(HERE / "latency_child.py")
KEYS = {"n": b"n", "p": b"p", "3": b"3", "ctrl+z": b"\x1a", "2": b"2", "4": b"4",
        "down": b"\x1b[B", "up": b"\x1b[A", "k": b"k", "m": b"m", "r": b"r", "c": b"c",
        "w": b"w"}


@dataclass(frozen=True)
class Session:
    """A session the bench plays: where it is and what its first screen says."""

    name: str
    workspace: Path
    session_id: str
    deck_title: str
    """The title of the deck the session stands in (as the wall shows it)."""
    cards: int
    """Cards in that deck ("Kort n af <cards>")."""
    decks_dir: Path | None = None

    def argv(self, child: bool = False) -> list[str]:
        """cardgame on this session's workspace (through the stamping child if asked)."""
        head = [sys.executable, CHILD, "cardgame"] if child else [sys.executable, "-m",
                                                                   "cardgame"]
        argv = head + ["--workspace", str(self.workspace)]
        return argv + (["--decks-dir", str(self.decks_dir)] if self.decks_dir else [])


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


BARE, FLOOR = "bare Textual app (one Static)", "floor app (our screen's shape, no logic)"
START_FLOOR = "start-screen floor app (its widgets and keys, no logic)"
OPEN_FLOOR = "open floor app (the floor app, the models imported first)"


def startup(sessions: list[Session], env: dict[str, str], runs: int) -> dict:
    """Seconds from spawn to the first frame's text, cold (first, caches dropped if we may)
    and warm: the bare app, the floor app, `cardgame` and `cardgame open` on each session."""
    cases = {BARE: ([sys.executable, CHILD, "bare"], "bare app ready"),
             FLOOR: ([sys.executable, CHILD, "floor"], "floor app ready"),
             START_FLOOR: ([sys.executable, CHILD, "startfloor"], "start floor ready"),
             OPEN_FLOOR: ([sys.executable, CHILD, "openfloor"], "open floor ready")}
    for session in sessions:
        cases[f"cardgame, start screen ({session.name})"] = (session.argv(), "Ny temadag")
        cases[f"cardgame open ({session.name})"] = (
            session.argv() + ["open", session.session_id], f" af {session.cards}")
    dropped = _drop_caches()
    out: dict = {"caches_dropped": dropped, "cold": {}, "warm": {}}
    cache = Path(env.get("CARDGAME_CACHE", ""))
    if cache.name and cache.is_dir():
        shutil.rmtree(cache)  # cold: as after installing, or after a deck was revised
    for name, (argv, text) in cases.items():
        _drop_caches()
        out["cold"][name] = [_one_start(argv, env, text)]
    for _ in range(runs):  # interleaved, so that drift hits every case alike
        for name, (argv, text) in cases.items():
            out["warm"].setdefault(name, []).append(_one_start(argv, env, text))
    out["imports"] = _import_costs(env, runs)
    return out


IMPORTS = {"Python alone": "pass",
           "Textual (app, widgets, driver)": "import textual.app, textual.widgets, "
                                             "textual.drivers.linux_driver",
           "the session and deck models (pydantic)": "import cardgame.domain.session, "
                                                     "cardgame.domain.decks"}
"""What `open` must import besides what the start screen does, each in a fresh process."""


def _import_costs(env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Seconds for a fresh Python to import each of IMPORTS (the process's start included)."""
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, code in IMPORTS.items():
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            found.setdefault(name, []).append(time.perf_counter() - started)
    return found


def _latencies(argv: list[str], env: dict[str, str], ready: str, script: list[str]
               ) -> tuple[list[tuple[str, float]], int]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    term = Terminal(argv, {**env, "CARDGAME_BENCH_OUT": out})
    try:
        term.wait_for(ready, timeout=60)
        time.sleep(0.5)
        term.drain(0.05)
        for key in script:
            if key.startswith("wait:"):
                # A new screen is let settle, as the first one is: a facilitator does not
                # press the next key in the millisecond the screen appears.
                term.wait_for(key[5:])
                time.sleep(0.5)
                term.drain(0.05)
                continue
            term.send(KEYS[key], settle=0.1)
        memory = term.peak_memory_kib()
    finally:
        term.close(b"q")
    stamps = json.loads(Path(out).read_text() or "[]")
    os.unlink(out)
    return [(k, v) for k, v in stamps], memory


NAMES = {"n": "next card", "p": "next card", "3": "record a rating", "ctrl+z": "undo",
         "2": "place an element", "4": "place an element", "down": "select element",
         "up": "select element"}


def keys_script(presses: int) -> list[str]:
    """Ten cards forward and back with a rating on each, undo, then the circle: place, select.
    Every key acts (no refusals) on any deck of eleven cards or more."""
    script: list[str] = []
    for i in range(presses // 2):
        script += ["n" if (i // 10) % 2 == 0 else "p", "3"]
    script += ["ctrl+z"] * (presses // 2)
    script += ["k", "wait:Placerer"]
    for i in range(presses // 3):
        script += ["2", "down" if (i // 5) % 2 == 0 else "up", "4"]
    return script


LINE_FLOOR = "floor: one line of the card, Line API"
RATING_FLOOR = "floor: a choice's four places (top line, panel, status, card line)"
CIRCLE_FLOOR = "floor: a circle key's four places (two card lines, panel, status)"
CARD_FLOOR = "floor: a new card (every card line, top line, panel, status), Line API"


def keys_to_frame(sessions: list[Session], env: dict[str, str], presses: int) -> dict:
    """Key-to-frame per kind of key on each session, and the bare and floor apps' own."""
    bare, _ = _latencies([sys.executable, CHILD, "bare"], env, "bare app ready",
                         ["n"] * presses)
    floor, _ = _latencies([sys.executable, CHILD, "floor"], env, "floor app ready",
                          ["n", "m"] * (presses // 2))
    lines, _ = _latencies([sys.executable, CHILD, "linefloor"], env, "line floor app ready",
                          ["m", "r", "c", "w"] * (presses // 2))
    out: dict = {"bare": [v for _, v in bare],
                 "floor: one line of the panel": [v for k, v in floor if k == "n"],
                 "floor: one line of the card": [v for k, v in floor if k == "m"],
                 LINE_FLOOR: [v for k, v in lines if k == "m"],
                 RATING_FLOOR: [v for k, v in lines if k == "r"],
                 CIRCLE_FLOOR: [v for k, v in lines if k == "c"],
                 CARD_FLOOR: [v for k, v in lines if k == "w"],
                 "sessions": {}, "peak_memory_kib": {}}
    for session in sessions:
        found, memory = _latencies(session.argv(child=True) + ["open", session.session_id],
                                   env, f" af {session.cards}", keys_script(presses))
        by_kind: dict[str, list[float]] = {}
        for key, value in found:
            if key in NAMES:
                by_kind.setdefault(NAMES[key], []).append(value)
        out["sessions"][session.name] = by_kind
        out["peak_memory_kib"][session.name] = memory
    return out


def operations(sessions: list[Session], decks: Path, runs: int) -> dict:
    """Load, save per recorded action and export on each session; validate the big decks."""
    from cardgame.export.markdown import render_session
    from cardgame.storage import deckcache, logcache
    from cardgame.storage.deckfile import validate_paths
    from cardgame.storage.store import SessionStore

    out: dict[str, dict[str, list[float]]] = {}
    events: dict[str, int] = {}
    for session in sessions:
        timings: dict[str, list[float]] = {}
        store = SessionStore(session.workspace / "sessions")
        path = store.resolve(session.session_id)
        for kept in (False, True):
            # First as a session opened for the first time here (its log read record by
            # record), then as one opened again (its events kept when it was last closed).
            name = ("load (open the session again)" if kept
                    else "load (first open: the log read)")
            for _ in range(max(3, runs // 4)):
                deckcache.forget()  # as a new process finds it: decks from the disk cache
                if not kept:
                    logcache.forget(path)
                started = time.perf_counter()
                opened = store.open(session.session_id)
                timings.setdefault(name, []).append(time.perf_counter() - started)
                opened.close()
        opened = store.open(session.session_id)
        events[session.name] = len(opened.events)
        key = ("answer", "bench", "k1", "g1", "rating")
        for n in range(runs * 10):
            started = time.perf_counter()
            opened.set(key, 1 + n % 5)
            timings.setdefault("save one recorded action (append + fsync)", []).append(
                time.perf_counter() - started)
        for _ in range(runs * 10):  # leave the session as it was
            opened.undo()
        for _ in range(max(3, runs // 2)):
            started = time.perf_counter()
            render_session(opened.meta, opened.state, opened.decks, events=opened.events)
            timings.setdefault("export", []).append(time.perf_counter() - started)
        opened.close()
        out[session.name] = timings
    validate: list[float] = []
    for _ in range(max(3, runs // 4)):
        deckcache.forget()
        started = time.perf_counter()
        validate_paths([decks])
        validate.append(time.perf_counter() - started)
    return {"sessions": out, "events": events,
            "validate the four 1,000-card decks (disk cache warm)": validate}


def _show_the_day(session: Session) -> None:
    """The key series leaves the session on the influence circle (its last keys place
    elements there), and a session reopens where it stood: bring it back to the card."""
    from cardgame.domain.themeday import DAY
    from cardgame.storage.store import SessionStore

    opened = SessionStore(session.workspace / "sessions").open(session.session_id)
    try:
        opened.view(screen=DAY)
    finally:
        opened.close()


def follow_latency(sessions: list[Session], env: dict[str, str], presses: int) -> dict:
    """Key in the facilitator's terminal to the wall's frame in another, per session.

    Both apps run in their own pty; the key is written to the facilitator's, and the clock
    stops when the wall's terminal shows the next card's "Kort n af N". The save, the wall's
    look at the file (every 50 ms), its render and both ptys are inside.
    """
    out: dict[str, list[float]] = {}
    for session in sessions:
        total = session.cards
        _show_the_day(session)
        laptop = Terminal(session.argv() + ["open", session.session_id], env)
        wall = Terminal(session.argv() + ["audience", session.session_id], env)
        try:
            laptop.wait_for(f" af {total}", timeout=60)
            wall.wait_for(f"{session.deck_title} · Kort ", timeout=60)
            time.sleep(0.5)
            wall.drain(0.05)
            shown = re.findall(rf"Kort (\d+) af {total}", wall.text())
            first = int(shown[-1]) if shown else 1  # where an earlier measurement left it
            step, key = (1, b"n") if first + presses <= total else (-1, b"p")
            for press in range(presses):
                expected = f"Kort {first + step * (press + 1)} af {total}"
                seen = len(wall.text())
                laptop.drain()
                started = time.perf_counter()
                os.write(laptop.fd, key)
                while expected not in wall.text()[seen:]:
                    wall.drain(0.001)
                    laptop.drain()
                    if time.perf_counter() - started > 10:
                        raise TimeoutError(f"{session.name}: the wall did not show "
                                           f"{expected!r}")
                out.setdefault(session.name, []).append(time.perf_counter() - started)
                end = time.perf_counter() + 0.15  # a person's pace between keys
                while time.perf_counter() < end:
                    laptop.drain(0.01)
                    wall.drain()
        finally:
            wall.close(b"q")
            laptop.close(b"q")
    return out
