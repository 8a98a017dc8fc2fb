"""`cardgame audience`: the wall, a second window that follows the session on the laptop.

A small app of its own (no start screen, no sessions to open, no writing) so that it starts
fast on the projector's terminal and cannot change what the facilitator records. The light or
dark theme is the one last chosen in cardgame; `l` switches it here without saving.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from cardgame.domain.decks import Deck
from cardgame.i18n import t
from cardgame.storage.follow import WorkspaceFollower
from cardgame.themes import DARK, LIGHT, THEMES


class AudienceApp(App[None]):
    """Shows what the room should see of the session being recorded."""

    CSS_PATH = "audience.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, folder: Path, session: Path | None = None,
                 available: dict[str, Deck] | None = None, theme: str = DARK.name) -> None:
        super().__init__()
        self.following = WorkspaceFollower(folder, available or {}, session)
        self._theme = theme
        self.title = t("audience.window_title")

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self._theme if self._theme in (DARK.name, LIGHT.name) else DARK.name
        from cardgame.screens.audience import AudienceScreen

        self.push_screen(AudienceScreen(self.following))

    def action_toggle_theme(self) -> None:
        """Light or dark for this window only: the facilitator's choice is not changed."""
        self.theme = LIGHT.name if self.theme == DARK.name else DARK.name
