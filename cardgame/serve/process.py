"""One cardgame process per browser tab, and the guarantee that it ends with the tab.

The page's terminal (textual-serve's script) talks to the server over a websocket; the server
talks to the app through its stdin and stdout in the packets of Textual's web driver: a type
byte (`D` terminal data, `M` JSON meta, `P` packed), four bytes of length, the payload. After
the line `__GANGLION__` the app's stdout holds nothing else.

This is the part of textual-serve that starts and feeds an app, done here for what a council
room needs: the app is our direct child (no shell between), it is killed when it has not quit
within `QUIT_GRACE` seconds, stopping cannot be cancelled half-way, and on Linux the kernel
ends the app when the server dies. cardgame delivers no files to the browser, so packed
packets (downloads) are read and dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import json
import logging
import os
import signal
import sys
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable, Sequence

log = logging.getLogger("cardgame.serve")

QUIT_GRACE = 1.5
"""Seconds an app gets to quit by itself (it saves at every key, so quitting is quick)."""

REAP_TIMEOUT = 5.0
"""Seconds to wait for a killed app to be reaped before giving up on it (it never takes this)."""

PRELUDE = b"__GANGLION__\n"
"""The line a Textual app under the web driver writes before its first packet."""

PR_SET_PDEATHSIG = 1


def packet(kind: bytes, payload: bytes) -> bytes:
    """One web-driver packet: its type byte, its length in four bytes, the payload."""
    return kind + len(payload).to_bytes(4, "big") + payload


def driver_environment(width: int, height: int) -> dict[str, str]:
    """The app's environment: ours, with Textual told to draw for a browser's terminal."""
    return {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
            "TEXTUAL_FPS": "60", "TEXTUAL_COLOR_SYSTEM": "truecolor",
            "TERM_PROGRAM": "textual", "COLUMNS": str(width), "ROWS": str(height)}


class AppProcess:
    """The app of one browser tab: started, fed, relayed, and always ended by `stop`."""

    def __init__(self, argv: Sequence[str], *, write_bytes: Callable[[bytes], Awaitable[None]],
                 write_str: Callable[[str], Awaitable[None]],
                 close: Callable[[], Awaitable[None]]) -> None:
        self.argv = list(argv)
        self.write_bytes = write_bytes
        """Terminal output for the tab."""
        self.write_str = write_str
        """A JSON message for the tab's script (a link to open)."""
        self.close_tab = close
        self.process: Process | None = None
        self.relay: asyncio.Task[None] | None = None
        self.stopping: asyncio.Future[None] | None = None
        """The one run of `_stop`, shared by every caller of `stop`."""

    @property
    def pid(self) -> int | None:
        """The app's process id, once started."""
        return self.process.pid if self.process is not None else None

    async def start(self, width: int, height: int) -> None:
        """Start the app as our direct child (no shell), tied to our life on Linux."""
        self.process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=PIPE, stdout=PIPE, stderr=PIPE,
            env=driver_environment(width, height), preexec_fn=die_with_parent_hook())
        self.relay = asyncio.create_task(self.run())

    # to the app ---------------------------------------------------------------------------

    async def _send(self, data: bytes) -> bool:
        process = self.process
        if process is None or process.stdin is None or process.returncode is not None:
            return False
        try:
            process.stdin.write(data)
            await process.stdin.drain()
        except (ConnectionError, RuntimeError):
            return False
        return True

    async def send_bytes(self, data: bytes) -> bool:
        """Keys and pasted text from the tab."""
        return await self._send(packet(b"D", data))

    async def send_meta(self, data: dict[str, object]) -> bool:
        return await self._send(packet(b"M", json.dumps(data).encode("utf-8")))

    async def set_terminal_size(self, width: int, height: int) -> None:
        await self.send_meta({"type": "resize", "width": width, "height": height})

    async def blur(self) -> None:
        await self.send_meta({"type": "blur"})

    async def focus(self) -> None:
        await self.send_meta({"type": "focus"})

    # from the app -------------------------------------------------------------------------

    async def run(self) -> None:
        """Relay the app's output to the tab until the app ends, then close the tab (an app
        that crashed shows the page's "connection closed" notice, not a frozen screen)."""
        process = self.process
        assert process is not None and process.stdout is not None
        errors = asyncio.create_task(self._read_errors())
        try:
            await self._relay(process.stdout)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the app ended
        finally:
            errors.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await errors
            with contextlib.suppress(Exception):
                await self.close_tab()

    async def _relay(self, stdout: asyncio.StreamReader) -> None:
        for _ in range(10):  # the app's own lines before the prelude (a warning, say)
            line = await stdout.readline()
            if not line or line == PRELUDE:
                break
        while True:
            kind = await stdout.readexactly(1)
            size = int.from_bytes(await stdout.readexactly(4), "big")
            payload = await stdout.readexactly(size)
            if kind == b"D":
                await self.write_bytes(payload)
            elif kind == b"M":
                await self._on_meta(json.loads(payload))

    async def _on_meta(self, meta: dict[str, object]) -> None:
        if meta.get("type") == "exit":
            await self.close_tab()
        elif meta.get("type") == "open_url":
            await self.write_str(json.dumps(["open_url", {"url": meta.get("url"),
                                                          "new_tab": meta.get("new_tab")}]))

    async def _read_errors(self) -> None:
        """Pass what the app writes on stderr to the server's log (it would block the app
        once the pipe is full)."""
        process = self.process
        assert process is not None and process.stderr is not None
        while line := await process.stderr.readline():
            log.warning("app %s: %s", process.pid, line.decode("utf-8", "replace").rstrip())

    # ending -------------------------------------------------------------------------------

    async def stop(self) -> None:
        """End the app: ask it to quit, kill it if it has not; safe to call more than once.

        The work runs in its own task and is shielded, so a handler cancelled while waiting
        (the server shutting down, a dropped connection) still gets its app ended.
        """
        if self.stopping is None:
            self.stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self.stopping)

    async def _stop(self) -> None:
        process = self.process
        try:
            if process is not None and process.returncode is None:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._quit_and_wait(process), QUIT_GRACE)
        finally:
            if process is not None and process.returncode is None:
                log.warning("The app (pid %s) did not quit; killing it.", process.pid)
                self.kill()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(process.wait(), REAP_TIMEOUT)
            relay, self.relay = self.relay, None
            if relay is not None:
                with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(relay, QUIT_GRACE)

    async def _quit_and_wait(self, process: Process) -> None:
        await self.send_meta({"type": "quit"})
        await process.wait()

    def kill(self) -> None:
        """Kill the app now if it is still running (no wait, no cleanup in the app)."""
        process = self.process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()


def die_with_parent_hook() -> Callable[[], None] | None:
    """A function for `preexec_fn` that makes the kernel kill the app when the server dies.

    Without it, an app whose server was killed keeps running (its stdin at EOF, nothing to
    draw on). Linux only (`prctl(PR_SET_PDEATHSIG)`); elsewhere None. libc and the parent's
    pid are looked up here, before the fork, so the child runs as little Python as possible.
    """
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    prctl = ctypes.CDLL(name, use_errno=True).prctl
    parent = os.getpid()
    kill = int(signal.SIGKILL)  # every answer is on disk already; the lock dies with the process

    def hook() -> None:
        prctl(PR_SET_PDEATHSIG, kill, 0, 0, 0)
        if os.getppid() != parent:  # the server died between fork and prctl
            os._exit(1)

    return hook
