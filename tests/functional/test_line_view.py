"""LineView draws what a Static would, and repaints only the lines that changed: a rating on a
dialogue card repaints the rows under its option, not the card; a placement the rows of the
circle it moved."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from cardgame.screens.themeday import ThemeDayScreen
from cardgame.widgets.card_view import CardView
from cardgame.widgets.lines import LineView
from tests.helpers import new_session

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


def _texts(widget) -> list[str]:  # noqa: ANN001 - a widget
    """The widget's lines of text as drawn, without the padding above them."""
    rows = widget.render_lines(widget.size.region)[widget.styles.padding.top:]
    return [row.text.rstrip() for row in rows]


async def _shown(pilot) -> LineView:  # noqa: ANN001 - Pilot
    """The host's LineView, showing PARTS."""
    view = pilot.app.query_one(LineView)
    view.set_parts(PARTS)
    await pilot.pause()
    return view


class Spy:
    """The line runs a view asks Textual to repaint, and whether it asked for a layout."""

    def __init__(self, view: LineView) -> None:
        self.runs: list[tuple[int, int]] = []
        real = view.refresh_lines
        view.refresh_lines = lambda start, count=1: (  # type: ignore[method-assign]
            self.runs.append((start, count)), real(start, count))[-1]
        self.view = view
        self.height = view.virtual_size.height

    def laid_out(self) -> bool:
        return self.view.virtual_size.height != self.height


async def test_a_line_view_draws_what_a_static_draws() -> None:
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        static = app.query_one(Static)
        assert _texts(view)[:8] == _texts(static)[:8]
        assert "Lodtrukne borgere giver byrådet råd" in _texts(view)[2]
        assert str(view.content) == str(Content("\n").join(PARTS))


async def test_a_changed_part_repaints_its_lines_only() -> None:
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        before = _texts(view)
        spy = Spy(view)
        changed = [*PARTS[:3], Content.assemble((" 1 ", "bold reverse $primary"),
                                                "  Ja, med forbehold"), PARTS[4]]
        view.set_parts(changed)
        await pilot.pause()
        after = _texts(view)
        [row] = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert spy.runs == [(row, 1)], "one line repainted"
        assert not spy.laid_out(), "as many lines as before: no layout"
        assert "Ja, med forbehold" in after[row]

        view.set_parts([*changed[:4], Content.assemble(
            (" 2 ", "bold reverse $primary"), "  Nej\n     ◀ Gruppe 1, Gruppe 2\n     ◀ mere")])
        await pilot.pause()
        assert spy.runs[1:] == [(row + 2, 2)], "the changed line and the new one under it"
        assert spy.laid_out() and view.virtual_size.height == spy.height + 1


async def test_a_style_alone_changes_the_lines_too() -> None:
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        spy = Spy(view)
        view.set_parts([Content.styled("Borgerråd", "italic $secondary"), *PARTS[1:]])
        await pilot.pause()
        assert spy.runs == [(0, 1)], "the same text in another style is another line"


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


