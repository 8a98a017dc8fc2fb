"""Starting the wall (`cardgame audience`) in a window of its own, from the facilitator's app.

`audience_argv` is the command that shows the wall for a workspace: this installation's own
`cardgame` (or `python -m cardgame`), so that the window runs the same version on the same
folders. `window_command` wraps it in what opens a new terminal window on this system:

* Windows: a new console window (`CREATE_NEW_CONSOLE`), no other program needed.
* macOS: Terminal, through `osascript`.
* Linux and the rest: the desktop's terminal (`x-terminal-emulator`, GNOME, KDE, Xfce, xterm)
  when there is a desktop; else None, and the facilitator types the command shown.

Nothing here imports Textual: the screens ask, this module answers.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

TERMINALS = (("x-terminal-emulator", "-e"), ("gnome-terminal", "--"), ("konsole", "-e"),
             ("xfce4-terminal", "-x"), ("xterm", "-e"))
"""Linux terminals that run a command in a new window, and the flag that takes it."""


def system() -> str:
    """"windows", "mac" or "other" (one place, so that a test can be any of them)."""
    if os.name == "nt":
        return "windows"
    return "mac" if sys.platform == "darwin" else "other"


def audience_argv(workspace: Path, deck_dirs: tuple[Path, ...] = ()) -> list[str]:
    """The command that shows the wall for the session open in `workspace` (a new window may
    start in another folder, so the workspace is always named)."""
    script = Path(sys.executable).with_name("cardgame.exe" if system() == "windows" else
                                            "cardgame")
    argv = [str(script)] if script.is_file() else [sys.executable, "-m", "cardgame"]
    argv += ["--workspace", str(Path(workspace).resolve())]
    for folder in deck_dirs:
        argv += ["--decks-dir", str(Path(folder).resolve())]
    return argv + ["audience"]


def shell_line(argv: list[str]) -> str:
    """The command as the user would type it in this system's shell."""
    return subprocess.list2cmdline(argv) if system() == "windows" else shlex.join(argv)


@dataclass(frozen=True)
class Launch:
    """How to run a command in a new window: the program's argv and Popen's options."""

    argv: list[str]
    options: dict[str, object] = field(default_factory=dict)


def window_command(argv: list[str]) -> Launch | None:
    """How to open a new terminal window running `argv` here; None when there is no way."""
    if system() == "windows":
        flag = getattr(subprocess, "CREATE_NEW_CONSOLE", 0x10)
        return Launch(argv, {"creationflags": flag})
    if system() == "mac" and shutil.which("osascript"):
        line = shell_line(argv).replace("\\", "\\\\").replace('"', '\\"')
        return Launch(["osascript", "-e", f'tell application "Terminal" to do script "{line}"',
                       "-e", 'tell application "Terminal" to activate'])
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    for program, flag in TERMINALS:
        found = shutil.which(program)
        if found:
            return Launch([found, flag, *argv])
    return None


def open_window(launch: Launch) -> None:
    """Start the window, detached from this app; OSError when it cannot be started."""
    options: dict[str, object] = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL,
                                  "stderr": subprocess.DEVNULL, **launch.options}
    if system() != "windows":
        options["start_new_session"] = True
    subprocess.Popen(launch.argv, **options)  # type: ignore[call-overload]  # noqa: S603
