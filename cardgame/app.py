"""The Textual app: wires workspace, settings and language, and pushes the first screen."""

from __future__ import annotations

import threading
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
    map_actor: str | None = None
    """Start an influence mapping for this actor straight away (`cardgame map`)."""
    map_deck: str | None = None


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
        self._library_lock = threading.Lock()

    @property
    def library(self) -> DeckLibrary:
        """Every deck of the workspace, loaded on first use (from any thread, once)."""
        with self._library_lock:
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
        elif self.config.map_actor is not None:
            self.start_mapping(self.config.map_actor, self.config.map_deck)

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
        """Show an open session: the circle for a mapping on one's own, else the theme day."""
        for notice in session.notices:
            self.notify(notice, title=t("notice.repaired"), timeout=12)
        if session.meta.kind == "influence-map":
            deck = self.influence_deck(session.meta)
            if deck is None:
                session.close()
                self.notify(t("error.no_influence_deck"), severity="error", timeout=15)
                return
            from cardgame.screens.influence import InfluenceScreen

            self.push_screen(InfluenceScreen(session, deck))
            return
        from cardgame.screens.themeday import ThemeDayScreen

        self.push_screen(ThemeDayScreen(session, self.library.decks))

    def influence_deck(self, meta):  # noqa: ANN001, ANN201 - SessionMeta -> Deck | None
        """The session's influence-element deck, if it is available."""
        for ref in meta.decks:
            deck = self.library.get(ref.id)
            if deck is not None and deck.kind == "influence-element":
                return deck
        return None

    def start_mapping(self, actor: str, deck_id: str | None = None) -> None:
        """Create an influence-mapping session for one actor and show the circle."""
        from datetime import date, datetime, timezone

        from cardgame.domain.session import groups_from_names, new_meta

        decks = self.library.of_kind("influence-element")
        deck = next((d for d in decks if d.id == deck_id), None) if deck_id else \
            (decks[0] if decks else None)
        if deck is None:
            self.notify(t("error.no_influence_deck"), severity="error", timeout=15)
            return
        actor = actor.strip() or deck.circle.actors[0]
        try:
            meta = new_meta(t("map.session_title", actor=actor), date.today(),
                            datetime.now(timezone.utc), groups_from_names([actor]), [deck],
                            self.store.ids(), kind="influence-map", actors=[actor])
            session = self.store.create(meta)
        except (ValueError, CardgameError) as error:
            self.notify(str(error), severity="error", timeout=15)
            return
        self.show_session(session)

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

    def export_session(self, session) -> None:  # noqa: ANN001 - OpenSession
        """Write the session's Markdown notes to exports/ and say where."""
        from cardgame.export.markdown import render_session
        from cardgame.export.writer import export_path, write_export

        session.flush()
        target = export_path(self.config.workspace.exports, session.meta)
        try:
            text = render_session(session.meta, session.state, self.library.decks,
                                  events=session.events)
            written = write_export(text, target, session.meta.id)
        except CardgameError as error:
            self.notify(str(error), title=t("export.failed"), severity="error", timeout=20)
            return
        self.notify(t("export.written", path=str(written)), title=t("export.title"), timeout=12)

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
               open_session: str | None = None, map_actor: str | None = None,
               map_deck: str | None = None,
               settings_path: Path | None = None) -> CardgameApp:
    """Build the app for a workspace; the CLI and the tests both come through here."""
    config = AppConfig(workspace, settings_path or default_config_file(), lang, open_session,
                       map_actor, map_deck)
    return CardgameApp(config)
