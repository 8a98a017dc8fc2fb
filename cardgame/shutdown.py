"""The ways out nobody asks about: the computer shutting down, the terminal window closed.

A shutdown sends SIGTERM; closing the terminal window sends SIGHUP (POSIX). On Windows the
console sends its own events (window closed, user logging off, system shutting down) to a
handler registered with `SetConsoleCtrlHandler`, in a thread of their own, and ends the process
a few seconds after. Either way cardgame gets one call of `on_shutdown`, which writes what
waits (or a rescue copy of the whole session) before the process ends. Nothing here imports a
POSIX-only or Windows-only module at import time.
"""

from __future__ import annotations

import asyncio
import ctypes
import signal
import sys
from collections.abc import Callable
from typing import Any

POSIX_SIGNALS = ("SIGTERM", "SIGHUP")
"""The signals of a shutdown and of a closed terminal window."""
CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT = 2, 5, 6
"""The Windows console's events for a closed window, a logoff and a shutdown."""

_keep: list[Any] = []
"""The Windows handler, kept alive for as long as the console may call it."""


def install(on_shutdown: Callable[[], None]) -> list[str]:
    """Call `on_shutdown` when the process is asked to end from outside; the names of the
    signals or events it is called for."""
    if sys.platform == "win32":
        return _install_windows(on_shutdown, _kernel32())
    loop = asyncio.get_running_loop()
    found = []
    for name in POSIX_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            loop.add_signal_handler(signum, on_shutdown)
        except (NotImplementedError, RuntimeError, ValueError):
            continue
        found.append(name)
    return found


def _kernel32() -> Any:
    return ctypes.WinDLL("kernel32")  # type: ignore[attr-defined, unused-ignore]


def _install_windows(on_shutdown: Callable[[], None], kernel32: Any) -> list[str]:
    """Register a console control handler that handles the close, logoff and shutdown
    events (and lets Ctrl+C and Ctrl+Break go on to the app as keys)."""
    events = (CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT)

    def handler(event: int) -> bool:
        if event in events:
            on_shutdown()
            return True
        return False

    routine = _handler_type()(handler)
    _keep.append(routine)
    if not kernel32.SetConsoleCtrlHandler(routine, True):
        return []
    return ["CTRL_CLOSE_EVENT", "CTRL_LOGOFF_EVENT", "CTRL_SHUTDOWN_EVENT"]


def _handler_type() -> Any:
    """ctypes' type of a console control handler: BOOL WINAPI HandlerRoutine(DWORD)."""
    factory = getattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE)
    return factory(ctypes.c_int, ctypes.c_uint)
