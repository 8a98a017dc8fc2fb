"""Forbered temadag: make a programme of rounds, save it, start a day with it.

The screen holds the programme's title and its rounds in order; a round is made or changed in
`RoundDialog` (deck, title, minutes, plenary or a hand per table, the cards ticked in the
order they are played or a number to draw, a note). The rules of a round and of a programme
are the domain's (`check_round`, `check_programme`); the file is the storage's.
"""

from __future__ import annotations

from pathlib import Path

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from cardgame.app import CardgameApp
from cardgame.domain.decks import Deck
from cardgame.domain.errors import CardgameError, FieldError
from cardgame.domain.programme import (
    DEAL_MAX,
    HAND,
    MINUTES_MAX,
    PLENARY,
    Programme,
    Round,
    check_programme,
    check_round,
    round_title,
)
from cardgame.domain.themeday import THEME_DAY_KINDS
from cardgame.i18n import t
from cardgame.screens.dialogs import DIALOG_CSS
from cardgame.widgets.localize import localize_bindings

ROUND_FIELDS = ("deck", "title", "minutes", "mode", "cards", "deal", "note")


def round_line(number: int, one: Round, decks: dict[str, Deck]) -> str:
    """One round as the list shows it: number, title, deck, cards, minutes, mode."""
    deck = decks.get(one.deck)
    cards = t("prog.drawn", n=one.deal) if one.deal else t("prog.cards", n=len(one.cards))
    return t("prog.round_line", n=number, title=round_title(one, decks),
             deck=deck.info.title if deck else one.deck, cards=cards, minutes=one.minutes,
             mode=t(f"prog.mode_{one.mode}"))


