"""Small modal dialogs that return a value with `dismiss`.

A dialog never throws away what was typed: a field the rules refuse is marked, the reason is
said beside it in the interface language, and the dialog stays open with every character.
Escape after typing asks before it discards anything; what is typed is handed to a draft
keeper while typing, so that even a crash does not lose it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from cardgame.domain.errors import CardgameError, FieldError
from cardgame.i18n import t
from cardgame.widgets.localize import localize_bindings

DIALOG_CSS = """
.dialog { width: 80; max-width: 100%; height: auto; max-height: 100%;
          border: thick $primary; background: $surface; padding: 0 2; }
.dialog .title { text-style: bold; color: $accent; margin: 1 0; }
.dialog .buttons { height: auto; margin: 1 0; align-horizontal: right; }
.dialog .buttons Button { margin-left: 2; }
.dialog Label { margin-top: 1; text-style: bold; width: 100%; }
.dialog Input { background: $panel; }
.dialog Input:focus { background: $primary 25%; }
.dialog TextArea { height: 5; background: $panel; border: none; padding: 0 1; }
.dialog TextArea:focus { background: $primary 25%; }
.dialog .-refused { border-left: thick $error; }
.dialog .problem { color: $error; text-style: bold; display: none; width: 100%; }
.dialog .problem.-shown { display: block; }
.dialog .hint { margin-top: 1; color: $text-muted; width: 100%; }
.dialog OptionList { height: auto; max-height: 16; }
.dialog VerticalScroll { height: auto; max-height: 1fr; }
"""

DRAFT_DELAY = 0.5
"""Seconds after the last key before what is typed is handed to the draft keeper."""


@dataclass(frozen=True)
class Field:
    """One field of a text dialog."""

    name: str
    label: str
    value: str = ""
    multiline: bool = False
    """A TextArea of several lines (reasons, notes), else a one-line Input."""
    max_length: int = 0
    """For one-line fields: the most characters the field takes (0: no limit)."""
    placeholder: str = ""
    saved: str | None = None
    """What is recorded for the field, when `value` is something else (a draft brought back):
    escape asks before discarding anything that differs from it."""


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question."""

    DEFAULT_CSS = "ConfirmDialog { align: center middle; }\n" + DIALOG_CSS
    BINDINGS = [
        Binding("escape", "answer(False)", "Cancel", id="dialog.cancel",
                tooltip="Close without doing anything"),
        Binding("y,j", "answer(True)", "Yes", id="dialog.yes", show=False,
                tooltip="Answer yes"),
        Binding("n", "answer(False)", "No", id="dialog.no", show=False, tooltip="Answer no"),
    ]

    def __init__(self, title: str, question: str, *, yes: str = "", no: str = "",
                 enter_says_yes: bool = False) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.question = question
        self.yes = yes or t("button.yes")
        self.no = no or t("button.no")
        self.enter_says_yes = enter_says_yes
        """Whether enter answers yes (where yes keeps something, as restoring a draft); by
        default it answers no, the answer that changes nothing."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="title")
            yield Static(Content(self.question))
            with Horizontal(classes="buttons"):
                yield Button(Content(self.no), id="no", compact=True)
                yield Button(Content(self.yes), id="yes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes" if self.enter_says_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class TextDialog(ModalScreen[dict[str, str] | None]):
    """One or more text fields; ctrl+s saves (enter in the last one-line field too), escape
    cancels and asks first when something was typed.

    `check` is called with the values before the dialog closes: a FieldError it raises marks
    that field and keeps the dialog open. `on_draft` gets the values while typing.
    """

    DEFAULT_CSS = "TextDialog { align: center middle; }\n" + DIALOG_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="dialog.save", tooltip="Save and close"),
    ]

    def __init__(self, title: str, fields: list[Field], hint: str = "", *,
                 check: Callable[[dict[str, str]], None] | None = None,
                 on_draft: Callable[[dict[str, str]], None] | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.fields = fields
        self.check = check
        self.on_draft = on_draft
        self.hint = hint or t("dialog.hint_multiline" if any(f.multiline for f in fields)
                              else "dialog.enter_saves")
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="title")
            with VerticalScroll(can_focus=False):
                for field in self.fields:
                    yield Label(Content(field.label))
                    if field.multiline:
                        yield TextArea(field.value, id=f"field-{field.name}", soft_wrap=True,
                                       tab_behavior="focus", compact=True,
                                       placeholder=field.placeholder)
                    else:
                        yield Input(field.value, id=f"field-{field.name}",
                                    select_on_focus=False, compact=True,
                                    max_length=field.max_length,
                                    placeholder=field.placeholder)
                    yield Static("", id=f"problem-{field.name}", classes="problem")
            yield Static("", id="problem-general", classes="problem")
            yield Static(Content(self.hint), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("button.cancel"), id="cancel", compact=True)
                yield Button(t("button.save"), id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        first = self.query_one(f"#field-{self.fields[0].name}")
        first.focus()
        if isinstance(first, TextArea):
            first.move_cursor(first.document.end)

    def values(self) -> dict[str, str]:
        """What is typed in every field now."""
        found: dict[str, str] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            found[field.name] = widget.text if isinstance(widget, TextArea) else \
                widget.value if isinstance(widget, Input) else ""
        return found

    @property
    def changed(self) -> bool:
        """Whether anything differs from what is recorded (so escape would discard it)."""
        return self.values() != {f.name: f.value if f.saved is None else f.saved
                                 for f in self.fields}

    # typing -------------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        control = event.control
        if control.has_class("-refused"):
            control.remove_class("-refused")
            name = (control.id or "").removeprefix("field-")
            self.query_one(f"#problem-{name}", Static).remove_class("-shown")
        if self.on_draft is not None:
            if self._draft_timer is not None:
                self._draft_timer.stop()
            self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _keep_draft(self) -> None:
        if self.on_draft is not None:
            self.on_draft(self.values())

    def on_key(self, event: events.Key) -> None:
        """Invisible format characters typed or pasted key by key (the joiner inside 👩🏽‍🚀, a
        right-to-left mark in a Hebrew quote) go into the field as typed: Textual's fields
        take only printable keys, and would drop them (R14)."""
        character = event.character
        if character is None or len(character) != 1 or unicodedata.category(character) != "Cf":
            return
        focused = self.focused
        if isinstance(focused, TextArea):
            focused.insert(character)
        elif isinstance(focused, Input):
            focused.insert_text_at_cursor(character)
        else:
            return
        event.stop()
        event.prevent_default()

    def commit_typing(self) -> None:
        """Before the app quits: keep what is typed as a draft now, not half a second on."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._keep_draft()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        names = [f.name for f in self.fields]
        name = (event.input.id or "").removeprefix("field-")
        index = names.index(name)
        if index == len(names) - 1:
            self.action_save()
        else:
            self.query_one(f"#field-{names[index + 1]}").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    # closing ------------------------------------------------------------------------------

    def show_problem(self, field_name: str | None, message: str) -> None:
        """Mark a field and say what is wrong under it; the typed text stays."""
        for problem in self.query(".problem"):
            problem.remove_class("-shown")
        names = [f.name for f in self.fields]
        target = field_name if field_name in names else "general"
        line = self.query_one(f"#problem-{target}", Static)
        line.update(Content(message))
        line.add_class("-shown")
        if target != "general":
            widget = self.query_one(f"#field-{target}")
            widget.add_class("-refused")
            widget.focus()
        self.app.bell()

    def action_save(self) -> None:
        values = self.values()
        if self.check is not None:
            try:
                self.check(values)
            except FieldError as refused:
                self.show_problem(refused.field, str(refused))
                return
            except CardgameError as refused:
                self.show_problem(None, str(refused))
                return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.dismiss(values)

    @work(exclusive=True, group="dialog-cancel")
    async def action_cancel(self) -> None:
        if self.changed:
            discard = await self.app.push_screen_wait(
                ConfirmDialog(t("dialog.discard_title"), t("dialog.discard_question"),
                              yes=t("dialog.discard_yes"), no=t("dialog.discard_no")))
            if not discard:
                return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.dismiss(None)


