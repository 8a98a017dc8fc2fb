"""Every test runs in its own workspace under tmp_path; no test touches the user's folders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh workspace folder, also the current folder and CARDGAME_HOME."""
    home = tmp_path / "workspace"
    home.mkdir()
    monkeypatch.setenv("CARDGAME_HOME", str(home))
    monkeypatch.setenv("CARDGAME_CONFIG", str(tmp_path / "config" / "settings.toml"))
    monkeypatch.chdir(home)
    return home
