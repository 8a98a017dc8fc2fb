"""Forbered temadag: make a programme of rounds, save it, start a day with it.

The screen holds the programme's title and its rounds in order; a round is made or changed in
`round_dialog.RoundDialog` (deck, title, minutes, plenary or a hand per table, the cards
ticked in the order they are played or a number to draw, a note). The rules of a round and of
a programme are the domain's (`check_round`, `check_programme`); the file is the storage's.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Input,
    Label,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from cardgame.domain.decks import Deck
from cardgame.domain.errors import CardgameError, FieldError
from cardgame.domain.programme import (
    Programme,
    Round,
    check_programme,
    round_title,
)
from cardgame.domain.themeday import THEME_DAY_KINDS
from cardgame.i18n import language, t
from cardgame.screens import cardgame_app
from cardgame.screens.round_dialog import RoundDialog
from cardgame.widgets.localize import localize_bindings


def round_line(number: int, one: Round, decks: dict[str, Deck]) -> str:
    """One round as the list shows it: number, title, deck, cards, minutes, mode."""
    deck = decks.get(one.deck)
    cards = t("prog.drawn", n=one.deal) if one.deal else t("prog.cards", n=len(one.cards))
    return t("prog.round_line", n=number, title=round_title(one, decks),
             deck=deck.info.title if deck else one.deck, cards=cards, minutes=one.minutes,
             mode=t(f"prog.mode_{one.mode}"))


class ProgrammeScreen(Screen[None]):
    """The programme's title and rounds: add, change, move, remove, save, start the day."""

    app = cardgame_app()
    CSS_PATH = "form.tcss"
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Every key"),
        Binding("ctrl+n,a", "add", "New round", id="prog.add",
                tooltip="Add a round at the end"),
        Binding("enter", "edit", "Change", id="prog.edit", show=False,
                tooltip="Change the highlighted round"),
        Binding("x,delete", "remove", "Remove", id="prog.remove", show=False,
                tooltip="Remove the highlighted round"),
        Binding("ctrl+up", "move(-1)", "Move up", id="prog.up", show=False,
                tooltip="Move the highlighted round one place up"),
        Binding("ctrl+down", "move(1)", "Move down", id="prog.down", show=False,
                tooltip="Move the highlighted round one place down"),
        Binding("ctrl+s", "save", "Save", id="prog.save", tooltip="Save the programme"),
        Binding("ctrl+t", "start_day", "Start the day", id="prog.start",
                tooltip="Save the programme and start a theme day with it"),
        Binding("escape", "back", "Back", id="prog.back", tooltip="Back to the start screen"),
    ]

    def __init__(self, programme: Programme | None = None, path: Path | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.rounds: list[Round] = list(programme.rounds) if programme else []
        self.title_text = programme.info.title if programme else ""
        self.description = programme.info.description if programme else ""
        self.path = path
        """Where it is saved (None: a new programme, or one made from an example)."""
        self.saved = programme is not None

    @property
    def decks(self) -> list[Deck]:
        decks = [d for d in self.app.library.decks.values() if d.kind in THEME_DAY_KINDS]
        return sorted(decks, key=lambda d: (d.info.language != language(),
                                            THEME_DAY_KINDS.index(d.kind), d.info.title))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="new-form"):
            yield Static(t("prog.heading"), classes="heading")
            yield Label(t("prog.programme_title"))
            yield Input(self.title_text, id="title", compact=True, max_length=120,
                        placeholder=t("prog.programme_placeholder"), select_on_focus=False)
            yield Static(id="problem-title", classes="problem")
            yield Label(t("prog.rounds"))
            yield OptionList(id="rounds")
            yield Static(id="problem-rounds", classes="problem")
            yield Static(t("prog.hint"), classes="hint", id="prog-hint")
            yield Static(id="saved-where", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        if self.rounds:
            self.query_one("#rounds", OptionList).focus()
        else:
            self.query_one("#title", Input).focus()

    def _fill(self, highlight: int | None = None) -> None:
        decks = {d.id: d for d in self.app.library.decks.values()}
        rounds = self.query_one("#rounds", OptionList)
        rounds.clear_options()
        if not self.rounds:
            rounds.add_option(Option(t("prog.no_rounds"), id="none", disabled=True))
        for number, one in enumerate(self.rounds, start=1):
            rounds.add_option(Option(Content(round_line(number, one, decks)),
                                     id=str(number - 1)))
        if self.rounds:
            rounds.highlighted = min(highlight or 0, len(self.rounds) - 1)
        total = sum(one.minutes for one in self.rounds)
        where = t("prog.saved_in", path=self.path) if self.path and self.saved else \
            t("prog.not_saved")
        self.query_one("#saved-where", Static).update(
            Content(t("prog.total", n=len(self.rounds), minutes=total) + " · " + where))

    def _highlighted(self) -> int | None:
        index = self.query_one("#rounds", OptionList).highlighted
        return index if index is not None and self.rounds else None

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "title":
            self.saved = self.saved and event.value == self.title_text
            self._problem(None)

    def _problem(self, field: str | None, message: str = "") -> None:
        for name in ("title", "rounds"):
            self.query_one(f"#problem-{name}", Static).remove_class("-shown")
            self.query_one(f"#{name}").remove_class("-refused")
        if field is None:
            return
        line = self.query_one(f"#problem-{field}", Static)
        line.update(Content(message))
        line.add_class("-shown")
        self.query_one(f"#{field}").add_class("-refused")
        self.query_one(f"#{field}").focus()
        self.app.bell()

    # rounds ---------------------------------------------------------------------------------

    @work(exclusive=True, group="round")
    async def action_add(self) -> None:
        if not self.decks:
            self.notify(t("error.no_decks"), severity="error")
            return
        one = await self.app.push_screen_wait(RoundDialog(len(self.rounds) + 1, self.decks))
        if one is not None:
            self.rounds.append(one)
            self.saved = False
            self._problem(None)
            self._fill(len(self.rounds) - 1)
            self.query_one("#rounds", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    @work(exclusive=True, group="round")
    async def action_edit(self) -> None:
        index = self._highlighted()
        if index is None:
            self.notify(t("prog.nothing_highlighted"), severity="warning")
            return
        one = await self.app.push_screen_wait(RoundDialog(index + 1, self.decks,
                                                          self.rounds[index]))
        if one is not None and one != self.rounds[index]:
            self.rounds[index] = one
            self.saved = False
            self._fill(index)

    def action_remove(self) -> None:
        index = self._highlighted()
        if index is None:
            self.notify(t("prog.nothing_highlighted"), severity="warning")
            return
        gone = self.rounds.pop(index)
        self.saved = False
        self._fill(index)
        self.notify(t("prog.removed", n=index + 1, title=round_title(
            gone, {d.id: d for d in self.decks})), timeout=6)

    def action_move(self, delta: int) -> None:
        index = self._highlighted()
        if index is None or not 0 <= index + delta < len(self.rounds):
            self.notify(t("prog.cannot_move"), severity="warning")
            return
        self.rounds[index], self.rounds[index + delta] = \
            self.rounds[index + delta], self.rounds[index]
        self.saved = False
        self._fill(index + delta)

    # saving and starting --------------------------------------------------------------------

    def _programme(self) -> Programme | None:
        try:
            programme = check_programme(self.query_one("#title", Input).value, self.rounds)
        except FieldError as error:
            self._problem(error.field, str(error))
            return None
        if self.description:
            programme = programme.model_copy(update={"info": programme.info.model_copy(
                update={"description": self.description})})
        return programme

    def action_save(self) -> Path | None:
        from cardgame.storage.programmefile import save_programme

        programme = self._programme()
        if programme is None:
            return None
        try:
            self.path = save_programme(self.app.config.workspace.programmes, programme,
                                       self.path)
        except CardgameError as error:
            self.notify(str(error), severity="error", timeout=15)
            return None
        self.title_text = programme.info.title
        self.saved = True
        self._fill(self._highlighted())
        self.notify(t("prog.saved", path=self.path), timeout=6)
        return self.path

    def action_start_day(self) -> None:
        from cardgame.screens.new_session import NewSessionScreen

        path = self.action_save()
        if path is not None:
            self.app.push_screen(NewSessionScreen(programme=path))

    @work(exclusive=True, group="leave")
    async def action_back(self) -> None:
        from cardgame.screens.dialogs import ConfirmDialog

        if not self.saved and self.rounds:
            leave = await self.app.push_screen_wait(ConfirmDialog(
                t("prog.unsaved_title"), t("prog.unsaved", n=len(self.rounds)),
                yes=t("prog.leave_anyway"), no=t("prog.stay")))
            if not leave:
                return
        self.app.pop_screen()
