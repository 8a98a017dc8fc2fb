"""Tables answering from their own phone: the rules (`domain.phones`), the inbox
(`storage.inbox`) and the server's table pages (`serve.tables`), each refusal driven.

The pages are driven over a real aiohttp server with a session open beside it, recorded as the
facilitator's cardgame records it; what the phone shows in Chromium is in
`tests/functional/test_phones_browser.py`; the app recording the inbox in
`tests/functional/test_phone_answers.py`.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from cardgame.domain import keys, phones
from cardgame.domain.errors import FieldError, RuleError
from cardgame.domain.phones import Submission
from cardgame.domain.themeday import MAP, ThemeDay
from cardgame.serve.server import CardgameServer
from cardgame.serve.tables import RATE, table_key
from cardgame.serve.wall import WallFeed
from cardgame.storage.follow import WorkspaceFollower
from cardgame.storage.inbox import Inbox, encode, inbox_path
from cardgame.storage.store import OpenSession
from tests.helpers import new_session

TOKEN = "test-token-0123456789"
WALL_KEY = "wall-token-9876543210"
SECRET = b"s" * 32

Client = TestClient[web.Request, web.Application]


def _day(session: OpenSession) -> ThemeDay:
    return ThemeDay(session.meta, session.decks, session)


def _sub(id: str = "a1", group: str = "g1", card: str = "aeldre",  # noqa: A002 - a field's name
         deck: str = "test-themes", scenario: str = "", **fields: str) -> Submission:
    return Submission(id, group, deck, card, scenario, dict(fields))


# the rules ------------------------------------------------------------------------------------

def test_in_plenary_every_table_answers_the_card_on_the_wall(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 3, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    playing = phones.in_play(day, "g2")
    assert playing is not None and playing.card.id == "aeldre"
    assert phones.in_play(day, "g9") is None, "no such table"
    day.show_screen(MAP)
    assert phones.in_play(day, "g2") is None, "the circle is on the wall: nothing to answer"
    session.close()


def test_with_a_hand_each_table_answers_its_own_card(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 3, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    day.deal_hands(1)
    cards = {g: phones.in_play(day, g) for g in ("g1", "g2", "g3")}
    held = {g: p.card.id for g, p in cards.items() if p is not None}
    assert len(set(held.values())) == 3, held
    for group, card in held.items():
        assert day.holder(card) == group
    other = next(g for g in held if g != "g1")
    with pytest.raises(RuleError) as refused:
        phones.check(day, _sub(card=held[other], rating="3"), now=True)
    assert refused.value.key == "phones.not_your_card"
    session.close()


@pytest.mark.parametrize(("fields", "field", "key"), [
    ({"rating": "7"}, "rating", "error.rating_range"),
    ({"rating": "fire"}, "rating", "error.rating_not_number"),
    ({"note": "kun tekst"}, "rating", "phones.choose_rating"),
    ({"rating": "3", "note": "x" * 4001}, "note", "error.text_too_long"),
    ({"rating": "3", "levers": "forkert felt"}, "levers", "phones.unknown_field"),
])
def test_a_field_out_of_range_is_refused_with_the_field_named(
        tmp_path: Path, fields: dict[str, str], field: str, key: str) -> None:
    session, _ = new_session(tmp_path, 3, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    with pytest.raises(FieldError) as wrong:
        phones.check(day, _sub(**fields), now=True)
    assert (wrong.value.field, wrong.value.key) == (field, key)
    assert not session.state.values, "nothing recorded"
    session.close()


def test_a_submission_is_recorded_as_one_undo_step_with_its_device(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 3, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    phones.record(day, _sub(rating="4", note="Pårørende vil gerne"))
    answer = day.answer("g1")
    assert (answer.rating, answer.note, answer.device) == (4, "Pårørende vil gerne", "a1")
    assert day.group == "g2", "the next table without an answer is active, as after typing"
    assert day.state.cursor["inbox"] == "a1"
    day.undo()
    assert day.answer("g1").empty, "one undo takes the whole answer, its device with it"
    assert day.state.cursor["inbox"] == "a1", "undoing does not bring the submission back"
    session.close()


def test_waiting_is_what_comes_after_the_last_one_handled(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 3, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    inbox = [_sub("a1", rating="4"), _sub("b2", group="g2", rating="2"),
             _sub("c3", group="g3", rating="5")]
    assert phones.waiting(day, inbox) == inbox
    phones.record(day, inbox[0])
    phones.decline(day, inbox[1])
    assert phones.waiting(day, inbox) == inbox[2:]
    # the inbox replaced by another copy without the last one handled: none recorded twice
    assert phones.waiting(day, [inbox[0], inbox[2]]) == [inbox[2]]
    session.close()


def test_a_dialogue_card_takes_a_choice_of_its_scenario(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 3, ["test-formats"])
    day = _day(session)
    day.choose_deck("test-formats", shuffle=False)
    playing = phones.in_play(day, "g1")
    assert playing is not None and playing.scenario is not None
    sub = _sub(card=playing.card.id, deck="test-formats", scenario=playing.scenario,
               option="0", other="", reason="")
    with pytest.raises(FieldError) as wrong:
        phones.check(day, sub, now=True)
    assert wrong.value.field == "other", "another answer needs its words"
    sub = _sub(card=playing.card.id, deck="test-formats", scenario="nope", option="1")
    with pytest.raises(RuleError):
        phones.check(day, sub, now=True)
    sub = _sub(card=playing.card.id, deck="test-formats", scenario=playing.scenario,
               option="2", reason="Vi tør")
    phones.record(day, sub)
    answer = day.answer("g1")
    assert (answer.option, answer.reason, answer.device) == (2, "Vi tør", "a1")
    session.close()


# the inbox ----------------------------------------------------------------------------------

def test_the_inbox_keeps_each_submission_once_and_skips_a_damaged_line(tmp_path: Path) -> None:
    path = tmp_path / "s.inbox"
    inbox = Inbox(path)
    assert not inbox.poll(), "no inbox yet: nothing"
    assert inbox.append(_sub("a1", rating="4"))
    assert not inbox.append(_sub("a1", rating="4")), "sent again: kept once"
    with open(path, "ab") as handle:
        handle.write(encode(_sub("b2", rating="3")).replace(b'"3"', b'"5"'))  # crc fails
        handle.write(encode(_sub("c3", rating="2"))[:-9])  # cut short, no newline yet
    reader = Inbox(path)
    reader.poll()
    assert [s.id for s in reader.submissions] == ["a1"]
    assert reader.submissions[0].fields == {"rating": "4"}


def test_a_line_cut_short_by_a_crash_does_not_swallow_the_next(tmp_path: Path) -> None:
    path = tmp_path / "s.inbox"
    path.write_bytes(encode(_sub("a1", rating="4"))[:-20])  # the power went mid-line
    inbox = Inbox(path)
    assert inbox.append(_sub("b2", rating="3")), "told it arrived only when it can be read"
    reader = Inbox(path)
    reader.poll()
    assert [s.id for s in reader.submissions] == ["b2"]


def test_a_typed_answer_is_no_longer_the_phones(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 3, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    phones.record(day, _sub(group="g2", rating="4"))
    day.step_group(1)  # to Gruppe 2, and the facilitator corrects it
    assert day.group == "g2" and day.answer("g2").device == "a1"
    change = day.record_number(2)
    assert change is not None and change.new == 2, "the rating's change, for the toast"
    assert (day.answer("g2").rating, day.answer("g2").device) == (2, "")
    day.undo()
    assert (day.answer("g2").rating, day.answer("g2").device) == (4, "a1"), "one step"
    session.close()


def test_a_failed_append_leaves_no_half_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    path = tmp_path / "s.inbox"
    inbox = Inbox(path)
    inbox.append(_sub("a1", rating="4"))
    real = os.write

    def half(fd: int, data: bytes) -> int:
        real(fd, data[:10])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half)
    with pytest.raises(OSError):
        inbox.append(_sub("b2", rating="3"))
    monkeypatch.setattr(os, "write", real)
    assert inbox.append(_sub("c3", rating="2"))
    reader = Inbox(path)
    reader.poll()
    assert [s.id for s in reader.submissions] == ["a1", "c3"]


# the pages ------------------------------------------------------------------------------------

@asynccontextmanager
async def serving(tmp_path: Path, groups: int = 3, deck: str = "test-themes",
                  lang: str = "da") -> AsyncIterator[tuple[Client, CardgameServer, OpenSession]]:
    """A theme day open on `deck` in a workspace, and the server following it, reached over
    loopback by a test client; the session and the client closed at the end."""
    session, decks = new_session(tmp_path / "sessions", groups, [deck])
    if lang != session.meta.language:
        session.update_meta(session.meta.model_copy(update={"language": lang}))
    ThemeDay(session.meta, session.decks, session).choose_deck(deck, shuffle=False)
    server = CardgameServer(["true"], "127.0.0.1", 0, token=TOKEN, wall_token=WALL_KEY,
                            feed=WallFeed(WorkspaceFollower(tmp_path / "sessions", decks)))
    server.desk.secret = SECRET
    client = TestClient(TestServer(await server.make_app(), host="127.0.0.1"))
    await client.start_server()
    try:
        yield client, server, session
    finally:
        session.close()
        await client.close()


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[Client, CardgameServer, OpenSession]]:
    async with serving(tmp_path) as found:
        yield found


def _key(session: OpenSession, group: str) -> str:
    return table_key(SECRET, session.meta.id, group)


def _form(client: Client, html: str) -> dict[str, str]:
    """The hidden fields of the page's form."""
    return dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', html))


