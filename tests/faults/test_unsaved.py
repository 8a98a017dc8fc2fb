"""Never leave with unsaved answers, never lose typing (F1, F5, F13, F14)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from textual.widgets import Button, OptionList, TextArea

from cardgame.app import CardgameApp
from cardgame.screens.dialogs import ConfirmDialog, TextDialog
from cardgame.screens.influence import InfluenceScreen
from cardgame.screens.start import StartScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.screens.unsaved import UnsavedDialog
from cardgame.storage.store import SessionStore
from cardgame.widgets.card_view import CardView
from tests.helpers import FIXTURE_DECKS, MakeApp, Said, field_value, new_session, set_field

RATING = ("answer", "test-themes", "aeldre", "g1", "rating")


def session_on(workspace: Path, deck_ids: list[str] | None = None) -> tuple[str, Path]:
    session, _ = new_session(workspace / "sessions", 3, deck_ids or ["test-themes"])
    session.close()
    return session.meta.id, session.path


class Disk:
    """A disk that refuses writes until it is mended."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.real = os.write

    def fill(self) -> None:
        def full(fd: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        self.monkeypatch.setattr(os, "write", full)

    def mend(self) -> None:
        self.monkeypatch.setattr(os, "write", self.real)


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_f1_quitting_with_unsaved_changes_asks_and_retries(
        make_app: MakeApp, workspace: Path, monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    sid, path = session_on(workspace)
    disk = Disk(monkeypatch)
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        disk.fill()
        await pilot.press("4", "2")
        status = str(screen.query_one("#status").render())
        assert "IKKE GEMT: disken er fuld. 2 ændringer venter" in status, "F13, F14"
        await pilot.press(key)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, UnsavedDialog)
        assert "2 ændringer er ikke skrevet til" in str(dialog.query_one("#count").render())
        await pilot.press("r")  # still full
        await pilot.pause()
        assert app.screen is dialog
        disk.mend()
        await pilot.press("r")
        await pilot.pause()
    assert app.return_code == 0
    read = SessionStore(path.parent).read(sid)
    assert [read.state.get("answer", "test-themes", "aeldre", g, "rating")
            for g in ("g1", "g2")] == [4, 2]


async def test_f1_the_dialog_saves_by_itself_when_the_disk_comes_back(
        make_app: MakeApp, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sid, path = session_on(workspace)
    disk = Disk(monkeypatch)
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        disk.fill()
        await pilot.press("4")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        disk.mend()
        await pilot.pause(2.5)  # the dialog tries again every two seconds
    assert app.return_code == 0
    assert SessionStore(path.parent).read(sid).state.get(*RATING) == 4


async def test_f1_save_a_copy_elsewhere(make_app: MakeApp, workspace: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sid, path = session_on(workspace)
    disk = Disk(monkeypatch)
    copy = tmp_path / "usb" / "kopi.toml"
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        disk.fill()
        await pilot.press("4", "3")
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        set_field(app.screen, "path", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Skriv, hvor kopien skal gemmes." in str(
            app.screen.query_one("#problem-path").render())
        set_field(app.screen, "path", str(copy))
        await pilot.press("ctrl+s")
        await pilot.pause()
        disk.mend()
    assert app.return_code == 0
    copied = SessionStore(copy.parent).read(str(copy))
    assert copied.state.get(*RATING) == 4, "the copy holds what the disk refused"
    assert copied.decks, "and the decks, so it opens anywhere"


async def test_f1_leave_anyway_asks_twice_and_says_how_much(
        make_app: MakeApp, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sid, path = session_on(workspace)
    disk = Disk(monkeypatch)
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        disk.fill()
        await pilot.press("4", "3", "5")
        await pilot.press("escape")  # back to the start screen: the same question
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, UnsavedDialog)
        assert str(dialog.query_one("#leave", Button).label) == "Gå alligevel"
        await pilot.click("#leave")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "3 ændringer går tabt. Er du sikker?" in str(app.screen.query(".title").first()
                                                            .render()) + str(
            app.screen.query("Static").nodes[1].render())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        disk.mend()
    assert SessionStore(path.parent).read(sid).state.values == {}, "knowingly left"


async def test_f1_staying_keeps_the_session(make_app: MakeApp, workspace: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    sid, _ = session_on(workspace)
    disk = Disk(monkeypatch)
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        disk.fill()
        await pilot.press("4", "q")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and isinstance(screen, ThemeDayScreen)
        disk.mend()
        await pilot.press("3")
        await pilot.pause()
        assert screen.session.status.ok
        assert not screen.query_one("#status").has_class("-error")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_f5_text_typed_in_a_dialog_survives_a_crash(
        make_app: MakeApp, workspace: Path) -> None:
    """The draft is on disk about half a second after the last key; the next start offers it."""
    sid, path = session_on(workspace)
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        set_field(app.screen, "note", "Pårørende skal med fra begyndelsen")
        await pilot.pause(0.8)
        draft = path.with_name(f".{sid}.draft.toml")
        assert "Pårørende skal med" in draft.read_text(encoding="utf-8")
        # the laptop dies here: nothing is saved or cancelled; the draft stays
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        offer = app.screen
        assert isinstance(offer, ConfirmDialog)
        assert "Pårørende skal med fra begyndelsen" in offer.question
        await pilot.press("y")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        assert field_value(dialog, "note") == "Pårørende skal med fra begyndelsen"
        set_field(dialog, "rating", "4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert app.screen.day.answer("g1").note == "Pårørende skal med fra begyndelsen"
        assert not draft.exists()


async def test_f5_a_draft_can_be_discarded(make_app: MakeApp, workspace: Path) -> None:
    sid, path = session_on(workspace)
    draft = path.with_name(f".{sid}.draft.toml")
    from cardgame.storage.drafts import DraftKeeper

    DraftKeeper(path).save("followup", {}, "Opfølgning", {"what": "Ring til ældrerådet"})
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
    assert not draft.exists()


async def test_f5_ctrl_q_on_the_potential_screen_keeps_the_answers(make_app: MakeApp,
                                                                   workspace: Path) -> None:
    from datetime import date, datetime, timezone

    from cardgame.domain.session import default_groups, new_meta
    from cardgame.storage.workspace import DeckLibrary

    deck = DeckLibrary.load([FIXTURE_DECKS]).decks["test-influence"]
    meta = new_meta("Kortlægning", date(2026, 11, 22), datetime(2026, 11, 22, tzinfo=timezone.utc),
                    default_groups(1), [deck], set(), kind="influence-map",
                    actors=["Kommunaldirektøren"])
    SessionStore(workspace / "sessions").create(meta, [deck]).close()
    app = make_app(open_session=meta.id)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InfluenceScreen)
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one("#question-2", TextArea).text = "Mere indflydelse på tilbagemelding"
        await pilot.press("ctrl+q")
        await pilot.pause()
    read = SessionStore(workspace / "sessions").read(meta.id)
    assert read.state.get("guide", "test-influence", "2", "g1") == \
        "Mere indflydelse på tilbagemelding"


async def test_f10_a_newer_deck_is_offered_and_can_be_declined(workspace: Path,
                                                               tmp_path: Path) -> None:
    from cardgame.app import create_app
    from cardgame.storage.workspace import Workspace

    said = Said()
    sid, path = session_on(workspace)
    themes = (FIXTURE_DECKS / "themes.toml").read_text(encoding="utf-8")
    revised = tmp_path / "revised"
    revised.mkdir()
    (revised / "themes.toml").write_text(themes.replace('version = "1.0"', 'version = "1.1"', 1)
                                         .replace("Pleje og omsorg for ældre borgere.",
                                                  "Ny tekst om de ældre."), encoding="utf-8")

    def make_app(open_session: str) -> CardgameApp:
        ws = Workspace(workspace, (FIXTURE_DECKS, revised), include_bundled=False)
        return create_app(ws, open_session=open_session, settings_path=tmp_path / "s.toml")

    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32), message_hook=said.hook) as pilot:
        await pilot.pause()
        offer = app.screen
        assert isinstance(offer, ConfirmDialog)
        assert "Sessionen blev spillet med version 1.0 af «Testtemaer». Nu findes version 1.1." \
            in offer.question
        await pilot.press("escape")  # keep the cards as they were
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        card = str(screen.query_one("#card", CardView).content)
        assert "Pleje og omsorg for ældre borgere." in card
        await pilot.press("q")
        await pilot.pause()
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32), message_hook=said.hook) as pilot:
        await pilot.pause()
        await pilot.press("y")  # use the new version
        await pilot.pause()
        assert said.has("Sessionen bruger nu version 1.1 af «Testtemaer».")
        assert "Ny tekst om de ældre." in str(app.screen.query_one("#card", CardView).content)


