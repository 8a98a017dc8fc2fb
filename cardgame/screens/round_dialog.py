"""The dialog for one round of a programme: deck, title, minutes, form, cards, deal, note.

The cards are ticked in the order they are played; the search narrows the list and keeps the
ticks. What a valid round is, is the domain's (`check_round`); a refused field is marked, its
reason said under it, and everything typed stays.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from cardgame.domain.decks import Deck
from cardgame.domain.errors import FieldError
from cardgame.domain.programme import DEAL_MAX, HAND, MINUTES_MAX, PLENARY, Round, check_round
from cardgame.i18n import in_other_language, t
from cardgame.screens.dialogs import DIALOG_CSS
from cardgame.widgets.localize import localize_bindings, localize_selects

ROUND_FIELDS = ("deck", "title", "minutes", "mode", "cards", "deal", "note")


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
            yield Select([(Content(d.info.title + in_other_language(d.info.language)), d.id)
                          for d in self.decks.values()], id="deck",
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
        localize_selects(self)
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
        cards.add_options([(Content(card.title), card.id, card.id in chosen) for card in deck.cards
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
            line.update(Content(str(error)))
            line.add_class("-shown")
            widget = self.query_one(f"#{error.field}")
            widget.add_class("-refused")
            widget.focus()
            line.scroll_visible(animate=False)
            self.app.bell()
            return
        self.dismiss(one)
