"""The hostile tester's and the facilitator's findings of December 2026 (R1–R17, N1–N22 in
`../shared/reviews/`), each reproduced as the review describes it: the right result, and
nothing lost. R1 (keys in order) has its own file, `functional/test_keys_in_order.py`."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import tomllib
from datetime import date
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
from tests.conftest import OpenDayFactory
from tests.helpers import MakeApp, Said, session_on
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


async def test_r11_a_deck_changed_under_the_same_version_is_said_so(
        workspace: Path, tmp_path: Path) -> None:
    sid = session_on(workspace)
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "decks"
    edited = tmp_path / "edited"
    edited.mkdir()
    themes = (fixtures / "themes.toml").read_text(encoding="utf-8")
    (edited / "themes.toml").write_text(themes.replace(
        "Pleje og omsorg for ældre borgere.", "Ny tekst om de ældre."), encoding="utf-8")
    app = create_app(Workspace(workspace, (fixtures, edited), include_bundled=False),
                     open_session=sid, settings_path=tmp_path / "s.toml")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        offer = app.screen
        assert isinstance(offer, ConfirmDialog)
        assert "version 1.0 af «Testtemaer». Kortsættets indhold er ændret siden, under samme " \
            "versionsnummer." in offer.question
        assert "Nu findes version 1.0" not in offer.question


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
        # all three read and held (a loaded machine may show the first failure before the
        # third key is read; unlocking then would make the test, not the app, race)
        tmux.wait_for("Gruppe 3  5/5")
        tmux.wait_for("IKKE GEMT")
        assert _ratings(workspace, sid) == {}
    finally:
        _immutable(path, False)
    tmux.wait_for("Gemt kl.", timeout=10)  # no key pressed
    assert _ratings(workspace, sid) == {("aeldre", "g1"): 4, ("aeldre", "g2"): 3,
                                        ("aeldre", "g3"): 5}
    os.kill(tmux.app_pid(), signal.SIGKILL)  # and a crash now loses nothing


@pytest.mark.parametrize("kind", ["theme day", "mapping"])
async def test_r13_the_failure_toast_never_states_a_count_that_goes_stale(
        make_app: MakeApp, workspace: Path, monkeypatch: pytest.MonkeyPatch,
        kind: str) -> None:
    """The count lives on the status line, which follows it; the one toast says what failed
    and goes away once everything is written."""
    import errno

    from tests.functional.test_danish_only import screen_text

    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    if kind == "theme day":
        sid, keys = session_on(workspace, ["test-themes"]), ["4", "tab", "3", "tab", "5"]
    else:
        sid, keys = _mapping_with_placements(workspace), ["down", "1", "down", "2", "down", "3"]
    said = Said()
    app = make_app(open_session=sid)  # a mapping keeps its deck
    async with app.run_test(size=(120, 36), message_hook=said.hook) as pilot:
        await pilot.pause()
        monkeypatch.setattr(os, "write", full)
        await pilot.press(*keys)
        await pilot.pause()
        shown = screen_text(app)
        assert "3 ændringer venter" in shown, "the status line counts"
        failures = [line for line in said if "hukommelsen" in line]
        assert len(failures) == 1, said
        assert not re.search(r"\d+ ændring", failures[0]), failures[0]
        assert "venter endnu" not in shown and "1 ændring" not in shown
        monkeypatch.setattr(os, "write", real_write)
        await pilot.pause(2.6)  # the retry, with no key
        shown = screen_text(app)
        assert "hukommelsen" not in shown, "the failure's toast went with the failure"
        assert "IKKE GEMT" not in shown
    assert said.has("gemt")


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
        tmux.wait_for("5/5")  # all three recorded in memory (none on disk: IKKE GEMT)
        assert "IKKE GEMT" in tmux.screen()
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


def test_r4_the_windows_console_events_call_the_shutdown_and_ctrl_c_stays_a_key() -> None:
    from cardgame import shutdown

    called: list[str] = []

    class Kernel32:
        routine: object = None

        def SetConsoleCtrlHandler(self, routine: object, add: bool) -> int:  # noqa: N802
            self.routine = routine
            return 1

    kernel32 = Kernel32()
    names = shutdown._install_windows(lambda: called.append("shutdown"), kernel32)
    assert names == ["CTRL_CLOSE_EVENT", "CTRL_LOGOFF_EVENT", "CTRL_SHUTDOWN_EVENT"]
    routine = kernel32.routine
    assert callable(routine)
    assert not routine(0) and not routine(1), "Ctrl+C and Ctrl+Break go on to the app"
    assert called == []
    assert routine(shutdown.CTRL_CLOSE_EVENT) and called == ["shutdown"]
    assert routine(shutdown.CTRL_SHUTDOWN_EVENT) and called == ["shutdown", "shutdown"]


async def test_r4_a_shutdown_from_the_consoles_own_thread_rescues_what_waits(
        open_day: OpenDayFactory, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import threading

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with open_day(["test-themes"]) as day:
        path = day.screen.session.path
        monkeypatch.setattr(os, "write", full)
        await day.pilot.press("4", "3")
        assert day.screen.session.pending == 2
        console = threading.Thread(target=day.app.shut_down_now)  # as Windows calls it
        console.start()
        while console.is_alive():
            await day.pilot.pause(0.05)
        monkeypatch.undo()
        assert not day.app.is_running or day.app.return_code == 0
    [rescue] = path.parent.glob(f"{path.stem}.unsaved-*.toml")
    state = SessionStore(path.parent).read(str(rescue)).state
    assert sorted(v for k, v in state.values.items() if k[-1] == "rating") == [3, 4]


# R5: an export never destroys --------------------------------------------------------------

def _cli(workspace: Path, *args: str) -> int:
    return main(["--workspace", str(workspace), "--decks-dir",
                 str(Path(__file__).resolve().parents[1] / "fixtures" / "decks"), *args])


@pytest.mark.parametrize("target", ["session", "backup", "rescue"])
def test_r5_export_onto_a_session_or_a_copy_of_one_is_refused_even_forced(
        workspace: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    sid = session_on(workspace, ["test-themes"])
    session = SessionStore(workspace / "sessions").open(sid)
    session.set(("answer", "test-themes", "aeldre", "g1", "rating"), 3)
    session.close()  # and a backup beside it
    path = workspace / "sessions" / f"{sid}.toml"
    if target == "backup":
        path = path.with_name(path.name + ".bak")
    elif target == "rescue":
        path = path.with_name(f"{sid}.unsaved-20261207-130000.toml")
        path.write_bytes((workspace / "sessions" / f"{sid}.toml").read_bytes())
    before = path.read_bytes()
    for force in ([], ["--force"]):
        assert _cli(workspace, "export", sid, "-o", str(path), *force) == 1
        assert path.read_bytes() == before, "nothing written over it"
        assert "er en sessionsfil eller en kopi af en" in capsys.readouterr().err
    assert SessionStore(workspace / "sessions").read(sid).state.values, "the answer is there"


def test_r5_export_onto_a_foreign_file_is_refused_unless_forced(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sid = session_on(workspace, ["test-themes"])
    keep = workspace / "keep.txt"
    keep.write_text("mine", encoding="utf-8")
    assert _cli(workspace, "export", sid, "-o", str(keep)) == 1
    err = capsys.readouterr().err
    assert "findes og er ikke en eksport fra cardgame; den er ikke rørt" in err
    assert "--force" in err and keep.read_text(encoding="utf-8") == "mine"
    assert _cli(workspace, "export", sid, "-o", str(keep), "--force") == 0
    assert keep.read_text(encoding="utf-8").splitlines()[-1].startswith("<!-- cardgame export")
    assert _cli(workspace, "export", sid, "-o", str(keep)) == 0, "its own export is replaced"


# R6: what a user typed is never read as markup ---------------------------------------------

HOSTILE = ["[@click=app.quit]Klik[/]", "[bold]Fed[/]", "Bord [A]"]
HOSTILE_TITLE = "[b]Dagen[/b] [@click=app.bell]x[/]"


def _hostile_session(workspace: Path) -> str:
    from cardgame.domain.session import Group
    from tests.helpers import fixture_library, theme_day_meta

    library = fixture_library()
    decks = [library.decks[d] for d in ("test-themes", "test-formats", "test-roles",
                                         "test-influence")]
    meta = theme_day_meta(decks, 3).model_copy(update={
        "title": HOSTILE_TITLE, "groups": [Group(id=f"g{i + 1}", name=name)
                                           for i, name in enumerate(HOSTILE)],
        "actors": ["[@click=app.quit]Direktøren[/]", "Byrådet"]})
    session = SessionStore(workspace / "sessions").create(meta, decks)
    session.close()
    return meta.id


async def test_r6_names_and_titles_are_shown_as_typed_on_every_screen_and_dialog(
        make_app: MakeApp, workspace: Path) -> None:
    from tests.functional.test_danish_only import screen_text

    sid = _hostile_session(workspace)
    app = make_app()
    shown: dict[str, str] = {}
    async with app.run_test(size=(160, 45)) as pilot:
        async def look(name: str, *keys: str) -> None:
            for key in keys:
                await pilot.press(key)
            await pilot.pause(0.2)
            assert app.is_running, f"{name}: the app is still running"
            shown[name] = screen_text(app).replace("\xa0", " ")

        await look("start screen")
        app.open_session(sid)
        await look("theme day")
        await look("answer dialog", "enter")
        await look("rename dialog", "escape", "r")
        await look("hands", "escape", "m")
        await look("search", "m", "slash")
        await look("help", "escape", "question_mark")
        await look("circle", "escape", "k")
        await look("potential", "u")
        await look("export dialog", "escape", "e")
        await look("undo toast", "escape", "escape", "4", "ctrl+z")
    assert HOSTILE_TITLE in shown["start screen"]
    for name in HOSTILE:
        assert name in shown["theme day"], name
    assert HOSTILE[0] in shown["answer dialog"] and HOSTILE[0] in shown["rename dialog"]
    assert all(name in shown["hands"] for name in HOSTILE)
    assert "[@click=app.quit]Direktøren[/]" in shown["circle"]
    assert HOSTILE_TITLE in shown["potential"]
    assert "Klik" not in shown["theme day"].replace(HOSTILE[0], ""), "no name read as a link"


async def test_r6_the_wall_shows_names_as_typed(workspace: Path) -> None:
    from cardgame.audience_app import AudienceApp
    from tests.functional.test_danish_only import screen_text
    from tests.helpers import fixture_library

    sid = _hostile_session(workspace)
    session = SessionStore(workspace / "sessions").open(sid)
    from cardgame.domain.themeday import ThemeDay

    day = ThemeDay(session.meta, session.decks, session)
    day.begin()
    for rating in (4, 3, 5):
        day.record_number(rating)
    app = AudienceApp(session.path.parent, session.path, fixture_library().decks)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.5)
        text = screen_text(app).replace("\xa0", " ")
    session.close()
    assert all(name in text for name in HOSTILE), text


# N1: names a person can tell apart ---------------------------------------------------------

LOOK_ALIKES = [
    ("Café", "Cafe\u0301"),  # composed, and e with a combining accent
    ("Bord 1", "Bord\u200b 1"),  # a zero-width space inside
    ("Bord 1", "Bord 1\u200b"),  # and at the end
    ("Bord 1", "Bord  1"),  # two spaces
    ("Bord 1", "\u200eBord 1"),  # a left-to-right mark
]


@pytest.mark.parametrize(("first", "second"), LOOK_ALIKES)
def test_n1_names_that_look_the_same_are_refused_as_the_same_name(
        first: str, second: str, workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cardgame.domain.errors import FieldError
    from cardgame.domain.session import check_group_names, rename_group
    from tests.helpers import fixture_library, theme_day_meta

    with pytest.raises(FieldError) as refused:
        check_group_names([first, second])
    assert refused.value.key == "new.same_name"
    meta = theme_day_meta([fixture_library().decks["test-themes"]], 2)
    renamed = rename_group(meta, "g1", first)
    assert renamed is not None
    with pytest.raises(FieldError):
        rename_group(renamed, "g2", second)
    assert _cli(workspace, "new", "Dag", "--groups", f"{first},{second}") == 1
    assert "To grupper hedder" in capsys.readouterr().err
    assert not list((workspace / "sessions").glob("*.toml")), "nothing was created"


async def test_n1_the_form_refuses_look_alike_names(
        make_app: MakeApp, workspace: Path) -> None:
    from textual.widgets import Input

    from cardgame.screens.new_session import NewSessionScreen

    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, NewSessionScreen)
        form.query_one("#title", Input).value = "Dag"
        form.query_one("#names", Input).value = "Café, Cafe\u0301"
        form.query_one("#count", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "the form stays, with the problem marked"
        problem = str(form.query_one("#problem-names").render())
        assert "Café" in problem
    assert not list((workspace / "sessions").glob("*.toml"))


def test_n1_two_actors_ids_are_not_cut_into_look_alikes(workspace: Path) -> None:
    from cardgame.domain.session import session_id, slugify

    first = session_id(date(2026, 12, 7), "Indflydelseskortlægning · Direktør Aarhus", set())
    second = session_id(date(2026, 12, 7), "Indflydelseskortlægning · Direktør Aarhus Syd",
                        {first})
    assert first.endswith("direktoer-aarhus") and second.endswith("direktoer-aarhus-syd")
    long = slugify("Temadag om borgerdialog på velfærdsområderne i byrådet og direktionen "
                   "med alle udvalgsformændene")
    assert len(long) <= 60 and not long.endswith("-") and long.split("-")[-1] in (
        "direktionen", "med", "og", "alle", "byraadet")


# R9 and R10: a recovered note, and the files beside a session --------------------------------

async def test_r9_enter_brings_a_recovered_note_back(make_app: MakeApp,
                                                     workspace: Path) -> None:
    from cardgame.screens.dialogs import TextDialog
    from cardgame.storage.drafts import DraftKeeper
    from tests.helpers import field_value

    sid = session_on(workspace)
    path = workspace / "sessions" / f"{sid}.toml"
    note = "Pårørende skal med fra begyndelsen!!"  # the review's 36 characters
    DraftKeeper(path).save("answer", {"group": "g1"}, "Svar · Bord 1", {"note": note})
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the key a hurried facilitator presses
        await pilot.pause()
        assert isinstance(app.screen, TextDialog), "restored, not thrown away"
        assert field_value(app.screen, "note") == note
    assert path.with_name(f".{sid}.draft.toml").exists(), "kept until it is saved or discarded"


def test_r10_a_part_of_an_id_names_the_session_not_the_files_beside_it(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cardgame.storage.drafts import DraftKeeper

    sid = session_on(workspace)
    path = workspace / "sessions" / f"{sid}.toml"
    DraftKeeper(path).save("answer", {"group": "g1"}, "Svar", {"note": "x"})
    rescue = path.with_name(f"{sid}.unsaved-20261207-1310.toml")
    rescue.write_bytes(path.read_bytes())
    path.with_name(f".{sid}.lock").write_text("")
    path.with_name(f".{sid}.tmp.toml").write_text("")
    store = SessionStore(workspace / "sessions")
    assert store.ids() == {sid, rescue.name[:-5]}, "hidden files are never sessions"
    assert store.resolve(sid[5:-2]) == path, "the session, not its rescue copy"
    assert store.resolve("unsaved") == rescue, "a rescue copy opens by its own name"
    assert [s.id for s in store.summaries()].count(sid) == 1
    assert _cli(workspace, "export", sid[5:-2], "--lang", "da") == 0
    assert "flere" not in capsys.readouterr().err


# R14: joiners and direction marks kept in what is typed ------------------------------------

async def test_r14_a_joiner_typed_or_pasted_into_a_reason_is_kept(
        open_day: OpenDayFactory, workspace: Path) -> None:
    from textual import events

    astronaut = "👩🏽\u200d🚀"
    async with open_day(["test-themes"]) as day:
        await day.pilot.press("enter")
        await day.pilot.pause()
        await day.pilot.press("4", "tab")
        for character in astronaut + " \u200fשלום":
            day.app.post_message(events.Key(character, character))
            await day.pilot.pause()
        await day.pilot.press("ctrl+s")
        await day.pilot.pause()
        sid = day.screen.session.meta.id
    state = SessionStore(workspace / "sessions").read(sid).state
    [note] = [v for k, v in state.values.items() if k[-1] == "note"]
    assert note == astronaut + " \u200fשלום"


# R16: a lock file a synced folder brought along -------------------------------------------

async def test_r16_a_session_open_on_another_computer_is_asked_about(
        make_app: MakeApp, workspace: Path) -> None:
    import json

    from cardgame.screens.start import StartScreen
    from cardgame.screens.themeday import ThemeDayScreen
    from tests.functional.test_danish_only import screen_text

    sid = _hostile_session(workspace)
    lock = workspace / "sessions" / f".{sid}.lock"
    lock.write_text(json.dumps({"pid": 4242, "host": "raadhus-pc-17", "since": 0}))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_session(sid)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "raadhus-pc-17" in screen_text(app)
        await pilot.press("n")  # leave it: the other computer may still be writing
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "raadhus-pc-17" in lock.read_text()
        app.open_session(sid)
        await pilot.pause()
        await pilot.press("y")  # it is closed there
        await pilot.pause()
        assert isinstance(app.screen, ThemeDayScreen)
        assert app.screen.session.lock.held
        await pilot.press("4")
        await pilot.pause()
    assert list(_ratings(workspace, sid).values()) == [4]


# N10: no key leaves a running session by accident -------------------------------------------

async def test_n10_a_stray_escape_asks_and_the_keys_after_it_stay_in_the_session(
        open_day: OpenDayFactory, workspace: Path) -> None:
    async with open_day(["test-themes"]) as day:
        sid = day.screen.session.meta.id
        await day.pilot.press("escape")
        assert isinstance(day.app.screen, ConfirmDialog), "asked, not left"
        await day.pilot.press("n", "4", "4", "3")  # no: stay; then the tables' ratings
        assert day.app.screen_stack[-1] is day.screen
        assert day.screen.session.lock.held
    assert sorted(_ratings(workspace, sid).values()) == [3, 4, 4]


async def test_n10_leaving_on_purpose_goes_to_the_start_screen(
        open_day: OpenDayFactory) -> None:
    from cardgame.screens.start import StartScreen

    async with open_day(["test-themes"]) as day:
        await day.pilot.press("escape", "y")
        await day.pilot.pause()
        assert isinstance(day.app.screen, StartScreen)
        assert not day.screen.session.lock.held


async def test_n10_escape_in_the_new_theme_day_form_asks_before_throwing_typing_away(
        make_app: MakeApp, workspace: Path) -> None:
    from textual.widgets import Input

    from cardgame.screens.new_session import NewSessionScreen
    from cardgame.screens.start import StartScreen

    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, NewSessionScreen)
        await pilot.press("escape")  # nothing typed: back at once
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n", "4", "4", "3", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep typing
        form = app.screen_stack[-1]
        assert isinstance(form, NewSessionScreen)
        assert form.query_one("#title", Input).value == "443"


# N3: --lang is for one run; the start screen's choice is remembered ------------------------

async def test_n3_lang_applies_to_one_run_and_the_start_screen_choice_is_remembered(
        make_app: MakeApp, workspace: Path, tmp_path: Path) -> None:
    from cardgame.screens.start import StartScreen
    from cardgame.storage.settings import load_settings
    from tests.functional.test_danish_only import screen_text

    settings = tmp_path / "config" / "settings.toml"
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "New theme day" in screen_text(app)
    assert load_settings(settings).lang == "da", "--lang en was for that run only"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Ny temadag" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert "Hvilket sprog skal cardgame tale?" in screen_text(app)
        await pilot.press("down", "enter")  # Dansk, Norsk bokmål, English
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        shown = screen_text(app)
        assert "Språk: Norsk bokmål" in shown and "Avslutt" in shown
        assert "Afslut" not in shown
    assert load_settings(settings).lang == "nb"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Avslutt" in screen_text(app), "remembered"


# N19: two sessions with the same title and date can be told apart ---------------------------

async def test_n19_sessions_alike_on_the_start_screen_show_their_ids(
        make_app: MakeApp, workspace: Path) -> None:
    from tests.functional.test_danish_only import screen_text

    assert _cli(workspace, "new", "Temadag", "--date", "2026-12-07") == 0
    assert _cli(workspace, "new", "Temadag", "--date", "2026-12-07") == 0
    assert _cli(workspace, "new", "Andet", "--date", "2026-12-07") == 0
    ids = sorted(SessionStore(workspace / "sessions").ids())
    app = make_app()
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause(0.3)
        shown = screen_text(app)
    for sid in ids:
        if "temadag" in sid:
            assert f"· {sid}" in shown, shown
    assert "· 2026-12-07-andet" not in shown, "a title of its own needs no id"


# N21: a wall on a session nobody has opened yet waits for the facilitator -------------------

async def test_n21_a_session_never_opened_is_waited_for_not_called_closed(
        workspace: Path) -> None:
    from cardgame.audience_app import AudienceApp
    from cardgame.domain.themeday import ThemeDay
    from tests.functional.test_audience import text_of
    from tests.helpers import fixture_library

    sid = session_on(workspace)
    store = SessionStore(workspace / "sessions")
    app = AudienceApp(store.folder, store.path_of(sid), fixture_library().decks)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.7)
        assert text_of(app, "#aud-note") == \
            "Venter på facilitatoren. Væggen følger med, så snart sessionen åbnes."
        session = store.open(sid)
        ThemeDay(session.meta, session.decks, session).record_number(4)
        session.close()
        await pilot.pause(1.2)
        assert text_of(app, "#aud-note").startswith("Sessionen er lukket på facilitatorens")


# N20: in Browse, a card with the word in its title comes first, and typing searches ---------

async def test_n20_typing_in_browse_finds_the_title_match_first(make_app: MakeApp) -> None:
    from textual.widgets import Input, OptionList

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        listing = app.screen.query_one("#browse-list", OptionList)
        before = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert before.index("test-formats/hoering") < before.index("test-themes/skole"), \
            "the decks' own order puts the text match first"
        await pilot.press("s", "k", "o", "l", "e")  # no `/` first
        await pilot.pause()
        assert app.screen.query_one("#browse-filter", Input).value == "skole"
        hits = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert [h for h in hits if h and "/" in h] == ["test-themes/skole",
                                                       "test-formats/hoering"]
        highlighted = listing.highlighted
        assert highlighted is not None
        assert listing.get_option_at_index(highlighted).id == "test-themes/skole"
        await pilot.press("escape")  # clears the search, stays in Browse
        await pilot.pause()
        assert app.screen.query_one("#browse-filter", Input).value == ""


# N5, N6: every placed element is in sight at every size ------------------------------------

@pytest.mark.parametrize("size", [(50, 16), (80, 24), (120, 40), (200, 55)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
async def test_n5_n6_every_placement_is_in_sight_on_the_circle_or_its_list(
        make_app: MakeApp, workspace: Path, size: tuple[int, int]) -> None:
    from cardgame.widgets.circle_view import CircleView

    sid = _mapping_with_placements(workspace)  # strategi today 4, format today 2
    app = make_app(open_session=sid)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        # the review's steps: element 1 wanted in ring 3, then on to element 3, wanted
        await pilot.press("up", "w", "3", "down", "down")
        await pilot.pause()
        assert screen.map.dim == "wanted" and screen.map.element.id != "strategi"
        circle = str(screen.query_one(CircleView).content)
        for marker in ("●1", "○1", "●2"):  # the dimension not being placed stays in sight
            assert marker in circle, (size, circle)
        drawn = "·" in circle
        assert drawn == (size[0] >= 120), "drawn where it can be read, else listed"
        if not drawn:
            assert [line.split()[0] for line in circle.splitlines()] == ["4", "3", "2", "1"]


# N7: an answer beside the card is wrapped once, at the width it is shown --------------------

async def test_n7_a_two_line_answer_on_the_wall_wraps_as_normal_text(workspace: Path) -> None:
    from textual.widgets import Static

    from cardgame.audience_app import AudienceApp
    from cardgame.domain.themeday import ThemeDay
    from cardgame.widgets.wall_view import SIDE_WIDTH
    from tests.helpers import fixture_library, new_session

    session, _ = new_session(workspace / "sessions", 3, ["test-roles"])
    day = ThemeDay(session.meta, session.decks, session)
    day.choose_deck("test-roles", shuffle=False)
    day.record_answer({"challenges": "At dele magten over dagsordenen.\n"
                                     "Partiprogrammet kan blive udfordret.", "levers": ""})
    app = AudienceApp(session.path.parent, session.path, fixture_library().decks)
    async with app.run_test(size=(200, 55)) as pilot:
        await pilot.pause(0.5)
        side = app.screen.query_one("#aud-side", Static)
        width = side.content_region.width
        lines = str(side.content).splitlines()
    session.close()
    assert width == SIDE_WIDTH, "the answers are shown at the width they were wrapped at"
    assert all(len(line) <= width for line in lines), "so no line is wrapped a second time"
    start = next(i for i, line in enumerate(lines) if line.startswith(" ! "))
    assert lines[start:start + 2] == [" ! At dele magten over dagsordenen. Partiprogrammet kan",
                                      "   blive udfordret."], lines


# N2: a programme's hand round with fewer cards than tables ----------------------------------

HAND_ROUND = ('schema = 1\n[programme]\ntitle = "Ved bordene"\n'
              '[[rounds]]\ntitle = "Et kort til tre borde"\ndeck = "test-themes"\n'
              'cards = ["skole"]\nmode = "hand"\nminutes = 20\n'
              '[[rounds]]\ndeck = "test-roles"\ncards = ["ombud"]\n')


def _programme_file(workspace: Path) -> Path:
    folder = workspace / "programmes"
    folder.mkdir(exist_ok=True)
    path = folder / "ved-bordene.toml"
    path.write_text(HAND_ROUND, encoding="utf-8")
    return path


async def test_n2_the_form_warns_when_a_hand_round_has_fewer_cards_than_tables(
        make_app: MakeApp, workspace: Path) -> None:
    from textual.widgets import Input, Static

    from cardgame.screens.new_session import NewSessionScreen

    path = _programme_file(workspace)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(NewSessionScreen(programme=path))
        await pilot.pause()
        form = app.screen
        note = form.query_one("#programme-note", Static)
        assert str(note.render()).startswith(
            "Runde 1 (Et kort til tre borde) har 1 kort til 3 borde, så 2 borde står uden kort")
        form.query_one("#count", Input).value = "1"
        await pilot.pause()
        assert str(note.render()) == "", "one table, one card: nothing to say"
        await pilot.press("ctrl+s")  # a warning, not a refusal
        await pilot.pause()
    assert len(list((workspace / "sessions").glob("*.toml"))) == 1


def test_n2_cardgame_new_warns_too(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _programme_file(workspace)
    assert _cli(workspace, "new", "Dag", "--programme", "ved-bordene",
                "--groups", "A,B,C,D,E") == 0
    err = capsys.readouterr().err
    assert "Runde 1 (Et kort til tre borde) har 1 kort til 5 borde, så 4 borde står uden " \
        "kort" in err


async def test_n2_h_in_the_round_deals_only_to_the_tables_without_a_card(
        make_app: MakeApp, workspace: Path) -> None:
    from cardgame.screens.themeday import ThemeDayScreen

    _programme_file(workspace)
    assert _cli(workspace, "new", "Dag", "--programme", "ved-bordene",
                "--groups", "A,B,C") == 0
    [path] = (workspace / "sessions").glob("*.toml")
    said = Said()
    app = make_app(open_session=path.stem)
    async with app.run_test(size=(120, 36), message_hook=said.hook) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemeDayScreen)
        day = screen.day
        assert day.hand("g1") == ["skole"] and day.cardless_tables() == ["g2", "g3"]
        await pilot.press("4", "h")  # A rates its card; then cards for B and C
        await pilot.pause()
        assert said.has("B og C har fået et kort hver. Runden går videre.")
        assert day.hand("g1") == ["skole"], "A keeps its one card"
        assert len(day.hand("g2")) == 1 and len(day.hand("g3")) == 1
        assert day.current_round() is not None, "still in the programme's round 1"
        assert day.group == "g2"
        await pilot.press("ctrl+z")  # one step takes both back
        await pilot.pause()
        assert day.cardless_tables() == ["g2", "g3"]
        assert day.answer("g1", day.decks[0].card("skole"), deck=day.decks[0]).rating == 4
        assert said.has("Fortrudt: kortene, der blev delt ud til bordene")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert day.cardless_tables() == []
        await pilot.press("h")  # every table holds a card, and the deck has none left
        await pilot.pause()
        assert said.has("Alle kort i kortsættet er allerede givet eller besvaret.")
        assert day.current_round() is not None


# N12: one example, a link that works, broken programmes named in the form -----------------

def test_n12_run_from_its_repository_the_example_is_listed_once() -> None:
    from cardgame.storage.programmefile import bundled_programmes_dir, find_programmes
    from tests.helpers import fixture_library

    examples = bundled_programmes_dir()
    found = find_programmes(examples, dict(fixture_library().decks))
    paths = [one.path for one in found]
    assert len(paths) == len(set(paths)) == len(list(examples.glob("*.toml")))
    assert all(one.example for one in found)


def test_n12_every_docs_link_in_the_examples_and_the_readme_exists() -> None:
    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8") for p in (root / "programmes").glob("*.toml")]
    texts.append((root / "README.md").read_text(encoding="utf-8"))
    links = {m for text in texts for m in re.findall(r"docs/[\w./-]+\.md", text)}
    assert links, "the examples point to their format"
    assert all((root / link).is_file() for link in links), links


async def test_n12_a_broken_programme_is_listed_in_the_form_with_its_problem(
        make_app: MakeApp, workspace: Path) -> None:
    from textual.widgets import OptionList, Select

    from cardgame.screens.new_session import NewSessionScreen

    folder = workspace / "programmes"
    folder.mkdir()
    broken = folder / "dag.toml"
    broken.write_text('schema = 1\n[programme]\ntitle = "Dag"\n[[rounds]]\n'
                      'deck = "test-themes"\ncards = ["skolen"]\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewSessionScreen)
        select = form.query_one("#programme", Select)
        select.focus()
        await pilot.press("enter")  # the list the facilitator sees
        await pilot.pause()
        menu = form.query_one("SelectOverlay", OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert "⚠ dag (kan ikke bruges)" in labels
        await pilot.press("escape")
        select.value = str(broken)
        await pilot.pause()
        problem = form.query_one("#problem-programme")
        assert problem.has_class("-shown")
        assert "mente du «skole»?" in str(problem.render())


# N16: a toast never covers a dialog's buttons, and the dropdown speaks Danish ---------------

@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 45)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_n16_toasts_stand_clear_of_a_dialogs_buttons(
        make_app: MakeApp, workspace: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Button

    from cardgame.screens.dialogs import TextDialog

    app = make_app(open_session=session_on(workspace, ["test-themes"]))
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        app.notify("Runde 3 af 3 · Dilemmaer ved bordene · 40 minutter. Tryk t for at "
                   "starte uret.", timeout=30)
        await pilot.press("enter")  # the answer dialog, right after the round's toast
        await pilot.pause(0.3)
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        toasts = [toast.region for toast in dialog.query("Toast")]
        buttons = [button.region for button in dialog.query(Button)]
        assert toasts, "a toast is shown over the dialog"
        assert buttons
        assert not any(t.overlaps(b) for t in toasts for b in buttons), (toasts, buttons)


async def test_n16_the_programme_menus_footer_key_is_in_danish(make_app: MakeApp) -> None:
    from textual.widgets import Select

    from tests.functional.test_danish_only import screen_text

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#programme", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
    assert "Luk listen" in shown and "Dismiss" not in shown


# N17: projection is for the room; the header's minutes are the timer's ---------------------

async def test_n17_projection_shows_the_card_the_answers_and_the_timer_only(
        open_day: OpenDayFactory) -> None:
    from cardgame.widgets.answer_panel import AnswerPanel

    async with open_day(["test-themes"]) as day:
        day.screen.day.record_answer({"rating": "4", "note": "Pårørende skal med"})
        await day.pilot.press("3", "5")
        await day.pilot.pause()
        before = str(day.screen.query_one(AnswerPanel).content)
        assert "▶" in before and "¶" in before and "Næste kort" in before
        await day.pilot.press("f")
        await day.pilot.pause()
        shown = str(day.screen.query_one(AnswerPanel).content)
    for meant_for_the_facilitator in ("▶", "¶", "Næste kort", "n: næste kort", "enter:",
                                      "Begrundelse", "Note"):
        assert meant_for_the_facilitator not in shown, (meant_for_the_facilitator, shown)
    assert all(answer in shown for answer in ("4/5", "3/5", "5/5"))


async def test_n17_the_header_says_the_minutes_the_timer_counts(
        make_app: MakeApp, workspace: Path) -> None:
    from textual.widgets import Static

    _programme_file(workspace)
    assert _cli(workspace, "new", "Dag", "--programme", "ved-bordene", "--groups", "A") == 0
    [path] = (workspace / "sessions").glob("*.toml")
    app = make_app(open_session=path.stem)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        where = app.screen.query_one("#where", Static)
        assert "Runde 1 af 2 · Et kort til tre borde · 20 min" in str(where.render())
        await pilot.press("T", "ctrl+u", "2", "enter")
        await pilot.pause()
        assert "· 2 min" in str(where.render()) and "20 min" not in str(where.render())


# N18: the answer dialog of a dialogue-format card lists its options -------------------------

async def test_n18_the_answer_dialog_lists_the_options_it_asks_for(
        open_day: OpenDayFactory) -> None:
    from cardgame.domain.decks import DialogueFormatCard
    from cardgame.screens.dialogs import TextDialog
    from tests.functional.test_danish_only import screen_text

    async with open_day(["test-formats"], size=(100, 40)) as day:
        card = day.screen.day.card
        assert isinstance(card, DialogueFormatCard)
        await day.pilot.press("enter")
        await day.pilot.pause()
        assert isinstance(day.app.screen, TextDialog)
        shown = screen_text(day.app)
    for number, option in enumerate(card.scenarios[0].options, start=1):
        assert f"{number}  {option}" in shown, (option, shown)


# N11: the form names each deck by the id `cardgame new --decks` takes -----------------------

async def test_n11_the_form_shows_the_id_the_command_line_wants(
        make_app: MakeApp, workspace: Path) -> None:
    from textual.widgets import SelectionList

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        decks = app.screen.query_one("#decks", SelectionList)
        lines = [str(decks.get_option_at_index(i).prompt) for i in range(decks.option_count)]
    assert "Testelementer (id test-influence, 2 kort)" in lines, lines
    assert _cli(workspace, "new", "Dag", "--decks", "test-themes,test-influence") == 0


# R17: the save state is where a toast never covers it ---------------------------------------

@pytest.mark.parametrize("kind", ["theme day", "mapping"])
async def test_r17_the_status_line_says_saved_before_anything_a_toast_could_cover(
        make_app: MakeApp, workspace: Path, kind: str) -> None:
    from textual.widgets import Static

    sid = session_on(workspace) if kind == "theme day" else _mapping_with_placements(workspace)
    app = make_app(open_session=sid)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.notify("En besked, der står et stykke tid i hjørnet.", timeout=30)
        await pilot.pause(0.3)
        status = app.screen.query_one("#status, #map-status", Static)
        text = str(status.render())
        toast = app.screen.query_one("Toast").region
    assert text.startswith("Gemt kl. "), text
    saved_cells = status.region.x + 1 + len("Gemt kl. 00:00:00")
    assert saved_cells <= toast.x or status.region.y not in range(toast.y, toast.bottom)


# N6 on the terminal wall: a list where the circle cannot be read ----------------------------

@pytest.mark.parametrize("size", [(50, 16), (80, 24), (200, 55)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_n6_the_terminal_wall_lists_the_rings_where_the_circle_cannot_be_read(
        workspace: Path, size: tuple[int, int]) -> None:
    from cardgame.audience_app import AudienceApp
    from cardgame.widgets.circle_view import CircleView

    sid = _mapping_with_placements(workspace)  # strategi today 4, format today 2
    [path] = (workspace / "sessions").glob(f"{sid}*.toml")
    app = AudienceApp(path.parent, path, DeckLibrary.load([MAP_DECKS]).decks)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        circle = str(app.screen.query_one(CircleView).content)
    assert "●1" in circle and "●2" in circle, circle
    if size[0] >= 120:
        assert "·" in circle, "drawn where it can be read"
    else:
        assert [line.split()[0] for line in circle.splitlines()] == ["4", "3", "2", "1"], \
            "listed ring by ring, innermost first, where it cannot"


# N15: nothing cut mid-word -------------------------------------------------------------------

def test_n15_a_header_gives_way_word_by_word_and_keeps_the_cards_place() -> None:
    from cardgame.widgets.fitted import cut_words, fit_line

    parts = [("Runde 2 af 3 · Et kort til tre borde", True), ("Velfærdstemaer", True),
             ("Kort 2 af 4", True), ("✓ 3/15", False), ("blandet", False)]
    assert fit_line(parts, 200) == ("Runde 2 af 3 · Et kort til tre borde · Velfærdstemaer · "
                                    "Kort 2 af 4 · ✓ 3/15 · blandet")
    for width in range(11, 100):
        line = fit_line(parts, width)
        assert len(line) <= width and "Kort 2 af 4" in line, (width, line)
        words = {w for text, _ in parts for w in text.split()} | {"…", "·"}
        assert set(line.split()) <= words, f"a word was cut at {width}: {line!r}"
    assert fit_line(parts, 60) == "Runde 2 af 3 · Et kort til … · Velfærdstemaer · Kort 2 af 4"
    assert cut_words("Aktør: Kommunaldirektøren", 20) == "", "one word of several says nothing"
    assert cut_words("Byrådets rolleafklaring", 20, least=1) == "Byrådets …"


async def test_n15_the_walls_header_and_note_are_whole_at_80x24(workspace: Path) -> None:
    from textual.widgets import Static

    from cardgame.audience_app import AudienceApp
    from cardgame.domain.themeday import ThemeDay
    from tests.helpers import fixture_library, new_session

    session, _ = new_session(workspace / "sessions", 3, ["test-themes"])
    day = ThemeDay(session.meta, session.decks, session)
    day.choose_deck("test-themes", shuffle=False)
    day.set_timer(25)
    day.record_timer(True, 25 * 60, time.time())
    session.close()  # the wall says so, in a note of its own
    app = AudienceApp(session.path.parent, session.path, fixture_library().decks)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        where = str(app.screen.query_one("#aud-where", Static).render())
        note = str(app.screen.query_one("#aud-note", Static).render())
        note_height = app.screen.query_one("#aud-note").size.height
    assert where == "Testtemaer · Kort 1 af 3"
    assert "…" not in note and note.endswith("når den åbnes.") and note_height == 2