async def test_f12_a_session_from_a_newer_cardgame_is_refused_in_the_app(
        make_app: MakeApp, workspace: Path) -> None:
    said = Said()
    sid, path = session_on(workspace)
    data = path.read_bytes().replace(b"schema = 2", b"schema = 9", 1)
    path.write_bytes(data)
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32), message_hook=said.hook) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert said.has("er skrevet af en nyere cardgame (sessionsformat 9; denne læser 2)")
        menu = app.screen.query_one("#start-menu", OptionList)
        lines = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert any("⚠ skrevet af en nyere cardgame" in line for line in lines), lines
    assert path.read_bytes() == data


async def test_f4_a_damaged_session_opens_with_what_was_lost(
        make_app: MakeApp, workspace: Path) -> None:
    said = Said()
    session, _ = new_session(workspace / "sessions", 3, ["test-themes"])
    session.set(RATING, 4)
    session.set(("answer", "test-themes", "aeldre", "g2", "rating"), 2)
    session.close()
    data = bytearray(session.path.read_bytes())
    spot = data.find(b"value = 4\n")
    data[spot + 8] = ord("9")
    session.path.write_bytes(bytes(data))
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(100, 32), message_hook=said.hook) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert said.has("1 registrering var beskadiget og er taget ud")
        assert said.has("Registrering 1 af 2: Gruppe 1's vurdering af «Ældreområdet»: «9»")
        assert app.screen.day.answer("g2").rating == 2


