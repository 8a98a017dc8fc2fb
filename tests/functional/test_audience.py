"""The wall (`cardgame audience`) following a session recorded elsewhere, driven with Pilot.

The facilitator's side is the store and the rules themselves here (a second Textual app in the
same event loop would not be a second process anyway); the two processes meet in the tmux test
(`test_real_terminal.py`) and in the browser test.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import pytest
from textual.widgets import Digits, Static

from cardgame.audience_app import AudienceApp
from cardgame.domain.influence import InfluenceMap
from cardgame.domain.roundclock import timer_value
from cardgame.domain.themeday import ThemeDay
from cardgame.i18n import t
from cardgame.screens.audience import AudienceScreen
from cardgame.storage import follow as follow_module
from cardgame.storage.opened import OpenSession
from cardgame.storage.store import SessionStore
from tests.helpers import SnapCompare, fixture_library, new_session

ALL = ["test-themes", "test-formats", "test-roles", "test-influence"]
SETTLE = 0.25
"""Seconds for the wall to look at the file (it looks every 0.05 s)."""


def text_of(app: AudienceApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def everything(app: AudienceApp) -> str:
    return "\n".join(text_of(app, s) for s in ("#aud-where", "#aud-title", "#aud-card",
                                               "#aud-side", "#aud-under", "#aud-note",
                                               "#aud-legend"))


def wall_app(session: OpenSession) -> AudienceApp:
    return AudienceApp(session.path.parent, session.path, fixture_library().decks)


async def test_the_wall_follows_every_key_of_the_facilitator(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions", deck_ids=ALL)
    day = ThemeDay(session.meta, session.decks, session)
    day.choose_deck("test-themes")
    app = wall_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(SETTLE)
        assert "ÆLDREOMRÅDET" in everything(app) or "▀" in text_of(app, "#aud-title")
        assert "Pleje og omsorg" in text_of(app, "#aud-card")
        day.record_number(4)
        await pilot.pause(SETTLE)
        assert t("audience.ratings", high=5) in everything(app)
        assert "Gruppe 1" in everything(app)
        day.step_card(1)
        await pilot.pause(SETTLE)
        assert "Skolen er tæt på" in text_of(app, "#aud-card")
        assert "Kort 2 af 3" in text_of(app, "#aud-where")
        day.choose_deck("test-formats")
        day.record_number(3)
        await pilot.pause(SETTLE)
        assert "Skal byrådet love" in text_of(app, "#aud-card")
        assert "◀ Gruppe 1" in text_of(app, "#aud-card")  # who chose option 3
        screen = app.screen
        assert isinstance(screen, AudienceScreen)
        assert screen.following.current is not None
        assert screen.following.current.reloads == 1  # followed by appends alone
    session.close()


async def test_the_wall_takes_no_key_and_writes_nothing(workspace: Path, tmp_path: Path) -> None:
    session, _ = new_session(workspace / "sessions", deck_ids=ALL)
    ThemeDay(session.meta, session.decks, session).choose_deck("test-themes")
    before = session.path.read_bytes()
    folder = workspace / "sessions"
    listing = sorted(p.name for p in folder.iterdir())
    app = wall_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        await pilot.press("n", "1", "4", "enter", "tab", "ctrl+z", "d", "e", "k", "t", "f",
                          "escape", "space", "0")
        await pilot.pause(SETTLE)
        assert app.is_running
    assert session.path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == listing  # no lock, no draft, nothing
    assert session.status.ok  # the facilitator's lock was never disturbed
    session.set(("answer", "test-themes", "aeldre", "g1", "rating"), 2)
    assert session.status.ok
    session.close()


async def test_q_closes_the_wall_and_l_switches_its_theme_only(workspace: Path,
                                                                tmp_path: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    settings = tmp_path / "config" / "settings.toml"
    app = wall_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "cardgame-dark"
        await pilot.press("l")
        assert app.theme == "cardgame-light"
        await pilot.press("q")
    assert not settings.exists()  # the facilitator's choice of theme is not changed
    session.close()


async def test_the_wall_says_calmly_when_the_facilitator_closes_or_stops(
        workspace: Path) -> None:
    session, decks = new_session(workspace / "sessions", deck_ids=ALL)
    ThemeDay(session.meta, session.decks, session).choose_deck("test-roles")
    app = wall_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        assert not app.screen.query_one("#aud-note-bar").display
        session.close()
        await pilot.pause(0.7)  # the lock is looked at every half second
        assert text_of(app, "#aud-note") == t("audience.closed")
        assert "Politikeren taler borgerens sag" in text_of(app, "#aud-card")  # the last card
        lock = session.path.with_name(f".{session.path.stem}.lock")
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        lock.write_text(json.dumps({"pid": pid, "host": socket.gethostname()}))
        await pilot.pause(0.7)
        assert text_of(app, "#aud-note") == t("audience.stopped")
        again = SessionStore(workspace / "sessions").open(session.path.stem, decks)
        ThemeDay(again.meta, again.decks, again).step_card(1)
        await pilot.pause(0.7)
        assert not app.screen.query_one("#aud-note-bar").display
        assert "Byrådet er øverste arbejdsgiver" in text_of(app, "#aud-card")
        again.close()


async def test_a_deleted_session_file_keeps_the_last_card_on_the_wall(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    app = wall_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        kept = session.path.read_bytes()
        session.close()
        session.path.unlink()
        await pilot.pause(SETTLE)
        note = text_of(app, "#aud-note")
        assert t("store.file_gone", name=session.path.name) in note
        assert "Pleje og omsorg" in text_of(app, "#aud-card")
        session.path.write_bytes(kept)
        await pilot.pause(SETTLE)
        assert t("store.file_gone", name=session.path.name) not in text_of(app, "#aud-note")


async def test_an_empty_workspace_waits_for_a_session(workspace: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follow_module, "SCAN", 0.1)
    folder = workspace / "sessions"
    app = AudienceApp(folder, None, fixture_library().decks)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        assert t("audience.no_session") in text_of(app, "#aud-card")
        session, _ = new_session(folder)
        await pilot.pause(0.4)
        assert "Pleje og omsorg" in text_of(app, "#aud-card")
        session.close()


async def test_the_round_timer_counts_down_on_the_wall(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    day = ThemeDay(session.meta, session.decks, session)
    app = wall_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(SETTLE)
        digits = app.screen.query_one("#aud-clock", Digits)
        assert not digits.display  # never used in this session: not shown
        day.record_timer(True, 125, time.time())
        await pilot.pause(SETTLE)
        assert digits.display and digits.value in ("02:05", "02:04")
        assert digits.has_class("-running")
        await pilot.pause(1.1)
        assert digits.value in ("02:04", "02:03")  # counts between the facilitator's keys
        day.record_timer(False, 0, time.time())
        await pilot.pause(SETTLE)
        assert digits.value == "00:00" and digits.has_class("-done")
    async with wall_app(session).run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        small = pilot.app.screen.query_one("#aud-clock-text", Static)
        assert small.display and "00:00" in str(small.render())  # a small wall: one line
    session.close()


async def test_the_circle_fills_the_wall_while_the_facilitator_places(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions", deck_ids=ALL)
    day = ThemeDay(session.meta, session.decks, session)
    mapping = InfluenceMap(session.meta, session.decks["test-influence"], session)
    app = wall_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        day.show_screen("map")
        mapping.put(3)
        await pilot.pause(SETTLE)
        assert app.screen.query_one("#aud-map").display
        assert not app.screen.query_one("#aud-body").display
        legend = text_of(app, "#aud-legend")
        assert " 1 ●3 ○– Strategi" in legend
        day.show_screen("day")
        await pilot.pause(SETTLE)
        assert app.screen.query_one("#aud-body").display
    session.close()


# pictures ----------------------------------------------------------------------------------

WALL_SIZES = [(80, 24), (200, 55)]


def prepared(workspace: Path, kind: str) -> OpenSession:
    session, _ = new_session(workspace / "sessions", groups=4, deck_ids=ALL)
    day = ThemeDay(session.meta, session.decks, session)
    session.view(timer=timer_value(False, 240, 0))
    if kind == "welfare":
        day.choose_deck("test-themes", shuffle=False)
        for number in (4, 2, 5):
            day.record_number(number)
    elif kind == "format":
        day.choose_deck("test-formats", shuffle=False)
        day.record_number(2)
        day.record_number(2)
        day.record_other("Vi spørger ældrerådet først")
        day.record_number(1)
    elif kind == "role":
        day.choose_deck("test-roles", shuffle=False)
        day.record_answer({"challenges": "Mange henvendelser på én gang",
                           "levers": "Faste borgermøder hver måned"})
        day.record_answer({"challenges": "Svært at sige nej", "levers": ""})
    else:
        mapping = InfluenceMap(session.meta, session.decks["test-influence"], session)
        mapping.put(3)
        mapping.toggle_dim()
        mapping.put(4)
        mapping.step_element(1)
        mapping.put(1)
        day.show_screen("map")
    return session


@pytest.mark.parametrize("kind", ["welfare", "format", "role", "circle"])
@pytest.mark.parametrize("size", WALL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wall_pictures(snap_compare: SnapCompare, workspace: Path, kind: str,
                       size: tuple[int, int]) -> None:
    session = prepared(workspace, kind)
    try:
        assert snap_compare(wall_app(session), terminal_size=size,
                            run_before=lambda pilot: pilot.pause(SETTLE))
    finally:
        session.close()


async def test_the_wall_names_the_round_and_whose_card_in_good_danish(workspace: Path) -> None:
    from cardgame.domain.programme import Programme, ProgrammeInfo, Round

    opened, _ = new_session(workspace / "sessions", deck_ids=ALL)
    programme = Programme(info=ProgrammeInfo(title="Dag"), rounds=(
        Round(deck="test-themes", cards=("skole",), minutes=10),
        Round(title="Ved bordene", deck="test-formats", cards=("borgerraad", "hoering"),
              mode="hand", note="Kun til facilitator")))
    opened.update_meta(opened.meta.model_copy(update={"programme": programme}))
    day = ThemeDay(opened.meta, opened.decks, opened)
    day.begin()
    day.next_round()
    app = wall_app(opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(SETTLE)
        where = text_of(app, "#aud-where")
        assert "Runde 2 af 2 · Ved bordene" in where
        assert "Gruppe 1's kort" in where
        assert "Kun til facilitator" not in everything(app)
    opened.close()
