"""The session store under faults: torn appends, failed writes, crashes mid-rewrite, locks."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from cardgame.domain.errors import (
    SessionCorrupt,
    SessionError,
    SessionHeldElsewhere,
    SessionLocked,
    SessionNewer,
)
from cardgame.domain.session import SessionMeta, default_groups
from cardgame.i18n import set_language
from cardgame.storage.store import SessionStore

RATING = ("answer", "velfaerd", "aeldre", "g1", "rating")


def meta(sid: str = "s1", title: str = "Temadag") -> SessionMeta:
    return SessionMeta(id=sid, title=title, date=date(2026, 11, 22),
                       created=datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc),
                       groups=default_groups(3))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The messages below are asserted in English."""
    set_language("en")
    yield
    set_language("da")


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


def filled(store: SessionStore, n: int = 5) -> Path:
    session = store.create(meta())
    for i in range(n):
        session.set(("answer", "d", f"c{i}", "g1", "rating"), i % 5 + 1)
    session.close()
    return session.path


def test_recorded_answers_survive_close_and_reopen(store: SessionStore) -> None:
    session = store.create(meta())
    session.set(RATING, 4)
    session.set(("answer", "velfaerd", "aeldre", "g1", "note"), 'Note with "quotes"\nand | #')
    session.view(deck="velfaerd", card="aeldre", group="g2")
    session.close()
    again = store.open("s1")
    assert again.state.get(*RATING) == 4
    assert again.state.get("answer", "velfaerd", "aeldre", "g1", "note") == \
        'Note with "quotes"\nand | #'
    assert again.state.cursor == {"deck": "velfaerd", "card": "aeldre", "group": "g2"}
    again.close()


def test_each_record_is_on_disk_before_it_returns(store: SessionStore) -> None:
    session = store.create(meta())
    session.set(RATING, 2)
    # Read the file as another process would, without closing the session.
    assert b'key = ["answer", "velfaerd", "aeldre", "g1", "rating"]' in session.path.read_bytes()
    session.close()


def test_torn_append_is_cut_away_with_nothing_earlier_lost(store: SessionStore) -> None:
    path = filled(store, 5)
    data = path.read_bytes()
    last = data.rfind(b"[[events]]")
    for cut in (last + 5, last + 40, len(data) - 3):
        path.write_bytes(data[:cut])
        session = store.open("s1")
        assert len(session.events) == 4
        assert session.state.get("answer", "d", "c3", "g1", "rating") == 4
        assert any("incomplete" in str(n) for n in session.notices)
        session.set(RATING, 5)  # appending after a repair gives a clean file
        session.close()
        reopened = store.open("s1")
        assert len(reopened.events) == 5 and reopened.state.get(*RATING) == 5
        reopened.close()
    assert list(path.parent.glob("s1.toml.torn-*")), "a copy of the damaged file is kept"


def test_torn_start_of_a_block_header_is_cut_away(store: SessionStore) -> None:
    path = filled(store, 3)
    with open(path, "ab") as handle:
        handle.write(b"\n[[eve")
    session = store.open("s1")
    assert len(session.events) == 3
    session.close()


