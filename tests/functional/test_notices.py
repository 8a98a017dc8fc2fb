"""Notices on screen: a refusal is shown at once and goes when its time is up, a burst of
undos keeps three notices up without laying the screen out for each, a notice follows the
user to the next screen, and a click takes the notices down."""

from __future__ import annotations

import asyncio
from pathlib import Path

from cardgame.screens.help import HelpScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.widgets.notices import NoticeBoard, NoticeLines
from tests.helpers import new_session


def _saved_session(workspace: Path) -> str:
    session, _ = new_session(workspace / "sessions")
    session.close()
    return session.meta.id


def _board(app) -> NoticeBoard | None:  # noqa: ANN001 - the app
    return next((w for w in app.screen.children if isinstance(w, NoticeBoard)), None)


def _shown(app) -> str:  # noqa: ANN001
    """The notices' text as the screen shows it ("" when the board is not shown)."""
    board = _board(app)
    if board is None or not board.display:
        return ""
    return board.query_one(NoticeLines).content.plain


async def test_a_refused_key_is_told_at_once_and_the_notice_goes_when_its_time_is_up(
        make_app, workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    from cardgame.screens import frame

    monkeypatch.setattr(frame, "TOAST_SECONDS", 0.4)
    app = make_app(open_session=_saved_session(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        board = _board(app)
        assert board is not None and not board.display, "the board waits, hidden"
        await pilot.press("p")  # the first card: there is none before it
        await pilot.pause()
        assert "første kort" in _shown(app), _shown(app)
        lines = _board(app).query_one(NoticeLines)
        assert lines.region.right == 100 and lines.region.width == 50, lines.region
        assert lines.region.bottom == 29, "over the status line, above the footer"
        assert lines.region.height == len(lines.content.plain.splitlines()) + 2
        await asyncio.sleep(0.6)
        await pilot.pause()
        assert _shown(app) == "" and app.notices.up == []
        assert isinstance(app.screen, ThemeDayScreen)


async def test_five_undos_keep_three_notices_up_and_do_not_lay_out_the_screen_each(
        make_app, workspace: Path) -> None:
    app = make_app(open_session=_saved_session(workspace))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("3", "4", "5", "n", "2", "4", "n", "1")  # six ratings
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app.screen, layouts.append,
                                                          immediate=True)
        for _ in range(5):
            await pilot.press("ctrl+z")
            await pilot.pause()
            await pilot.pause()
        assert len(app.notices.up) == 3
        assert _shown(app).count("Fortrudt") == 3, _shown(app)
        # The board came (a layout) and grew to two and three notices; Textual's toasts
        # were a widget each: five mounted, each a layout.
        assert len(layouts) == 3, len(layouts)
        before = len(layouts)
        await pilot.press("ctrl+z")  # a sixth: the oldest goes, the board keeps its height
        await pilot.pause()
        await pilot.pause()
        assert _shown(app).count("Fortrudt") == 3
        assert len(layouts) == before, "a notice replaced in the board repaints its lines"


async def test_a_notice_follows_to_the_next_screen_and_a_click_takes_it_down(
        make_app, workspace: Path) -> None:
    app = make_app(open_session=_saved_session(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert "første kort" in _shown(app)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "første kort" in _shown(app), "the help screen shows the notice too"
        await pilot.click(NoticeLines)
        await pilot.pause()
        assert _shown(app) == "" and app.notices.up == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert _shown(app) == "", "taken down on the screen under it as well"


async def test_a_notice_of_no_time_goes_at_once_without_breaking_the_app(
        make_app, workspace: Path) -> None:
    app = make_app(open_session=_saved_session(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify("Straks væk", timeout=0)
        await pilot.pause()
        await asyncio.sleep(0.15)
        await pilot.pause()
        assert app.notices.up == [] and _shown(app) == ""
        await pilot.press("3")  # the app goes on
        await pilot.pause()
        assert "Gruppe 1" in str(app.screen.query_one("#answers").content)


async def test_a_notice_with_the_users_brackets_shows_them_and_breaks_nothing(
        make_app, workspace: Path) -> None:
    app = make_app(open_session=_saved_session(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.notify("Bord [A]'s valg er ændret fra 1 til 2 [/]")  # as the screens do
        await pilot.pause()
        assert "Bord [A]'s valg er ændret fra 1 til 2 [/]" in _shown(app)
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
