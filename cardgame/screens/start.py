"""The start screen: new session, resume one, browse decks, quit."""

from __future__ import annotations

from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cardgame import __version__
from cardgame.i18n import t
from cardgame.widgets.localize import localize_bindings

RESUME_PREFIX = "resume:"


class StartScreen(Screen[None]):
    """What to do: the first screen of `cardgame`."""

    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="start.quit", tooltip="Quit cardgame"),
        Binding("n", "new", "New session", id="start.new", tooltip="Start a new theme day"),
        Binding("b", "browse", "Browse decks", id="start.browse", show=False,
                tooltip="Read the cards of every deck"),
        Binding("k", "map", "Influence mapping", id="start.map", show=False,
                tooltip="Map where influence sits, on your own"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(t("start.title"), id="start-title")
            yield Static(t("start.subtitle", version=__version__), id="start-subtitle")
            yield OptionList(id="start-menu")
            yield Static(id="start-problems")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.fill()

    def fill(self) -> None:
        """List the actions and the sessions to resume, newest first."""
        menu = self.query_one("#start-menu", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_options([Option(t("start.new"), id="new"),
                          Option(t("start.map"), id="map"),
                          Option(t("start.browse"), id="browse"),
                          Option(t("start.quit"), id="quit")])
        sessions = self.app.store.list()
        if sessions:
            menu.add_option(None)
            menu.add_option(Option(t("start.resume_heading"), id="heading", disabled=True))
        for summary in sessions:
            if summary.problem:
                label = t("start.unreadable", id=summary.id, problem=summary.problem)
            else:
                changed = datetime.fromtimestamp(summary.modified).strftime("%d.%m %H:%M")
                label = t("start.session_line", title=summary.title, date=summary.date,
                          groups=len(summary.groups), recorded=summary.recorded,
                          changed=changed)
            menu.add_option(Option(label, id=RESUME_PREFIX + summary.id))
        menu.highlighted = highlighted if highlighted is not None else 0
        menu.focus()
        self.load_decks()

    @work(thread=True, exclusive=True, group="decks")
    def load_decks(self) -> None:
        """Read the decks after the first frame, so that the start screen shows at once."""
        library = self.app.library
        self.app.call_from_thread(self._show_problems, library.problems)

    def _show_problems(self, problems: list) -> None:  # noqa: ANN001 - list[Problem]
        self.query_one("#start-problems", Static).update(
            t("start.deck_problems", n=len(problems), first=str(problems[0])) if problems else "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        if choice == "new":
            self.action_new()
        elif choice == "browse":
            self.action_browse()
        elif choice == "map":
            self.action_map()
        elif choice == "quit":
            self.app.exit(0)
        elif choice.startswith(RESUME_PREFIX):
            self.app.open_session(choice[len(RESUME_PREFIX):])

    def action_new(self) -> None:
        from cardgame.screens.new_session import NewSessionScreen

        self.app.push_screen(NewSessionScreen())

    def action_map(self) -> None:
        """Ask whose influence to map, then open the circle."""
        from cardgame.screens.dialogs import TextDialog

        decks = self.app.library.of_kind("influence-element")
        if not decks:
            self.notify(t("error.no_influence_deck"), severity="error")
            return
        default = decks[0].circle.actors[0]

        def start(values: dict[str, str] | None) -> None:
            if values is not None:
                self.app.start_mapping(values["actor"] or default)

        self.app.push_screen(TextDialog(t("start.map_title"),
                                        [("actor", t("start.map_actor"), default)]), start)

    def action_browse(self) -> None:
        from cardgame.screens.browse import BrowseScreen

        self.app.push_screen(BrowseScreen())
