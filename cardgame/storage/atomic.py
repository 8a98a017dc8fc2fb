"""Writing a whole file so that a crash at any moment leaves the old file or the new one.

A temporary file in the same folder, written and fsynced, then moved over the old one; the
folder is fsynced where the platform can (POSIX), so the move itself survives a power cut.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename in folder durable; a no-op where folders cannot be opened (Windows)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse to fsync a folder; the rename is done all the same
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, keep_backup: bool = True) -> None:
    """Replace path with data so that a crash at any moment leaves the old or the new file.

    With keep_backup, the previous file, if any, becomes `path.bak`. Permission bits carry
    over. OSError when the folder cannot be written; the old file is then untouched.
    """
    folder = path.parent
    mode = None
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode if mode is not None else 0o644)
        if keep_backup and path.exists():
            backup = path.with_name(path.name + ".bak")
            link = backup.with_name(backup.name + ".new")
            try:
                if link.exists():
                    link.unlink()
                os.link(path, link)
            except OSError:
                shutil.copy2(path, link)
            os.replace(link, backup)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)


def copy_file(source: Path, target: Path) -> None:
    """Copy a file durably (atomic at the target), for backups and damaged copies. A target
    that already holds exactly these bytes is left as it is (it was written durably)."""
    keep_copy(target, source.read_bytes())


def keep_copy(target: Path, data: bytes) -> None:
    """Write `data` durably to `target` (atomic), unless it holds exactly these bytes already
    (then it was written durably before)."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return
    except OSError:
        pass  # no such copy yet, or unreadable: written anew
    atomic_write(target, data, keep_backup=False)
