"""The facilitator's app records what the tables sent from their phones.

The inbox is written here as `cardgame serve` writes it (`Inbox.append`); what is asserted is
what reached the session file, read back by the store, and what the facilitator was told.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from cardgame.domain import keys
from cardgame.domain.phones import Submission
from cardgame.screens.dialogs import ChoiceDialog
from cardgame.storage.inbox import Inbox, inbox_path
from cardgame.storage.settings import Settings, save_settings
from cardgame.storage.store import SessionStore
from tests.functional.test_danish_only import screen_text
from tests.helpers import MakeApp, Said, session_on, theme_day_open


def _send(workspace: Path, sid: str, sub_id: str, group: str, rating: str,
          card: str = "aeldre", note: str = "") -> None:
    fields = {"rating": rating, **({"note": note} if note else {})}
    Inbox(inbox_path(workspace / "sessions" / f"{sid}.toml")).append(
        Submission(sub_id, group, "test-themes", card, "", fields))


def _on_disk(workspace: Path, sid: str) -> dict[tuple[str, str, str], object]:
    """(card, group, field) → value of every answer, as on disk."""
    state = SessionStore(workspace / "sessions").read(sid).state
    return {(k[2], k[3], k[-1]): v for k, v in state.values.items() if k[0] == keys.ANSWER}


def _sets(workspace: Path, sid: str) -> int:
    return sum(1 for e in SessionStore(workspace / "sessions").read(sid).events
               if e.type == "set")


async def _until(condition: object, seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("did not happen in time")
        await asyncio.sleep(0.05)


async def test_an_answer_from_a_phone_is_recorded_shown_and_undoable(
        make_app: MakeApp, workspace: Path) -> None:
    async with theme_day_open(make_app, workspace) as day:
        sid = day.screen.session.meta.id
        _send(workspace, sid, "a" * 32, "g3", "4", note="Vi kender borgerne")
        await _until(lambda: ("aeldre", "g3", "rating") in _on_disk(workspace, sid))
        await day.pilot.pause()
        on_disk = _on_disk(workspace, sid)
        assert on_disk[("aeldre", "g3", "note")] == "Vi kender borgerne"
        assert on_disk[("aeldre", "g3", "device")] == "a" * 32
        assert day.said.has("Gruppe 3 svarede 4 på «Ældreområdet»")
        assert "Gruppe 3  4/5" in screen_text(day.app)
        await day.pilot.press("ctrl+z")
        await day.pilot.pause()
        assert ("aeldre", "g3", "rating") not in _on_disk(workspace, sid), "one undo takes it"
        await asyncio.sleep(0.4)
        assert ("aeldre", "g3", "rating") not in _on_disk(workspace, sid), \
            "an undone answer from a phone does not come back"


async def test_answers_sent_while_the_app_is_closed_are_recorded_on_opening_once(
        make_app: MakeApp, workspace: Path) -> None:
    sid = session_on(workspace, ["test-themes"])
    _send(workspace, sid, "b" * 32, "g1", "2")
    _send(workspace, sid, "c" * 32, "g2", "5")
    for _ in range(2):  # opened, closed, opened again: nothing recorded twice
        app = make_app(open_session=sid)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause(0.5)
            await pilot.press("q")
        assert {k: v for k, v in _on_disk(workspace, sid).items() if k[2] == "rating"} == {
            ("aeldre", "g1", "rating"): 2, ("aeldre", "g2", "rating"): 5}
    assert _sets(workspace, sid) == 4, "two answers, each a rating and its device, once"


async def test_held_answers_wait_for_the_facilitators_accept(
        make_app: MakeApp, workspace: Path, tmp_path: Path) -> None:
    save_settings(tmp_path / "config" / "settings.toml", Settings(phones_hold=True))
    async with theme_day_open(make_app, workspace) as day:
        sid = day.screen.session.meta.id
        await day.pilot.press("a")
        await day.pilot.pause()
        assert day.said.has("Ingen svar fra telefoner venter."), "refused with its reason"
        _send(workspace, sid, "d" * 32, "g1", "3")
        _send(workspace, sid, "e" * 32, "g2", "1")
        await _until(lambda: "2 telefonsvar venter: a" in screen_text(day.app))
        assert _on_disk(workspace, sid) == {}, "nothing recorded before the accept"
        await day.pilot.press("a")
        await _until(lambda: isinstance(day.app.screen, ChoiceDialog))
        assert "Gruppe 1 svarede 3" in screen_text(day.app)
        await day.pilot.press("enter")  # record
        await _until(lambda: "Gruppe 2 svarede 1" in screen_text(day.app))  # the next one
        await day.pilot.press("down", "enter")  # decline
        await _until(lambda: day.said.has("Gruppe 2's svar blev ikke optaget."))
        ratings = {k: v for k, v in _on_disk(workspace, sid).items() if k[2] == "rating"}
        assert ratings == {("aeldre", "g1", "rating"): 3}
        assert "telefonsvar venter" not in screen_text(day.app)
        await day.pilot.press("A")  # back to recording at once
        await day.pilot.pause()
        assert day.said.has("Svar fra bordenes telefoner optages nu straks.")
        assert day.app.settings.phones_hold is False


async def test_an_answer_the_session_cannot_take_is_said_and_does_not_block_the_next(
        make_app: MakeApp, workspace: Path) -> None:
    async with theme_day_open(make_app, workspace) as day:
        sid = day.screen.session.meta.id
        _send(workspace, sid, "f" * 32, "g9", "4")  # no such table
        _send(workspace, sid, "0" * 32, "g2", "7")  # out of range (a forged inbox line)
        _send(workspace, sid, "1" * 32, "g1", "3")
        await _until(lambda: ("aeldre", "g1", "rating") in _on_disk(workspace, sid))
        await day.pilot.pause()  # on disk before its toast is handled: let the toasts come
        assert day.said.has("Et svar fra g9 blev ikke optaget: Bordet findes ikke i denne "
                            "session.")
        assert day.said.has("Et svar fra Gruppe 2 blev ikke optaget: En vurdering er et tal "
                            "fra 1 til 5.")
        assert {k for k in _on_disk(workspace, sid) if k[2] == "rating"} == {
            ("aeldre", "g1", "rating")}


async def test_an_inbox_that_cannot_be_read_is_said_once_and_the_day_goes_on(
        make_app: MakeApp, workspace: Path) -> None:
    sid = session_on(workspace, ["test-themes"])
    inbox_path(workspace / "sessions" / f"{sid}.toml").mkdir()  # not a file: cannot be read
    app = make_app(open_session=sid)
    said = Said()
    async with app.run_test(size=(100, 32), message_hook=said.hook) as pilot:
        await pilot.pause(0.8)
        await pilot.press("4")
        await pilot.pause()
        problems = [text for text in said if "Bordenes indbakke kan ikke læses" in text]
        assert len(problems) == 1, said
        await pilot.press("q")
    assert _on_disk(workspace, sid)[("aeldre", "g1", "rating")] == 4


async def test_an_answer_from_a_phone_waits_while_the_facilitator_types_in_a_dialog(
        make_app: MakeApp, workspace: Path) -> None:
    """The facilitator writes Gruppe 1's answer while Gruppe 1's phone sends one: the typed
    answer is Gruppe 1's (the active table does not move under the dialog), then the phone's
    is recorded, said, and one undo away."""
    from tests.helpers import fill_dialog

    async with theme_day_open(make_app, workspace) as day:
        sid = day.screen.session.meta.id
        await day.pilot.press("enter")
        await day.pilot.pause()
        _send(workspace, sid, "9" * 32, "g1", "5")
        await asyncio.sleep(0.6)
        assert _on_disk(workspace, sid) == {}, "nothing recorded under an open dialog"
        await fill_dialog(day.pilot, {"rating": "2", "note": "Skrevet af facilitatoren"})
        await _until(lambda: _on_disk(workspace, sid).get(("aeldre", "g1", "device")))
        await day.pilot.pause()
        assert _on_disk(workspace, sid)[("aeldre", "g1", "rating")] == 5
        assert ("aeldre", "g2", "rating") not in _on_disk(workspace, sid)
        assert day.said.has("Gruppe 1 svarede 5 på «Ældreområdet»")
        await day.pilot.press("ctrl+z")
        await day.pilot.pause()
        assert _on_disk(workspace, sid)[("aeldre", "g1", "note")] == "Skrevet af facilitatoren"


async def test_an_inbox_put_back_by_a_sync_tool_holds_its_answers_for_accept(
        make_app: MakeApp, workspace: Path) -> None:
    sid = session_on(workspace, ["test-themes"])
    _send(workspace, sid, "a" * 32, "g1", "2")
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.5)
        await pilot.press("q")
    path = inbox_path(workspace / "sessions" / f"{sid}.toml")
    path.unlink()  # an older copy comes back: without the answer already recorded
    _send(workspace, sid, "b" * 32, "g2", "4")
    said = Said()
    app = make_app(open_session=sid)
    async with app.run_test(size=(100, 32), message_hook=said.hook) as pilot:
        await _until(lambda: "1 telefonsvar venter: a" in screen_text(app))
        await _until(lambda: said.has("Bordenes indbakke er ikke den, sessionen har fulgt"))
        assert ("aeldre", "g2", "rating") not in _on_disk(workspace, sid)
        await pilot.press("a")
        await _until(lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await _until(lambda: ("aeldre", "g2", "rating") in _on_disk(workspace, sid))
        await pilot.press("q")
    assert _on_disk(workspace, sid)[("aeldre", "g2", "rating")] == 4
    assert _sets(workspace, sid) == 4, "the first answer once, the second once"
