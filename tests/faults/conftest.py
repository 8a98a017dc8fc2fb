"""Apps for functional tests: a tmp workspace with the fixture decks only."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from cardgame.app import CardgameApp, create_app
from cardgame.storage.workspace import Workspace
from tests.helpers import FIXTURE_DECKS


@pytest.fixture
def make_app(workspace: Path, tmp_path: Path) -> Callable[..., CardgameApp]:
    """Build the app on the fixture decks in the test's workspace."""

    def build(open_session: str | None = None, lang: str | None = None) -> CardgameApp:
        ws = Workspace(workspace, (FIXTURE_DECKS,), include_bundled=False)
        return create_app(ws, lang=lang, open_session=open_session,
                          settings_path=tmp_path / "config" / "settings.toml")

    return build
