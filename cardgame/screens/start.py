"""The start screen: new session, resume one, browse decks, the language, quit.

Broken deck files are named here, each with its first problem, with the command that shows
them all: a deck that vanished from the new-session form never vanishes without a word.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cardgame import __version__
from cardgame.domain.errors import Problem
from cardgame.i18n import LANGUAGE_NAMES, LANGUAGES, language, t
from cardgame.screens import cardgame_app
from cardgame.widgets.localize import localize_bindings

RESUME_PREFIX = "resume:"
SHOWN_PROBLEMS = 4
"""Broken deck files named on the start screen; the command shows the rest."""


def deck_problem_lines(problems: list[Problem], folder: str) -> list[str]:
    """One line per broken deck file (its first problem), then the command for all."""
    by_file: OrderedDict[str, Problem] = OrderedDict()
    for problem in problems:
        by_file.setdefault(str(problem.path), problem)
    lines = [t("start.deck_problems", n=len(by_file))]
    for problem in list(by_file.values())[:SHOWN_PROBLEMS]:
        lines.append(f"• {problem}")
    if len(by_file) > SHOWN_PROBLEMS:
        lines.append(t("start.more_problems", n=len(by_file) - SHOWN_PROBLEMS))
    lines.append(t("start.validate_hint", folder=folder))
    return lines


class StartScreen(Screen[None]):
    """What to do: the first screen of `cardgame`."""

    app = cardgame_app()
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Every key"),
        Binding("q", "app.quit", "Quit", id="start.quit", tooltip="Quit cardgame"),
        Binding("n", "new", "New session", id="start.new", tooltip="Start a new theme day"),
        Binding("f", "prepare", "Prepare theme day", id="start.prepare", show=False,
                tooltip="Make a programme: rounds, cards, minutes"),
        Binding("k", "map", "Influence mapping", id="start.map",
                tooltip="Map where influence sits, on your own"),
        Binding("s", "language", "Language", id="start.language", show=False,
                tooltip="The language cardgame speaks, from now on"),
        Binding("b", "browse", "Browse decks", id="start.browse",
                tooltip="Read the cards of every deck"),
        Binding("c", "compare", "Compare", id="start.compare", show=False,
                tooltip="Set mappings or theme days side by side"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(t("start.title"), id="start-title")
            yield Static(t("start.subtitle", version=__version__), id="start-subtitle")
            yield Static(Content(t("start.workspace", path=self.app.config.workspace.root)),
                         id="start-workspace")
            yield OptionList(*self._actions(), id="start-menu")  # in the very first frame
            yield Static(id="start-problems")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.fill()

    def fill(self) -> None:
        """List the actions at once, and the sessions to resume (newest first) right after
        the frame is drawn: reading every session file is the slow part of the start."""
        menu = self.query_one("#start-menu", OptionList)
        self._highlighted = menu.highlighted
        if menu.option_count != len(self._actions()):
            menu.clear_options()
            menu.add_options(self._actions())
        menu.highlighted = 0
        menu.focus()
        self.app.after_first_frame(self._add_sessions)

    @staticmethod
    def _actions() -> list[Option]:
        return [Option(t("start.new"), id="new"), Option(t("start.prepare"), id="prepare"),
                Option(t("start.map"), id="map"),
                Option(t("start.compare"), id="compare"),
                Option(t("start.browse"), id="browse"),
                Option(t("start.language", name=LANGUAGE_NAMES[language()]), id="language"),
                Option(t("start.quit"), id="quit")]

    def _add_sessions(self) -> None:
        if self.app.screen is not self:
            return  # a session was opened over this screen: filled when it shows again
        from cardgame.storage.store import OK  # read after the first frame, as the store

        menu = self.query_one("#start-menu", OptionList)
        sessions = self.app.store.summaries()
        if sessions:
            menu.add_option(None)
            menu.add_option(Option(t("start.resume_heading"), id="heading", disabled=True))
        alike = Counter((s.title, s.date) for s in sessions)
        for summary in sessions:
            changed = datetime.fromtimestamp(summary.modified).strftime("%d.%m %H:%M")
            label = t("start.session_line", title=summary.title, date=summary.date,
                      groups=t("start.groups", n=len(summary.groups)),
                      recorded=t("start.recorded", n=summary.recorded), changed=changed)
            if alike[summary.title, summary.date] > 1:  # N19: which of two alike is which
                label += f" · {summary.id}"
            if summary.condition != OK:
                label += f" · ⚠ {summary.problem}"
            menu.add_option(Option(Content(label), id=RESUME_PREFIX + summary.id))
        highlighted = getattr(self, "_highlighted", None)
        if highlighted is not None and highlighted < menu.option_count:
            menu.highlighted = highlighted
        self.load_decks()

    @work(thread=True, exclusive=True, group="decks")
    def load_decks(self) -> None:
        """Read the decks after the first frame, so that the start screen shows at once."""
        library = self.app.library
        self.app.call_from_thread(self._show_problems, library.problems)

    def _show_problems(self, problems: list[Problem]) -> None:
        folder = str(self.app.config.workspace.decks)
        self.query_one("#start-problems", Static).update(
            Content("\n".join(deck_problem_lines(problems, folder)) if problems else ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        if choice == "new":
            self.action_new()
        elif choice == "browse":
            self.action_browse()
        elif choice == "prepare":
            self.action_prepare()
        elif choice == "map":
            self.action_map()
        elif choice == "compare":
            self.action_compare()
        elif choice == "language":
            self.action_language()
        elif choice == "quit":
            self.app.ask_before_quitting()
        elif choice.startswith(RESUME_PREFIX):
            self.app.open_session(choice[len(RESUME_PREFIX):])

    @work(exclusive=True, group="language")
    async def action_language(self) -> None:
        """Choose the interface language; it is remembered (`--lang` is for one run)."""
        from cardgame.screens.dialogs import ChoiceDialog

        picked = await self.app.push_screen_wait(ChoiceDialog(
            t("start.language_title"), [(code, LANGUAGE_NAMES[code], "") for code in LANGUAGES],
            current=language()))
        if picked is not None and picked != language():
            self.app.remember_language(picked)
            localize_bindings(self)
            await self.recompose()  # this screen, in the new language
            self.fill()

    def action_new(self) -> None:
        from cardgame.screens.new_session import NewSessionScreen

        self.app.push_screen(NewSessionScreen())

    @work(exclusive=True, group="prepare")
    async def action_prepare(self) -> None:
        """A new programme, or one of the workspace's or the examples to start from."""
        from cardgame.domain.errors import DeckError
        from cardgame.screens.dialogs import ChoiceDialog
        from cardgame.screens.programme import ProgrammeScreen
        from cardgame.storage.programmefile import find_programmes, load_programme

        decks = dict(self.app.library.decks)
        found = find_programmes(self.app.config.workspace.programmes, decks)
        choices = [("", t("start.prepare_new"), "")]
        for index, one in enumerate(found):
            rounds = t("cli.programme_rounds", n=one.rounds)
            label = t("start.prepare_example" if one.example else "start.prepare_own",
                      title=one.title, rounds=rounds)
            if one.problem:
                label = f"{one.title} · ⚠ {one.problem}"
            choices.append((str(index), label, one.path.name))
        picked = await self.app.push_screen_wait(ChoiceDialog(
            t("start.prepare_title"), choices, searchable=len(choices) > 8,
            hint=t("start.prepare_hint")))
        if picked is None:
            return
        if picked == "":
            self.app.push_screen(ProgrammeScreen())
            return
        chosen = found[int(picked)]
        try:
            programme = load_programme(chosen.path, decks)
        except DeckError as error:
            self.notify(t("start.programme_broken", problem=error.problems[0]
                          if error.problems else error), severity="error", timeout=20)
            return
        self.app.push_screen(ProgrammeScreen(programme, None if chosen.example
                                             else chosen.path))

    @work(exclusive=True, group="map")
    async def action_map(self) -> None:
        """Ask whose influence to map, then open the circle."""
        from cardgame.domain.session import TITLE_MAX
        from cardgame.screens.dialogs import Field, TextDialog

        decks = self.app.library.of_kind("influence-element")
        if not decks:
            self.notify(t("error.no_influence_deck"), severity="error")
            return
        default = decks[0].circle.actors[0]
        values = await self.app.push_screen_wait(TextDialog(
            t("start.map_title"), [Field("actor", t("start.map_actor"), default,
                                         max_length=TITLE_MAX)]))
        if values is not None:
            self.app.start_mapping(values["actor"] or default)

    @work(exclusive=True, group="compare")
    async def action_compare(self) -> None:
        """Tick the sessions to compare, then show them side by side."""
        from cardgame.screens.compare import MINIMUM, CompareScreen, PickSessions
        from cardgame.storage.store import DAMAGED, OK

        sessions = []
        for summary in self.app.store.summaries():
            usable = summary.condition in (OK, DAMAGED)
            label = t("start.session_line", title=summary.title, date=summary.date,
                      groups=t("start.groups", n=len(summary.groups)),
                      recorded=t("start.recorded", n=summary.recorded),
                      changed=datetime.fromtimestamp(summary.modified).strftime("%d.%m %H:%M"))
            if summary.condition != OK:
                label += f" · ⚠ {summary.problem}"
            sessions.append((summary.path, label, usable))
        if sum(usable for _, _, usable in sessions) < MINIMUM:
            self.notify(t("compare.nothing_to_pick"), severity="warning")
            return
        paths = await self.app.push_screen_wait(PickSessions(sessions))
        if paths:
            self.app.push_screen(CompareScreen(paths))

    def action_browse(self) -> None:
        from cardgame.screens.browse import BrowseScreen

        self.app.push_screen(BrowseScreen())