async def test_a_corrupt_header_offers_the_backup(make_app: MakeApp, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions", 3, ["test-themes"])
    session.set(RATING, 4)
    session.close()  # the backup is written on close
    session.path.write_bytes(b"\x00\x01 this is not a session")
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        offer = app.screen
        assert isinstance(offer, ConfirmDialog)
        assert "Den forrige version ligger i" in offer.question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert app.screen.day.answer("g1").rating == 4
    assert list(session.path.parent.glob(f"{session.path.name}.damaged-*"))


def test_f1_an_app_ended_from_outside_leaves_a_rescue_copy(workspace: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """A closed browser tab or a shutdown cannot ask: the changes go to a rescue copy."""
    session, _ = new_session(workspace / "sessions", 3, ["test-themes"])
    real_write = os.write
    calls = {"n": 0}

    def refuse_the_session_file(fd: int, data: bytes) -> int:
        if os.fstat(fd).st_ino == session.path.stat().st_ino:
            raise OSError(errno.EPERM, "Operation not permitted")
        calls["n"] += 1
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", refuse_the_session_file)
    session.set(RATING, 4)
    assert not session.status.ok
    session.close()
    [copy] = list(session.path.parent.glob(f"{session.path.stem}.unsaved-*.toml"))
    monkeypatch.undo()
    rescued = SessionStore(copy.parent).read(str(copy))
    assert rescued.state.get(*RATING) == 4 and rescued.decks
    ids = [s.id for s in SessionStore(copy.parent).summaries()]
    assert copy.stem in ids, "the rescue copy is listed on the start screen"
