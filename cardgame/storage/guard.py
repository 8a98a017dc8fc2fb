"""What stands guard around an open session's file: the lock that keeps it one writer's, the
foreign files kept beside it, the backup of its healthy bytes, and the rescue copy when
nothing can be written where it belongs.

Nothing here is lost by being careful: a file that is not ours is moved aside, never deleted;
a backup is written only from bytes that hold everything recorded; a rescue copy goes beside
the session (listed on the start screen) or, if that folder refuses it too, to the home folder.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from cardgame.domain.errors import Said, SessionError, os_problem
from cardgame.storage.atomic import atomic_write, copy_file, keep_copy
from cardgame.storage.lock import SessionLock


def stamp() -> str:
    """A time stamp for the names of copies kept beside a session file."""
    return time.strftime("%Y%m%d-%H%M%S")


@dataclass(repr=False)
class SessionGuard:
    """The lock and the copies of one open session."""

    path: Path
    lock: SessionLock

    def verify(self) -> None:
        """Before a save: the lock is still ours (LockLost when another cardgame has it)."""
        self.lock.verify()

    def hold(self) -> None:
        """After the file was written again: lock it again (SessionError when another has)."""
        self.lock.guard()

    def keep_foreign(self, why: str) -> Said | None:
        """Move a file that is not ours out of the way (`<name>.<why>-<time>`), so that nothing
        in it is lost; what to tell the user, None when it could not even be copied."""
        target = self.path.with_name(f"{self.path.name}.{why}-{stamp()}")
        try:
            os.replace(self.path, target)
        except OSError:
            try:
                copy_file(self.path, target)
            except OSError:
                return None
        return Said("store.kept_foreign", copy=target.name)

    def refresh_backup(self, data: bytes) -> None:
        """Keep `<id>.toml.bak` as a copy of the healthy file's bytes (on open and close)."""
        try:
            keep_copy(self.path.with_name(self.path.name + ".bak"), data)
        except OSError:
            pass  # a backup is a convenience: the session itself is saved

    def save_copy(self, target: Path, data: bytes) -> Path:
        """Write the whole session to another file (a folder: the session's name in it)."""
        if target.is_dir():
            target = target / self.path.name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data, keep_backup=False)
        except OSError as exc:
            raise SessionError("store.cannot_copy", path=target, error=os_problem(exc)) \
                from None
        return target

    def rescue(self, data: bytes) -> Path | None:
        """Write the whole session to a rescue copy: beside the session as
        `<id>.unsaved-<time>.toml` (listed on the start screen), else in the home folder.
        Returns where, or None when no copy could be written anywhere."""
        name = f"{self.path.stem}.unsaved-{stamp()}.toml"
        for folder in (self.path.parent, Path.home()):
            try:
                return self.save_copy(folder / name, data)
            except SessionError:
                continue
        return None

    def release(self) -> None:
        self.lock.release()
