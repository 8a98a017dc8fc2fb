"""How to put the wall on the projector: the laptop keeps the controls, the wall shows the card.

`v` on a session's screen opens this dialog. It names the one command that shows the wall
(`cardgame audience`, which follows whatever session is open in this workspace), copies it,
and where this system can open a terminal window (Windows always; macOS; a Linux desktop)
opens the wall in one, to be dragged onto the projector's screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cardgame.domain.errors import os_problem
from cardgame.i18n import t
from cardgame.launch import Launch, open_window, shell_line
from cardgame.screens.dialogs import DIALOG_CSS
from cardgame.widgets.localize import localize_bindings


class WallDialog(ModalScreen[None]):
    """The command that shows the wall, to copy or to run in a new window."""

    DEFAULT_CSS = "WallDialog { align: center middle; }\n" + DIALOG_CSS + """
    WallDialog #wall-command { background: $panel; padding: 0 1; margin: 1 0;
                               text-style: bold; }
    WallDialog .buttons { align-horizontal: left; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="wall.close", tooltip="Close this window"),
        Binding("c", "copy", "Copy", id="wall.copy", tooltip="Copy the command"),
        Binding("o", "open", "Open", id="wall.open", tooltip="Open the wall in a new window"),
    ]

    def __init__(self, argv: list[str], launch: Launch | None) -> None:
        super().__init__()
        localize_bindings(self)
        self.argv = argv
        self.line = shell_line(argv)
        self.launch = launch

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("wall.title"), classes="title")
            yield Static(t("wall.explain"))
            yield Static(Content(self.line), id="wall-command")
            yield Static(t("wall.browser"), classes="hint")
            with Horizontal(classes="buttons"):
                if self.launch is not None:
                    yield Button(t("wall.open"), id="open", variant="primary", compact=True)
                yield Button(t("wall.copy"), id="copy", compact=True)
                yield Button(t("button.close"), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#open" if self.launch is not None else "#copy", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.launch is not None
        return True

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action(str(event.button.id))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.line)
        self.notify(t("wall.copied"), timeout=6)

    def action_open(self) -> None:
        if self.launch is None:
            return
        try:
            open_window(self.launch)
        except OSError as error:
            self.notify(t("wall.cannot_open", error=os_problem(error)), severity="error",
                        timeout=12)
            return
        self.notify(t("wall.opened"), timeout=10)
        self.dismiss(None)
