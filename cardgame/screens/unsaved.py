"""Asked before quitting or leaving a session whose changes are not all in its file.

The count is live: the dialog tries to save again every couple of seconds and closes by itself
as soon as everything is written. The way out when the disk stays refused: save a copy of the
whole session somewhere else (a USB stick, the desktop), or leave anyway, knowingly.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cardgame.domain.errors import CardgameError
from cardgame.i18n import t
from cardgame.screens.dialogs import DIALOG_CSS, ConfirmDialog, Field, TextDialog
from cardgame.storage.opened import RETRY_SECONDS, OpenSession
from cardgame.widgets.localize import localize_bindings


def default_copy_path(session: OpenSession) -> Path:
    """Where a copy is offered first: the user's home folder, which is rarely the full disk."""
    return Path.home() / session.path.name


class UnsavedDialog(ModalScreen[str]):
    """Dismisses with "saved", "copied", "leave" (knowingly, without saving) or "stay"."""

    DEFAULT_CSS = "UnsavedDialog { align: center middle; }\n" + DIALOG_CSS + """
    UnsavedDialog .buttons { align-horizontal: left; }
    UnsavedDialog #count { text-style: bold; color: $error; margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape", "stay", "Stay", id="unsaved.stay", tooltip="Stay in the session"),
        Binding("r", "retry", "Try again", id="unsaved.retry", tooltip="Try to save again"),
        Binding("k", "copy", "Save a copy", id="unsaved.copy",
                tooltip="Save the whole session to another file"),
    ]

    def __init__(self, session: OpenSession, *, leaving: bool) -> None:
        super().__init__()
        localize_bindings(self)
        self.session = session
        self.leaving = leaving

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("unsaved.title"), classes="title")
            yield Static(id="count")
            yield Static(t("unsaved.explain_lock" if self.session.status.lock_lost
                           else "unsaved.explain"))
            with Horizontal(classes="buttons"):
                if not self.session.status.lock_lost:  # R12: no retry can help then
                    yield Button(t("unsaved.retry"), id="retry", compact=True)
                yield Button(t("unsaved.copy"), id="copy", variant="primary", compact=True)
                yield Button(t("unsaved.leave" if self.leaving else "unsaved.quit"),
                             id="leave", variant="error", compact=True)
                yield Button(t("unsaved.stay"), id="stay", compact=True)

    def on_mount(self) -> None:
        self._draw()
        if not self.session.status.lock_lost:  # another cardgame has it: no retry can help
            self.set_interval(RETRY_SECONDS, self.action_retry)
        self.query_one("#copy", Button).focus()

    def _draw(self) -> None:
        status = self.session.status
        self.query_one("#count", Static).update(Content(
            t("unsaved.count", n=self.session.pending, file=self.session.path.name,
              error=status.error)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "retry" and self.session.status.lock_lost)

    def action_retry(self) -> None:
        if self.session.flush().ok:
            self.notify(t("status.saved_again"))
            self.dismiss("saved")
            return
        self._draw()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retry":
            self.action_retry()
        elif event.button.id == "copy":
            self.action_copy()
        elif event.button.id == "leave":
            self.confirm_leave()
        else:
            self.dismiss("stay")

    def action_stay(self) -> None:
        self.dismiss("stay")

    @work(exclusive=True, group="unsaved")
    async def action_copy(self) -> None:
        def check(values: dict[str, str]) -> None:
            if not values["path"].strip():
                from cardgame.domain.errors import FieldError

                raise FieldError("path", "unsaved.need_path")

        values = await self.app.push_screen_wait(TextDialog(
            t("unsaved.copy_title"),
            [Field("path", t("unsaved.copy_label"), str(default_copy_path(self.session)))],
            check=check))
        if values is None:
            return
        try:
            target = self.session.save_copy(Path(values["path"].strip()).expanduser())
        except CardgameError as error:
            self.notify(str(error), severity="error", timeout=20)
            return
        self.notify(t("unsaved.copied", path=str(target)), timeout=20)
        self.dismiss("copied")

    @work(exclusive=True, group="unsaved")
    async def confirm_leave(self) -> None:
        sure = await self.app.push_screen_wait(ConfirmDialog(
            t("unsaved.sure_title"), t("unsaved.sure", n=self.session.pending),
            yes=t("unsaved.sure_yes"), no=t("unsaved.stay")))
        if sure:
            self.dismiss("leave")
