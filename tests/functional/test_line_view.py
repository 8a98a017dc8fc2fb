"""LineView draws what a Static would, whatever it is given, at any width and in any theme; it
scrolls like a Static in a scrolling container; and parts it painted before, or prepared, are
drawn as a view painting them afresh would draw them."""

from __future__ import annotations

import random
from pathlib import Path

from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from cardgame.screens.themeday import ThemeDayScreen
from cardgame.widgets.card_view import CardView
from cardgame.widgets.lines import LineView
from tests.helpers import MakeApp, new_session

PARTS = [Content.styled("Borgerråd", "bold $primary"), Content(""),
         Content("Lodtrukne borgere giver byrådet råd om en svær prioritering, og byrådet "
                 "skal sige på forhånd, hvad det vil gøre med rådet."),
         Content.assemble((" 1 ", "bold reverse $primary"), "  Ja, fuldt ud"),
         Content.assemble((" 2 ", "bold reverse $primary"), "  Nej\n     ◀ Gruppe 1")]


class Host(App[None]):
    """A LineView beside a Static given the same text, at the same width."""

    CSS = """
    Screen { layout: horizontal; }
    LineView, Static { width: 40; height: 12; padding: 0 1; overflow-y: hidden; }
    """

    def compose(self) -> ComposeResult:
        yield LineView(id="lines")
        yield Static(Content("\n").join(PARTS), id="static")


def _texts(widget: Widget) -> list[str]:
    """The widget's lines of text as drawn, without the padding above them."""
    rows = widget.render_lines(widget.size.region)[widget.styles.padding.top:]
    return [row.text.rstrip() for row in rows]


async def _shown(pilot: Pilot[None]) -> LineView:
    """The host's LineView, showing PARTS."""
    view = pilot.app.query_one(LineView)
    view.set_parts(PARTS)
    await pilot.pause()
    return view


async def test_a_line_view_draws_what_a_static_draws() -> None:
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        static = app.query_one(Static)
        assert _texts(view)[:8] == _texts(static)[:8]
        assert "Lodtrukne borgere giver byrådet råd" in _texts(view)[2]
        assert str(view.content) == str(Content("\n").join(PARTS))


async def test_a_changed_part_is_drawn_and_the_rest_stays() -> None:
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        before = _texts(view)
        changed = [*PARTS[:3], Content.assemble((" 1 ", "bold reverse $primary"),
                                                "  Ja, med forbehold"), PARTS[4]]
        view.set_parts(changed)
        await pilot.pause()
        after = _texts(view)
        [row] = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert "Ja, med forbehold" in after[row]
        view.set_parts([*changed[:4], Content.assemble(
            (" 2 ", "bold reverse $primary"), "  Nej\n     ◀ Gruppe 1, Gruppe 2\n     ◀ mere")])
        await pilot.pause()
        lines = _texts(view)
        assert lines[row + 2:row + 4] == ["      ◀ Gruppe 1, Gruppe 2", "      ◀ mere"]
        assert lines[:row + 1] == after[:row + 1]


async def test_a_style_alone_changes_how_the_line_is_drawn() -> None:
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        first = view.render_lines(view.size.region)[0]
        view.set_parts([Content.styled("Borgerråd", "italic $secondary"), *PARTS[1:]])
        await pilot.pause()
        again = view.render_lines(view.size.region)[0]
        assert again.text == first.text and again != first


async def test_a_new_width_or_theme_paints_everything_again() -> None:
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        first = view.render_lines(view.size.region)[0]
        app.theme = "textual-light"
        await pilot.pause()
        assert view.render_lines(view.size.region)[0] != first, "drawn in the new colours"
        view.styles.width = 24
        await pilot.pause()
        texts = _texts(view)
        assert max(len(text) for text in texts) <= 24 - 2, "wrapped at the new width"
        assert any("Lodtrukne" in text for text in texts)


