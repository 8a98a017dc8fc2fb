"""R1: keys that arrive together are handled in the order they were typed.

Each burst is posted to the app without waiting between keys, as a terminal delivers the keys
typed while the laptop stalled; then what reached the disk is read back.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot

from cardgame.app import CardgameApp, create_app
from cardgame.domain.influence import TODAY, WANTED, InfluenceMap
from cardgame.domain.recording import ReadOnlyRecorder
from cardgame.screens.influence import InfluenceScreen
from cardgame.screens.themeday import ThemeDayScreen
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import Workspace
from tests.helpers import FIXTURE_DECKS, new_session

MAP_DECKS = FIXTURE_DECKS.parent / "mapdecks"
CHARACTERS = {"tab": "\t", "enter": "\r", "down": None, "up": None, "shift+tab": None,
              "escape": "\x1b", "ctrl+s": "\x13", "space": " "}


async def burst(pilot: Pilot[int], *keys: str) -> None:
    """Post every key at once, then wait until the app has handled all of them."""
    app = pilot.app
    assert isinstance(app, CardgameApp)
    for key in keys:
        character = CHARACTERS[key] if key in CHARACTERS else key
        app.post_message(events.Key(key, character))
    for _ in range(500):
        await pilot.pause()
        if app.ordered_keys.waiting == 0:
            break
    await pilot.pause()


async def test_r1_placements_land_on_the_element_they_were_typed_for(
        workspace: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace, (MAP_DECKS,), include_bundled=False)
    app = create_app(ws, map_actor="A", settings_path=tmp_path / "settings.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        sid = screen.session.meta.id
        await burst(pilot, "3", "down", "4", "down", "c", "down", "c", "down", "x", "down",
                    "w", "2", "up", "1")
        await pilot.press("q")
    read = SessionStore(workspace / "sessions").read(sid)
    deck = next(iter(read.decks.values()))
    mapping = InfluenceMap(read.meta, deck, ReadOnlyRecorder(read.state))
    ids = [card.id for card in deck.cards]
    assert mapping.ring(ids[0], TODAY) == 2 and mapping.ring(ids[1], TODAY) == 3
    assert mapping.how(ids[2]) == "decisions" and mapping.how(ids[3]) == "decisions"
    assert mapping.failure(ids[4]) and not mapping.failure(ids[5])
    assert mapping.ring(ids[5], WANTED) == 1 and mapping.ring(ids[4], WANTED) == 0
    for card_id in ids[6:]:
        assert mapping.ring(card_id, TODAY) is None


async def test_r1_ratings_land_on_the_table_they_were_typed_for(
        workspace: Path, tmp_path: Path) -> None:
    session, _ = new_session(workspace / "sessions", groups=4, deck_ids=["test-themes"])
    sid = session.meta.id
    session.close()
    ws = Workspace(workspace, (FIXTURE_DECKS,), include_bundled=False)
    app = create_app(ws, open_session=sid, settings_path=tmp_path / "settings.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        # Bord 1 rates 3 (Bord 2 becomes active), tab to Bord 3, 4; next card; 5 for the
        # first table that has not answered it.
        await burst(pilot, "3", "tab", "4", "n", "5")
        await pilot.press("q")
    state = SessionStore(workspace / "sessions").read(sid).state
    ratings = {key[3]: value for key, value in state.values.items() if key[-1] == "rating"}
    cards = {key[2] for key in state.values if key[-1] == "rating"}
    assert len(cards) == 2
    first, second = sorted(cards, key=lambda c: [k[2] for k in state.values].index(c))
    assert {k[3]: v for k, v in state.values.items() if k[2] == first} == {"g1": 3, "g3": 4}
    assert {k[3]: v for k, v in state.values.items() if k[2] == second} == {"g1": 5}
    assert ratings


async def test_r1_text_typed_after_enter_lands_in_the_dialog_and_later_keys_after_it(
        workspace: Path, tmp_path: Path) -> None:
    session, _ = new_session(workspace / "sessions", groups=3, deck_ids=["test-themes"])
    sid = session.meta.id
    session.close()
    ws = Workspace(workspace, (FIXTURE_DECKS,), include_bundled=False)
    app = create_app(ws, open_session=sid, settings_path=tmp_path / "settings.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Bord 1's whole answer in the dialog, then Bord 2 rates 2 (Bord 3 becomes active),
        # shift+tab back to Bord 2 and tab on to Bord 3, which rates 5.
        await burst(pilot, "enter", "4", "tab", "G", "o", "d", "ctrl+s", "2", "shift+tab",
                    "tab", "5")
        assert isinstance(app.screen, ThemeDayScreen)
        await pilot.press("q")
    state = SessionStore(workspace / "sessions").read(sid).state
    answers = {(key[3], key[4]): value for key, value in state.values.items()
               if key[0] == "answer"}
    assert answers == {("g1", "rating"): 4, ("g1", "note"): "God", ("g2", "rating"): 2,
                       ("g3", "rating"): 5}
