"""The Textual app: wires workspace, settings and language, and pushes the first screen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from cardgame.commands import CardgameCommands
from cardgame.domain.errors import CardgameError, SessionCorrupt
from cardgame.i18n import set_language, t
from cardgame.storage.settings import Settings, load_settings, save_settings
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import DeckLibrary, Workspace, default_config_file
from cardgame.themes import THEMES
from cardgame.widgets.localize import localize_bindings


@dataclass(frozen=True)
class AppConfig:
    """Everything the app needs from outside, so that tests can point it anywhere."""

    workspace: Workspace
    settings_path: Path
    lang: str | None = None
    open_session: str | None = None


class CardgameApp(App[int]):
    """Dialogue cards for council theme days."""

    CSS_PATH = "app.tcss"
    TITLE = "cardgame"
    COMMANDS = App.COMMANDS | {CardgameCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key"),
        Binding("l", "toggle_theme", "Light/dark", id="app.theme", show=False,
                tooltip="Switch between the light and the dark high-contrast theme"),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.settings: Settings = load_settings(config.settings_path)
        if config.lang and config.lang != self.settings.lang:
            self.settings.lang = config.lang
            save_settings(config.settings_path, self.settings)
        set_language(self.settings.lang)
        localize_bindings(self)
        self.store = SessionStore(config.workspace.sessions)
        self._library: DeckLibrary | None = None

    @property
    def library(self) -> DeckLibrary:
        """Every deck of the workspace, loaded on first use."""
        if self._library is None:
            self._library = DeckLibrary.load(self.config.workspace.deck_sources())
        return self._library

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme
        from cardgame.screens.start import StartScreen

        self.push_screen(StartScreen())
        if self.config.open_session:
            self.open_session(self.config.open_session)

    def open_session(self, name: str) -> None:
        """Open a session by id or path and show it; explain any problem instead."""
        try:
            session = self.store.open(name)
        except SessionCorrupt as error:
            self._offer_backup(name, error)
            return
        except CardgameError as error:
            self.notify(str(error), title=t("error.cannot_open"), severity="error", timeout=15)
            return
        self.show_session(session)

    def show_session(self, session) -> None:  # noqa: ANN001 - OpenSession, imported lazily
        from cardgame.screens.themeday import ThemeDayScreen

        for notice in session.notices:
            self.notify(notice, title=t("notice.repaired"), timeout=12)
        self.push_screen(ThemeDayScreen(session, self.library.decks))

    def _offer_backup(self, name: str, error: SessionCorrupt) -> None:
        from cardgame.screens.dialogs import ConfirmDialog

        if error.backup is None:
            self.notify(str(error), title=t("error.cannot_open"), severity="error", timeout=20)
            return

        def restore(answer: bool | None) -> None:
            if not answer:
                return
            try:
                self.store.restore_backup(error.backup.name[: -len(".toml.bak")])
            except CardgameError as failure:
                self.notify(str(failure), severity="error", timeout=15)
                return
            self.open_session(name)

        self.push_screen(ConfirmDialog(t("backup.title"), str(error) + "\n\n" +
                                       t("backup.question")), restore)

    def action_help(self) -> None:
        from cardgame.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "cardgame-light" if self.theme == "cardgame-dark" else "cardgame-dark"
        self.settings.theme = self.theme
        problem = save_settings(self.config.settings_path, self.settings)
        if problem:
            self.notify(problem, title=t("error.settings"), severity="warning")


def create_app(workspace: Workspace, *, lang: str | None = None,
               open_session: str | None = None,
               settings_path: Path | None = None) -> CardgameApp:
    """Build the app for a workspace; the CLI and the tests both come through here."""
    config = AppConfig(workspace, settings_path or default_config_file(), lang, open_session)
    return CardgameApp(config)
