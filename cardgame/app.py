"""The Textual app: wires workspace, settings and language, and pushes the first screen.

Screens reach the app through `getters.app(CardgameApp)`, so that mypy checks every call they
make. What is shared by every screen that shows a session (saving, leaving, quitting,
exporting) lives in `screens/frame.py`; what the app itself decides is here: which screen a
session opens in, what to do with a damaged file, and never quitting with unsaved changes.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen

from cardgame.commands import CardgameCommands
from cardgame.domain.errors import CardgameError, SessionCorrupt, SessionHeldElsewhere
from cardgame.i18n import language, set_language, speak, t
from cardgame.ordered_keys import OrderedKeys
from cardgame.storage.settings import Settings, load_settings, save_settings
from cardgame.storage.workspace import DeckLibrary, LazyDecks, Workspace, default_config_file
from cardgame.themes import THEMES
from cardgame.widgets.localize import localize_bindings

if TYPE_CHECKING:
    from cardgame.domain.decks import Deck
    from cardgame.domain.session import SessionMeta
    from cardgame.screens.frame import SessionScreen
    from cardgame.storage.opened import OpenSession
    from cardgame.storage.store import SessionStore

_EMPTY_SCREEN = "_default"
"""The id of Textual's empty default screen, under a session opened from the command line."""


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
    COMMANDS = {CardgameCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key"),
        Binding("l", "toggle_theme", "Light/dark", id="app.theme", show=False,
                tooltip="Switch between the light and the dark high-contrast theme"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True,
                tooltip="Quit cardgame (asks first if changes are not saved)"),
        Binding("ctrl+p", "command_palette", "Commands", id="app.palette", show=False,
                priority=True, tooltip="Every action of this screen by name"),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.settings: Settings = load_settings(config.settings_path)
        speak(config.lang or self.settings.lang)  # --lang is for this run only (N3)
        localize_bindings(self)
        self._store: SessionStore | None = None
        self._library: DeckLibrary | None = None
        self._library_lock = threading.Lock()
        self._after_first_frame: list[Callable[[], object]] | None = []
        for theme in THEMES:
            self.register_theme(theme)
        # Set before the stylesheet is first read, so that it is read once, not twice.
        self.set_reactive(CardgameApp.theme, self.settings.theme)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{self.settings.theme}": True, "-dark-mode": dark,
                             "-light-mode": not dark}, update=False)
        self.stylesheet.set_variables(self.get_css_variables())
        self._thread_id = threading.get_ident()
        self.ordered_keys = OrderedKeys(self)
        """Every key typed, handled one at a time to its end, in the order it was typed."""

    async def on_event(self, event: events.Event) -> None:
        if self.ordered_keys.take(event):
            return  # handed on in its turn
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.ordered_keys.stop()

    @property
    def store(self) -> SessionStore:
        """The workspace's sessions (the store is read on first use: after the first frame,
        unless a session is opened at once)."""
        if self._store is None:
            from cardgame.storage.store import SessionStore

            self._store = SessionStore(self.config.workspace.sessions)
        return self._store

    @property
    def library(self) -> DeckLibrary:
        """Every deck of the workspace, loaded on first use (from any thread, once)."""
        with self._library_lock:
            if self._library is None:
                self._library = DeckLibrary.load(self.config.workspace.deck_sources())
            return self._library

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first screen is on the terminal (at once after that).

        The slow part of a screen (reading every session, the decks) waits for it, so that a
        facilitator sees the screen first; before the app's first frame a refresh callback
        would run before anything is drawn."""
        if self._after_first_frame is None:
            self.call_after_refresh(callback)
        else:
            self._after_first_frame.append(callback)

    def on_ready(self) -> None:
        from cardgame import shutdown

        self._thread_id = threading.get_ident()
        shutdown.install(self.shut_down_now)
        waiting, self._after_first_frame = self._after_first_frame or [], None
        for callback in waiting:
            self.call_after_refresh(callback)

    def get_default_screen(self) -> Screen[Any]:
        """The first screen: the start screen itself (not pushed over Textual's empty default
        screen, which would be made, styled and laid out for nothing), unless a session or a
        mapping is opened from the command line."""
        if self.config.open_session or self.config.map_actor is not None:
            return super().get_default_screen()
        return self._start_screen()

    def on_mount(self) -> None:
        if self.config.open_session:
            self.open_session(self.config.open_session)
        elif self.config.map_actor is not None:
            self.start_mapping(self.config.map_actor, self.config.map_deck)
        else:
            return  # the start screen is the default screen
        if len(self.screen_stack) <= 1:  # it could not be opened: start here
            self.push_screen(self._start_screen())
        # A session opened from the command line has no start screen under it: it is made
        # when the session is left (`leave_screen`), not composed unseen while opening.

    def _start_screen(self) -> Screen[None]:
        from cardgame.screens.start import StartScreen

        return StartScreen()

    def leave_screen(self) -> None:
        """Go from the top screen to the one under it, or to the start screen when there is
        none (a session opened from the command line)."""
        stack = self.screen_stack
        if len(stack) > 1 and stack[-2].id != _EMPTY_SCREEN:
            self.pop_screen()
        else:
            self.switch_screen(self._start_screen())

    # sessions -------------------------------------------------------------------------------

    def open_session(self, name: str, *, from_elsewhere: bool = False) -> None:
        """Open a session by id or path and show it; explain any problem instead.

        `from_elsewhere`: the user said the computer named in the lock file no longer has the
        session open (R16)."""
        try:
            # A session keeps its decks: the workspace's are read only for an older one.
            session = self.store.open(name, LazyDecks(lambda: self.library.decks),
                                      from_elsewhere=from_elsewhere)
        except SessionCorrupt as error:
            self._offer_backup(name, error)
            return
        except SessionHeldElsewhere as error:
            self._offer_take_over(name, error)
            return
        except CardgameError as error:
            self.notify(str(error), title=t("error.cannot_open"), severity="error", timeout=20)
            return
        self.show_session(session)

    def show_session(self, session: OpenSession) -> None:
        """Show an open session: the circle for a mapping on one's own, else the theme day."""
        if session.meta.kind == "influence-map":
            deck = self.influence_deck(session.meta, session.decks)
            if deck is None:
                session.close()
                self.notify(t("error.no_influence_deck"), severity="error", timeout=15)
                return
            from cardgame.screens.influence import InfluenceScreen

            self.push_screen(InfluenceScreen(session, deck))
        else:
            from cardgame.screens.themeday import ThemeDayScreen

            self.push_screen(ThemeDayScreen(session))
        self.after_first_frame(lambda: self.offer_newer_decks(session))
        self.after_first_frame(lambda: self.say_deck_languages(session))
        # What start-up and the opening made lives as long as the session is shown: frozen,
        # it is left out of the collector's full passes, which otherwise walk all of it
        # (50–100 ms, about one key in twenty: over the two-frame budget, bench/REPORT.md).
        # Thawed when the session's screen goes (frame.py), so a closed session can be freed.
        self.after_first_frame(gc.freeze)

    def say_deck_languages(self, session: OpenSession) -> None:
        """Say once, as a session opens, which of its decks speak another language than the
        interface: their cards, headings included, stay in the deck's language (N4)."""
        from cardgame.i18n import has, join_names

        by_language: dict[str, list[str]] = {}
        for deck in session.decks.values():
            if deck.info.language != language():
                by_language.setdefault(deck.info.language, []).append(deck.info.title)
        for lang, titles in sorted(by_language.items()):
            name = t(f"lang_name.{lang}") if has(f"lang_name.{lang}") else lang
            self.notify(t("notice.deck_language", n=len(titles), decks=join_names(
                [f"«{title}»" for title in titles]), language=name), timeout=10)

    def newer_decks(self, session: OpenSession) -> list[Deck]:
        """Decks of the workspace that are another version of one the session keeps."""
        found = []
        for ref in session.meta.decks:
            here = self.library.get(ref.id)
            if here is not None and here.content_hash != ref.hash and ref.id in session.decks:
                found.append(here)
        return found

    @work(group="newer-decks", description="offer newer decks")
    async def offer_newer_decks(self, session: OpenSession) -> None:
        """Say when a deck was revised since the session began, and let the user choose."""
        from cardgame.screens.dialogs import ConfirmDialog

        newer = await asyncio.to_thread(self.newer_decks, session)  # the decks, off-screen
        for deck in newer:
            ref = session.meta.deck_ref(deck.id)
            assert ref is not None
            question = "newer.question_same" if ref.version == deck.info.version \
                else "newer.question"
            use_new = await self.push_screen_wait(ConfirmDialog(
                t("newer.title", title=deck.info.title),
                t(question, title=deck.info.title, played=ref.version, now=deck.info.version),
                yes=t("newer.use_new"), no=t("newer.keep")))
            if not use_new:
                continue
            from cardgame.domain.revision import why_not_switch

            refused = why_not_switch(session.state, session.decks[deck.id], deck)
            if refused is not None:
                self.notify(str(refused), title=t("newer.not_switched"), severity="warning",
                            timeout=20)
                continue
            try:
                session.replace_deck(deck, deck.raw)
            except CardgameError as error:
                self.notify(str(error), severity="error", timeout=15)
                continue
            self.notify(t("newer.switched", title=deck.info.title, version=deck.info.version))
            for screen in self.session_screens():
                screen.decks_changed()

    def influence_deck(self, meta: SessionMeta, decks: dict[str, Deck]) -> Deck | None:
        """The session's influence-element deck, if it has one."""
        for ref in meta.decks:
            deck = decks.get(ref.id)
            if deck is not None and deck.kind == "influence-element":
                return deck
        return None

    def start_mapping(self, actor: str, deck_id: str | None = None) -> None:
        """Create an influence-mapping session for one actor and show the circle."""
        from datetime import date

        from cardgame.storage.starting import SessionPlan, start_session

        decks = self.library.of_kind("influence-element", language())
        deck = next((d for d in decks if d.id == deck_id), None) if deck_id else \
            (decks[0] if decks else None)
        if deck is None:
            self.notify(t("error.no_influence_deck"), severity="error", timeout=15)
            return
        actor = " ".join(actor.split()) or deck.circle.actors[0]
        plan = SessionPlan(language=language(), title=t("map.session_title", actor=actor),
                           day=date.today().isoformat(), names=[actor], deck_ids=[deck.id],
                           kind="influence-map", actors=[actor])
        try:
            session = start_session(self.config.workspace, self.library, plan)
        except CardgameError as error:
            self.notify(str(error), title=t("error.cannot_create"), severity="error",
                        timeout=20)
            return
        self.show_session(session)

    @work(group="backup", description="offer the backup")
    async def _offer_backup(self, name: str, error: SessionCorrupt) -> None:
        from cardgame.screens.dialogs import ConfirmDialog

        if error.backup is None:
            self.notify(str(error), title=t("error.cannot_open"), severity="error", timeout=20)
            return
        restore = await self.push_screen_wait(
            ConfirmDialog(t("backup.title"), str(error) + "\n\n" + t("backup.question")))
        if not restore:
            return
        try:
            self.store.restore_backup(error.backup.name[: -len(".toml.bak")])
        except CardgameError as failure:
            self.notify(str(failure), severity="error", timeout=15)
            return
        self.open_session(name)

    @work(group="take-over", description="ask about a lock from another computer")
    async def _offer_take_over(self, name: str, error: SessionHeldElsewhere) -> None:
        from cardgame.screens.dialogs import ConfirmDialog

        take_over = await self.push_screen_wait(ConfirmDialog(
            t("elsewhere.title"), str(error), yes=t("elsewhere.open_here"),
            no=t("elsewhere.leave")))
        if take_over:
            self.open_session(name, from_elsewhere=True)

    def session_screens(self) -> list[SessionScreen]:
        """The screens on the stack that show a session, the top one first."""
        from cardgame.screens.frame import SessionScreen

        return [s for s in reversed(self.screen_stack) if isinstance(s, SessionScreen)]

    def open_sessions(self) -> list[OpenSession]:
        """Every session a screen on the stack has open (each once)."""
        found: list[OpenSession] = []
        for screen in self.session_screens():
            if all(screen.session is not s for s in found):
                found.append(screen.session)
        return found

    def commit_typing(self) -> None:
        """Keep what is typed anywhere: recorded where it is a session's own field, kept as
        a draft where it is a dialog's."""
        from cardgame.screens.dialogs import TextDialog

        for screen in reversed(self.screen_stack):
            if isinstance(screen, TextDialog):
                screen.commit_typing()
        for session_screen in self.session_screens():
            session_screen.commit_typing()

    # quitting -------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, but never with changes that are not in the file without asking first."""
        self.ask_before_quitting()

    @work(exclusive=True, group="quit")
    async def ask_before_quitting(self) -> None:
        from cardgame.screens.unsaved import UnsavedDialog

        self.commit_typing()  # typed text first: recorded or a draft
        for session in self.open_sessions():
            if session.flush().ok:
                continue
            answer = await self.push_screen_wait(UnsavedDialog(session, leaving=False))
            if answer == "stay":
                return
        for session in self.open_sessions():
            session.close()
        self.exit(0)

    def shut_down_now(self) -> None:
        """The computer shuts down or the terminal window is closed: nobody can be asked.
        Everything typed is kept, what waits is written (or, if the disk still refuses it,
        the whole session goes to a rescue copy beside it), every lock is released, and the
        app ends (R4). Called from the console's own thread on Windows."""
        if threading.get_ident() != self._thread_id:
            self.call_from_thread(self.shut_down_now)
            return
        self.commit_typing()
        for session in self.open_sessions():
            session.close()
        self.exit(0)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A toast, its message always shown as written: cardgame's messages carry the user's
        own words (a group's name, a session's title), which Textual's markup would read as
        styles or links (a screen's own `notify` asks for markup by default)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """ctrl+c: say, in the interface language, how to quit."""
        self.notify(t("notice.how_to_quit"), title=t("notice.quit_title"))

    # help, theme, palette -------------------------------------------------------------------

    def action_help(self) -> None:
        from cardgame.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def remember_language(self, lang: str) -> None:
        """Speak lang from now on, in this run and the next ones (the start screen's choice)."""
        set_language(lang)
        localize_bindings(self)
        self.settings.lang = lang
        self.save_settings()

    def action_toggle_theme(self) -> None:
        self.theme = "cardgame-light" if self.theme == "cardgame-dark" else "cardgame-dark"
        self.settings.theme = self.theme
        self.save_settings()

    def save_settings(self) -> None:
        """Remember the settings for the next run; say so when they cannot be written."""
        problem = save_settings(self.config.settings_path, self.settings)
        if problem:
            self.notify(problem, title=t("error.settings"), severity="warning")

    def action_command_palette(self) -> None:
        """Our own commands, in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=t("palette.placeholder")))


def create_app(workspace: Workspace, *, lang: str | None = None,
               open_session: str | None = None, map_actor: str | None = None,
               map_deck: str | None = None,
               settings_path: Path | None = None) -> CardgameApp:
    """Build the app for a workspace; the CLI and the tests both come through here."""
    config = AppConfig(workspace, settings_path or default_config_file(), lang, open_session,
                       map_actor, map_deck)
    return CardgameApp(config)
