"""A hostile but ordinary machine: sync tools that delete and replace files, a lock file that
vanishes, a flipped byte, a deck edited between two meetings. Each F-line of
`fault-findings.md` is reproduced here and nothing recorded is lost (F2, F3, F4, F10, F12)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from cardgame.domain.errors import SessionLocked
from cardgame.domain.session import default_groups, new_meta
from cardgame.i18n import set_language
from cardgame.storage.store import DAMAGED, SessionStore
from cardgame.storage.workspace import DeckLibrary
from tests.helpers import FIXTURE_DECKS, new_session

RATING = ("answer", "test-themes", "aeldre", "g1", "rating")


@pytest.fixture(autouse=True)
def danish() -> None:
    set_language("da")


def keys_in(path: Path) -> set[tuple[str, ...]]:
    store = SessionStore(path.parent)
    return set(store.read(path.stem).state.values)


# F2: the file on disk is the file we think it is -----------------------------------------------

def test_f2_a_deleted_file_is_written_again_from_memory(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.set(RATING, 4)
    os.remove(session.path)  # a sync tool removes it
    session.set(("answer", "test-themes", "aeldre", "g2", "rating"), 5)
    assert session.status.ok
    notices = [str(n) for n in session.take_notices()]
    assert any("var slettet" in n and "skrevet igen fra hukommelsen" in n for n in notices)
    assert session.path.exists()
    assert keys_in(session.path) == {RATING, ("answer", "test-themes", "aeldre", "g2",
                                              "rating")}
    session.set(("answer", "test-themes", "aeldre", "g3", "rating"), 1)
    session.close()
    again = SessionStore(session.path.parent).open(session.meta.id)
    assert len(again.state.values) == 3 and again.decks.keys() == session.decks.keys()
    again.close()


def test_f2_a_file_replaced_by_rename_is_kept_aside(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.set(RATING, 4)
    foreign = session.path.with_name("conflicted copy.toml")
    foreign.write_bytes(b"# OneDrive's idea of the file\n")
    os.replace(foreign, session.path)  # the sync tool puts its own version in place
    session.set(RATING, 2)
    notices = [str(n) for n in session.take_notices()]
    assert any("erstattet af en anden fil" in n for n in notices)
    kept = list(session.path.parent.glob(f"{session.path.name}.replaced-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"# OneDrive's idea of the file\n"
    assert SessionStore(session.path.parent).read(session.meta.id).state.get(*RATING) == 2
    session.close()


def test_f2_a_file_changed_from_outside_is_kept_aside(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.set(RATING, 4)
    with open(session.path, "ab") as handle:
        handle.write(b"\n# someone's editor added this\n")
    session.set(RATING, 3)
    assert any("ændret udefra" in str(n) for n in session.take_notices())
    changed = list(session.path.parent.glob(f"{session.path.name}.changed-*"))
    assert len(changed) == 1 and changed[0].read_bytes().endswith(b"added this\n")
    session.close()
    assert SessionStore(session.path.parent).read(session.meta.id).state.get(*RATING) == 3


def test_f6_saved_means_in_the_file(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """F6: "Gemt" is reported only after the bytes are written and fsynced."""
    session, _ = new_session(workspace / "sessions")
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        synced.append(session.path.stat().st_size)

    monkeypatch.setattr(os, "fsync", fsync)
    session.set(RATING, 4)
    assert session.status.ok and synced and synced[-1] == session.path.stat().st_size
    assert session.status.saved_at is not None
    session.close()


# F3: one writer, whatever happens to the lock file ---------------------------------------------

def test_f3_a_removed_lock_file_does_not_let_a_second_writer_in(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.set(RATING, 4)
    lock = session.path.with_name(f".{session.meta.id}.lock")
    lock.unlink()
    with pytest.raises(SessionLocked, match="allerede åben i en anden cardgame"):
        SessionStore(session.path.parent).open(session.meta.id)
    session.set(RATING, 5)
    assert session.status.ok, "the first writer goes on; its lock file is made again"
    assert lock.exists()
    session.close()
    assert SessionStore(session.path.parent).read(session.meta.id).state.get(*RATING) == 5


HOLDER = """
import sys, time
from cardgame.storage.store import SessionStore
session = SessionStore(__import__("pathlib").Path(sys.argv[1])).open(sys.argv[2])
session.set(("answer", "test-themes", "aeldre", "g1", "rating"), 1)
print("holding", flush=True)
sys.stdin.readline()
session.set(("answer", "test-themes", "aeldre", "g2", "rating"), 2)
print("status", session.status.ok, session.status.lock_lost, flush=True)
session.close()
"""


def test_f3_two_processes_and_a_removed_lock_file(workspace: Path) -> None:
    """F3 as found: window a holds the session, the lock file is removed, window b opens."""
    session, _ = new_session(workspace / "sessions")
    sid, folder = session.meta.id, session.path.parent
    session.close()
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder), sid],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "holding"
        (folder / f".{sid}.lock").unlink()
        with pytest.raises(SessionLocked):
            SessionStore(folder).open(sid)
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().split() == ["status", "True", "False"]
    finally:
        child.wait(timeout=20)
    read = SessionStore(folder).read(sid)
    assert read.notices == [] and len(read.state.values) == 2, "one writer, nothing damaged"


# F4, F12: salvage, the same words everywhere ---------------------------------------------------

def damaged_session(workspace: Path) -> tuple[Path, str]:
    session, _ = new_session(workspace / "sessions")
    for group, rating in (("g1", 4), ("g2", 2), ("g3", 5)):
        session.set(("answer", "test-themes", "aeldre", group, "rating"), rating)
    session.set(("answer", "test-themes", "aeldre", "g2", "note"), "Pårørende vil gerne")
    session.close()
    data = bytearray(session.path.read_bytes())
    spot = data.find(b'value = 2\n')
    data[spot + 8] = ord("7")  # one flipped byte in the middle: the rating 2 reads 7
    session.path.write_bytes(bytes(data))
    return session.path, session.meta.id


def test_f4_f12_list_read_and_open_say_the_same(workspace: Path) -> None:
    path, sid = damaged_session(workspace)
    store = SessionStore(path.parent)
    before = path.read_bytes()
    [summary] = store.summaries()
    assert summary.condition == DAMAGED
    assert str(summary.problem) == "1 beskadiget registrering udelades, når den åbnes"
    read = store.read(sid)
    assert str(read.notices[0]) == "1 beskadiget registrering er udeladt:"
    assert str(read.notices[1]) == ("Registrering 2 af 4: Gruppe 2's vurdering af «Ældreområdet»: "
                               "«7»"), "what it was, as far as it can be read"
    assert path.read_bytes() == before, "listing and reading write nothing"
    session = store.open(sid)
    notices = [str(n) for n in session.take_notices()]
    assert notices[0].startswith("1 registrering var beskadiget og er taget ud")
    assert notices[1] == str(read.notices[1])
    values = session.state.values
    assert values[("answer", "test-themes", "aeldre", "g3", "rating")] == 5, \
        "records after the damage survive"
    assert values[("answer", "test-themes", "aeldre", "g2", "note")] == "Pårørende vil gerne"
    session.close()
    assert store.summaries()[0].condition == "ok"


def test_f4_export_of_a_damaged_session_warns_and_exports(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cardgame.__main__ import main

    path, sid = damaged_session(workspace)
    assert main(["--decks-dir", str(FIXTURE_DECKS), "export", sid]) == 0
    out = capsys.readouterr()
    assert "cardgame: bemærk: 1 beskadiget registrering er udeladt:" in out.err
    exported = Path(out.out.strip()).read_text(encoding="utf-8")
    assert "Pårørende vil gerne" in exported


def test_f4_a_backup_is_kept_on_open_and_close(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.set(RATING, 4)
    session.close()
    backup = session.path.with_name(session.path.name + ".bak")
    assert backup.read_bytes() == session.path.read_bytes()


# F10: a session keeps the cards it was played with ---------------------------------------------

def influence_deck_file(folder: Path, rings: list[str], version: str) -> Path:
    source = (FIXTURE_DECKS / "influence.toml").read_text(encoding="utf-8")
    start = source.index("rings = [")
    end = source.index("]", start)
    text = source[:start] + "rings = [" + ", ".join(f'"{r}"' for r in rings) + source[end:]
    text = text.replace('version = "1.0"', f'version = "{version}"', 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "influence.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_f10_a_revised_deck_does_not_relabel_old_placements(workspace: Path) -> None:
    first = influence_deck_file(workspace / "v1", ["Ingen", "Lidt", "Meget", "Afgørende"], "1.0")
    deck = DeckLibrary.load([first]).decks["test-influence"]
    meta = new_meta("Kortlægning", date(2026, 11, 22), datetime(2026, 11, 22, tzinfo=timezone.utc),
                    default_groups(1), [deck], set(), kind="influence-map",
                    actors=["Kommunaldirektøren"])
    store = SessionStore(workspace / "sessions")
    session = store.create(meta, [deck])
    session.set(("place", "test-influence", "strategi", "Kommunaldirektøren", "g1", "today"), 3)
    session.close()
    first.unlink()  # the old deck is gone …
    revised = influence_deck_file(workspace / "v2", ["A", "B", "C", "D", "E"], "2.0")
    newer = DeckLibrary.load([revised]).decks  # … and a revised one has the same id
    read = store.read(meta.id, newer)
    assert read.decks["test-influence"].circle.rings[3] == "Afgørende", "the played rings"
    from cardgame.export.markdown import render_session

    text = render_session(read.meta, read.state, read.decks, events=read.events)
    assert "Afgørende" in text and "version 1.0" in text
    reopened = store.open(meta.id, newer)
    assert reopened.decks["test-influence"].info.version == "1.0"
    reopened.replace_deck(newer["test-influence"], newer["test-influence"].raw)
    reopened.close()
    after = store.read(meta.id, {})
    assert after.decks["test-influence"].circle.rings == ["A", "B", "C", "D", "E"]
    assert after.meta.decks[0].version == "2.0"


def test_f10_a_kept_deck_that_was_tampered_with_falls_back(workspace: Path) -> None:
    session, library = new_session(workspace / "sessions", deck_ids=["test-themes"])
    session.close()
    data = session.path.read_bytes().replace(b"#|title = \"Testtemaer\"", b"#|title = \"Andet\"")
    session.path.write_bytes(data)
    read = SessionStore(session.path.parent).read(session.meta.id, library)
    assert read.decks["test-themes"].info.title == "Testtemaer", "the workspace's equal deck"
    alone = SessionStore(session.path.parent).read(session.meta.id, {})
    assert "findes hverken i sessionsfilen" in " ".join(map(str, alone.notices))


def test_schema_1_sessions_are_migrated_on_open(workspace: Path) -> None:
    """A session from the cardgame before kept decks opens and gets its decks kept."""
    session, library = new_session(workspace / "sessions", deck_ids=["test-themes"])
    session.set(RATING, 4)
    session.close()
    text = session.path.read_text(encoding="utf-8")
    start = text.index("# --- kept deck")
    end = text.index("# --- events")
    old = text[:start].replace("schema = 2", "schema = 1", 1) + text[end:]
    session.path.write_text(old, encoding="utf-8")
    store = SessionStore(session.path.parent)
    reopened = store.open(session.meta.id, library)
    assert reopened.meta.schema_ == 2 and "test-themes" in reopened.decks
    assert reopened.state.get(*RATING) == 4
    reopened.close()
    assert b"# --- kept deck test-themes" in session.path.read_bytes()
    assert store.read(session.meta.id, {}).decks["test-themes"].info.title == "Testtemaer"


def test_lock_of_a_crashed_process_is_taken_over_and_said(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    sid, folder = session.meta.id, session.path.parent
    session.close()
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder), sid],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    child.kill()
    child.wait()
    time.sleep(0.1)
    reopened = SessionStore(folder).open(sid)
    assert reopened.took_over_lock == child.pid
    reopened.close()
