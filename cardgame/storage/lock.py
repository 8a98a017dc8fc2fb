"""One writer per session: an advisory lock that dies with its process.

The lock is `fcntl.flock` on a small file beside the session. The kernel releases it when the
holding process ends in any way (even `kill -9`), so a lock file left behind by a dead process is
simply taken over. The file holds the holder's pid, host and start time, for the message a second
opener gets.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from pathlib import Path

from cardgame.domain.errors import SessionLocked
from cardgame.i18n import t


class SessionLock:
    """An exclusive lock on one session; `acquire` refuses if another process holds it."""

    def __init__(self, path: Path, title: str = "") -> None:
        self.path = path
        self.title = title
        self._fd: int | None = None
        self.took_over: dict[str, object] | None = None
        """What the lock file said when a stale lock was taken over."""

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            since = holder.get("since")
            when = time.strftime("%H:%M", time.localtime(since)) if isinstance(
                since, (int, float)) else "?"
            name = f"«{self.title}»" if self.title else self.path.stem.lstrip(".")
            raise SessionLocked(t("store.locked", name=name, pid=holder.get("pid", "?"),
                                  host=holder.get("host", "?"), since=when)) from None
        previous = _read(fd)
        if previous.get("pid") and previous.get("pid") != os.getpid():
            self.took_over = previous
        record = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        except OSError:
            pass
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
        # The file stays: unlinking it could let two processes lock two different files.

    @property
    def held(self) -> bool:
        return self._fd is not None


def _read(fd: int) -> dict[str, object]:
    try:
        data = os.pread(fd, 4096, 0)
        value = json.loads(data.decode("utf-8")) if data.strip() else {}
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}