def test_damaged_middle_event_is_left_out_and_the_rest_kept(store: SessionStore) -> None:
    """F4: a damaged record in the middle costs that record only, and the user is told."""
    path = filled(store, 5)
    data = bytearray(path.read_bytes())
    spot = data.find(b'"c1"')
    data[spot + 1:spot + 3] = b"zz"
    path.write_bytes(bytes(data))
    session = store.open("s1")
    kept = {key[2] for key in session.state.values}
    assert kept == {"c0", "c2", "c3", "c4"}
    notices = session.take_notices()
    assert "1 record was damaged" in str(notices[0])
    assert "Record 2 of 5" in str(notices[1])
    copies = list(path.parent.glob("s1.toml.damaged-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == bytes(data)
    session.set(RATING, 5)
    session.close()
    again = store.open("s1")
    assert again.take_notices() == [], "the rewritten file is healthy"
    assert len(again.state.values) == 5
    again.close()


@pytest.mark.parametrize("content", [b"", b"\x00\xff\xfe junk \x89PNG" * 50, b"schema = 1\n"])
def test_junk_files_get_a_clear_message(store: SessionStore, content: bytes) -> None:
    store.folder.mkdir(parents=True)
    path = store.path_of("junk")
    path.write_bytes(content)
    with pytest.raises(SessionCorrupt) as caught:
        store.open("junk")
    assert "junk.toml" in str(caught.value) and "has not been changed" in str(caught.value)
    assert path.read_bytes() == content


def test_newer_schema_is_refused_untouched(store: SessionStore) -> None:
    path = filled(store, 1)
    data = path.read_bytes().replace(b"schema = 2", b"schema = 7", 1)
    path.write_bytes(data)
    with pytest.raises(SessionNewer, match="newer cardgame"):
        store.open("s1")
    with pytest.raises(SessionNewer, match="newer cardgame"):
        store.read("s1")
    assert store.summaries()[0].condition == "newer"
    assert path.read_bytes() == data


def test_crash_between_temp_file_and_replace_leaves_old_session(
        store: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled(store, 3)
    before = path.read_bytes()
    session = store.open("s1")
    renamed = session.meta.model_copy(update={"title": "Nyt navn"})

    real_replace = os.replace

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst) == str(path):
            raise OSError(errno.EIO, "simulated crash")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SessionError, match="cannot be saved"):
        session.update_meta(renamed)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".s1.toml.*.tmp")), "the temporary file is cleaned up"
    session.close()


def test_backup_is_the_previous_version(store: SessionStore) -> None:
    path = filled(store, 2)
    session = store.open("s1")
    previous = path.read_bytes()
    session.update_meta(session.meta.model_copy(update={"title": "Omdøbt"}))
    backup = path.with_name("s1.toml.bak")
    assert backup.read_bytes() == previous
    session.set(RATING, 1)
    session.close()
    reopened = store.open("s1")
    assert reopened.meta.title == "Omdøbt" and len(reopened.events) == 3
    reopened.close()


def test_rewrite_keeps_file_permissions(store: SessionStore) -> None:
    path = filled(store, 1)
    os.chmod(path, 0o640)
    session = store.open("s1")
    session.update_meta(session.meta.model_copy(update={"facilitator": "Anne"}))
    session.close()
    assert path.stat().st_mode & 0o777 == 0o640


def test_restore_backup_of_a_damaged_file(store: SessionStore) -> None:
    path = filled(store, 2)
    session = store.open("s1")
    session.update_meta(session.meta.model_copy(update={"title": "B"}))
    session.close()
    path.write_bytes(b"\x00garbage")
    with pytest.raises(SessionCorrupt) as caught:
        store.open("s1")
    assert caught.value.backup == path.with_name("s1.toml.bak")
    assert "s1.toml.bak" in str(caught.value)
    store.restore_backup("s1")
    restored = store.open("s1")
    assert len(restored.events) == 2
    restored.close()
    assert list(path.parent.glob("s1.toml.damaged-*"))


