"""Following a session recorded elsewhere: only new bytes read, every fault met calmly."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import pytest

from cardgame.domain.session import rename_group
from cardgame.domain.themeday import ThemeDay
from cardgame.i18n import t
from cardgame.storage import follow as follow_module
from cardgame.storage import lock as lock_module
from cardgame.storage.follow import (
    CLOSED,
    OPEN,
    STOPPED,
    SessionFollower,
    WorkspaceFollower,
    holder_state,
    latest_session,
    open_session,
)
from cardgame.storage.opened import OpenSession
from cardgame.storage.sessionfile import good_end, read_appended
from cardgame.storage.store import SessionStore
from tests.helpers import fixture_library, new_session, theme_day_meta

RATING = ("answer", "test-themes", "aeldre", "g1", "rating")
G2 = ("answer", "test-themes", "aeldre", "g2", "rating")


def another_session(folder: Path, sid: str) -> OpenSession:
    library = fixture_library()
    decks = [library.decks[d] for d in ("test-themes", "test-formats", "test-roles")]
    return SessionStore(folder).create(theme_day_meta(decks, 3, sid=sid), decks)


def dead_pid() -> int:
    """A pid that runs no process (a child that has ended and been reaped)."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_appended_events_are_read_without_reading_the_file_again(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    follower = SessionFollower(session.path, decks)
    day = ThemeDay(session.meta, session.decks, session)
    for number in (4, 2, 5):
        day.record_number(number)
        assert follower.poll()
    assert follower.state.values == session.state.values
    assert follower.reloads == 1  # only the first read was whole
    assert not follower.poll()  # nothing new: nothing done
    session.close()


