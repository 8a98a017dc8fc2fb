"""The influence mapping in the app: a director's whole exercise, and three groups compared."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from cardgame.app import CardgameApp, create_app
from cardgame.domain.influence import TODAY, WANTED
from cardgame.domain.session import default_groups, new_meta
from cardgame.screens.dialogs import TextDialog
from cardgame.screens.influence import InfluenceScreen
from cardgame.screens.potential import PotentialScreen
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import DeckLibrary, Workspace
from cardgame.widgets.lines import LineView
from tests.helpers import SnapCompare, set_field

MAP_DECKS = Path(__file__).resolve().parents[1] / "fixtures" / "mapdecks"
TODAY_RINGS = [2, 4, 1, 3, 2, 4, 4, 1, 3, 2, 3, 1]
WANTED_RINGS = [4, 4, 3, 3, 4, 4, 4, 2, 4, 3, 4, 3]


def map_app(workspace: Path, tmp_path: Path, *, map_actor: str | None = None,
            open_session: str | None = None) -> CardgameApp:
    ws = Workspace(workspace, (MAP_DECKS,), include_bundled=False)
    return create_app(ws, settings_path=tmp_path / "settings.toml", map_actor=map_actor,
                      open_session=open_session)


async def save_dialog(pilot: Pilot[int], text: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, TextDialog)
    set_field(dialog, "note", text)
    await pilot.click("#save")
    await pilot.pause()


async def test_directors_whole_exercise_then_reopen(workspace: Path, tmp_path: Path) -> None:
    app = map_app(workspace, tmp_path, map_actor="Kommunaldirektøren")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        mapping = screen.map
        assert mapping.unplaced() == list(mapping.elements), "nothing is placed by default"
        for ring in TODAY_RINGS:
            await pilot.press(str(ring), "down")
        await pilot.press("w")
        assert mapping.dim == WANTED
        for _ in range(12):
            await pilot.press("up")
        for ring in WANTED_RINGS:
            await pilot.press(str(ring), "down")
        # marks and a note on the element "Forventningsafstemning"
        for _ in range(9):
            await pilot.press("up")
        assert mapping.element.id == "forventninger"
        await pilot.press("x", "c", "c")
        await pilot.press("enter")
        await save_dialog(pilot, "Sker langt fra direktørens bord")
        # arrows move the element: one ring out, then back in
        await pilot.press("left")
        assert mapping.ring(dim=WANTED) == 1
        await pilot.press("right")
        assert mapping.ring(dim=WANTED) == 2
        await pilot.press("0")
        assert mapping.ring(dim=WANTED) is None
        await pilot.press("ctrl+z")
        assert mapping.ring(dim=WANTED) == 2
        # development potential and the three questions
        await pilot.press("u")
        potential = app.screen
        assert isinstance(potential, PotentialScreen)
        text = str(potential.query_one("#potential-text").render())
        assert "Forventningsafstemning" in text and "Ikke placeret" in text
        for number, answer in enumerate(["Forventninger", "Strategien", "Ingen"], start=1):
            potential.query_one(f"#question-{number}", TextArea).text = answer
        await pilot.press("escape")
        assert isinstance(app.screen, InfluenceScreen)
        gaps = mapping.gaps()
        assert gaps[0].gap == 2 and {g.element for g in gaps[:2]} == {"forventninger",
                                                                       "strategi"}
        await pilot.press("q")
    [summary] = SessionStore(workspace / "sessions").summaries()
    assert summary.kind == "influence-map"

    again = map_app(workspace, tmp_path, open_session=summary.id)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, InfluenceScreen)
        mapping = screen.map
        rings = [mapping.ring(card.id, TODAY) for card in mapping.elements]
        assert rings == [r - 1 for r in TODAY_RINGS]
        assert [mapping.ring(card.id, WANTED) for card in mapping.elements] == \
            [r - 1 for r in WANTED_RINGS]
        assert mapping.failure("forventninger") and mapping.how("forventninger") == "culture"
        assert mapping.note("forventninger") == "Sker langt fra direktørens bord"
        assert [mapping.guide_answer(n) for n in (1, 2, 3)] == \
            ["Forventninger", "Strategien", "Ingen"]
        await pilot.press("q")


async def test_three_groups_compared(workspace: Path, tmp_path: Path) -> None:
    deck = DeckLibrary.load([MAP_DECKS]).decks["test-elements"]
    meta = new_meta("Temadag med kortlægning", date(2026, 11, 22),
                    datetime(2026, 11, 22, tzinfo=timezone.utc), default_groups(3), [deck],
                    set(), kind="influence-map")
    SessionStore(workspace / "sessions").create(meta).close()
    app = map_app(workspace, tmp_path, open_session=meta.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        mapping = screen.map
        for ring in (1, 4, 2):  # the same element, three groups
            await pilot.press(str(ring), "tab")
        await pilot.press("down")
        for ring in (3, 3, 3):
            await pilot.press(str(ring), "tab")
        await pilot.press("a")  # another actor: nothing placed for it yet
        assert mapping.actor == "Direktionen" and mapping.ring("strategi") is None
        spreads = mapping.spreads()
        assert [s.element for s in spreads] == ["strategi", "format"]
        assert (spreads[0].outermost, spreads[0].innermost, spreads[0].width) == (0, 3, 3)
        await pilot.press("u")
        text = str(app.screen.query_one("#potential-text").render())
        assert text.index("Strategi") < text.index("Valg af format")
        await pilot.press("escape", "q")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_circle_snapshot(snap_compare: SnapCompare, workspace: Path, tmp_path: Path,
                         size: tuple[int, int],
                         fixed_clock: None) -> None:
    deck = DeckLibrary.load([MAP_DECKS]).decks["test-elements"]
    meta = new_meta("Kortlægning", date(2026, 11, 22),
                    datetime(2026, 11, 22, tzinfo=timezone.utc), default_groups(1), [deck],
                    set(), kind="influence-map", actors=["Kommunaldirektøren"])
    session = SessionStore(workspace / "sessions").create(meta)
    for index, card in enumerate(deck.cards):
        session.set(("place", deck.id, card.id, "Kommunaldirektøren", "g1", "today"),
                    TODAY_RINGS[index] - 1)
    session.set(("place", deck.id, "strategi", "Kommunaldirektøren", "g1", "wanted"), 3)
    session.close()
    assert snap_compare(map_app(workspace, tmp_path, open_session=meta.id), terminal_size=size)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["tall", "short"])
async def test_the_selected_elements_box_keeps_its_height_where_there_is_room(
        workspace: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    app = map_app(workspace, tmp_path, map_actor="Kommunaldirektøren")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        info = screen.query_one("#element-info", LineView)
        legend = screen.query_one("#legend", LineView)
        heights, titles = set(), set()
        for _ in range(6):
            await pilot.press("down")
            await pilot.pause()
            heights.add((info.region.height, legend.region.height))
            titles.add(str(info.content).split("\n")[0])
        assert len(titles) == 6, "each element is shown"
        if size[1] >= 30:
            [(height, _)] = heights  # one height each: the legend stays put
            assert height == 8
        else:
            assert all(height <= 8 for height, _ in heights), "as tall as its text, at most 8"


async def test_a_mapping_started_from_the_command_line_leaves_to_the_start_screen(
        workspace: Path, tmp_path: Path) -> None:
    from cardgame.screens.start import StartScreen

    app = map_app(workspace, tmp_path, map_actor="Kommunaldirektøren")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        session = screen.session
        await pilot.press("3", "u")  # a placement, then the potential screen over the circle
        await pilot.pause()
        assert isinstance(app.screen, PotentialScreen)
        await pilot.press("escape")  # back to the circle, not past it
        await pilot.pause()
        assert app.screen_stack[-1] is screen, "back on the circle"
        await pilot.press("escape", "y")  # leave the mapping: yes
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and not session.lock.held
        menu = app.screen.query_one("#start-menu", OptionList)
        await pilot.pause()
        assert any("Kommunaldirektøren" in str(menu.get_option_at_index(i).prompt)
                   for i in range(menu.option_count))


def _long_deck(folder: Path, count: int) -> Path:
    """The twelve elements' deck made `count` elements long, in a folder of its own."""
    import tomllib

    import tomli_w

    deck = tomllib.loads((MAP_DECKS / "elements.toml").read_text(encoding="utf-8"))
    deck["deck"]["id"], deck["deck"]["title"] = "many-elements", "Mange elementer"
    deck["cards"] = [{"id": f"e{n:03d}", "title": f"Element {n:03d}",
                      "summary": f"Element {n:03d}: et element i en god borgerdialog."}
                     for n in range(1, count + 1)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "many.toml").write_text(tomli_w.dumps(deck), encoding="utf-8")
    return folder


