"""The measurements, each from outside the app, as a person meets it: a process on a
pseudo-terminal, a key written to it, the clock stopped when the terminal receives the frame.
No part of Textual or cardgame is patched or timed from inside."""

from __future__ import annotations

import os
import re
import select
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.terminal import Terminal

HERE = Path(__file__).resolve().parent
BARE_APP = str(HERE / "bare_app.py")
KEYS = {"n": b"n", "p": b"p", "3": b"3", "ctrl+z": b"\x1a", "tab": b"\t", "plus": b"+",
        "minus": b"-", "down": b"\x1b[B", "up": b"\x1b[A"}
NAMES = {"n": "next card", "p": "next card", "3": "record a rating", "ctrl+z": "undo",
         "tab": "next group", "plus": "place an element", "minus": "place an element",
         "down": "select an element", "up": "select an element"}
"""What each key of the series does, as the report names it."""
QUIET = 0.03
"""Seconds without output after which a key's frame is taken to be complete."""
PACE = 0.15
"""Seconds between a frame and the next key: a fast facilitator, not a burst."""


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

    def argv(self, *command: str) -> list[str]:
        argv = [sys.executable, "-m", "cardgame", "--workspace", str(self.workspace)]
        if self.decks_dir:
            argv += ["--decks-dir", str(self.decks_dir)]
        return argv + list(command)


def _start(argv: list[str], env: dict[str, str], text: str) -> float:
    """Seconds from spawning the process to `text` on its screen."""
    term = Terminal(argv, env)
    try:
        return term.wait_for(text, timeout=60)
    finally:
        term.close(b"q")


def startup(sessions: list[Session], env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Spawn to first frame, the bare Textual app against `cardgame` (its start screen), and
    `cardgame open` spawn to the card; interleaved, so that the machine's drift hits all
    alike."""
    cases = {"bare": ([sys.executable, BARE_APP], "bare app ready"),
             "start": (sessions[0].argv(), "Ny temadag")}
    for session in sessions:
        cases[f"spawn and open {session.name}"] = (session.argv("open", session.session_id),
                                                   f" af {session.cards}")
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, (argv, text) in cases.items():
            found.setdefault(name, []).append(_start(argv, env, text))
        for session in sessions:
            found.setdefault(f"open {session.name}", []).append(_open(session, env))
    return found


def _open(session: Session, env: dict[str, str]) -> float:
    """Seconds from enter on the session in the start screen's list to its card on screen:
    the wait a facilitator has when opening a session (the workspace holds only it)."""
    term = Terminal(session.argv(), env)
    try:
        term.wait_for("Genoptag en session", timeout=60)
        time.sleep(0.3)
        os.write(term.fd, b"\x1b[F")  # end: the last entry, the session
        time.sleep(0.3)
        term.drain(QUIET)
        seen = len(term.text())
        started = time.perf_counter()
        os.write(term.fd, b"\r")
        while f" af {session.cards}" not in term.text()[seen:]:
            term.drain(0.002)
            if time.perf_counter() - started > 30:
                raise TimeoutError("the session did not open")
        return time.perf_counter() - started
    finally:
        term.close(b"q")


def _frame_after(term: Terminal, key: bytes, timeout: float = 5.0) -> float:
    """Write a key and return the seconds until the terminal receives output; then read on
    until the output is quiet (the frame is complete)."""
    term.drain(QUIET)  # nothing pending before the key
    started = time.perf_counter()
    os.write(term.fd, key)
    ready, _, _ = select.select([term.fd], [], [], timeout)
    took = time.perf_counter() - started
    if not ready:
        raise TimeoutError(f"no frame within {timeout} s after {key!r}")
    term.drain(QUIET)
    return took


def keys_script(presses: int) -> list[str]:
    """Cards forward and back with a rating and a group step on each, undo, then the circle:
    an element moved in and out, and the next one selected. Every key changes the screen (a
    move at the innermost ring is refused, and says so) on any deck of eleven cards or more."""
    script: list[str] = []
    for i in range(presses // 3):
        script += ["n" if (i // 10) % 2 == 0 else "p", "3", "tab"]
    script += ["ctrl+z"] * (presses // 3)
    script += ["k"]  # the circle opens: placements and selections follow
    for i in range(presses // 3):
        script += ["plus", "minus", "down" if (i // 5) % 2 == 0 else "up"]
    return script


def keys_to_frame(session: Session, env: dict[str, str], presses: int
                  ) -> tuple[dict[str, list[float]], int]:
    """Key-to-frame of each kind of key on a session, and the app's peak memory (KiB)."""
    term = Terminal(session.argv("open", session.session_id), env)
    found: dict[str, list[float]] = {}
    try:
        term.wait_for(f" af {session.cards}", timeout=60)
        time.sleep(0.5)
        for key in keys_script(presses):
            if key == "k":
                os.write(term.fd, b"k")
                term.wait_for("Placerer")
                time.sleep(0.5)
                continue
            found.setdefault(NAMES[key], []).append(_frame_after(term, KEYS[key]))
            time.sleep(PACE)
        memory = term.peak_memory_kib()
    finally:
        term.close(b"q")
    return found, memory


def bare_keys(env: dict[str, str], presses: int) -> list[float]:
    """Key-to-frame of the bare Textual app: a key that changes its one Static."""
    term = Terminal([sys.executable, BARE_APP], env)
    try:
        term.wait_for("bare app ready", timeout=60)
        time.sleep(0.3)
        found = []
        for _ in range(presses):
            found.append(_frame_after(term, b"n"))
            time.sleep(PACE)
    finally:
        term.close(b"q")
    return found


def follow_latency(session: Session, env: dict[str, str], presses: int) -> list[float]:
    """A key on the laptop to the next card on the wall, in another process and terminal.

    The save, the wall's look at the file (every 50 ms), its render and both terminals are
    inside."""
    from cardgame.domain.themeday import DAY
    from cardgame.storage.store import SessionStore

    opened = SessionStore(session.workspace / "sessions").open(session.session_id)
    try:
        opened.view(screen=DAY)  # the key series left the circle open
    finally:
        opened.close()
    total = session.cards
    laptop = Terminal(session.argv("open", session.session_id), env)
    wall = Terminal(session.argv("audience", session.session_id), env)
    found: list[float] = []
    try:
        laptop.wait_for(f" af {total}", timeout=60)
        wall.wait_for(f"{session.deck_title} · Kort ", timeout=60)
        time.sleep(0.5)
        wall.drain(0.05)
        shown = re.findall(rf"Kort (\d+) af {total}", wall.text())
        first = int(shown[-1]) if shown else 1
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
                    raise TimeoutError(f"the wall did not show {expected!r}")
            found.append(time.perf_counter() - started)
            end = time.perf_counter() + PACE
            while time.perf_counter() < end:
                laptop.drain(0.01)
                wall.drain()
    finally:
        wall.close(b"q")
        laptop.close(b"q")
    return found


def export_times(session: Session, runs: int) -> list[float]:
    """Rendering the session's notes, in this process (the file is read once before)."""
    from cardgame.export.markdown import render_session
    from cardgame.storage.store import SessionStore

    read = SessionStore(session.workspace / "sessions").read(session.session_id)
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        render_session(read.meta, read.state, read.decks, events=read.events)
        found.append(time.perf_counter() - started)
    return found