def test_failed_write_keeps_answer_in_memory_and_catches_up(
        store: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    session = store.create(meta())
    session.set(RATING, 1)
    before = session.path.read_bytes()
    real_write = os.write

    def disk_full(fd: int, data: bytes) -> int:
        real_write(fd, data[: len(data) // 2])  # half a block reaches the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", disk_full)
    session.set(RATING, 2)
    session.set(("answer", "velfaerd", "aeldre", "g1", "note"), "kept in memory")
    assert not session.status.ok and session.status.pending == 2
    assert session.pending == 2, "F13: the count is live"
    assert str(session.status.error) == "the disk is full", "F14: said in the interface language"
    assert session.state.get(*RATING) == 2
    assert session.path.read_bytes() == before, "the file on disk is not damaged"
    monkeypatch.undo()
    assert session.flush().ok
    session.close()
    again = store.open("s1")
    assert again.state.get(*RATING) == 2
    assert again.state.get("answer", "velfaerd", "aeldre", "g1", "note") == "kept in memory"
    again.close()


def test_second_opener_in_this_process_is_refused(store: SessionStore) -> None:
    first = store.create(meta())
    with pytest.raises(SessionLocked, match="already open in another cardgame"):
        store.open("s1")
    first.close()
    store.open("s1").close()


def test_second_opener_in_another_process_is_refused(store: SessionStore) -> None:
    first = store.create(meta())
    code = (
        "import sys\nfrom pathlib import Path\nfrom cardgame.storage.store import SessionStore\n"
        "from cardgame.domain.errors import SessionLocked\n"
        f"try:\n    SessionStore(Path({str(store.folder)!r})).open('s1')\n"
        "except SessionLocked as e:\n    print(e); sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 3, result.stderr
    assert f" {os.getpid()} " in result.stdout, result.stdout
    first.close()


def test_stale_lock_of_a_dead_process_is_taken_over(store: SessionStore) -> None:
    filled(store, 1)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True)
    lock = store.folder / ".s1.lock"
    lock.write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(),
                                "since": 0}))
    session = store.open("s1")
    assert session.took_over_lock == int(dead.stdout)
    session.close()


def test_a_lock_file_from_another_computer_is_asked_about_not_taken(
        store: SessionStore) -> None:
    """R16: a synced folder brings the lock file of a laptop that has the session open; this
    computer cannot tell whether it still has, so it asks, and takes over only when told."""
    filled(store, 1)
    lock = store.folder / ".s1.lock"
    held = {"pid": 4242, "host": "raadhus-pc-17", "since": 1_700_000_000}
    lock.write_text(json.dumps(held))
    with pytest.raises(SessionHeldElsewhere) as refused:
        store.open("s1")
    assert "raadhus-pc-17" in str(refused.value)
    assert json.loads(lock.read_text()) == held, "the other computer's lock file is untouched"
    session = store.open("s1", from_elsewhere=True)
    assert session.took_over_lock == 4242
    session.close()
    assert lock.read_text() == "", "closed cleanly: no computer is named any more"
    store.open("s1").close()


def test_lock_of_a_killed_process_is_taken_over(store: SessionStore) -> None:
    filled(store, 1)
    code = (
        "import sys, time\nfrom pathlib import Path\n"
        "from cardgame.storage.store import SessionStore\n"
        f"s = SessionStore(Path({str(store.folder)!r})).open('s1')\n"
        "print('open', flush=True)\ntime.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "open"
    with pytest.raises(SessionLocked):
        store.open("s1")
    child.kill()
    child.wait()
    store.open("s1").close()


def test_list_is_newest_first_and_counts_net_actions(store: SessionStore) -> None:
    filled(store, 3)
    second = store.create(meta("s2", "Anden"))
    second.set(RATING, 3)
    second.set(RATING, 4)
    second.undo()
    second.close()
    os.utime(store.path_of("s1"), (1, 1))
    listing = store.summaries()
    assert [s.id for s in listing] == ["s2", "s1"]
    assert listing[0].recorded == 1 and listing[1].recorded == 3
    assert listing[0].groups == ["Gruppe 1", "Gruppe 2", "Gruppe 3"]


def test_save_cost_does_not_grow_with_the_log(store: SessionStore) -> None:
    session = store.create(meta())
    sizes = []
    for i in range(300):
        before = session.path.stat().st_size
        session.set(("answer", "d", f"c{i}", "g1", "rating"), 3)
        sizes.append(session.path.stat().st_size - before)
    session.close()
    assert max(sizes) - min(sizes) < 10, "each save appends one small block, never a rewrite"
