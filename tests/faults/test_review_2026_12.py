"""The hostile tester's and the facilitator's findings of December 2026 (R1–R17, N1–N22 in
`../shared/reviews/`), each reproduced as the review describes it: the right result, and
nothing lost. R1 (keys in order) has its own file, `functional/test_keys_in_order.py`."""

from __future__ import annotations

import os
import signal
import subprocess
import time
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
from tests.helpers import Said, session_on
from tests.tmux import Tmux

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


# R1 in a real terminal: a burst, and keys typed while the process is stopped ---------------

def _ratings(workspace: Path, sid: str) -> dict[tuple[str, str], int]:
    """(card, group) → rating, as on disk."""
    state = SessionStore(workspace / "sessions").read(sid).state
    return {(key[2], key[3]): value for key, value in state.values.items()
            if key[0] == "answer" and key[-1] == "rating" and isinstance(value, int)}


def _placements(workspace: Path, sid: str) -> dict[str, int]:
    """element → today's ring, as on disk."""
    state = SessionStore(workspace / "sessions").read(sid).state
    return {key[2]: value for key, value in state.values.items()
            if key[0] == "place" and key[-1] == "today" and isinstance(value, int)}


@pytest.mark.parametrize("how", ["burst", "stopped"])
def test_r1_map_keys_in_one_burst_or_while_stopped_land_on_their_elements(
        tmux: Tmux, workspace: Path, how: str) -> None:
    tmux.start("map", "--actor", "A", "--deck", "test-elements", decks=MAP_DECKS,
               child=how == "stopped")
    tmux.wait_for("Placerer")
    keys = ["3", "Down", "4", "Down", "c", "Down", "x", "Down", "2"]
    if how == "burst":
        tmux.burst(*keys)
    else:
        pid = tmux.app_pid()
        os.kill(pid, signal.SIGSTOP)
        for key in keys:  # typed 0.1 s apart while the laptop stalls
            tmux.burst(key)
            time.sleep(0.1)
        os.kill(pid, signal.SIGCONT)
    tmux.wait_for(" 5 ●2")  # the fifth element, in ring 2
    tmux.keys("q")
    [summary] = SessionStore(workspace / "sessions").summaries()
    assert _placements(workspace, summary.id) == {"strategi": 2, "format": 3, "borgere": 1}
    state = SessionStore(workspace / "sessions").read(summary.id).state
    assert state.values.get(("how", "test-elements", "forventninger", "A", "g1")) == \
        "decisions"
    assert state.values.get(("failure", "test-elements", "blankt-papir", "A", "g1")) is True


@pytest.mark.parametrize("how", ["burst", "stopped"])
def test_r1_theme_day_keys_in_one_burst_or_while_stopped_land_on_their_tables(
        tmux: Tmux, workspace: Path, how: str) -> None:
    sid = session_on(workspace, ["test-themes"], groups=4)
    tmux.start("open", sid, child=how == "stopped")
    tmux.wait_for("Kort 1 af 3")
    # Bord 1 rates 3 (Bord 2 becomes active), tab to Bord 3, which rates 4; the next card,
    # where the first table without an answer (Bord 1) rates 5.
    keys = ["3", "Tab", "4", "n", "5"]
    if how == "burst":
        tmux.burst(*keys)
    else:
        pid = tmux.app_pid()
        os.kill(pid, signal.SIGSTOP)
        for key in keys:
            tmux.burst(key)
            time.sleep(0.1)
        os.kill(pid, signal.SIGCONT)
    tmux.wait_for("Kort 2 af 3")
    time.sleep(0.5)
    tmux.keys("q")
    assert _ratings(workspace, sid) == {("aeldre", "g1"): 3, ("aeldre", "g3"): 4,
                                        ("skole", "g1"): 5}


# R3 and R4: waiting changes are written by themselves, or rescued on every way out ---------

def _immutable(path: Path, on: bool) -> None:
    """Make a file refuse every write (root's chattr), as a sync tool's lock or a full disk
    would; the test is skipped where chattr cannot do it."""
    result = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"chattr cannot lock a file here: {result.stderr.decode().strip()}")


def test_r3_waiting_changes_are_written_as_soon_as_the_file_allows_without_a_key(
        tmux: Tmux, workspace: Path) -> None:
    sid = session_on(workspace, ["test-themes"])
    path = workspace / "sessions" / f"{sid}.toml"
    tmux.start("open", sid)
    tmux.wait_for("Kort 1 af 3")
    _immutable(path, True)
    try:
        tmux.keys("4", "3", "5")
        tmux.wait_for("IKKE GEMT")
        assert _ratings(workspace, sid) == {}
    finally:
        _immutable(path, False)
    tmux.wait_for("Gemt kl.", timeout=10)  # no key pressed
    assert _ratings(workspace, sid) == {("aeldre", "g1"): 4, ("aeldre", "g2"): 3,
                                        ("aeldre", "g3"): 5}
    os.kill(tmux.app_pid(), signal.SIGKILL)  # and a crash now loses nothing


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_r4_a_shutdown_or_a_closed_window_writes_a_rescue_copy(
        tmux: Tmux, workspace: Path, signame: str) -> None:
    sid = session_on(workspace, ["test-themes"])
    path = workspace / "sessions" / f"{sid}.toml"
    tmux.start("open", sid)
    tmux.wait_for("Kort 1 af 3")
    pid = tmux.app_pid()
    _immutable(path, True)
    try:
        tmux.keys("4", "3", "5")
        tmux.wait_for("IKKE GEMT")
        if signame == "SIGHUP":
            tmux.run("kill-window", "-t", "cg")  # the terminal window closed
        else:
            os.kill(pid, signal.SIGTERM)  # the computer shuts down
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.05)
        assert not Path(f"/proc/{pid}").exists(), "the app ended"
    finally:
        _immutable(path, False)
    [rescue] = path.parent.glob(f"{sid}.unsaved-*.toml")
    state = SessionStore(path.parent).read(str(rescue)).state
    ratings = {key[3]: value for key, value in state.values.items() if key[-1] == "rating"}
    assert ratings == {"g1": 4, "g2": 3, "g3": 5}
    assert _ratings(workspace, sid) == {}, "the session file itself was refused"
    assert not (path.parent / f".{sid}.lock").exists() or \
        (path.parent / f".{sid}.lock").read_bytes() == b"", "the lock is released"
