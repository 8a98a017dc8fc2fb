"""The facilitator's side of the wall: what the laptop records for the wall to follow (the
timer, the circle), what only the laptop shows (the next card), and the way to the wall (`v`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Input

from cardgame import launch
from cardgame.domain.roundclock import RUN, STOP
from cardgame.i18n import t
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.screens.wall import WallDialog
from cardgame.storage.store import SessionStore
from cardgame.widgets.answer_panel import AnswerPanel
from cardgame.widgets.timer import RoundTimer
from tests.helpers import MakeApp, Said, new_session

ALL = ["test-themes", "test-formats", "test-roles", "test-influence"]


def closed_session(workspace: Path, deck_ids: list[str] | None = None) -> tuple[str, Path]:
    """A session on the fixture decks, written and closed: (its id, its file)."""
    session, _ = new_session(workspace / "sessions", deck_ids=deck_ids)
    session.close()
    return session.meta.id, session.path


def recorded(path: Path) -> dict[str, object]:
    """The cursor as another process reads it from the file."""
    return dict(SessionStore(path.parent).read(str(path)).state.cursor)


async def test_the_timer_is_recorded_for_the_wall_and_survives_a_reopen(
        make_app: MakeApp, workspace: Path) -> None:
    sid, path = closed_session(workspace)
    async with make_app(open_session=sid).run_test(size=(100, 30)) as pilot:
        assert "timer" not in recorded(path)  # opening records nothing
        await pilot.press("t")
        assert str(recorded(path)["timer"]).startswith(RUN)
        await pilot.press("t")
        paused = str(recorded(path)["timer"])
        assert paused.startswith(STOP) and 298 <= int(paused[len(STOP):]) <= 300
        await pilot.press("t")  # running again when the laptop is closed
    async with make_app(open_session=sid).run_test(size=(100, 30)) as pilot:
        timer = pilot.app.screen.query_one(RoundTimer)
        assert timer.running and 290 <= timer.remaining <= 300  # it went on counting


async def test_the_end_of_a_round_is_recorded_too(make_app: MakeApp, workspace: Path) -> None:
    sid, path = closed_session(workspace)
    async with make_app(open_session=sid).run_test(size=(100, 30)) as pilot:
        timer = pilot.app.screen.query_one(RoundTimer)
        timer.restore(1, 1, True)
        await pilot.pause(1.6)
        assert recorded(path)["timer"] == f"{STOP}0"


async def test_setting_the_minutes_records_a_full_round_waiting(make_app: MakeApp,
                                                                workspace: Path) -> None:
    sid, path = closed_session(workspace)
    async with make_app(open_session=sid).run_test(size=(100, 30)) as pilot:
        await pilot.press("T")
        await pilot.press("ctrl+a")
        dialog = pilot.app.screen
        dialog.query_one(Input).value = "8"
        await pilot.press("enter")
        await pilot.pause()
        assert recorded(path)["timer"] == f"{STOP}480"
        assert recorded(path)["minutes"] == 8


async def test_opening_the_circle_moves_the_wall_there_and_back(make_app: MakeApp,
                                                                workspace: Path) -> None:
    sid, path = closed_session(workspace, ALL)
    async with make_app(open_session=sid).run_test(size=(100, 30)) as pilot:
        await pilot.press("k")
        assert recorded(path)["screen"] == "map"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ThemeDayScreen)
        assert recorded(path)["screen"] == "day"


async def test_the_laptop_sees_the_next_card_and_the_projection_does_not(
        make_app: MakeApp, workspace: Path) -> None:
    sid, _ = closed_session(workspace)
    async with make_app(open_session=sid).run_test(size=(120, 40)) as pilot:
        panel = pilot.app.screen.query_one(AnswerPanel)
        assert t("panel.next", title="Folkeskolen") in str(panel.content)
        await pilot.press("f")
        assert t("panel.next", title="Folkeskolen") not in str(panel.content)
        await pilot.press("escape", "n", "n")
        assert t("panel.last") in str(panel.content)


async def test_v_shows_the_command_for_the_wall_and_copies_it(make_app: MakeApp, workspace: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.setattr(launch, "window_command", lambda argv: None)  # no desktop here
    sid, _ = closed_session(workspace)
    said = Said()
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 30), message_hook=said.hook) as pilot:
        await pilot.press("v")
        dialog = app.screen
        assert isinstance(dialog, WallDialog)
        line = str(dialog.query_one("#wall-command").render())
        assert "audience" in line and str(workspace) in line
        assert not dialog.query("#open")  # nothing to open a window with: no such button
        await pilot.press("o")  # and its key does nothing
        assert app.screen is dialog
        await pilot.press("c")
        assert isinstance(dialog, WallDialog) and app.clipboard == dialog.line
        assert said.has(t("wall.copied"))
        await pilot.press("escape")
        assert isinstance(app.screen, ThemeDayScreen)


async def test_v_opens_the_wall_in_a_new_window_or_says_why_not(
        make_app: MakeApp, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[launch.Launch] = []
    monkeypatch.setattr(launch, "window_command",
                        lambda argv: launch.Launch(["terminal", "-e", *argv]))

    def refuse(found: launch.Launch) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    sid, _ = closed_session(workspace)
    said = Said()
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 30), message_hook=said.hook) as pilot:
        import cardgame.screens.wall as wall_screen

        monkeypatch.setattr(wall_screen, "open_window", refuse)
        await pilot.press("v")
        await pilot.press("enter")  # the focused button: open
        assert isinstance(app.screen, WallDialog)  # it stays, and says why
        assert any(t("wall.cannot_open", error="").split(":")[0] in line for line in said)
        monkeypatch.setattr(wall_screen, "open_window", started.append)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert started and started[0].argv[:2] == ["terminal", "-e"]
        assert started[0].argv[-1] == "audience"
        assert said.has(t("wall.opened"))


# how a window is opened, on each system ---------------------------------------------------

def test_windows_opens_a_new_console_without_any_other_program(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launch, "system", lambda: "windows")
    found = launch.window_command(["C:\\cardgame\\cardgame.exe", "audience"])
    assert found is not None and found.argv == ["C:\\cardgame\\cardgame.exe", "audience"]
    assert found.options["creationflags"] == getattr(subprocess, "CREATE_NEW_CONSOLE", 0x10)
    assert launch.shell_line(["C:\\Program Files\\cardgame.exe", "audience"]) == \
        '"C:\\Program Files\\cardgame.exe" audience'


def test_a_mac_asks_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launch, "system", lambda: "mac")
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    found = launch.window_command(["/Users/a b/cardgame", "audience"])
    assert found is not None and found.argv[0] == "osascript"
    assert "do script \"'/Users/a b/cardgame' audience\"" in found.argv[2]


def test_linux_uses_the_desktops_terminal_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launch, "system", lambda: "other")
    monkeypatch.setattr(shutil, "which",
                        lambda name: "/usr/bin/xterm" if name == "xterm" else None)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert launch.window_command(["cardgame", "audience"]) is None  # no desktop: type it
    monkeypatch.setenv("DISPLAY", ":0")
    found = launch.window_command(["cardgame", "audience"])
    assert found is not None and found.argv == ["/usr/bin/xterm", "-e", "cardgame", "audience"]
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert launch.window_command(["cardgame", "audience"]) is None


def test_the_window_is_started_detached(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[list[str], dict[str, object]]] = []
    monkeypatch.setattr(subprocess, "Popen",
                        lambda argv, **options: seen.append((argv, options)))
    monkeypatch.setattr(launch, "system", lambda: "other")
    launch.open_window(launch.Launch(["xterm", "-e", "cardgame", "audience"]))
    assert seen[0][1]["start_new_session"] is True
    assert seen[0][1]["stdin"] == subprocess.DEVNULL
    monkeypatch.setattr(launch, "system", lambda: "windows")
    launch.open_window(launch.Launch(["cardgame.exe", "audience"], {"creationflags": 16}))
    assert "start_new_session" not in seen[1][1] and seen[1][1]["creationflags"] == 16


def test_the_command_names_this_installation_and_the_workspace(tmp_path: Path) -> None:
    argv = launch.audience_argv(tmp_path, (tmp_path / "decks",))
    assert argv[-1] == "audience"
    assert argv[argv.index("--workspace") + 1] == str(tmp_path.resolve())
    assert argv[argv.index("--decks-dir") + 1] == str((tmp_path / "decks").resolve())
    assert Path(argv[0]).name in ("cardgame", "cardgame.exe") or argv[1:3] == ["-m", "cardgame"]
