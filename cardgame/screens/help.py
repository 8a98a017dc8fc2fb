"""Every key of the screen underneath, with what it does, in the interface language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from cardgame.i18n import t
from cardgame.widgets.localize import localize_bindings, localized


def key_label(binding: Binding) -> str:
    names = {"right": "→", "left": "←", "up": "↑", "down": "↓", "slash": "/",
             "question_mark": "?", "escape": "esc", "enter": "enter"}
    keys = [names.get(k.strip(), k.strip()) for k in binding.key.split(",")]
    return " / ".join(keys)


def screen_keys(screen, app) -> list[tuple[str, str, str]]:  # noqa: ANN001 - Screen, App
    """(keys, description, tooltip) for each distinct action of a screen and the app."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    numbers: list[str] = []
    for node in (screen, app):
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                binding = localized(binding)
                if binding.action.startswith("number("):
                    numbers.append(binding.key)
                    continue
                if binding.id in seen or not binding.description:
                    continue
                seen.add(binding.id or binding.action)
                rows.append((key_label(binding), binding.description, binding.tooltip))
    if numbers:
        rows.insert(0, (f"{min(numbers)}–{max(numbers)}", t("help.numbers"), ""))
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys that work on the screen below."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90; max-width: 100%; height: 90%; border: thick $primary;
                            background: $surface; padding: 0 1; }
    HelpScreen .title { text-style: bold; color: $accent; padding: 1 0; }
    HelpScreen DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close",
                        tooltip="Close the help")]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("help.title"), classes="title")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            with VerticalScroll(classes="hint"):
                yield Static(t("help.footer"))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(t("help.key"), t("help.does"), t("help.more"))
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else self.app.screen
        for row in screen_keys(below, self.app):
            table.add_row(*row)
        table.focus()
