"""cardgame in a real terminal: a tmux server of our own, for the tests that type as a person
types (and faster), stop the process, close the window, or send it a signal."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

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

    def start(self, *cardgame_args: str, target: str = "cg",
              size: tuple[int, int] = (100, 30), decks: Path = FIXTURE_DECKS,
              child: bool = False) -> None:
        """cardgame in a new window. `child`: as a child of the window's shell, not in its
        place, so that it can be stopped (tmux continues a stopped pane process by itself)."""
        command = " ".join([*CARDGAME, "--decks-dir", str(decks), *cardgame_args])
        env = f"CARDGAME_HOME={self.workspace} CARDGAME_CONFIG={self.config} TERM=xterm-256color"
        # Under pytest tmux hands its panes COLUMNS=80 LINES=24, which would pin the app at
        # 80×24 whatever the window's size: they are removed, so the pane's size counts.
        app = f"env -u COLUMNS -u LINES {env} {command}"
        shell = f"cd {self.workspace} && {app}; sleep 600" if child else \
            f"cd {self.workspace} && exec {app}"
        self.run("new-session", "-d", "-s", target, "-x", str(size[0]), "-y", str(size[1]),
                 shell)

    def screen(self, target: str = "cg") -> str:
        return self.run("capture-pane", "-p", "-t", target)

    def wait_for(self, text: str, timeout: float = 15.0, target: str = "cg") -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen(target)
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear on {target}:\n{self.screen(target)}")

    def keys(self, *keys: str, target: str = "cg") -> None:
        for key in keys:
            self.run("send-keys", "-t", target, key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "cg", "-l", text)
        time.sleep(0.2)

    def app_pid(self, target: str = "cg") -> int:
        """The app's process: the window's own, or its child when started as one."""
        pane = int(self.run("list-panes", "-t", target, "-F", "#{pane_pid}").strip())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            children = subprocess.run(["pgrep", "-P", str(pane)], capture_output=True,
                                      text=True).stdout.split()
            if not children:
                return pane
            found = [int(pid) for pid in children
                     if "cardgame" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(
                         "utf-8", "replace")]
            if found:
                return found[0]
            time.sleep(0.05)
        return pane

    def burst(self, *keys: str, target: str = "cg") -> None:
        """Every key in one send-keys, as a terminal delivers the keys of a stalled moment."""
        self.run("send-keys", "-t", target, *keys)

    def kill_server(self) -> None:
        self.run("kill-server", check=False)


