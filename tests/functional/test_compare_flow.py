"""Six directors map the same elements through the app's own keys; a seventh run compares them
from the start screen, reads the table, and writes it to mail and to print (issue 29)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, SelectionList

from cardgame.app import CardgameApp
from cardgame.screens.compare import CompareScreen, PickSessions
from cardgame.screens.influence import InfluenceScreen
from cardgame.screens.start import StartScreen
from tests.functional.test_influence import map_app

DIRECTORS = ["Anne", "Bo", "Carl", "Dorthe", "Eva", "Finn"]
TODAY = [[1, 2, 3], [2, 2, 3], [1, 3, 3], [4, 2, 3], [1, 2, 2], [1, 2, 4]]
WANTED = [[3, 3, 3], [3, 3, 3], [4, 3, 3], [4, 3, 3], [3, 3, 3], [3, 3, 4]]


async def map_through_the_keys(app: CardgameApp, today: list[int], wanted: list[int]) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InfluenceScreen)
        for ring in today:
            await pilot.press(str(ring), "down")
        await pilot.press("w", *["up"] * len(wanted))
        for ring in wanted:
            await pilot.press(str(ring), "down")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


def table_rows(markdown: str) -> dict[str, list[str]]:
    """The comparison table's rows by element, cells stripped."""
    found = {}
    for line in markdown.splitlines():
        cells = [c.replace("\u00a0", " ").strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0][:1].isdigit() and ". " in cells[0]:
            found[cells[0]] = cells[1:]
    return found


async def test_six_directors_compared_in_the_app_and_written_to_mail_and_print(
        workspace: Path, tmp_path: Path) -> None:
    for name, today, wanted in zip(DIRECTORS, TODAY, WANTED, strict=True):
        await map_through_the_keys(map_app(workspace, tmp_path, map_actor=name), today, wanted)
    app = map_app(workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PickSessions)
        await pilot.press("c")  # nothing ticked: refused, and said
        await pilot.pause()
        assert app.screen is dialog
        assert "mindst 2" in str(dialog.query_one("#problem").render())
        for _ in DIRECTORS:
            await pilot.press("space", "down")
        assert len(dialog.query_one(SelectionList).selected) == 6
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        rows = table_rows(screen.markdown)
        shown = screen.query(DataTable).first()
        assert shown.row_count == 12, "every element of the deck on screen"
        assert shown.get_row_at(0)[0] == "1. Strategi"
        assert shown.get_row_at(0)[1:7] == [c.replace("\u00a0", " ")
                                            for c in rows["1. Strategi"][:6]]
        # The columns follow the start screen's list: newest first. Read who is which letter
        # from the legend, then check every director's cell of the first three elements.
        legend = {line.split("**")[1]: line for line in screen.markdown.splitlines()
                  if line.startswith("- **") and ", " in line}
        column = {name: next(letter for letter, line in legend.items()
                             if f"**: {name}, " in line) for name in DIRECTORS}
        order = sorted(column, key=lambda n: column[n])
        for number, title in enumerate(("Strategi", "Valg af format",
                                        "Forventningsafstemning"), start=1):
            cells = rows[f"{number}. {title}"]
            expected = [f"{TODAY[DIRECTORS.index(n)][number - 1]} → "
                        f"{WANTED[DIRECTORS.index(n)][number - 1]}" for n in order]
            assert cells[:6] == expected, title
        assert rows["1. Strategi"][6] == "3", "spread: from ring 1 to ring 4"
        assert "Hvor cirklerne er mest uenige" in screen.markdown
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await app.workers.wait_for_complete()
    written = sorted(p.suffix for p in (workspace / "exports").iterdir())
    assert written == [".html", ".md"]
    page = next((workspace / "exports").glob("*.html")).read_text(encoding="utf-8")
    placed = {(element, rings[element]) for rings in TODAY for element in range(3)}
    assert page.count('class="mark"') == len(placed), "a marker where circles placed today"