def test_a_block_still_being_written_waits_for_its_end(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    follower = SessionFollower(session.path, decks)
    before = session.path.read_bytes()
    session.set(RATING, 3)
    whole = session.path.read_bytes()
    block = whole[len(before):]
    session.close()
    session.path.write_bytes(before + block[: len(block) // 2])  # half of it, as a slow disk
    assert not follower.poll()
    assert RATING not in follower.state.values
    session.path.write_bytes(whole)
    assert follower.poll()
    assert follower.state.values[RATING] == 3
    assert follower.reloads == 1


def test_a_rewritten_file_is_read_again_from_the_start(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    follower = SessionFollower(session.path, decks)
    renamed = rename_group(session.meta, "g1", "Bord ved vinduet")
    assert renamed is not None
    session.update_meta(renamed)  # a new header: the store writes the whole file again
    assert follower.poll()
    assert follower.meta is not None and follower.meta.group_name("g1") == "Bord ved vinduet"
    assert follower.reloads == 2
    session.set(RATING, 2)
    assert follower.poll() and follower.state.values[RATING] == 2
    assert follower.reloads == 2
    session.close()


def test_a_damaged_append_is_read_as_the_store_reads_it(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    session.set(RATING, 3)
    follower = SessionFollower(session.path, decks)
    session.set(G2, 4)
    session.close()
    data = bytearray(session.path.read_bytes())
    data[-30] ^= 0x01  # one flipped byte in the last block
    session.path.write_bytes(bytes(data))
    assert follower.poll()
    assert follower.reloads == 2
    assert follower.state.values[RATING] == 3  # what was good stays
    assert G2 not in follower.state.values  # a damaged last block is a torn append
    assert not follower.poll() and follower.reloads == 2  # not read again and again
    reopened = SessionStore(workspace / "sessions").open(session.path.stem, decks)
    reopened.set(G2, 1)  # the facilitator goes on
    reopened.close()
    assert follower.poll()
    assert follower.state.values[G2] == 1
    assert follower.problem == ""


def test_a_deleted_file_is_said_calmly_and_followed_again_when_back(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    session.set(RATING, 3)
    follower = SessionFollower(session.path, decks)
    kept = session.path.read_bytes()
    session.close()
    session.path.unlink()
    assert follower.poll()
    assert str(follower.problem) == t("store.file_gone", name=session.path.name)
    assert follower.state.values[RATING] == 3  # the last state stays on the wall
    assert not follower.poll()  # said once
    session.path.write_bytes(kept)
    assert follower.poll()
    assert follower.problem == ""
    assert follower.state.values[RATING] == 3


def test_a_file_that_cannot_be_read_at_first_says_why(workspace: Path) -> None:
    folder = workspace / "sessions"
    folder.mkdir()
    missing = SessionFollower(folder / "nobody.toml")
    assert missing.meta is None
    assert str(missing.problem) == t("store.file_gone", name="nobody.toml")
    broken = folder / "broken.toml"
    broken.write_text("this is not a session\n", encoding="utf-8")
    follower = SessionFollower(broken)
    assert follower.meta is None and follower.problem


def test_read_appended_stops_at_damage_and_at_a_partial_block(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    start = good_end(session.path.read_bytes(), "s")
    session.set(RATING, 3)
    session.set(RATING, 4)
    data = session.path.read_bytes()[start:]
    found = read_appended(data, 1, 0, "s")
    assert [e.value for e in found.events] == [3, 4] and found.consumed == len(data)
    partial = read_appended(data[:-5], 1, 0, "s")
    assert [e.value for e in partial.events] == [3] and not partial.damaged
    damaged = bytearray(data)
    damaged[20] ^= 0x01
    assert read_appended(bytes(damaged), 1, 0, "s").damaged
    session.close()


def test_whether_the_facilitator_records_is_read_from_the_lock(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    follower = SessionFollower(session.path, decks)
    assert follower.facilitator() == OPEN
    session.close()
    assert follower.facilitator() == CLOSED
    follower.lock_path.write_text(json.dumps({"pid": dead_pid(), "host": socket.gethostname(),
                                              "since": time.time()}))
    assert follower.facilitator() == STOPPED  # ended without closing (killed, crashed)
    follower.lock_path.write_text(json.dumps({"pid": 1, "host": "another-pc"}))
    assert follower.facilitator() == OPEN  # cannot be checked from here: assumed open
    follower.lock_path.write_text("not json")
    assert follower.facilitator() == CLOSED
    assert holder_state({}) == CLOSED


def test_the_workspace_follower_moves_to_the_session_being_recorded(workspace: Path) -> None:
    folder = workspace / "sessions"
    assert WorkspaceFollower(folder).current is None  # nothing yet: the wall waits
    first, decks = new_session(folder)
    first.close()
    waiting = WorkspaceFollower(folder, decks)
    assert waiting.current is not None and waiting.current.path == first.path  # the latest
    second = another_session(folder, "second-day")
    assert open_session(folder) == second.path
    waiting._scanned = 0.0  # as if a second had passed
    assert waiting.poll()
    assert waiting.current.path == second.path
    assert waiting.facilitator(every=0) == OPEN
    second.close()
    assert waiting.facilitator(every=0) == CLOSED
    waiting._scanned = 0.0
    waiting.poll()
    assert waiting.current.path == second.path  # nobody records: it stays where it was


def test_a_fixed_session_is_followed_whatever_else_opens(workspace: Path) -> None:
    folder = workspace / "sessions"
    first, decks = new_session(folder)
    first.close()
    fixed = WorkspaceFollower(folder, decks, first.path)
    second = another_session(folder, "second-day")
    fixed._scanned = 0.0
    fixed.poll()
    assert fixed.current is not None and fixed.current.path == first.path
    second.close()


def test_latest_and_open_session_in_a_missing_folder(workspace: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert latest_session(workspace / "nowhere") is None
    assert open_session(workspace / "nowhere") is None

    def refuse(*_: object) -> list[Path]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "glob", refuse)
    assert latest_session(workspace) is None
    assert open_session(workspace) is None


class FakeKernel32:
    """The three calls `alive` makes on Windows, answering as Windows would."""

    def __init__(self, handle: int, exit_code: int = 259, last_error: int = 0,
                 query_ok: bool = True) -> None:
        self.handle, self.exit_code, self.last_error = handle, exit_code, last_error
        self.query_ok = query_ok
        self.closed: list[int] = []

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:  # noqa: N802
        assert access == lock_module.QUERY_LIMITED_INFORMATION and not inherit
        return self.handle

    def GetLastError(self) -> int:  # noqa: N802
        return self.last_error

    def GetExitCodeProcess(self, handle: int, code: object) -> int:  # noqa: N802
        code._obj.value = self.exit_code  # type: ignore[attr-defined]  # ctypes.byref
        return int(self.query_ok)

    def CloseHandle(self, handle: int) -> int:  # noqa: N802
        self.closed.append(handle)
        return 1


@pytest.mark.parametrize(("kernel", "expected"), [
    (FakeKernel32(7, exit_code=259), True),  # STILL_ACTIVE
    (FakeKernel32(7, exit_code=0), False),  # it ended
    (FakeKernel32(0, last_error=5), True),  # access denied: it runs, as another user
    (FakeKernel32(0, last_error=87), False),  # no such process
    (FakeKernel32(7, query_ok=False), True),  # cannot tell: never call a holder dead
])
def test_alive_asks_the_windows_kernel_and_never_kills(
        monkeypatch: pytest.MonkeyPatch, kernel: FakeKernel32, expected: bool) -> None:
    import ctypes

    def no_kill(*_: object) -> None:
        raise AssertionError("os.kill ends a process on Windows: it must not be called")

    monkeypatch.setattr(lock_module, "windows", lambda: True)
    monkeypatch.setattr(ctypes, "windll", type("W", (), {"kernel32": kernel}), raising=False)
    monkeypatch.setattr(os, "kill", no_kill)
    assert lock_module.alive(4242) is expected
    if kernel.handle:
        assert kernel.closed == [kernel.handle]


def test_alive_refuses_what_is_not_a_pid() -> None:
    assert not lock_module.alive(True)
    assert not lock_module.alive("123")
    assert not lock_module.alive(-1)
    assert lock_module.alive(os.getpid())


def test_the_follower_reads_the_lock_without_taking_it(workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    follower = WorkspaceFollower(workspace / "sessions", decks)
    for _ in range(3):
        follower.poll()
        follower.facilitator(every=0)
    session.set(RATING, 5)  # the facilitator still records: the lock is still its own
    assert session.status.ok
    follower.poll()
    assert follower.current is not None and follower.current.state.values[RATING] == 5
    session.close()
    assert SessionStore(workspace / "sessions").open(session.path.stem, decks).state.values[
        RATING] == 5


def test_scan_interval_is_respected(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = workspace / "sessions"
    first, decks = new_session(folder)
    follower = WorkspaceFollower(folder, decks)
    calls: list[Path] = []
    real = follow_module.open_session

    def counting(where: Path) -> Path | None:
        calls.append(where)
        return real(where)

    monkeypatch.setattr(follow_module, "open_session", counting)
    for _ in range(10):
        follower.poll()
    assert calls == []  # within the first second: no scan of the folder
    first.close()
