"""Pictures of what the room sees, at 80×24 and 160×45 (SVG snapshots)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from cardgame.app import CardgameApp, create_app
from cardgame.domain.themeday import ThemeDay
from cardgame.storage.workspace import Workspace
from tests.helpers import FIXTURE_DECKS, SnapCompare, new_session

SIZES = [(80, 24), (160, 45)]
pytestmark = pytest.mark.usefixtures("fixed_clock")
FIXED_TIME = 1795338000  # 2026-11-22 09:00 UTC


def answered_session(folder: Path) -> str:
    """A session standing on the first welfare card with two groups' answers."""
    session, decks = new_session(folder)
    day = ThemeDay(session.meta, decks, session)
    day.record_answer({"rating": "4", "note": "Pårørenderådet på Solhjem viser vejen"})
    day.record_number(2)
    sid = session.meta.id
    session.close()
    os.utime(session.path, (FIXED_TIME, FIXED_TIME))
    return sid


def app_for(workspace: Path, tmp_path: Path, open_session: str | None = None) -> CardgameApp:
    ws = Workspace(workspace, (FIXTURE_DECKS,), include_bundled=False)
    return create_app(ws, open_session=open_session,
                      settings_path=tmp_path / "config" / "settings.toml")


@pytest.fixture(autouse=True)
def fixed_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start_screen(snap_compare: SnapCompare, workspace: Path, tmp_path: Path,
        size: tuple[int, int]) -> None:
    answered_session(workspace / "sessions")

    async def same_folder_every_time(pilot: Pilot[int]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#start-workspace", Static).update(
            "Sessioner og noter gemmes i C:\\Users\\anne\\Documents\\cardgame")

    assert snap_compare(app_for(workspace, tmp_path), terminal_size=size,
                        run_before=same_folder_every_time)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_card_view(snap_compare: SnapCompare, workspace: Path, tmp_path: Path,
        size: tuple[int, int]) -> None:
    sid = answered_session(workspace / "sessions")
    assert snap_compare(app_for(workspace, tmp_path, sid), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_projection_mode(snap_compare: SnapCompare, workspace: Path, tmp_path: Path,
        size: tuple[int, int]) -> None:
    sid = answered_session(workspace / "sessions")
    assert snap_compare(app_for(workspace, tmp_path, sid), terminal_size=size, press=["f"])


def test_dialogue_card_with_choices(
        snap_compare: SnapCompare, workspace: Path, tmp_path: Path) -> None:
    session, decks = new_session(workspace / "sessions")
    day = ThemeDay(session.meta, decks, session)
    day.choose_deck("test-formats", shuffle=False)
    day.record_number(2)
    day.record_number(2)
    day.record_other("Vi spørger ældrerådet")
    sid = session.meta.id
    session.close()
    assert snap_compare(app_for(workspace, tmp_path, sid), terminal_size=(80, 24))
