"""A key costs what it changes: the footer, the refusals and the start screen's list are
worked out again only when what they show changes, and always then."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from cardgame.screens.start import StartScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.widgets import quiet
from tests.helpers import new_session


def _saved_session(workspace: Path) -> str:
    """A theme day saved and closed in the workspace; its id."""
    session, _ = new_session(workspace / "sessions")
    session.close()
    return session.meta.id


async def test_the_footer_is_recomposed_only_when_a_key_is_greyed_or_freed(
        make_app, workspace: Path) -> None:
    app = make_app(open_session=_saved_session(workspace))
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
    app = make_app(open_session=_saved_session(workspace))
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
    sid = _saved_session(workspace)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, StartScreen)
        menu = app.screen.query_one("#start-menu", OptionList)
        await pilot.pause()
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids[:5] == ["new", "prepare", "map", "browse", "quit"]
        assert f"resume:{sid}" in ids


async def test_opening_a_session_directly_does_not_read_every_session(
        make_app, workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    from cardgame.storage.store import SessionStore

    sid = _saved_session(workspace)
    listed: list[int] = []
    real = SessionStore.summaries
    monkeypatch.setattr(SessionStore, "summaries",
                        lambda self: listed.append(1) or real(self))
    app = make_app(open_session=sid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert listed == []  # the start screen under it waits until it is shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and listed == [1]


async def test_a_greyed_key_is_changed_in_place_not_by_rebuilding_the_footer(
        make_app, workspace: Path) -> None:
    app = make_app(open_session=_saved_session(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(quiet.QuietFooter)
        keys = list(footer.query("FooterKey"))
        [next_key] = [key for key in keys if getattr(key, "action", "") == "step_card(1)"]
        assert not next_key.has_class("-disabled")
        dim = next_key.rich_style.dim
        await pilot.press("n", "n")  # the last card of three: "n" cannot act
        await pilot.pause()
        assert next_key.has_class("-disabled"), "shown greyed"
        assert next_key.rich_style.dim and not dim, "drawn dim, as the footer draws it"
        assert list(footer.query("FooterKey")) == keys, "the same key widgets, not rebuilt"
        await pilot.press("p")
        await pilot.pause()
        assert not next_key.has_class("-disabled")


async def test_the_footer_is_built_once_while_a_screen_opens(
        make_app, workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    sid = _saved_session(workspace)
    built: list[str] = []
    real = quiet.QuietFooter.compose

    def counted(self):  # noqa: ANN001, ANN202
        built.append(type(self.screen).__name__)
        yield from real(self)

    monkeypatch.setattr(quiet.QuietFooter, "compose", counted)
    app = make_app(open_session=sid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert built.count("ThemeDayScreen") == 1, built  # the stock footer: several times
        assert "Næste kort" in " ".join(str(key.render()) for key in
                                        app.screen.query_one(quiet.QuietFooter).children)


async def test_slow_work_of_the_start_screen_waits_for_the_first_frame(
        make_app, workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    from cardgame.app import CardgameApp
    from cardgame.storage.store import SessionStore

    order: list[str] = []
    ready, summaries = CardgameApp.on_ready, SessionStore.summaries
    monkeypatch.setattr(CardgameApp, "on_ready",
                        lambda self: (order.append("first frame"), ready(self))[-1])
    monkeypatch.setattr(SessionStore, "summaries",
                        lambda self: (order.append("sessions read"), summaries(self))[-1])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.after_first_frame(lambda: order.append("later"))  # after it: at the next refresh
        await pilot.pause()
    assert order == ["first frame", "sessions read", "later"]


async def test_a_remembered_theme_is_the_first_frames_theme(make_app, tmp_path: Path) -> None:
    from textual.color import Color

    from cardgame.storage.settings import Settings, save_settings
    from cardgame.themes import LIGHT

    save_settings(tmp_path / "config" / "settings.toml", Settings("da", LIGHT.name))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == LIGHT.name and "-light-mode" in app.classes
        assert app.screen.styles.background == Color.parse(LIGHT.background or "")


def test_a_static_is_updated_only_when_what_it_shows_changes() -> None:
    from textual.content import Content

    assert quiet.same("a", "a") and not quiet.same("a", "b")
    assert quiet.same(Content.styled("x", "bold"), Content.styled("x", "bold"))
    assert not quiet.same(Content.styled("x", "bold"), Content.styled("x", "italic"))
    assert not quiet.same("x", Content("x"))


async def test_an_open_session_is_kept_out_of_the_collectors_full_passes(
        make_app, workspace: Path) -> None:
    import gc

    from cardgame.storage.collector import let_frozen_go

    sid = _saved_session(workspace)
    let_frozen_go()
    app = make_app(open_session=sid)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ThemeDayScreen)
            assert gc.get_freeze_count() > 0
            assert len(repr(app.screen.session)) < 200, "a worker's description stays short"
            await pilot.press("escape")  # the session is closed: its objects may go
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            assert gc.get_freeze_count() == 0
    finally:
        let_frozen_go()


async def test_undos_toast_follows_the_frame_that_shows_the_undo(
        make_app, workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    from textual.app import App

    from cardgame.widgets.notices import Noticed

    order: list[str] = []
    display = App._display  # the app writing a frame to the terminal

    def written(self, screen, update) -> None:  # noqa: ANN001
        if update is not None:
            order.append("frame")
        display(self, screen, update)

    monkeypatch.setattr(App, "_display", written)
    app = make_app(open_session=_saved_session(workspace))

    def hook(message: object) -> None:
        if isinstance(message, Noticed):
            order.append("toast")

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await pilot.press("4")
        await pilot.pause()
        order.clear()
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.pause()
        assert "toast" in order, "the undo is still told"
        assert order.index("frame") < order.index("toast"), order
        assert "Gruppe 1" in str(app.screen.query_one("#answers").content)


async def test_a_session_opened_directly_has_no_start_screen_made_under_it(
        make_app, workspace: Path) -> None:
    sid = _saved_session(workspace)
    app = make_app(open_session=sid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert not any(isinstance(s, StartScreen) for s in app.screen_stack)
        session = app.screen.session
        await pilot.press("escape")  # leaving: the start screen is made now, with the list
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and len(app.screen_stack) == 2
        assert not session.lock.held, "the session was closed on the way out"
        menu = app.screen.query_one("#start-menu", OptionList)
        await pilot.pause()
        assert f"resume:{sid}" in [menu.get_option_at_index(i).id
                                   for i in range(menu.option_count)]
        await pilot.press("n")  # and the start screen works as ever: a new theme day
        await pilot.pause()
        assert not isinstance(app.screen, StartScreen)


async def test_a_session_that_cannot_be_opened_leaves_the_start_screen_and_says_why(
        make_app) -> None:
    from tests.helpers import Said

    said = Said()
    app = make_app(open_session="2026-01-01-findes-ikke")
    async with app.run_test(size=(120, 40), message_hook=said.hook) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert said.has("2026-01-01-findes-ikke")


async def test_the_backup_offer_of_a_direct_open_stands_on_the_start_screen(
        make_app, workspace: Path) -> None:
    from cardgame.screens.dialogs import ConfirmDialog

    session, _ = new_session(workspace / "sessions")
    session.close()  # the backup is written on close
    session.path.write_bytes(b"\x00\x01 this is not a session")
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # not now
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_the_collectors_full_pass_waits_for_the_frame_after_a_key(
        make_app, workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    from textual.app import App

    from cardgame.screens import frame

    order: list[str] = []
    display = App._display

    def written(self, screen, update) -> None:  # noqa: ANN001
        if update is not None:
            order.append("frame")
        display(self, screen, update)

    monkeypatch.setattr(App, "_display", written)
    monkeypatch.setattr(frame, "collect_if_due", lambda: order.append("collect") or False)
    app = make_app(open_session=_saved_session(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        order.clear()
        await pilot.press("4")
        await pilot.pause()
        await pilot.pause()
        assert order.count("collect") == 1 and order.index("frame") < order.index("collect"), \
            order


async def test_the_start_screen_is_the_first_screen_not_one_over_an_empty_one(
        make_app, workspace: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen) and app.screen_stack == [start]
        await pilot.press("n")  # a new theme day, over the start screen
        await pilot.pause()
        await pilot.press(*"Temadag", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert app.screen_stack == [start, app.screen]
        await pilot.press("escape")  # back to the same start screen, the session listed
        await pilot.pause()
        assert app.screen_stack == [start]
        menu = start.query_one("#start-menu", OptionList)
        await pilot.pause()
        assert any(str(menu.get_option_at_index(i).id).startswith("resume:")
                   for i in range(menu.option_count))
        await pilot.press("q")  # and q still ends the app from it
        await pilot.pause()
        assert app.return_code == 0


async def test_the_footer_keys_are_not_styled_again_while_the_screen_is_made(
        make_app, monkeypatch) -> None:
    """Each key of Textual's footer is made compact and then bound to its footer's `compact`
    (off): it would take the class and lose it again as it is mounted, each time styled anew.
    The quiet footer gives the keys their final classes before they are mounted."""
    from textual.widgets._footer import FooterKey

    restyled: list[str] = []
    real = FooterKey.update_node_styles

    def update(self: FooterKey, animate: bool = True) -> None:
        restyled.append(self.key)
        real(self, animate)

    monkeypatch.setattr(FooterKey, "update_node_styles", update)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert len(keys) >= 5
        assert restyled == []
        for key in keys:  # the palette's key alone is compact, as in Textual's own footer
            assert key.has_class("-compact") == key.has_class("-command-palette") == key.compact