async def test_a_choice_on_a_dialogue_card_is_drawn_under_its_option(
        make_app: MakeApp, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions", deck_ids=["test-formats"])
    session.close()
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        card = screen.query_one(CardView)
        before = _texts(card)
        await pilot.press("2")  # Gruppe 1 chooses option 2
        await pilot.pause()
        after = _texts(card)
        option = next(y for y, text in enumerate(after) if "Ja, med forbehold" in text)
        assert "◀ Gruppe 1" in after[option + 1]
        assert after[:option + 1] == before[:option + 1], "nothing above the option moved"


class ScrollHost(App[None]):
    """A scrolling view of fixed height and one whose height follows its text."""

    CSS = """
    #fixed { height: 6; overflow-y: auto; }
    #auto { height: auto; overflow-y: hidden; }  /* as the strip of groups and the element box */
    """

    def compose(self) -> ComposeResult:
        yield LineView(id="fixed")
        yield LineView(id="auto")


def _lines(n: int) -> list[Content]:
    return [Content(f"linje {i}") for i in range(1, n + 1)]


async def test_a_view_scrolls_when_its_text_outgrows_it_and_follows_its_text_else() -> None:
    app = ScrollHost()
    async with app.run_test(size=(40, 20)) as pilot:
        fixed, auto = app.query_one("#fixed", LineView), app.query_one("#auto", LineView)

        async def shown(view: LineView, lines: int) -> None:
            view.set_parts(_lines(lines))
            await pilot.pause()

        await shown(fixed, 4)
        await shown(auto, 4)
        assert not fixed.show_vertical_scrollbar and "linje 4" in _texts(fixed)[3]
        assert auto.region.height == 4, "its height follows its text"
        await shown(fixed, 9)
        assert fixed.show_vertical_scrollbar and fixed.max_scroll_y == 3
        await shown(fixed, 12)
        fixed.scroll_end(animate=False)
        await pilot.pause()
        assert fixed.scroll_y == 6 and "linje 12" in _texts(fixed)[-1]
        await shown(fixed, 8)
        assert fixed.scroll_y == 2 and "linje 8" in _texts(fixed)[-1], "kept at its end"
        await shown(fixed, 2)
        assert not fixed.show_vertical_scrollbar, "fits again: the scroll bar goes"
        assert fixed.scroll_y == 0 and "linje 1" in _texts(fixed)[0]


async def test_a_line_view_draws_what_a_static_draws_for_any_text() -> None:
    """Random parts (empty ones, long words, wide characters, lines inside a part, runs of
    spaces) at several widths: the same lines as a Static given the same text."""
    words = ["borgerdialog", "", "å", "Æbleø", "日本語", "👍", "  ", "velfærdsområderne",
             "x" * 45, "ældreloven:", "→", "1,3 mio. kr.", "\n", "a\nb"]
    pick = random.Random(14)
    app = Host()
    async with app.run_test(size=(90, 40)) as pilot:
        view, static = app.query_one(LineView), app.query_one(Static)
        for width in (40, 23, 12):
            view.styles.width = static.styles.width = width
            view.styles.height = static.styles.height = 40
            await pilot.pause()
            for _ in range(12):
                parts = [Content(" ".join(pick.choice(words) for _ in range(pick.randint(0, 8))))
                         for _ in range(pick.randint(1, 6))]
                view.set_parts(parts)
                static.update(Content("\n").join(parts))
                await pilot.pause()
                assert _texts(view) == _texts(static), (width, [str(p) for p in parts])


async def test_prepared_parts_are_drawn_as_a_view_painting_them_afresh() -> None:
    later = [Content.styled("Borgerpanel", "bold $primary"), Content(""),
             Content("Et panel af borgere følger en sag over et år og mødes fire gange.")]
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        view.prepare(later)
        await pilot.pause()
        assert "Borgerråd" in _texts(view)[0], "prepared, not shown"
        view.set_parts(later)
        await pilot.pause()
        fresh = LineView()
        await app.mount(fresh)
        fresh.styles.width, fresh.styles.height = 40, 12
        fresh.styles.padding, fresh.styles.overflow_y = (0, 1), "hidden"
        fresh.set_parts(later)
        await pilot.pause()
        assert _texts(view) == _texts(fresh)


async def test_the_next_card_is_drawn_as_if_painted_afresh(
        make_app: MakeApp, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions", deck_ids=["test-formats"])
    session.close()
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        card = screen.query_one(CardView)
        await pilot.press("n")  # the card prepared while the first was shown
        await pilot.pause()
        shown = _texts(card)
        title = screen.day.card.title if screen.day.card else ""
        assert title and title in "\n".join(shown)
        card.repaint()  # painted afresh
        await pilot.pause()
        assert _texts(card) == shown