async def test_a_choice_on_a_dialogue_card_repaints_the_rows_under_its_option(
        make_app, workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions", deck_ids=["test-formats"])
    session.close()
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        card = screen.query_one(CardView)
        before = _texts(card)
        spy = Spy(card)
        await pilot.press("2")  # Gruppe 1 chooses option 2
        await pilot.pause()
        after = _texts(card)
        option = next(y for y, text in enumerate(after) if "Ja, med forbehold" in text)
        assert "◀ Gruppe 1" in after[option + 1]
        assert spy.runs and min(start for start, _ in spy.runs) == option + 1, \
            "nothing above the chosen option is repainted"
        assert after[:option + 1] == before[:option + 1]


class Layouts:
    """Whether a view asked Textual to lay the screen out again."""

    def __init__(self, view: LineView) -> None:
        self.asked = 0
        real = view.refresh

        def refresh(*regions, layout: bool = False, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.asked += layout
            return real(*regions, layout=layout, **kwargs)

        view.refresh = refresh  # type: ignore[method-assign]


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


async def test_a_line_more_lays_out_only_when_the_views_height_or_scroll_bar_changes() -> None:
    app = ScrollHost()
    async with app.run_test(size=(40, 20)) as pilot:
        fixed, auto = app.query_one("#fixed", LineView), app.query_one("#auto", LineView)
        fixed.set_parts(_lines(3))
        auto.set_parts(_lines(3))
        await pilot.pause()
        assert auto.region.height == 3 and not fixed.show_vertical_scrollbar
        fixed_layouts, auto_layouts = Layouts(fixed), Layouts(auto)

        async def shown(view: LineView, lines: int, layouts: Layouts) -> bool:
            """Show that many lines; whether the screen was laid out again for it."""
            layouts.asked = 0
            view.set_parts(_lines(lines))
            await pilot.pause()
            return layouts.asked > 0

        assert not await shown(fixed, 4, fixed_layouts), "still fits: nothing else moves"
        assert fixed.virtual_size.height == 4 and "linje 4" in _texts(fixed)[3]

        assert await shown(auto, 4, auto_layouts), "its height follows its text"
        assert auto.region.height == 4

        assert await shown(fixed, 9, fixed_layouts), "past its height: the scroll bar comes"
        assert fixed.show_vertical_scrollbar and fixed.max_scroll_y == 3

        assert not await shown(fixed, 12, fixed_layouts), "a scroll bar already there"
        assert fixed.max_scroll_y == 6
        fixed.scroll_end(animate=False)
        await pilot.pause()
        assert fixed.scroll_y == 6 and "linje 12" in _texts(fixed)[-1]

        assert not await shown(fixed, 8, fixed_layouts), "shorter, still scrolling"
        assert fixed.scroll_y == 2 and "linje 8" in _texts(fixed)[-1], "kept at its end"

        assert await shown(fixed, 2, fixed_layouts), "fits again: the scroll bar goes"
        assert not fixed.show_vertical_scrollbar
        assert fixed.scroll_y == 0 and "linje 1" in _texts(fixed)[0]


async def test_a_line_view_draws_what_a_static_draws_for_any_text() -> None:
    """Random parts (empty ones, long words, wide characters, lines inside a part, runs of
    spaces) at several widths: the same lines as a Static given the same text."""
    import random

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


class Wraps:
    """How many parts a view wrapped (painted from their text), by counting Textual's
    `Visual.to_strips` calls made for it."""

    def __init__(self, monkeypatch, view: LineView) -> None:  # noqa: ANN001
        from textual.visual import Visual

        self.count = 0
        real = Visual.to_strips

        def to_strips(widget, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            self.count += widget is view
            return real(widget, *args, **kwargs)

        monkeypatch.setattr(Visual, "to_strips", staticmethod(to_strips))


async def test_prepared_parts_are_shown_without_wrapping_them_and_draw_alike(
        monkeypatch) -> None:  # noqa: ANN001
    later = [Content.styled("Borgerpanel", "bold $primary"), Content(""),
             Content("Et panel af borgere følger en sag over et år og mødes fire gange.")]
    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        wraps = Wraps(monkeypatch, view)
        view.prepare(later)
        assert wraps.count == 2, "the two parts not painted before (the blank line was)"
        assert "Borgerråd" in _texts(view)[0], "prepared, not shown"
        view.set_parts(later)
        await pilot.pause()
        assert wraps.count == 2, "shown without wrapping a part again"
        fresh = LineView()
        await app.mount(fresh)
        fresh.styles.width, fresh.styles.height = 40, 12
        fresh.styles.padding, fresh.styles.overflow_y = (0, 1), "hidden"
        fresh.set_parts(later)
        await pilot.pause()
        assert _texts(view) == _texts(fresh), "drawn as a view painting them afresh"
        view.set_parts(PARTS)  # back to what was shown before: kept too
        await pilot.pause()
        assert wraps.count == 2


async def test_a_view_keeps_a_bounded_number_of_painted_parts() -> None:
    from cardgame.widgets.lines import KEPT_PARTS

    app = Host()
    async with app.run_test(size=(90, 14)) as pilot:
        view = await _shown(pilot)
        for n in range(0, KEPT_PARTS * 2, 50):
            view.prepare([Content(f"del {i}") for i in range(n, n + 50)])
        assert len(view._painted) == KEPT_PARTS
        view.set_parts(PARTS)  # the parts shown are painted again, and kept as newest
        await pilot.pause()
        assert "Borgerråd" in _texts(view)[0] and len(view._painted) == KEPT_PARTS
        view.styles.width = 30  # a new width: nothing prepared at the old one is kept
        await pilot.pause()
        assert len(view._painted) == len({(p.plain, tuple(p.spans)) for p in PARTS})
        view.prepare([Content("for smal")])
        assert ("for smal", ()) in view._painted


async def test_the_next_card_is_painted_while_this_one_is_shown(
        make_app, workspace: Path, monkeypatch) -> None:  # noqa: ANN001
    session, _ = new_session(workspace / "sessions", deck_ids=["test-formats"])
    session.close()
    app = make_app(open_session=session.meta.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        card = screen.query_one(CardView)
        wraps = Wraps(monkeypatch, card)
        await pilot.press("n")
        await pilot.pause()
        assert wraps.count == 0, "the next card was painted before n"
        shown = _texts(card)
        assert screen.day.card.title in "\n".join(shown)
        await pilot.press("p")  # and the card before is still painted
        await pilot.pause()
        assert wraps.count == 0
        await pilot.press("n")
        await pilot.pause()
        card.repaint()  # painted afresh: the lines prepared were the same
        await pilot.pause()
        assert _texts(card) == shown
