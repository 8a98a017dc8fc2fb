"""What every screen that shows an open session shares: one home, not copies.

* A key that cannot act now is greyed in the footer and, pressed anyway, says why in a short
  toast; the reason comes from the domain's `refusal`, the one home of each rule.
* Every step runs through `run_step`: a refusal is explained, nothing crashes, then redraw.
* The save status is told the truth: a failed save is said at once and stays on the status
  line with the live count of waiting changes; a file rewritten from memory is announced.
* Undo and redo say what they undid or redid.
* Export, leave and quit go through the same doors (leave and quit ask first when changes
  wait), and a draft left by a crash is offered back.
"""

from __future__ import annotations

import gc
from functools import cached_property
from typing import Any, Callable

from textual import events, work
from textual.actions import ActionError, parse
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer

from cardgame.domain.describe import describe
from cardgame.domain.errors import CardgameError, RuleError
from cardgame.domain.events import Change
from cardgame.i18n import LANGUAGES, t
from cardgame.screens import cardgame_app
from cardgame.screens.dialogs import ChoiceDialog, ConfirmDialog
from cardgame.storage.drafts import Draft, DraftKeeper
from cardgame.storage.opened import RETRY_SECONDS, OpenSession, clock

TOAST_SECONDS = 4
"""How long a refusal is shown: long enough to read from the back, short enough to pass."""