class RoundDialog(ModalScreen[Round | None]):
    """Make or change one round: everything typed stays when something is refused."""

    DEFAULT_CSS = "RoundDialog { align: center middle; }\n" + DIALOG_CSS + """
    RoundDialog .dialog { width: 90; }
    RoundDialog SelectionList { height: auto; max-height: 12; }
    RoundDialog Select { width: 100%; }
    RoundDialog .row { height: auto; }
    RoundDialog .row > Vertical { width: 1fr; height: auto; margin-right: 2; }
    RoundDialog #chosen { color: $text-muted; }
    RoundDialog #cards > .selection-list--button { color: $panel; background: $panel; }
    RoundDialog #cards > .selection-list--button-highlighted {
        color: $panel-lighten-2; background: $panel-lighten-2; }
    RoundDialog #cards > .selection-list--button-selected,
    RoundDialog #cards > .selection-list--button-selected-highlighted {
        color: $background; background: $success; text-style: bold; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prog.round_save", tooltip="Keep the round"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                tooltip="Close without keeping the round"),
    ]

    def __init__(self, number: int, decks: list[Deck], one: Round | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.number = number
        self.decks = {d.id: d for d in decks}
        self.start = one
        first = one.deck if one is not None and one.deck in self.decks else decks[0].id
        self.deck_id = first
        self.order: list[str] = list(one.cards) if one is not None and not one.deal else []
        """The ticked cards, in the order they were ticked: the order they are played."""
        self._rebuilding = False

    def compose(self) -> ComposeResult:
        one = self.start
        with VerticalScroll(classes="dialog"):
            yield Static(t("prog.round_title", n=self.number), classes="title")
            yield Label(t("prog.deck"))
            yield Select([(d.info.title, d.id) for d in self.decks.values()], id="deck",
                         value=self.deck_id, allow_blank=False, compact=True)
            yield Static(id="problem-deck", classes="problem")
            yield Label(t("prog.title"))
            yield Input(one.title if one else "", id="title", compact=True, max_length=120,
                        placeholder=t("prog.title_placeholder"), select_on_focus=False)
            yield Static(id="problem-title", classes="problem")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(t("prog.minutes", high=MINUTES_MAX))
                    yield Input(str(one.minutes if one else 20), id="minutes", compact=True,
                                max_length=3, select_on_focus=False)
                with Vertical():
                    yield Label(t("prog.mode"))
                    yield Select([(t("prog.mode_plenary"), PLENARY),
                                  (t("prog.mode_hand"), HAND)], id="mode", compact=True,
                                 value=one.mode if one else PLENARY, allow_blank=False)
            yield Static(id="problem-minutes", classes="problem")
            yield Static(id="problem-mode", classes="problem")
            yield Label(t("prog.cards_label"))
            yield Input(id="filter", placeholder=t("prog.filter"), compact=True)
            yield SelectionList[str](id="cards")
            yield Static(id="chosen")
            yield Static(id="problem-cards", classes="problem")
            yield Label(t("prog.deal", high=DEAL_MAX))
            yield Input(str(one.deal) if one and one.deal else "", id="deal", compact=True,
                        max_length=2, select_on_focus=False)
            yield Static(id="problem-deal", classes="problem")
            yield Label(t("prog.note"))
            yield TextArea(one.note if one else "", id="note", compact=True)
            yield Static(id="problem-note", classes="problem")
            yield Static(t("prog.round_hint"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("button.cancel"), id="cancel", compact=True)
                yield Button(t("prog.keep_round"), id="keep", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._fill_cards()
        self.query_one("#deck", Select).focus()

    # the cards -----------------------------------------------------------------------------

    def _fill_cards(self) -> None:
        deck = self.decks[self.deck_id]
        words = self.query_one("#filter", Input).value.lower().split()
        chosen = set(self.order)
        cards = self.query_one("#cards", SelectionList)
        self._rebuilding = True
        cards.clear_options()
        cards.add_options([(card.title, card.id, card.id in chosen) for card in deck.cards
                           if all(w in f"{card.title} {card.id}".lower() for w in words)])
        if cards.option_count:
            cards.highlighted = 0  # space ticks the first match at once
        self._rebuilding = False
        self._show_chosen()

    def _show_chosen(self) -> None:
        deck = self.decks[self.deck_id]
        titles = [f"{n}. {deck.card(c).title}" for n, c in enumerate(self.order, start=1)
                  if deck.has_card(c)]
        self.query_one("#chosen", Static).update(
            t("prog.chosen", cards="  ".join(titles)) if titles else t("prog.none_chosen"))

    @on(Select.Changed, "#deck")
    def _deck_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.deck_id:
            self.deck_id = event.value
            self.order = []
            self._fill_cards()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._fill_cards()

    @on(Input.Submitted, "#filter")
    def _to_the_cards(self) -> None:
        self.query_one("#cards", SelectionList).focus()

    @on(SelectionList.SelectedChanged, "#cards")
    def _ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        if self._rebuilding:
            return
        shown = {str(option.value) for option in
                 (event.selection_list.get_option_at_index(i)
                  for i in range(event.selection_list.option_count))}
        ticked = set(event.selection_list.selected)
        self.order = [c for c in self.order if c in ticked or c not in shown]
        self.order += [c for c in event.selection_list.selected if c not in self.order]
        self._clear("cards")
        self._show_chosen()

    # keeping ------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ROUND_FIELDS:
            self._clear(event.input.id or "")

    def _clear(self, field: str) -> None:
        self.query_one(f"#problem-{field}", Static).remove_class("-shown")
        self.query_one(f"#{field}").remove_class("-refused")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "keep":
            self.action_save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        mode = self.query_one("#mode", Select).value
        try:
            one = check_round(self.decks[self.deck_id],
                              title=self.query_one("#title", Input).value,
                              minutes=self.query_one("#minutes", Input).value,
                              mode=mode if isinstance(mode, str) else PLENARY,
                              cards=list(self.order), deal=self.query_one("#deal", Input).value,
                              note=self.query_one("#note", TextArea).text)
        except FieldError as error:
            for name in ROUND_FIELDS:
                self._clear(name)
            line = self.query_one(f"#problem-{error.field}", Static)
            line.update(str(error))
            line.add_class("-shown")
            widget = self.query_one(f"#{error.field}")
            widget.add_class("-refused")
            widget.focus()
            line.scroll_visible(animate=False)
            self.app.bell()
            return
        self.dismiss(one)


class ProgrammeScreen(Screen[None]):
    """The programme's title and rounds: add, change, move, remove, save, start the day."""

    app = getters.app(CardgameApp)
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
        return sorted(decks, key=lambda d: (THEME_DAY_KINDS.index(d.kind), d.info.title))

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
            rounds.add_option(Option(round_line(number, one, decks), id=str(number - 1)))
        if self.rounds:
            rounds.highlighted = min(highlight or 0, len(self.rounds) - 1)
        total = sum(one.minutes for one in self.rounds)
        where = t("prog.saved_in", path=self.path) if self.path and self.saved else \
            t("prog.not_saved")
        self.query_one("#saved-where", Static).update(
            t("prog.total", n=len(self.rounds), minutes=total) + " · " + where)

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
        line.update(message)
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
