"""The README's flow in a real terminal (tmux): new session, answers, kill -9, reopen."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cardgame.storage.store import SessionStore
from tests.helpers import FIXTURE_DECKS

CARDGAME = [sys.executable, "-m", "cardgame"]


class Tmux:
    """A tmux server of our own, with one window running cardgame."""

    def __init__(self, socket: str, workspace: Path, config: Path) -> None:
        self.socket = socket
        self.workspace = workspace
        self.config = config

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                                text=True, check=check)
        return result.stdout

    def start(self, *cardgame_args: str) -> None:
        command = " ".join([*CARDGAME, "--decks-dir", str(FIXTURE_DECKS), *cardgame_args])
        env = f"CARDGAME_HOME={self.workspace} CARDGAME_CONFIG={self.config} TERM=xterm-256color"
        self.run("new-session", "-d", "-s", "cg", "-x", "100", "-y", "30",
                 f"cd {self.workspace} && exec env {env} {command}")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "cg")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear on the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", "cg", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "cg", "-l", text)
        time.sleep(0.2)

    def app_pid(self) -> int:
        return int(self.run("list-panes", "-t", "cg", "-F", "#{pane_pid}").strip())

    def kill_server(self) -> None:
        self.run("kill-server", check=False)


@pytest.fixture
def tmux(workspace: Path, tmp_path: Path):  # noqa: ANN201
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed: run scripts/install-system-deps.sh (make test does)")
    server = Tmux(f"cardgame-test-{os.getpid()}", workspace, tmp_path / "settings.toml")
    yield server
    server.kill_server()


def test_new_session_answers_kill_and_reopen(tmux: Tmux, workspace: Path) -> None:
    tmux.start()
    tmux.wait_for("Ny temadag")
    tmux.keys("n")
    tmux.wait_for("Titel")
    tmux.type("Temadag i tmux")
    tmux.keys("C-s")
    tmux.wait_for("Kort 1 af 3")
    tmux.keys("4", "2")
    shown = tmux.wait_for("2/5")
    assert "4/5" in shown
    tmux.keys("Enter")
    tmux.wait_for("Begrundelse")
    tmux.keys("Tab")  # from the rating field to the note field
    tmux.type("Pårørende vil gerne")
    tmux.keys("C-s")  # enter is a new line in a reason; ctrl+s saves
    tmux.wait_for("¶")  # the note mark beside Gruppe 3

    # kill -9: no chance to clean up
    pid = tmux.app_pid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    tmux.kill_server()

    store = SessionStore(workspace / "sessions")
    [summary] = store.summaries()
    session = store.open(summary.id)
    ratings = [session.state.get("answer", "test-themes", "aeldre", g, "rating")
               for g in ("g1", "g2", "g3")]
    assert ratings == [4, 2, None]
    assert session.state.get("answer", "test-themes", "aeldre", "g3", "note") == \
        "Pårørende vil gerne"
    session.close()

    tmux.start("open", summary.id)
    tmux.wait_for("Ældreområdet")
    shown = tmux.wait_for("2/5")
    assert "4/5" in shown and "Kort 1 af 3" in shown, shown
    tmux.keys("q")
    time.sleep(0.5)


def test_f5_typing_in_a_dialog_survives_kill_9(tmux: Tmux, workspace: Path) -> None:
    """F5 in a real terminal: a reason half typed when the process is killed comes back."""
    from cardgame.__main__ import main

    assert main(["--decks-dir", str(FIXTURE_DECKS), "new", "Kladde", "--decks",
                 "test-themes"]) == 0
    [summary] = SessionStore(workspace / "sessions").summaries()
    tmux.start("open", summary.id)
    tmux.wait_for("Ældreområdet")
    tmux.keys("Enter")
    tmux.wait_for("Begrundelse")
    tmux.keys("Tab")
    tmux.type("Halvt skrevet begrundelse")
    time.sleep(1.2)  # a draft is kept about half a second after the last key
    os.kill(tmux.app_pid(), signal.SIGKILL)
    time.sleep(0.5)
    tmux.kill_server()

    tmux.start("open", summary.id)
    tmux.wait_for("Halvt skrevet begrundelse")  # offered back
    tmux.keys("y")
    shown = tmux.wait_for("Svar · Gruppe 1")
    assert "Halvt skrevet begrundelse" in shown
    tmux.keys("Escape")
    tmux.wait_for("Kassér det skrevne?")
    tmux.keys("n")  # keep writing
    tmux.keys("C-s")
    tmux.wait_for("¶")
    tmux.keys("q")
    time.sleep(0.5)
    read = SessionStore(workspace / "sessions").read(summary.id)
    assert read.state.get("answer", "test-themes", "aeldre", "g1", "note") == \
        "Halvt skrevet begrundelse"
