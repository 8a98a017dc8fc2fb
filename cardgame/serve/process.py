"""One cardgame process per browser tab, and the guarantee that it ends with the tab.

textual-serve starts one app process per websocket. Upstream (`textual_serve.app_service`,
1.1.x) runs the command through `/bin/sh -c`, and on stop sends a quit message and then waits
for the app with no time limit and no kill: an app that does not answer keeps running, and an
app whose server died keeps running as an orphan (seen here after a `kill -9` of the server).
Here the app is the direct child, it is killed when it has not quit within `QUIT_GRACE`
seconds, stopping cannot be cancelled half-way, and on Linux the app dies with the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
import os
import shlex
import signal
import sys
from asyncio.subprocess import PIPE, Process
from typing import Callable

from textual_serve.app_service import AppService

log = logging.getLogger("cardgame.serve")

QUIT_GRACE = 1.5
"""Seconds an app gets to quit by itself (it saves at every key, so quitting is quick)."""

REAP_TIMEOUT = 5.0
"""Seconds to wait for a killed app to be reaped before giving up on it (it never takes this)."""

PR_SET_PDEATHSIG = 1


class AppProcess(AppService):
    """textual-serve's app service, run without a shell and always ended by `stop`."""

    _stopping: asyncio.Future[None] | None = None
    """The one run of `_stop`, shared by every caller of `stop`."""

    @property
    def pid(self) -> int | None:
        """The app's process id, once started."""
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        """Start the app as our direct child (no shell), tied to our life on Linux."""
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=environment,
            preexec_fn=die_with_parent_hook(),
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the app's output until it ends, then close the tab's connection.

        Upstream closes the tab only when the app says goodbye; an app that crashed would leave
        a frozen page. Closing shows the page's "connection closed" notice instead.
        """
        try:
            await super().run()
        finally:
            with contextlib.suppress(Exception):
                await self.remote_close()

    async def stop(self) -> None:
        """End the app: ask it to quit, kill it if it has not; safe to call more than once.

        The work runs in its own task and is shielded, so a handler cancelled while waiting
        (the server shutting down, a dropped connection) still gets its app ended.
        """
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        try:
            if process is not None and process.returncode is None:
                await self._ask_to_quit(process)
        finally:
            if process is not None and process.returncode is None:
                log.warning("The app (pid %s) did not quit; killing it.", process.pid)
                self.kill()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(process.wait(), REAP_TIMEOUT)
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            await self._end_reader()

    def kill(self) -> None:
        """Kill the app now if it is still running (no wait, no cleanup in the app)."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()

    async def _ask_to_quit(self, process: Process) -> None:
        """Send textual-serve's quit message and wait for the app to exit, within the grace."""

        async def quit_and_wait() -> None:
            await self.send_meta({"type": "quit"})
            await process.wait()

        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(quit_and_wait(), QUIT_GRACE)

    async def _end_reader(self) -> None:
        """Let the task reading the app's output finish (it ends at EOF), or cancel it."""
        task, self._task = self._task, None
        if task is None:
            return
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(task, QUIT_GRACE)


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
