"""Small modal dialogs that return a value with `dismiss`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cardgame.i18n import t
from cardgame.widgets.localize import localize_bindings

DIALOG_CSS = """
.dialog { width: 76; max-width: 100%; height: auto; max-height: 100%;
          border: thick $primary; background: $surface; padding: 1 2; }
.dialog .title { text-style: bold; color: $accent; margin-bottom: 1; }
.dialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
.dialog .buttons Button { margin-left: 2; }
.dialog Label { margin-top: 1; text-style: bold; }
.dialog Input { background: $panel; }
.dialog Input:focus { background: $primary 25%; }
.dialog .hint { margin-top: 1; color: $text-muted; }
.dialog OptionList { height: auto; max-height: 16; }
"""


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question."""

    DEFAULT_CSS = "ConfirmDialog { align: center middle; }\n" + DIALOG_CSS
    BINDINGS = [
        Binding("escape", "answer(False)", "Cancel", id="dialog.cancel",
                tooltip="Close without doing anything"),
        Binding("y,j", "answer(True)", "Yes", id="dialog.yes", show=False,
                tooltip="Answer yes"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button(t("button.no"), id="no", compact=True)
                yield Button(t("button.yes"), id="yes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class TextDialog(ModalScreen[dict[str, str] | None]):
    """One or more text fields; enter in the last field saves, escape cancels."""

    DEFAULT_CSS = "TextDialog { align: center middle; }\n" + DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                        tooltip="Close without saving")]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], hint: str = "") -> None:
        """fields: (name, label, initial value)."""
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.fields = fields
        self.hint = hint or t("dialog.enter_saves")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            for name, label, value in self.fields:
                yield Label(label)
                yield Input(value, id=f"field-{name}", select_on_focus=False, compact=True)
            yield Static(self.hint, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("button.cancel"), id="cancel", compact=True)
                yield Button(t("button.save"), id="save", variant="primary", compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self._save()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        self.dismiss({name: self.query_one(f"#field-{name}", Input).value
                      for name, _, _ in self.fields})

    def action_cancel(self) -> None:
        self.dismiss(None)


class NumberDialog(ModalScreen[int | None]):
    """Ask for a whole number within bounds."""

    DEFAULT_CSS = "NumberDialog { align: center middle; }\n" + DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                        tooltip="Close without changing anything")]

    def __init__(self, title: str, label: str, value: int, low: int, high: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text, self.label, self.value = title, label, value
        self.low, self.high = low, high

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield Label(f"{self.label} ({self.low}–{self.high})")
            yield Input(str(self.value), type="integer", id="number", compact=True)
            yield Static("", id="problem", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            number = int(event.value)
        except ValueError:
            number = None
        if number is None or not self.low <= number <= self.high:
            self.query_one("#problem", Static).update(
                t("dialog.number_range", low=self.low, high=self.high))
            return
        self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a list; the filter field narrows the list as you type."""

    DEFAULT_CSS = "ChoiceDialog { align: center middle; }\n" + DIALOG_CSS + """
    ChoiceDialog OptionList { max-height: 20; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                        tooltip="Close without choosing")]

    def __init__(self, title: str, choices: list[tuple[str, str, str]],
                 searchable: bool = False, current: str | None = None) -> None:
        """choices: (id, label, search text)."""
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.choices = choices
        self.searchable = searchable
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            if self.searchable:
                yield Input(placeholder=t("dialog.search"), id="filter", compact=True)
            yield OptionList(*self._options(""), id="choices")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [c[0] for c in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        (self.query_one("#filter") if self.searchable else options).focus()

    def _options(self, query: str) -> list[Option]:
        words = query.lower().split()
        return [Option(label, id=choice_id) for choice_id, label, text in self.choices
                if all(w in (label + " " + text).lower() for w in words)]

    def on_input_changed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_key(self, event) -> None:  # noqa: ANN001 - textual.events.Key
        if self.searchable and event.key in ("down", "up"):
            options = self.query_one(OptionList)
            if options.option_count:
                (options.action_cursor_down if event.key == "down"
                 else options.action_cursor_up)()
                event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
