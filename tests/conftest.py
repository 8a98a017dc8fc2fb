"""Every test runs in its own workspace under tmp_path; no test touches the user's folders."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from functools import partial
from pathlib import Path
from typing import Callable

import pytest

from cardgame.app import CardgameApp, create_app
from cardgame.storage.workspace import Workspace
from tests.helpers import MakeApp, OpenDay, theme_day_open
from tests.tmux import Tmux

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DECKS = REPO / "tests" / "fixtures" / "decks"


@pytest.fixture(autouse=True)
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh workspace folder, also the current folder and CARDGAME_HOME."""
    home = tmp_path / "workspace"
    home.mkdir()
    monkeypatch.setenv("CARDGAME_HOME", str(home))
    monkeypatch.setenv("CARDGAME_CONFIG", str(tmp_path / "config" / "settings.toml"))
    monkeypatch.chdir(home)
    return home


@pytest.fixture
def make_app(workspace: Path, tmp_path: Path) -> Callable[..., CardgameApp]:
    """Build the app on the fixture decks in the test's workspace."""

    def build(open_session: str | None = None, lang: str | None = None) -> CardgameApp:
        ws = Workspace(workspace, (FIXTURE_DECKS,), include_bundled=False)
        return create_app(ws, lang=lang, open_session=open_session,
                          settings_path=tmp_path / "config" / "settings.toml")

    return build


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves report a fixed time, so that a picture of the status line does not change."""
    from datetime import datetime

    from cardgame.storage import opened

    monkeypatch.setattr(opened, "clock", lambda: datetime(2026, 11, 22, 9, 30, 0))


OpenDayFactory = Callable[..., AbstractAsyncContextManager[OpenDay]]


@pytest.fixture
def open_day(make_app: MakeApp, workspace: Path) -> OpenDayFactory:
    """`async with open_day(["test-themes"], groups=2) as day:` a new theme day, open."""
    return partial(theme_day_open, make_app, workspace)


@pytest.fixture
def tmux(workspace: Path, tmp_path: Path) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed: run scripts/install-system-deps.sh (make test does)")
    # A server per test: a killed server can still hold its socket for a moment, and the next
    # test's new-session would meet it.
    server = Tmux(f"cardgame-test-{os.getpid()}-{tmp_path.name}", workspace,
                  tmp_path / "settings.toml")
    yield server
    server.kill_server()