async def _inbox(session: OpenSession) -> list[Submission]:
    inbox = Inbox(inbox_path(session.path))
    inbox.poll()
    return inbox.submissions


async def test_a_table_sees_its_card_and_sends_an_answer_once(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    page = await client.get(f"/table/g2?key={_key(session, 'g2')}")
    html = await page.text()
    assert page.status == 200 and "Ældreområdet" in html and "Gruppe 2" in html
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    form = {**_form(client, html), "rating": "4", "note": "Vi har gode erfaringer"}
    sent = await client.post("/table/g2", data=form)
    assert sent.status == 200 and "Sendt og modtaget" in await sent.text()
    again = await client.post("/table/g2", data=form)  # the connection dropped; sent again
    assert again.status == 200 and "kun én gang" in await again.text()
    [sub] = await _inbox(session)
    assert (sub.group, sub.card, sub.fields) == ("g2", "aeldre",
                                                 {"rating": "4", "note": "Vi har gode erfaringer"})
    assert not session.state.values.get(keys.answer("test-themes", "aeldre", "g2", "rating")), \
        "the server never writes the session"


async def test_a_forged_key_and_the_walls_key_open_and_send_nothing(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    good = _form(client, await (await client.get(
        f"/table/g1?key={_key(session, 'g1')}")).text())
    for key in ("forged-0123456789abcdef", WALL_KEY, TOKEN, _key(session, "g2")):
        page = await client.get(f"/table/g1?key={key}")
        assert page.status == 403 and "Scan bordets kode igen" in await page.text()
        sent = await client.post("/table/g1", data={**good, "key": key, "rating": "3",
                                                    "id": "f" * 32})
        assert sent.status == 403
    assert (await client.get(f"/table/g1/version?key={WALL_KEY}")).status == 403
    assert await _inbox(session) == []


async def test_a_field_out_of_range_is_said_on_the_phone_and_the_words_kept(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    html = await (await client.get(f"/table/g1?key={_key(session, 'g1')}")).text()
    form = {**_form(client, html), "rating": "9", "note": "Begrundelsen vi skrev"}
    sent = await client.post("/table/g1", data=form)
    text = await sent.text()
    assert sent.status == 400
    assert "En vurdering er et tal fra 1 til 5." in text
    assert "Begrundelsen vi skrev" in text, re.findall(r"<textarea.*?</textarea>", text, re.S)
    assert await _inbox(session) == []


async def test_an_answer_to_a_card_no_longer_in_play_is_refused(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    html = await (await client.get(f"/table/g1?key={_key(session, 'g1')}")).text()
    form = {**_form(client, html), "rating": "2", "note": "Skrevet før kortet skiftede"}
    ThemeDay(session.meta, session.decks, session).step_card(1)
    await asyncio.sleep(0.2)  # the server follows the file
    sent = await client.post("/table/g1", data=form)
    text = await sent.text()
    assert sent.status == 409 and "Kortet er skiftet" in text
    assert "Folkeskolen" in text and "Skrevet før kortet skiftede" in text
    assert await _inbox(session) == []


async def test_a_table_that_sends_too_much_is_told_to_wait(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    html = await (await client.get(f"/table/g3?key={_key(session, 'g3')}")).text()
    form = _form(client, html)
    answers = await asyncio.gather(*(  # sent together: they cannot all slip under the limit
        client.post("/table/g3", data={**form, "id": f"{n:032x}", "rating": "3"})
        for n in range(RATE + 2)))
    statuses = sorted(a.status for a in answers)
    assert statuses == [200] * RATE + [429, 429]
    assert all(["For mange svar" in await a.text() for a in answers if a.status == 429])
    assert len(await _inbox(session)) == RATE
    big = await client.post("/table/g3", data={**form, "id": "e" * 32, "note": "x" * 40_000})
    assert big.status == 413 and "for langt" in await big.text()


async def test_an_answer_from_another_site_is_refused(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    html = await (await client.get(f"/table/g1?key={_key(session, 'g1')}")).text()
    sent = await client.post("/table/g1", data={**_form(client, html), "rating": "3"},
                             headers={"Origin": "http://evil.example"})
    assert sent.status == 403
    assert await _inbox(session) == []


async def test_the_codes_page_is_the_facilitators_and_names_every_table(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    assert (await client.get(f"/tables?token={WALL_KEY}")).status == 403
    page = await client.get(f"/tables?token={TOKEN}")
    html = await page.text()
    assert page.status == 200 and html.count("<svg") == 3
    for group in ("g1", "g2", "g3"):
        assert f"/table/{group}?key={_key(session, group)}" in html
    printed = server.desk.printed("http://192.0.2.7:8000/", loopback=False)
    assert "Gruppe 3: http://192.0.2.7:8000/table/g3?key=" in printed
    assert "▄" in printed, "a QR code drawn in the terminal"


async def test_twelve_tables_sending_at_once_are_each_kept_once(tmp_path: Path) -> None:
    async with serving(tmp_path, groups=12) as (client, server, session):
        groups = [f"g{n}" for n in range(1, 13)]
        forms = {}
        for group in groups:
            page = await client.get(f"/table/{group}?key={_key(session, group)}")
            forms[group] = {**_form(client, await page.text()), "rating": "3"}
        for _ in range(2):  # the second time, every phone sends its form again
            answers = await asyncio.wait_for(asyncio.gather(
                *(client.post(f"/table/{g}", data=forms[g]) for g in groups)), 10)
            assert [a.status for a in answers] == [200] * 12
        inbox = await _inbox(session)
        assert sorted(s.group for s in inbox) == sorted(groups), "each table once"


async def test_a_role_card_asks_for_challenges_and_levers_in_the_sessions_language(
        tmp_path: Path) -> None:
    async with serving(tmp_path, deck="test-roles", lang="nb") as (client, server, session):
        html = await (await client.get(f"/table/g1?key={_key(session, 'g1')}")).text()
        assert 'lang="nb"' in html and "Utfordringer dere ser" in html
        assert 'name="levers"' in html and 'name="rating"' not in html
        empty = await client.post("/table/g1", data={**_form(client, html), "challenges": " "})
        assert empty.status == 400
        assert "Skriv minst én utfordring eller ett grep." in await empty.text()
        sent = await client.post("/table/g1", data={**_form(client, html),
                                                    "levers": "Faste dialogmøter"})
        assert sent.status == 200 and "Sendt og mottatt" in await sent.text()
        [sub] = await _inbox(session)
        assert sub.fields == {"levers": "Faste dialogmøter"}
        forged = await client.get("/table/g1?key=nope")
        assert forged.status == 403 and "Skann bordets kode igjen" in await forged.text()


async def test_an_inbox_that_cannot_be_written_is_said_on_the_phone_and_the_words_kept(
        served: tuple[Client, CardgameServer, OpenSession],
        monkeypatch: pytest.MonkeyPatch) -> None:
    client, server, session = served
    html = await (await client.get(f"/table/g1?key={_key(session, 'g1')}")).text()
    form = {**_form(client, html), "rating": "5", "note": "Skrevet på en fuld disk"}
    real = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    refused = await client.post("/table/g1", data=form)
    text = await refused.text()
    assert refused.status == 503 and "kunne ikke gemmes" in text
    assert "Skrevet på en fuld disk" in text
    monkeypatch.setattr(os, "write", real)
    sent = await client.post("/table/g1", data=form)  # the same form, once the disk has room
    assert sent.status == 200
    assert [s.fields["note"] for s in await _inbox(session)] == ["Skrevet på en fuld disk"]


async def test_a_form_no_browser_sends_is_refused_in_words(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    for body, kind in ((b"rating=\xff\xfe", "charset=nope"), (b"\xff=\xff", "charset=utf-8")):
        sent = await client.post("/table/g1", data=body, headers={
            "Content-Type": f"application/x-www-form-urlencoded; {kind}"})
        assert sent.status in (400, 403), sent.status
        assert "Traceback" not in await sent.text()
    assert await _inbox(session) == []
