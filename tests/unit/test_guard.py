"""The guard around an open session's file: a foreign file is moved aside or copied, never
lost; a backup that cannot be written costs nothing; a copy goes where it is asked, or says
why not; a rescue copy goes beside the session, else home, else is said to be impossible."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cardgame.domain.errors import SessionError
from cardgame.storage import guard as guard_module
from cardgame.storage.guard import SessionGuard
from cardgame.storage.lock import SessionLock

DATA = b"schema = 2\n"


@pytest.fixture
def guarded(tmp_path: Path) -> SessionGuard:
    path = tmp_path / "sessions" / "2026-12-07-dag.toml"
    path.parent.mkdir()
    path.write_bytes(b"not ours")
    return SessionGuard(path, SessionLock(path.with_name(".2026-12-07-dag.lock"), "dag",
                                          session=path))


def _refuse(*_: object, **__: object) -> None:
    raise PermissionError(13, "Permission denied")


def test_a_foreign_file_is_moved_aside(guarded: SessionGuard) -> None:
    said = guarded.keep_foreign("replaced")
    assert said is not None and said.key == "store.kept_foreign"
    kept = guarded.path.with_name(str(said.values["copy"]))
    assert kept.read_bytes() == b"not ours" and not guarded.path.exists()


def _cannot_move(guarded: SessionGuard, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session file cannot be renamed (a sync tool holds it open, as on Windows)."""
    real = os.replace

    def refuse_it(src: object, dst: object) -> None:
        if Path(str(src)) == guarded.path:
            raise PermissionError(13, "Permission denied")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refuse_it)


def test_a_foreign_file_that_cannot_move_is_copied(guarded: SessionGuard,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _cannot_move(guarded, monkeypatch)
    said = guarded.keep_foreign("changed")
    assert said is not None
    assert guarded.path.with_name(str(said.values["copy"])).read_bytes() == b"not ours"
    assert guarded.path.read_bytes() == b"not ours", "left where it was, and kept beside it"


def test_a_foreign_file_that_cannot_be_copied_either_is_said(
        guarded: SessionGuard, monkeypatch: pytest.MonkeyPatch) -> None:
    _cannot_move(guarded, monkeypatch)
    monkeypatch.setattr(guard_module, "copy_file", _refuse)
    assert guarded.keep_foreign("changed") is None
    assert guarded.path.read_bytes() == b"not ours", "nothing lost"


def test_a_backup_that_cannot_be_written_costs_nothing(
        guarded: SessionGuard, monkeypatch: pytest.MonkeyPatch) -> None:
    guarded.refresh_backup(DATA)
    backup = guarded.path.with_name(guarded.path.name + ".bak")
    assert backup.read_bytes() == DATA
    monkeypatch.setattr(guard_module, "keep_copy", _refuse)
    guarded.refresh_backup(b"newer")
    assert backup.read_bytes() == DATA


def test_a_copy_into_a_folder_takes_the_sessions_name(guarded: SessionGuard,
                                                      tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    written = guarded.save_copy(stick, DATA)
    assert written == stick / guarded.path.name and written.read_bytes() == DATA


def test_a_copy_that_cannot_be_written_says_where_and_why(
        guarded: SessionGuard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard_module, "atomic_write", _refuse)
    with pytest.raises(SessionError) as refused:
        guarded.save_copy(tmp_path / "usb" / "kopi.toml", DATA)
    assert refused.value.key == "store.cannot_copy"
    assert "kopi.toml" in str(refused.value)


def test_a_rescue_copy_goes_beside_the_session_else_home_else_nowhere(
        guarded: SessionGuard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    beside = guarded.rescue(DATA)
    assert beside is not None and beside.parent == guarded.path.parent
    assert beside.name.startswith("2026-12-07-dag.unsaved-") and beside.read_bytes() == DATA

    from cardgame.storage.atomic import atomic_write as real

    def only_home(target: Path, data: bytes, **kwargs: bool) -> None:
        if target.parent != home:
            raise PermissionError(13, "Permission denied")
        real(target, data, **kwargs)

    monkeypatch.setattr(guard_module, "atomic_write", only_home)
    at_home = guarded.rescue(DATA)
    assert at_home is not None and at_home.parent == home
    monkeypatch.setattr(guard_module, "atomic_write", _refuse)
    assert guarded.rescue(DATA) is None
