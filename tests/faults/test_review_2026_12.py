"""The hostile tester's and the facilitator's findings of December 2026 (R1–R17, N1–N22 in
`../shared/reviews/`), each reproduced as the review describes it: the right result, and
nothing lost. R1 (keys in order) has its own file, `functional/test_keys_in_order.py`."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from cardgame.__main__ import main
from cardgame.app import create_app
from cardgame.domain.decks import Deck
from cardgame.domain.influence import TODAY, InfluenceMap
from cardgame.domain.recording import ReadOnlyRecorder
from cardgame.domain.revision import why_not_switch
from cardgame.screens.dialogs import ConfirmDialog
from cardgame.screens.influence import InfluenceScreen
from cardgame.storage.deckfile import parse_deck
from cardgame.storage.starting import SessionPlan, start_session
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import DeckLibrary, Workspace
from tests.helpers import Said

MAP_DECKS = Path(__file__).resolve().parents[1] / "fixtures" / "mapdecks"


# R2: a session always opens ---------------------------------------------------------------

def _revised_elements(folder: Path, *, rings: list[str] | None = None,
                      drop: str | None = None, version: str = "2.0") -> Path:
    """The test's element deck as a revision in a folder of its own: other rings, or one
    element fewer."""
    deck = tomllib.loads((MAP_DECKS / "elements.toml").read_text(encoding="utf-8"))
    deck["deck"]["version"] = version
    if rings is not None:
        deck["deck"]["circle"]["rings"] = rings
    if drop is not None:
        deck["cards"] = [card for card in deck["cards"] if card["id"] != drop]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "elements.toml").write_text(tomli_w.dumps(deck), encoding="utf-8")
    return folder


def _mapping_with_placements(workspace: Path) -> str:
    """A director's mapping of the test deck: strategi in the innermost ring (4 of 4), format
    in ring 2."""
    library = DeckLibrary.load([MAP_DECKS])
    plan = SessionPlan(title="Kortlægning", day="2026-12-07", names=["A"],
                       deck_ids=["test-elements"], kind="influence-map", actors=["A"])
    session = start_session(Workspace(workspace, (MAP_DECKS,), include_bundled=False),
                            library, plan)
    deck = library.decks["test-elements"]
    mapping = InfluenceMap(session.meta, deck, session)
    mapping.put(4)
    mapping.step_element(1)
    mapping.put(2)
    session.close()
    return session.meta.id


def test_r2_a_version_with_fewer_rings_or_without_a_placed_element_is_refused(
        workspace: Path, tmp_path: Path) -> None:
    sid = _mapping_with_placements(workspace)
    read = SessionStore(workspace / "sessions").read(sid)
    old = read.decks["test-elements"]

    def revision(rings: list[str] | None = None, drop: str | None = None) -> Deck:
        folder = _revised_elements(tmp_path / str(len(list(tmp_path.iterdir()))),
                                   rings=rings, drop=drop)
        return parse_deck(folder / "elements.toml", (folder / "elements.toml").read_bytes())

    fewer = revision(rings=["Ingen", "Lidt", "Stor"])
    refused = why_not_switch(read.state, old, fewer)
    assert refused is not None and refused.key == "newer.fewer_rings"
    assert "har 3 ringe, men sessionens placeringer bruger 4" in str(refused)
    gone = revision(drop="format")
    refused = why_not_switch(read.state, old, gone)
    assert refused is not None and "«Valg af format»" in str(refused)
    more = revision(rings=["Ingen", "Lidt", "Noget", "Stor", "Afgørende"])
    assert why_not_switch(read.state, old, more) is None
    unplaced = revision(drop="blankt-papir")  # an element nobody placed may go
    assert why_not_switch(read.state, old, unplaced) is None


async def test_r2_choosing_the_new_version_is_refused_with_the_reason_and_nothing_changes(
        workspace: Path, tmp_path: Path) -> None:
    sid = _mapping_with_placements(workspace)
    path = workspace / "sessions" / f"{sid}.toml"
    before = path.read_bytes()
    revised = _revised_elements(tmp_path / "revised", rings=["Ingen", "Lidt", "Stor"])
    said = Said()
    app = create_app(Workspace(workspace, (MAP_DECKS, revised), include_bundled=False),
                     open_session=sid, settings_path=tmp_path / "settings.toml")
    async with app.run_test(size=(120, 40), message_hook=said.hook) as pilot:
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, ConfirmDialog):
                break
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")  # use the new version
        await pilot.pause()
        assert said.has("har 3 ringe, men sessionens placeringer bruger 4")
        screen = app.screen
        assert isinstance(screen, InfluenceScreen) and len(screen.map.rings) == 4
        await pilot.press("q")
    assert path.read_bytes().startswith(before[:before.index(b"# --- events")])
    assert main(["--workspace", str(workspace), "export", sid]) == 0


def _switch_without_the_check(workspace: Path, sid: str, revised: Path) -> None:
    """Put the session into the state an older cardgame left it in: switched to a version
    with three rings while a placement uses the fourth."""
    session = SessionStore(workspace / "sessions").open(sid)
    data = (revised / "elements.toml").read_bytes()
    session.replace_deck(parse_deck(revised / "elements.toml", data), data)
    session.close()


async def test_r2_a_session_already_switched_to_fewer_rings_opens_and_exports(
        workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sid = _mapping_with_placements(workspace)
    revised = _revised_elements(tmp_path / "revised", rings=["Ingen", "Lidt", "Stor"])
    _switch_without_the_check(workspace, sid, revised)
    said = Said()
    app = create_app(Workspace(workspace, (revised,), include_bundled=False),
                     open_session=sid, settings_path=tmp_path / "settings.toml")
    async with app.run_test(size=(120, 40), message_hook=said.hook) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        assert screen.map.ring("strategi", TODAY) == 2, "shown in the innermost of three"
        assert said.has("vises i den inderste ring: «Strategi»")
        await pilot.press("q")
    assert main(["--workspace", str(workspace), "--decks-dir", str(revised), "export", sid]) == 0
    exported = next((workspace / "exports").glob("*.md")).read_text(encoding="utf-8")
    assert "Strategi" in exported
    read = SessionStore(workspace / "sessions").read(sid)
    mapping = InfluenceMap(read.meta, read.decks["test-elements"],
                           ReadOnlyRecorder(read.state))
    assert mapping.beyond_rings() == ["Strategi"]
    assert read.state.values[("place", "test-elements", "strategi", "A", "g1", "today")] == 3, \
        "the placement as recorded, nothing rewritten"