def _legend_lines(screen: InfluenceScreen) -> list[Content]:
    """The legend's lines with their styles (the selected element's is highlighted)."""
    return screen.query_one("#legend", LineView).content.split("\n")


async def _legend_view(pilot: Pilot[int]) -> tuple[InfluenceScreen, LineView, int]:
    """The mapping's screen once shown, its legend and how many lines of it are in view."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InfluenceScreen)
    legend = screen.query_one("#legend", LineView)
    return screen, legend, legend.scrollable_content_region.height


def _first_shown(lines: list[Content]) -> str:
    return next(line.plain for line in lines if "Element " in line.plain)


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (200, 55)])
async def test_on_a_long_deck_the_legend_shows_the_selected_element_and_holds_still(
        workspace: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    """A deck of 150 elements: the legend shows a window of them. The selected one is always
    in view (it was once 30 lines down a window of 60, under the legend's edge), and a step
    inside the window changes two of its lines, not all of them."""
    ws = Workspace(workspace, (_long_deck(tmp_path / "decks", 150),), include_bundled=False)
    app = create_app(ws, settings_path=tmp_path / "settings.toml", map_actor="Direktionen",
                     map_deck="many-elements")
    async with app.run_test(size=size) as pilot:
        screen, legend, visible = await _legend_view(pilot)
        moved, steps = 0, 2 * visible + 4  # far enough for the window to move twice
        for step in range(1, steps + 1):
            before = _legend_lines(screen)
            await pilot.press("down")
            await pilot.pause()
            after = _legend_lines(screen)
            title = f"Element {step + 1:03d}"
            [row] = [i for i, line in enumerate(after) if title in line.plain]
            assert row < visible and legend.scroll_offset.y == 0, (step, row, visible)
            if _first_shown(before) != _first_shown(after):
                moved += 1  # the window moved: half its height at a time
            else:
                changed = sum(1 for old, new in zip(before, after, strict=True)
                              if not old.is_same(new))
                assert changed == 2, (step, changed)  # the two elements' highlights
        assert 2 <= moved <= steps // max(1, (visible - 3) // 2) + 1
        for _ in range(steps):  # and back up to the first
            await pilot.press("up")
        await pilot.pause()
        assert "Element 001" in "\n".join(line.plain for line in _legend_lines(screen)[:visible])


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_legend_scrolls_to_the_selected_element_on_a_short_screen(
        workspace: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    """Twelve elements, a legend of a few lines (a laptop at 80×24): the selected element's
    line is scrolled into view at every step, placed elements listed first or not."""
    app = map_app(workspace, tmp_path, map_actor="Kommunaldirektøren")
    async with app.run_test(size=size) as pilot:
        screen, legend, visible = await _legend_view(pilot)
        assert visible < 14, "the test needs a legend shorter than its lines"
        for step in range(24):
            if step % 3 == 0:
                await pilot.press("2")  # some placed (listed first), most not
            await pilot.press("down" if step < 11 else "up")
            await pilot.pause()
            title = screen.map.element.title
            lines = [line.plain for line in _legend_lines(screen)]
            [row] = [i for i, line in enumerate(lines) if f" {title}" in line]
            top = legend.scroll_offset.y
            assert top <= row < top + visible, (step, title, row, top, visible)