class NumberDialog(ModalScreen[int | None]):
    """Ask for a whole number within bounds; a wrong number is said and kept for editing."""

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
            yield Static(Content(self.title_text), classes="title")
            yield Label(Content(f"{self.label} ({self.low}–{self.high})"))
            yield Input(str(self.value), type="integer", id="number", compact=True)
            yield Static("", id="problem", classes="problem")
            yield Static(t("dialog.enter_saves"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            number: int | None = int(event.value)
        except ValueError:
            number = None
        if number is None or not self.low <= number <= self.high:
            problem = self.query_one("#problem", Static)
            problem.update(t("dialog.number_range", low=self.low, high=self.high))
            problem.add_class("-shown")
            event.input.add_class("-refused")
            self.app.bell()
            return
        self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a list; the filter field narrows the list as you type."""

    DEFAULT_CSS = "ChoiceDialog { align: center middle; }\n" + DIALOG_CSS + """
    ChoiceDialog OptionList { max-height: 20; }
    ChoiceDialog #no-hits { color: $warning; display: none; margin-top: 1; }
    ChoiceDialog #no-hits.-shown { display: block; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                        tooltip="Close without choosing")]

    def __init__(self, title: str, choices: list[tuple[str, str, str]],
                 searchable: bool = False, current: str | None = None, hint: str = "") -> None:
        """choices: (id, label, search text)."""
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.choices = choices
        self.searchable = searchable
        self.current = current
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="title")
            if self.searchable:
                yield Input(placeholder=t("dialog.search"), id="filter", compact=True)
            yield OptionList(*self._options(""), id="choices")
            yield Static(t("dialog.no_hits"), id="no-hits")
            if self.hint:
                yield Static(Content(self.hint), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [c[0] for c in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        (self.query_one("#filter") if self.searchable else options).focus()

    def _options(self, query: str) -> list[Option]:
        words = query.lower().split()
        return [Option(Content(label), id=choice_id) for choice_id, label, text in self.choices
                if all(w in (label + " " + text).lower() for w in words)]

    def on_input_changed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0
        self.query_one("#no-hits").set_class(options.option_count == 0, "-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)
        else:
            self.app.bell()

    def on_key(self, event: events.Key) -> None:
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
