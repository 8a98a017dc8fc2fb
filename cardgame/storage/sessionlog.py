"""A session's file as an append-only log: each change one self-checking block, appended and
fsynced before anything says it is saved; the whole file written again, atomically, only
when it has to be.

The log knows one more thing than its bytes: which file at the path is the one it wrote, and
how long it left it. `check` says, before an append, whether a sync tool or a person has
deleted the file, put another in its place, or written into it; the session decides what to
do about it. A failed append leaves the file as it was: a block cut short by a full disk is
cut away again, never more than this process just wrote.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cardgame.storage.atomic import atomic_write

DELETED, REPLACED, CHANGED = "deleted", "replaced", "changed"
"""Why the file at the path is not the file the log wrote."""


def identity(path: Path) -> tuple[int, int] | None:
    """Which file a path names (device and inode), None when it names none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


@dataclass(repr=False)
class SessionLog:
    """The file of one open session, written by this process only."""

    path: Path
    size: int = -1
    """Bytes of the file that are ours: whole blocks up to its last fsync."""
    file: tuple[int, int] | None = None
    """The file this log wrote (device, inode)."""
    _fd: int | None = None

    def __post_init__(self) -> None:
        if self.size < 0:
            self.size = self.path.stat().st_size
        self.file = identity(self.path)

    def check(self) -> str | None:
        """None when the path names the file this log wrote, as long as the log left it;
        else why not: DELETED, REPLACED or CHANGED. OSError when it cannot be looked at."""
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return DELETED
        if (found.st_dev, found.st_ino) != self.file:
            return REPLACED
        if found.st_size != self.size:
            return CHANGED
        return None

    def append(self, data: bytes) -> None:
        """Append whole blocks and fsync them; on OSError the file is left as it was."""
        try:
            if self._fd is None:
                self._fd = os.open(self.path,
                                   os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
            written = os.write(self._fd, data)
            if written != len(data):
                raise OSError(28, "short write")
            os.fsync(self._fd)
        except OSError:
            self.close()
            self._cut_back(len(data))
            raise
        self.size += len(data)

    def _cut_back(self, attempted: int) -> None:
        """Remove a partly written block of ours, so that the file ends with a whole event:
        never more than the attempt, and only in the file this log wrote."""
        try:
            size = self.path.stat().st_size
            if self.size < size <= self.size + attempted and identity(self.path) == self.file:
                with open(self.path, "r+b") as handle:
                    handle.truncate(self.size)
                    os.fsync(handle.fileno())
        except OSError:
            pass  # tried again before the next write

    def write_whole(self, data: bytes, *, backup: bool = False) -> None:
        """Write the whole file atomically (the old one kept as `.bak` if asked); OSError
        leaves the old file in place."""
        self.close()
        atomic_write(self.path, data, keep_backup=backup)
        self.size = len(data)
        self.file = identity(self.path)

    def read(self) -> bytes:
        """The file's bytes (OSError when it cannot be read)."""
        return self.path.read_bytes()

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None
