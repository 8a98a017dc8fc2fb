"""Every key of the screen underneath, with what it does, in the interface language.

Keys that cannot act now are listed greyed, with the reason, so the help shows what works
now (the same reasons the footer greys and a pressed key says).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from cardgame.i18n import t
from cardgame.widgets.localize import declared_bindings, localize_bindings

KEY_NAMES = {"right": "→", "left": "←", "up": "↑", "down": "↓", "slash": "/",
             "question_mark": "?", "escape": "esc", "enter": "enter", "plus": "+",
             "minus": "-", "shift+tab": "shift+tab"}


def key_label(binding: Binding) -> str:
    keys = [KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(",")]
    return " / ".join(keys)


@dataclass
class KeyRow:
    """One action of the help: its keys, what it does, more, and why it cannot act now."""

    keys: list[str]
    does: str
    more: str
    why_not: str = ""


def _why_not(node: DOMNode, action: str) -> str:
    """Why an action cannot act now ("" when it can)."""
    _, name, params = parse(action)
    if node.check_action(name, params):
        return ""
    refusal = getattr(node, "refusal", None)
    reason = refusal(name, params) if callable(refusal) else None
    return str(reason) if reason is not None else t("help.not_now")


def screen_keys(screen: DOMNode, app: DOMNode) -> list[KeyRow]:
    """Each distinct action of a screen and the app, with its keys."""
    found: dict[str, KeyRow] = {}
    numbers: list[str] = []
    numbers_mean = "help.numbers"
    for node in (screen, app):
        for binding in declared_bindings(node):
            if binding.action.startswith(("number(", "put(")):
                numbers.append(binding.key)
                if binding.action.startswith("put("):
                    numbers_mean = "help.rings"
                continue
            if not binding.id or not binding.description:
                continue
            row = found.get(binding.id)
            if row is None:
                row = found[binding.id] = KeyRow([], binding.description, binding.tooltip,
                                                 _why_not(node, binding.action))
            label = key_label(binding)
            if label not in row.keys:
                row.keys.append(label)
    rows = list(found.values())
    if numbers:
        rows.insert(0, KeyRow([f"{min(numbers)}–{max(numbers)}"], t(numbers_mean), ""))
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys that work on the screen below."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 96; max-width: 100%; height: 90%; border: thick $primary;
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
        width = max((len(" / ".join(row.keys)) for row in rows), default=4) + 2
        lines: list[Content] = []
        for row in rows:
            keys = " / ".join(row.keys).ljust(width)
            if row.why_not:
                lines.append(Content.assemble((keys, "$text-muted"), (row.does, "$text-muted")))
                lines.append(Content.styled(" " * width + t("help.why_not", why=row.why_not),
                                            "italic $text-muted"))
                continue
            lines.append(Content.assemble((keys, "bold $primary"), (row.does, "bold")))
            if row.more and row.more != row.does:
                lines.append(Content.styled(" " * width + row.more, "$text-muted"))
        with Vertical():
            yield Static(t("help.title"), classes="title")
            yield Static(t("help.footer"), classes="hint")
            with VerticalScroll():
                yield Static(Content("\n").join(lines), id="keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
