"""One writer per session, on Windows, macOS and Linux, whatever happens to the lock file.

The lock is an exclusive OS lock on a small file beside the session, `.<id>.lock`; the
operating system releases it when the holding process ends in any way (even `kill -9`), so a
lock file left behind by a dead process is simply taken over. The file holds the holder's pid,
host and start time, for the message a second opener gets.

Three ways to lock, chosen when a lock is taken (no POSIX-only import at module level):

* `fcntl.flock` (Linux, macOS). Here the session file itself is locked too: if a sync tool or
  a user removes the lock file, a second cardgame still cannot lock the session file, so it is
  refused all the same.
* `msvcrt.locking` (Windows) on the lock file's first byte. Windows does not let another
  program delete or replace a file cardgame holds open, so the lock file cannot vanish.
* elsewhere, an exclusively created lock file with the holder's pid, taken over only when that
  process is gone.

`verify` checks, before every save, that the lock file at the path is still the one locked;
if it was removed or replaced, it is locked again, and if another process has it, the lock is
lost and the session stops writing (`LockLost`) instead of writing over another writer.
"""

from __future__ import annotations

import importlib
import json
import os
import socket
import time
from pathlib import Path
from types import ModuleType

from cardgame.domain.errors import SessionError, SessionHeldElsewhere, SessionLocked

FCNTL, MSVCRT, EXCLUSIVE = "fcntl", "msvcrt", "exclusive-file"


class LockLost(SessionError):
    """Another process holds the lock now: this one must not write."""


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def backend() -> str:
    """How this platform locks: fcntl, msvcrt, or an exclusively created file."""
    if _module("fcntl") is not None:
        return FCNTL
    if _module("msvcrt") is not None:
        return MSVCRT
    return EXCLUSIVE


def _read(fd: int) -> dict[str, object]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, 4096)
        value = json.loads(data.decode("utf-8")) if data.strip() else {}
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}


def _write(fd: int, record: dict[str, object]) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, json.dumps(record).encode())


def alive(pid: object) -> bool:
    """Whether a process with this pid runs on this computer.

    On Windows `os.kill(pid, 0)` would end the process, so there the question goes to the
    kernel (OpenProcess and its exit code) instead.
    """
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if windows():
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def windows() -> bool:
    """Whether this is Windows (one place, so that a test on Linux can say yes)."""
    return os.name == "nt"


QUERY_LIMITED_INFORMATION, STILL_ACTIVE, ACCESS_DENIED = 0x1000, 259, 5


def _alive_windows(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return bool(kernel32.GetLastError() == ACCESS_DENIED)  # it runs, as another user
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _same_file(path: Path, fd: int) -> bool:
    try:
        here, held = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)