class SessionScreen(Screen[None]):
    """A screen showing an open session; subclasses draw it and name their refusals."""

    app = cardgame_app()

    DRAFT_KINDS: frozenset[str] = frozenset()
    """The dialogs whose drafts this screen can open again (`restore_draft`)."""

    def __init__(self, session: OpenSession, *, owns_session: bool = True) -> None:
        super().__init__()
        self.session = session
        self.owns_session = owns_session
        """Whether leaving this screen closes the session (not when another screen owns it)."""
        self.drafts = DraftKeeper(session.path)
        self._save_failed = False
        self._footer_shown: tuple[bool | None, ...] = ()
        self._retry: Timer | None = None

    # subclasses ---------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the screen from the session's state."""

    def rules(self) -> dict[str, Callable[..., RuleError | None]]:
        """The rule of each action whose key is greyed when it cannot act now, and explained
        when pressed anyway: called with the action's parameters, it gives the reason."""
        return {}

    def refusal(self, action: str, params: tuple[object, ...]) -> RuleError | None:
        """Why an action cannot act now (None: it can)."""
        rule = self.rules().get(action)
        return rule(*params) if rule is not None else None

    def restore_draft(self, draft: Draft) -> None:
        """Open the dialog a draft came from again, with its text."""

    def decks_changed(self) -> None:
        """The session plays on with another version of a deck: read it again."""
        self.redraw()

    # keys that cannot act -----------------------------------------------------------------

    def refresh_keys(self) -> None:
        """Grey or free the footer's keys after a change, when one of them changed: Textual's
        footer builds all its keys anew each time it is told (some sixty widgets), and the
        garbage that left behind at every key held keys up by 30–170 ms in the collector's
        passes (`bench/REPORT.md`)."""
        shown = tuple(self.check_action(name, params) for name, params in self._footer_actions)
        if shown != self._footer_shown:
            self._footer_shown = shown
            self.refresh_bindings()

    @cached_property
    def _footer_actions(self) -> list[tuple[str, tuple[object, ...]]]:
        """The actions of the keys this screen shows in its footer."""
        found = []
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                _, name, params = parse(binding.action)
                found.append((name, params))
        return found

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.refusal(action, parameters) is not None:
            return None  # shown greyed in the footer; pressed, `on_key` says why
        return True

    def on_key(self, event: events.Key) -> None:
        """A key whose action cannot act now: say why instead of doing nothing."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled:
            return
        try:
            _, name, params = parse(active.binding.action)
        except ActionError:
            return
        refused = self.refusal(name, params)
        if refused is not None:
            event.stop()
            event.prevent_default()
            self.notify(str(refused), severity="warning", timeout=TOAST_SECONDS)

    # running a step -----------------------------------------------------------------------

    def run_step(self, step: Callable[[], Any]) -> Any:
        """Do one domain step, explain a refused one, redraw, and tell the save's truth."""
        result = None
        try:
            result = step()
        except RuleError as refused:
            self.notify(str(refused), severity="warning", timeout=TOAST_SECONDS)
        except CardgameError as error:
            self.notify(str(error), severity="error", timeout=15)
        self.redraw()
        self.report_saving()
        return result

    def undo_step(self, step: Callable[[], Change | None], key: str) -> None:
        """Undo or redo, and say what it was."""
        change = self.run_step(step)
        if isinstance(change, Change):
            what = describe(change, self.session.meta, self.session.decks)
            self.notify(t(key, what=what), timeout=TOAST_SECONDS)

    # saving -------------------------------------------------------------------------------

    def status_text(self) -> str:
        """The status line: saved (and when), or not saved and how much waits."""
        status = self.session.status
        if status.lock_lost:
            return t("status.lock_lost", n=self.session.pending)
        if not status.ok and self.session.pending == 0:
            return t("status.save_failed_none", error=status.error)
        if not status.ok:
            return t("status.save_failed", error=status.error, n=self.session.pending)
        at = status.saved_at or clock()
        return t("status.saved", time=at.strftime("%H:%M:%S"))

    def status_line(self) -> Content:
        """Whether it is saved first, then the session's title: a toast covers the right end
        of the bottom line, never its start (R17)."""
        return Content(f"{self.status_text()} · {self.session.meta.title}")

    def report_saving(self) -> None:
        """Say what happened to the file: rewritten, failed (once), working again. While
        changes wait in memory they are tried again every RETRY_SECONDS, key or no key."""
        for notice in self.session.take_notices():
            self.notify(str(notice), title=t("notice.file"), severity="warning", timeout=20)
        status = self.session.status
        if not status.ok and not self._save_failed:
            # The count lives on the status line; a toast cannot follow it (R13).
            key = "status.lock_lost_toast" if status.lock_lost else "status.failed_toast"
            self.notify(t(key, error=status.error), title=t("status.not_saved_title"),
                        severity="error", timeout=30)
        elif status.ok and self._save_failed:
            self.app.clear_notifications()  # the failure's toast is no longer true
            self.notify(t("status.saved_again"), timeout=8)
        self._save_failed = not status.ok
        if self._retry is not None:
            waiting = not status.ok and not status.lock_lost
            self._retry.resume() if waiting else self._retry.pause()

    def retry_saving(self) -> None:
        """Write what waits, if the disk or the folder allows it now (R3): the status line
        turns from "IKKE GEMT" to "Gemt" by itself, and a shutdown finds nothing waiting."""
        if self.session.status.ok and not self.session.waiting:
            return
        self.session.flush()
        self.redraw()
        self.report_saving()

    def on_mount(self) -> None:
        # Textual calls every class's on_mount, the subclass's first: this runs after the
        # screen has drawn itself.
        self._retry = self.set_interval(RETRY_SECONDS, self.retry_saving, pause=True)
        self.report_saving()
        draft = self.drafts.load() if self.owns_session else None
        if draft is not None and draft.kind in self.DRAFT_KINDS:
            self.offer_draft(draft)

    @work(group="draft")
    async def offer_draft(self, draft: Draft) -> None:

        restore = await self.app.push_screen_wait(ConfirmDialog(
            t("draft.title"), t("draft.question", what=draft.title,
                                time=draft.at.strftime("%H:%M"), text=draft.text[:200]),
            yes=t("draft.restore"), no=t("draft.discard"), enter_says_yes=True))
        if restore:
            self.restore_draft(draft)
        else:
            self.drafts.clear()

    def keep_draft(self, kind: str, target: dict[str, str], title: str
                   ) -> Callable[[dict[str, str]], None]:
        """A draft hook for a dialog about target."""
        return lambda values: self.drafts.save(kind, target, title, values)

    # the doors ----------------------------------------------------------------------------

    def action_export(self) -> None:
        self.export_notes()

    @work(exclusive=True, group="export")
    async def export_notes(self) -> None:
        """Ask the notes' form and language, write them, and say where. A file in the way
        that is not this session's export is never replaced without asking: the user picks
        another name, replaces it knowingly, or cancels."""
        from cardgame.export.render import FORMS, render_notes
        from cardgame.export.writer import ExportError, free_path, target_for, write_export

        session, app = self.session, self.app
        languages = [session.meta.language] + [lang for lang in LANGUAGES
                                               if lang != session.meta.language]
        choices = [(f"{form}:{lang}", t(f"export.form_{form}") + " · " + t(f"export.in_{lang}"),
                    "") for lang in languages for form in FORMS]
        picked = await app.push_screen_wait(ChoiceDialog(
            t("export.choose_title"), choices, current=choices[0][0],
            hint=t("export.choose_hint")))
        if picked is None:
            return
        form, _, lang = picked.partition(":")
        session.flush()
        target = target_for(app.config.workspace.exports, session.meta, lang, form)
        try:
            text = render_notes(session.meta, session.state, session.decks, lang, form=form,
                                events=session.events)
        except CardgameError as error:
            self.notify(str(error), title=t("export.failed"), severity="error", timeout=20)
            return
        force = False
        while True:
            try:
                written = write_export(text, target, session.meta.id, force_path=force)
                break
            except ExportError as error:
                if not error.in_the_way:
                    self.notify(str(error), title=t("export.failed"), severity="error",
                                timeout=20)
                    return
                alternative = free_path(target)
                choice = await app.push_screen_wait(ChoiceDialog(
                    t("export.in_the_way_title"),
                    [("other", t("export.save_as", name=alternative.name), ""),
                     ("replace", t("export.replace", name=target.name), ""),
                     ("cancel", t("button.cancel"), "")],
                    hint=str(error)))
                if choice == "other":
                    target = alternative
                elif choice == "replace":
                    force = True
                else:
                    return
        self.notify(t("export.written", path=str(written)), title=t("export.title"), timeout=15)

    def action_wall(self) -> None:
        """How to show the wall on the projector while this screen keeps the controls."""
        from cardgame.launch import audience_argv, window_command
        from cardgame.screens.wall import WallDialog

        workspace = self.app.config.workspace
        argv = audience_argv(workspace.root, workspace.extra_deck_dirs)
        self.app.push_screen(WallDialog(argv, window_command(argv)))

    def action_projection(self) -> None:
        """One screen for the room and the facilitator: only what the room should see."""
        self.toggle_class("projection")
        self.redraw()

    @work(exclusive=True, group="leave")
    async def action_leave(self) -> None:
        """Back: out of projection first; else out of the session, to the start screen, once
        the facilitator said so (a stray escape in front of the room must not close the day,
        N10); where changes wait, the question says so and offers what can be done."""
        if self.has_class("projection"):
            self.remove_class("projection")
            self.redraw()
            return
        if self.owns_session and not self.session.flush().ok:
            from cardgame.screens.unsaved import UnsavedDialog  # it asks, saying what waits

            answer = await self.app.push_screen_wait(UnsavedDialog(self.session, leaving=True))
            if answer == "stay":
                self.redraw()
                self.report_saving()
                return
        elif self.owns_session:
            leave = await self.app.push_screen_wait(ConfirmDialog(
                t("leave.title"), t("leave.question", title=self.session.meta.title),
                yes=t("leave.yes"), no=t("leave.no")))
            if not leave:
                return
        self.app.leave_screen()

    def action_quit_app(self) -> None:
        self.app.ask_before_quitting()

    def commit_typing(self) -> None:
        """Record what is typed in the screen's own fields (before quitting)."""

    def on_unmount(self) -> None:
        if self.owns_session:
            self.session.close()
            gc.unfreeze()  # frozen while the session was shown (app.show_session)
