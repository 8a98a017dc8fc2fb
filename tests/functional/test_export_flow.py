"""Exporting from the app: the notes' language, and a way out of a file in the way (U7, U23)."""

from __future__ import annotations

from pathlib import Path

from cardgame.screens.dialogs import ChoiceDialog
from cardgame.screens.themeday import ThemeDayScreen
from tests.helpers import MakeApp, Said, new_session


def answered(workspace: Path) -> tuple[str, str]:
    session, _ = new_session(workspace / "sessions", 3, ["test-themes"])
    session.set(("answer", "test-themes", "aeldre", "g1", "rating"), 4)
    session.set(("answer", "test-themes", "aeldre", "g1", "note"), "Det | virker \\ godt")
    session.close()
    return session.meta.id, f"{session.meta.id}.md"


async def test_u23_the_notes_language_is_a_choice(make_app: MakeApp, workspace: Path) -> None:
    said = Said()
    sid, name = answered(workspace)
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32), message_hook=said.hook) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert [label for _, label, _ in dialog.choices][::2] == [
            "Noter til mail (Markdown) · På dansk",
            "Noter til mail (Markdown) · På norsk (bokmål)",
            "Noter til mail (Markdown) · På engelsk (in English)"]
        await pilot.press("enter")  # the session's language is first: enter is enough
        await pilot.pause()
        danish = workspace / "exports" / name
        assert "## Velfærdstemaer" in danish.read_text(encoding="utf-8")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # bokmål
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")  # English
        await pilot.pause()
    norwegian = workspace / "exports" / name.replace(".md", "-nb.md")
    assert "## Velferdstemaer" in norwegian.read_text(encoding="utf-8")
    english = workspace / "exports" / name.replace(".md", "-en.md")
    text = english.read_text(encoding="utf-8")
    assert "## Welfare themes" in text
    assert said.has(f"Noterne er skrevet til {english}")


async def test_u22_typed_bars_and_backslashes_read_as_typed(
        make_app: MakeApp, workspace: Path) -> None:
    sid, name = answered(workspace)
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("e", "enter")
        await pilot.pause()
    text = (workspace / "exports" / name).read_text(encoding="utf-8")
    assert "Det | virker \\ godt" in text, "a bullet reads as it was typed"


async def test_u7_a_foreign_file_in_the_way(make_app: MakeApp, workspace: Path) -> None:
    said = Said()
    sid, name = answered(workspace)
    exports = workspace / "exports"
    exports.mkdir()
    foreign = exports / name
    foreign.write_text("Mine egne noter\n", encoding="utf-8")
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32), message_hook=said.hook) as pilot:
        await pilot.pause()
        await pilot.press("e", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert dialog.title_text == "Der ligger allerede en fil"
        assert "findes og er ikke en eksport fra cardgame; den er ikke rørt." in dialog.hint
        labels = [label for _, label, _ in dialog.choices]
        assert labels[0] == f"Gem som {name.replace('.md', '-2.md')}"
        await pilot.press("enter")  # save as the free name
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert foreign.read_text(encoding="utf-8") == "Mine egne noter\n"
        assert (exports / name.replace(".md", "-2.md")).exists()
        await pilot.press("e", "enter")
        await pilot.pause()
        await pilot.press("escape")  # cancel: nothing happens
        await pilot.pause()
        assert foreign.read_text(encoding="utf-8") == "Mine egne noter\n"
        await pilot.press("e", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # replace, knowingly
        await pilot.pause()
    assert "## Velfærdstemaer" in foreign.read_text(encoding="utf-8")
