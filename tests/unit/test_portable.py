"""The store on the platforms we cannot run here, with their calls made (un)available.

There is no Windows machine in this workshop, so the store is run here with the POSIX-only
calls taken away: `fcntl` cannot be imported, folders cannot be opened for fsync
(`os.O_DIRECTORY` is gone), and locking goes through a stand-in for `msvcrt.locking` that keeps
Windows' rule (a byte-range lock belongs to one file handle, and a second handle on the same
file, in this process or another, is refused). A third run takes away `msvcrt` too, for the
exclusive-file fallback.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import types
from pathlib import Path

import pytest

from cardgame.domain.errors import SessionHeldElsewhere, SessionLocked
from cardgame.storage import lock as lock_module
from cardgame.storage.store import SessionStore
from tests.helpers import new_session

RATING = ("answer", "test-themes", "aeldre", "g1", "rating")


def fake_msvcrt() -> types.ModuleType:
    """msvcrt.locking with Windows' semantics, kept in memory: (file, offset) → handle."""
    held: dict[tuple[int, int, int], int] = {}
    module = types.ModuleType("msvcrt")
    module.LK_UNLCK, module.LK_LOCK, module.LK_NBLCK = 0, 1, 2  # type: ignore[attr-defined]

    def locking(fd: int, mode: int, nbytes: int) -> None:
        info = os.fstat(fd)
        spot = (info.st_dev, info.st_ino, os.lseek(fd, 0, os.SEEK_CUR))
        owner = held.get(spot)
        if owner is not None:
            try:
                os.fstat(owner)
            except OSError:
                owner = None  # the handle was closed: Windows frees its locks
        if mode == module.LK_UNLCK:
            held.pop(spot, None)
            return
        if owner is not None and owner != fd:
            raise PermissionError(13, "Permission denied")
        held[spot] = fd

    module.locking = locking  # type: ignore[attr-defined]
    return module


@pytest.fixture(params=["fcntl", "msvcrt", "exclusive-file"])
def platform(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The store as it runs on Linux and macOS, on Windows, and where neither lock exists."""
    kind = request.param
    if kind != "fcntl":
        monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl → ImportError
        monkeypatch.delattr(os, "O_DIRECTORY", raising=False)
        for name in ("pwrite", "pread"):
            monkeypatch.delattr(os, name, raising=False)
    if kind == "msvcrt":
        monkeypatch.setitem(sys.modules, "msvcrt", fake_msvcrt())
    elif kind == "exclusive-file":
        monkeypatch.setitem(sys.modules, "msvcrt", None)
    assert lock_module.backend() == kind
    return str(kind)


def test_record_close_reopen(platform: str, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    assert session.lock.kind == platform
    session.set(RATING, 4)
    session.update_meta(session.meta.model_copy(update={"facilitator": "Anne"}))
    session.set(RATING, 5)
    session.close()
    again = SessionStore(workspace / "sessions").open(session.meta.id)
    assert again.state.get(*RATING) == 5 and again.meta.facilitator == "Anne"
    again.close()


def test_a_second_opener_is_refused(platform: str, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    with pytest.raises(SessionLocked):
        SessionStore(workspace / "sessions").open(session.meta.id)
    session.close()
    SessionStore(workspace / "sessions").open(session.meta.id).close()


def test_a_removed_lock_file_never_lets_two_writers_cut_each_other(platform: str,
                                                                   workspace: Path) -> None:
    """F3 on every platform: either the second opener is refused, or the first one stops
    writing; no byte the other wrote is ever cut away, and the file stays readable."""
    folder = workspace / "sessions"
    first, _ = new_session(folder)
    first.set(RATING, 1)
    (folder / f".{first.meta.id}.lock").unlink()
    try:
        second = SessionStore(folder).open(first.meta.id)
    except SessionLocked:
        second = None
    if second is not None:
        assert platform != "fcntl", "with fcntl the session file itself is locked too"
        second.set(("answer", "test-themes", "aeldre", "g2", "rating"), 2)
        first.set(("answer", "test-themes", "aeldre", "g3", "rating"), 3)
        assert first.status.lock_lost and not first.status.ok
        assert "anden cardgame har åbnet sessionen" in str(first.status.error)
        second.close()
    else:
        first.set(("answer", "test-themes", "aeldre", "g3", "rating"), 3)
        assert first.status.ok
    first.close()
    read = SessionStore(folder).read(first.meta.id)
    assert read.notices == [], "the file is whole"
    assert read.state.get(*RATING) == 1


def test_a_stale_lock_is_taken_over(platform: str, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    sid = session.meta.id
    session.close()
    lock = workspace / "sessions" / f".{sid}.lock"
    lock.write_text(json.dumps({"pid": 999999, "host": socket.gethostname(), "since": 0}))
    again = SessionStore(workspace / "sessions").open(sid)
    assert again.took_over_lock == 999999
    again.close()


def test_a_lock_from_another_computer_is_taken_only_when_told(platform: str,
                                                               workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    sid = session.meta.id
    session.close()
    lock = workspace / "sessions" / f".{sid}.lock"
    lock.write_text(json.dumps({"pid": 999999, "host": "another-laptop", "since": 0}))
    store = SessionStore(workspace / "sessions")
    with pytest.raises(SessionHeldElsewhere):
        store.open(sid)
    assert lock.exists() and "another-laptop" in lock.read_text()
    again = store.open(sid, from_elsewhere=True)
    assert again.took_over_lock == 999999
    again.close()


def test_no_posix_only_name_is_imported_at_module_level() -> None:
    """The modules import on a platform without fcntl (checked in a fresh process)."""
    import subprocess

    code = ("import sys; sys.modules['fcntl'] = None\n"
            "import cardgame.storage.store, cardgame.storage.lock, cardgame.app\n"
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


@pytest.mark.parametrize("platform", ["exclusive-file"], indirect=True)
async def test_r12_the_first_window_says_plainly_that_it_cannot_save_any_more(
        platform: str, workspace: Path, tmp_path: Path) -> None:
    """Without an OS lock only the lock file guards a session: removed, a second cardgame
    gets in. The first stops writing, keeps its changes for a copy, and does not promise a
    retry that cannot help."""
    from textual.widgets import Button, Static

    from cardgame.app import create_app
    from cardgame.screens.unsaved import UnsavedDialog
    from cardgame.storage.workspace import Workspace
    from tests.helpers import FIXTURE_DECKS

    folder = workspace / "sessions"
    session, _ = new_session(folder)
    sid = session.meta.id
    session.close()
    app = create_app(Workspace(workspace, (FIXTURE_DECKS,), include_bundled=False),
                     open_session=sid, settings_path=tmp_path / "settings.toml")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        (folder / f".{sid}.lock").unlink()
        second = SessionStore(folder).open(sid)
        second.set(("answer", "test-themes", "aeldre", "g2", "rating"), 2)
        await pilot.press("4", "q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, UnsavedDialog)
        said = " ".join(str(s.render()) for s in dialog.query(Static))
        assert "En anden cardgame har åbnet sessionen" in said
        assert "hvert andet sekund" not in said
        assert [b.id for b in dialog.query(Button)] == ["copy", "leave", "stay"]
        await pilot.press("escape")
        second.close()