class SessionLock:
    """An exclusive lock on one session; `acquire` refuses if another process holds it."""

    def __init__(self, path: Path, title: str = "", session: Path | None = None) -> None:
        self.path = path
        self.title = title
        self.session = session
        """The session file, also locked where the platform allows (fcntl)."""
        self.kind = backend()
        self._fd: int | None = None
        self._guard: int | None = None
        self._from_elsewhere = False
        self.took_over: dict[str, object] | None = None
        """What the lock file said when a stale lock was taken over."""

    # taking and giving back ---------------------------------------------------------------

    def acquire(self, *, from_elsewhere: bool = False) -> None:
        """Lock, or raise SessionLocked naming the holder; OSError if the file cannot be made.

        A lock file left by a cardgame on another computer (a Documents folder synced between
        two laptops) raises SessionHeldElsewhere, unless `from_elsewhere`: the user said the
        session is not open there any more."""
        self._from_elsewhere = from_elsewhere
        fd = self._open_and_lock()
        previous = _read(fd)
        host = previous.get("host")
        if previous.get("pid") and host and host != socket.gethostname() and not from_elsewhere:
            os.close(fd)
            raise self._locked(previous, elsewhere=True)
        if previous.get("pid") and previous.get("pid") != os.getpid():
            self.took_over = previous
        _write(fd, {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()})
        self._fd = fd
        try:
            self.guard()
        except SessionLocked:
            self.release()
            raise

    def _open_and_lock(self) -> int:
        if self.kind == EXCLUSIVE:
            return self._exclusive()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not self._try_lock(fd):
            holder = _read(fd)
            os.close(fd)
            raise self._locked(holder)
        return fd

    def _try_lock(self, fd: int) -> bool:
        if self.kind == FCNTL:
            fcntl = _module("fcntl")
            assert fcntl is not None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False
            return True
        msvcrt = _module("msvcrt")
        assert msvcrt is not None
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _exclusive(self) -> int:
        """The fallback: create the lock file exclusively; take it over from a dead holder."""
        for _ in range(2):
            try:
                return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                fd = os.open(self.path, os.O_RDWR)
                holder = _read(fd)
                os.close(fd)
                if alive(holder.get("pid")) and holder.get("host") == socket.gethostname():
                    raise self._locked(holder) from None
                if holder.get("host") not in (None, socket.gethostname()) \
                        and not self._from_elsewhere:
                    raise self._locked(holder, elsewhere=True) from None
                self.took_over = holder
                try:
                    os.unlink(self.path)
                except FileNotFoundError:
                    pass
        raise self._locked({})

    def _locked(self, holder: dict[str, object], *, elsewhere: bool = False) -> SessionLocked:
        since = holder.get("since")
        when = time.strftime("%d.%m %H:%M", time.localtime(since)) if isinstance(
            since, (int, float)) else "?"
        name = f"«{self.title}»" if self.title else self.path.stem.lstrip(".")
        if elsewhere:
            return SessionHeldElsewhere("store.open_elsewhere", name=name,
                                        host=holder.get("host", "?"), since=when)
        return SessionLocked("store.locked", name=name, pid=holder.get("pid", "?"),
                             host=holder.get("host", "?"), since=when)

    def guard(self) -> None:
        """Lock the session file itself too (fcntl only); again after it was rewritten."""
        if self.kind != FCNTL or self.session is None:
            return
        if self._guard is not None:
            os.close(self._guard)  # closing releases the flock on the old file
            self._guard = None
        try:
            fd = os.open(self.session, os.O_RDONLY)
        except FileNotFoundError:
            return  # not written yet, or gone: the store writes it again and calls guard
        if not self._try_lock(fd):
            os.close(fd)
            name = f"«{self.title}»" if self.title else self.session.stem
            raise SessionLocked("store.locked_elsewhere", name=name)
        self._guard = fd

    def release(self) -> None:
        if self._guard is not None:
            os.close(self._guard)
            self._guard = None
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        if self.kind == MSVCRT:
            msvcrt = _module("msvcrt")
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                if msvcrt is not None:
                    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
        os.close(fd)  # closing releases an flock
        if self.kind == EXCLUSIVE:
            try:
                os.unlink(self.path)
            except OSError:
                pass
        # With an OS lock the file stays: unlinking it could let two processes lock two
        # different files.

    @property
    def held(self) -> bool:
        return self._fd is not None

    # still ours? --------------------------------------------------------------------------

    def verify(self) -> bool:
        """Make sure the lock file at the path is the one this process locked.

        Returns True when it had to be locked again (it was removed or replaced); raises
        LockLost when another process holds it now. Cheap: one stat per save.
        """
        if self._fd is None:
            raise LockLost("store.lock_lost", name=self.title or self.path.name)
        if _same_file(self.path, self._fd):
            return False
        try:
            fresh = self._open_and_lock()
        except (SessionLocked, OSError):
            raise LockLost("store.lock_lost", name=self.title or self.path.name) from None
        old, self._fd = self._fd, fresh
        _write(fresh, {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()})
        try:
            os.close(old)
        except OSError:
            pass
        return True
