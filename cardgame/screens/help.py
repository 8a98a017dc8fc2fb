"""Every key of the screen underneath, with what it does, in the interface language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from cardgame.i18n import t
from cardgame.widgets.localize import localize_bindings, localized


def key_label(binding: Binding) -> str:
    names = {"right": "→", "left": "←", "up": "↑", "down": "↓", "slash": "/",
             "question_mark": "?", "escape": "esc", "enter": "enter"}
    keys = [names.get(k.strip(), k.strip()) for k in binding.key.split(",")]
    return " / ".join(keys)


def screen_keys(screen, app) -> list[tuple[str, str, str]]:  # noqa: ANN001 - Screen, App
    """(keys, description, tooltip) for each distinct action of a screen and the app."""
    found: dict[str, tuple[list[str], str, str]] = {}
    numbers: list[str] = []
    numbers_mean = "help.numbers"
    for node in (screen, app):
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                binding = localized(binding)
                if binding.action.startswith(("number(", "put(")):
                    numbers.append(binding.key)
                    if binding.action.startswith("put("):
                        numbers_mean = "help.rings"
                    continue
                if not binding.id or not binding.description:
                    continue
                keys, _, _ = found.setdefault(binding.id, ([], binding.description,
                                                           binding.tooltip))
                label = key_label(binding)
                if label not in keys:
                    keys.append(label)
    rows = [(" / ".join(keys), does, more) for keys, does, more in found.values()]
    if numbers:
        rows.insert(0, (f"{min(numbers)}–{max(numbers)}", t(numbers_mean), ""))
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys that work on the screen below."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90; max-width: 100%; height: 90%; border: thick $primary;
                            background: $surface; padding: 0 1; }
    HelpScreen .title { text-style: bold; color: $accent; padding: 1 0 0 0; height: auto; }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen .hint { height: auto; color: $text-muted; padding-bottom: 1; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close",
                        tooltip="Close the help")]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        stack = [s for s in self.app.screen_stack if s is not self]
        rows = screen_keys(stack[-1] if stack else self.app.screen, self.app)
        width = max((len(keys) for keys, _, _ in rows), default=4) + 2
        lines: list[Content] = []
        for keys, does, more in rows:
            lines.append(Content.assemble((keys.ljust(width), "bold $primary"), (does, "bold")))
            if more and more != does:
                lines.append(Content.styled(" " * width + more, "$text-muted"))
        with Vertical():
            yield Static(t("help.title"), classes="title")
            yield Static(t("help.footer"), classes="hint")
            with VerticalScroll():
                yield Static(Content("\n").join(lines), id="keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
