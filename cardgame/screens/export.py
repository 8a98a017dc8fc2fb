"""Exporting a session's notes from a screen: the language, and a way out of a full path.

`e` asks in which language the notes are written (the session's language first, so enter
is enough), writes `exports/<date>-<id>.md`, and says where. A file in the way that is not
this session's export is never replaced without asking: the user picks another name, replaces
it knowingly, or cancels.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from textual.screen import Screen

from cardgame.app import CardgameApp
from cardgame.domain.errors import CardgameError
from cardgame.export.markdown import render_session
from cardgame.export.writer import ExportError, export_path, free_path, write_export
from cardgame.i18n import LANGUAGES, t
from cardgame.screens.dialogs import ChoiceDialog
from cardgame.storage.opened import OpenSession


def target_for(folder: Path, session: OpenSession, lang: str) -> Path:
    """The export's path: the usual one in the session's language, `-en.md` and so on else."""
    path = export_path(folder, session.meta)
    if lang == session.meta.language:
        return path
    return path.with_name(f"{path.stem}-{lang}{path.suffix}")


def export_session(screen: Screen[None], session: OpenSession) -> None:
    """Ask, write and tell, in a worker so the dialogs read top to bottom."""
    screen.run_worker(_export(screen, session), group="export", exclusive=True)


async def _export(screen: Screen[None], session: OpenSession) -> None:
    app = cast(CardgameApp, screen.app)
    languages = [session.meta.language] + [lang for lang in LANGUAGES
                                           if lang != session.meta.language]
    lang = await app.push_screen_wait(ChoiceDialog(
        t("export.choose_title"),
        [(lang, t(f"export.in_{lang}"), "") for lang in languages if t(f"export.in_{lang}")],
        current=session.meta.language, hint=t("export.choose_hint")))
    if lang is None:
        return
    session.flush()
    folder = app.config.workspace.exports
    target = target_for(folder, session, lang)
    try:
        text = render_session(session.meta, session.state, session.decks, lang,
                              events=session.events)
    except CardgameError as error:
        app.notify(str(error), title=t("export.failed"), severity="error", timeout=20)
        return
    force = False
    while True:
        try:
            written = write_export(text, target, session.meta.id, force_path=force)
            break
        except ExportError as error:
            if not error.in_the_way:
                app.notify(str(error), title=t("export.failed"), severity="error", timeout=20)
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
    app.notify(t("export.written", path=str(written)), title=t("export.title"), timeout=15)
