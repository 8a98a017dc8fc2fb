"""A key costs what it changes: the footer, the refusals and the start screen's list are
worked out again only when what they show changes, and always then."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from cardgame.screens.start import StartScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.widgets import quiet
from tests.helpers import new_session


async def test_the_footer_is_recomposed_only_when_a_key_is_greyed_or_freed(
        make_app, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.close()
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        recomposed: list[int] = []
        real = screen.refresh_bindings
        screen.refresh_bindings = lambda: recomposed.append(1) or real()  # type: ignore[method-assign]
        await pilot.press("3")  # the first answer: undo is freed
        assert len(recomposed) == 1
        await pilot.press("4", "n")  # another rating, card 2 of 3: nothing in the footer changes
        assert len(recomposed) == 1
        await pilot.press("n")  # the last card: "n" is greyed
        assert len(recomposed) == 2
        assert screen.check_action("step_card", (1,)) is None
        await pilot.press("p")  # and freed again
        assert len(recomposed) == 3
        assert screen.check_action("step_card", (1,)) is True


async def test_refusals_are_asked_again_after_every_recorded_change(
        make_app, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.close()
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        assert screen.refused("undo", ()) is not None  # nothing to undo yet
        await pilot.press("4")
        assert screen.refused("undo", ()) is None
        await pilot.press("ctrl+z")
        assert screen.refused("undo", ()) is not None
        screen.decks_changed()  # a deck replaced without an event: asked again too
        assert screen._refusals == {} or screen.refused("undo", ()) is not None


async def test_the_start_screen_lists_the_sessions_right_after_its_first_frame(
        make_app, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.close()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, StartScreen)
        menu = app.screen.query_one("#start-menu", OptionList)
        await pilot.pause()
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids[:5] == ["new", "prepare", "map", "browse", "quit"]
        assert f"resume:{session.meta.id}" in ids


async def test_opening_a_session_directly_does_not_read_every_session(
        make_app, workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    from cardgame.storage.store import SessionStore

    session, _ = new_session(workspace / "sessions")
    session.close()
    listed: list[int] = []
    real = SessionStore.summaries
    monkeypatch.setattr(SessionStore, "summaries",
                        lambda self: listed.append(1) or real(self))
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert listed == []  # the start screen under it waits until it is shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and listed == [1]


def test_a_static_is_updated_only_when_what_it_shows_changes() -> None:
    from textual.content import Content

    assert quiet.same("a", "a") and not quiet.same("a", "b")
    assert quiet.same(Content.styled("x", "bold"), Content.styled("x", "bold"))
    assert not quiet.same(Content.styled("x", "bold"), Content.styled("x", "italic"))
    assert not quiet.same("x", Content("x"))
