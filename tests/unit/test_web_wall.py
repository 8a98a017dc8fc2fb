"""The web wall: the wall value rendered as HTML once per change, and sent to every wall page.

The rendering is checked on the fragment's text; the stream on a real aiohttp server with a
session recorded beside it, as the facilitator's cardgame records it; how it looks, in
`tests/functional/test_browser.py` (Chromium).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from cardgame.domain.audience import wall
from cardgame.domain.influence import InfluenceMap
from cardgame.domain.themeday import MAP, ThemeDay
from cardgame.i18n import speaking
from cardgame.serve.server import TABS, WALL, CardgameServer
from cardgame.serve.wall import WallFeed, render_wall, wall_context
from cardgame.storage.follow import WorkspaceFollower
from cardgame.storage.store import OpenSession
from tests.helpers import new_session

TOKEN = "test-token-0123456789"
WALL_KEY = "wall-token-9876543210"
STEP = 5.0
"""Seconds any one wait may take."""


def _text(html: str) -> str:
    """The fragment's words, as a reader sees them (tags out, spaces folded)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _day(session: OpenSession) -> ThemeDay:
    return ThemeDay(session.meta, session.decks, session)


def _render(session: OpenSession) -> str:
    shown = wall(session.meta, session.decks, session.state, time.time())
    return render_wall(wall_context(shown))


# what the page shows ----------------------------------------------------------------------

def test_a_welfare_theme_shows_the_card_and_the_ratings_as_bars(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 3, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    assert "BORDENES VURDERING" not in _render(session), "nothing before a table answers"
    day.record_number(4)
    day.record_number(2)
    html = _render(session)
    session.close()
    text = _text(html)
    assert "Testtemaer · Kort 1 af 3" in text and "Ældreområdet" in text
    assert "BORDENES VURDERING (1–5) Gruppe 1 4 Gruppe 2 2 Gruppe 3 –" in text
    assert 'style="width: 80%"' in html and 'style="width: 40%"' in html
    assert 'data-level="1"' in html, "the questions go first on a small screen"


def test_a_dilemma_shows_each_option_with_the_tables_that_chose_it(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 3, ["test-formats"])
    day = _day(session)
    day.choose_deck("test-formats", shuffle=False)
    for option in (2, 1, 2):
        day.record_number(option)
    html = _render(session)
    session.close()
    text = _text(html)
    assert "Dilemma:" in text
    assert re.search(r"2 Gruppe 1, Gruppe 3", text), text
    assert re.search(r"1 Gruppe 2", text), text
    assert html.count('class="chosen"') == 2


def test_what_the_tables_named_on_a_role_is_shown_whole(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 2, ["test-roles"])
    day = _day(session)
    day.choose_deck("test-roles", shuffle=False)
    day.record_answer({"challenges": "At dele magten over dagsordenen.\nOgså i budgettet.",
                       "levers": "Borgerpaneler"})
    text = _text(_render(session))
    session.close()
    assert "DET BORDENE PEGER PÅ Gruppe 1 At dele magten over dagsordenen. Også i " \
           "budgettet. Borgerpaneler" in text


def test_a_tables_words_are_text_on_the_page_never_markup(tmp_path: Path) -> None:
    """R6 on the web: names and answers as typed, escaped."""
    session, _ = new_session(tmp_path, 2, ["test-roles"])
    day = _day(session)
    day.choose_deck("test-roles", shuffle=False)
    day.record_answer({"challenges": "<script>alert('x')</script> & [bold]ikke[/]",
                       "levers": ""})
    html = _render(session)
    session.close()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; [bold]ikke[/]" in html


def test_the_map_is_drawn_as_the_notes_circle_with_its_legend(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 2, ["test-themes", "test-influence"])
    day = _day(session)
    day.show_screen(MAP)
    deck = session.decks["test-influence"]
    mapping = InfluenceMap(session.meta, deck, session)
    mapping.put(3)
    mapping.toggle_dim()
    mapping.put(4)
    html = _render(session)
    session.close()
    assert "<svg" in html and html.count('r="11"') == 2, "today and wanted, each a marker"
    assert 'marker-end="url(#arrowwall)"' in html, "the move from today to wanted"
    first = deck.cards[0].title
    assert re.search(rf"1 ●3 ○4 {re.escape(first)}", _text(html)), _text(html)
    assert 'class="selected"' in html


def test_the_wall_speaks_the_sessions_language(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, 2, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    day.record_number(3)
    shown = wall(session.meta, session.decks, session.state, time.time())
    session.close()
    with speaking("en"):
        text = _text(render_wall(wall_context(shown)))
    assert "Card 1 of 3" in text, "the interface's words in the session's language"
    assert "BORDENES VURDERING" in text, "a card's own headings in its deck's language (N4)"


def test_nothing_to_show_says_so(tmp_path: Path) -> None:
    feed = WallFeed(WorkspaceFollower(tmp_path, {}))
    assert "Der er ingen session at vise endnu" in _text(feed.frame.html)
    assert feed.frame.version == 1


# one rendering for every page --------------------------------------------------------------

def test_the_wall_is_rendered_once_per_change_however_often_it_is_asked(
        tmp_path: Path) -> None:
    session, decks = new_session(tmp_path, 3, ["test-themes"])
    feed = WallFeed(WorkspaceFollower(tmp_path, decks))
    first = feed.frame
    for _ in range(20):
        assert feed.refresh() is False
    assert feed.renders == 1 and feed.frame is first
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    day.record_number(5)
    assert feed.refresh() is True
    assert feed.renders == 2 and feed.frame.version == first.version + 1
    assert "Gruppe 1 5" in _text(feed.frame.html)
    session.close()
    time.sleep(0.6)  # the lock is looked at twice a second while nothing is recorded
    assert feed.refresh() is True, "the facilitator closed the session: the wall says so"
    assert "Sessionen er lukket på facilitatorens computer" in _text(feed.frame.html)


def test_a_running_timer_is_sent_as_its_deadline(tmp_path: Path) -> None:
    session, decks = new_session(tmp_path, 3, ["test-themes"])
    day = _day(session)
    day.choose_deck("test-themes", shuffle=False)
    day.set_timer(20)
    now = time.time()
    day.record_timer(True, 600, now)
    feed = WallFeed(WorkspaceFollower(tmp_path, decks))
    session.close()
    found = re.search(r'data-deadline="([\d.]+)"', feed.frame.html)
    assert found is not None, "a running clock carries its deadline"
    deadline = float(found.group(1))
    assert abs(deadline - (now + 600)) < 2
    event = feed.frame.event(now + 1).decode()
    assert event.startswith(f"event: wall\nid: {feed.frame.version}\ndata: ")
    server_now, payload = event.split("data: ")[1:3]
    assert abs(float(server_now) - (now + 1)) < 0.01
    assert json.loads(payload)["html"] == feed.frame.html


# the stream ---------------------------------------------------------------------------------

Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[Client, CardgameServer, OpenSession]]:
    session, decks = new_session(tmp_path / "sessions", 3, ["test-themes"])
    feed = WallFeed(WorkspaceFollower(tmp_path / "sessions", decks))
    server = CardgameServer(["true"], "127.0.0.1", 0, token=TOKEN, wall_token=WALL_KEY,
                            feed=feed)
    client = TestClient(TestServer(await server.make_app(), host="127.0.0.1"))
    await client.start_server()
    try:
        yield client, server, session
    finally:
        session.close()
        await client.close()


async def _next_event(response: aiohttp.ClientResponse) -> dict[str, str]:
    """The next server-sent event's fields (data lines joined)."""
    fields: dict[str, str] = {}
    while True:
        line = (await asyncio.wait_for(response.content.readline(), STEP)).decode()
        if line == "\n":
            if "data" in fields:
                return fields
            continue
        name, _, value = line.rstrip("\n").partition(": ")
        fields[name] = f"{fields[name]}\n{value}" if name in fields else value


async def test_every_wall_page_gets_the_next_card_from_one_rendering(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, session = served
    streams = [await client.get(f"/wall/events?token={WALL_KEY}") for _ in range(5)]
    for stream in streams:
        assert stream.status == 200
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert "BORDENES VURDERING" not in (await _next_event(stream))["data"]
    assert server.tabs[WALL] == 5
    renders = server.feed.renders
    _day(session).record_number(4)  # one event: one change on every wall
    sent = time.monotonic()
    for stream in streams:
        event = await _next_event(stream)
        html = json.loads(event["data"].split("\n", 1)[1])["html"]
        assert "Gruppe 1 4" in _text(html)
    assert time.monotonic() - sent < 2
    assert server.feed.renders == renders + 1, "rendered once for five pages"
    for stream in streams:
        stream.close()
    deadline = time.monotonic() + STEP
    while server.tabs[WALL] and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert server.tabs[WALL] == 0, "a closed page is counted out"


async def test_the_wall_page_is_plain_html_with_its_own_key_only(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, _, session = served
    _day(session).choose_deck("test-themes", shuffle=False)
    await asyncio.sleep(0.2)
    response = await client.get(f"/wall?token={WALL_KEY}&size=large&theme=light")
    assert response.status == 200
    page = await response.text()
    assert 'data-size="large"' in page and 'data-theme="light"' in page
    assert "Ældreområdet" in page, "the wall as it stands, before any script runs"
    assert 'new EventSource("/wall/events")' in page
    assert TOKEN not in page and WALL_KEY not in page, "no key in the page's text"
    assert "textual.js" not in page and "xterm" not in page, "no terminal in the browser"
    assert re.findall(r"(?:src|href)=\"(?!\?|data:)", page) == [], "nothing loaded from anywhere"
    cookie = response.cookies[f"cardgame_wall_{client.port}"]
    assert cookie.value == WALL_KEY and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert "connect-src 'self'" in response.headers["Content-Security-Policy"]
    weird = await client.get("/wall?size=<b>&theme=x")  # the cookie opens it
    assert weird.status == 200
    assert 'data-size="normal"' in await weird.text()


async def test_a_wall_page_cannot_send_anything(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    """The wall's key opens a page and a stream that only ever go one way."""
    client, server, _ = served
    for method in ("POST", "PUT", "DELETE"):
        response = await client.request(method, f"/wall/events?token={WALL_KEY}",
                                        data="n4q")
        assert response.status == 405, method
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await client.ws_connect(f"/wall/events?token={WALL_KEY}")
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect(f"/ws/{WALL_KEY}")
    assert refused.value.status == 403
    assert server.apps == set()


async def test_over_the_cap_a_wall_page_is_told_and_no_stream_opens(
        served: tuple[Client, CardgameServer, OpenSession]) -> None:
    client, server, _ = served
    server.tabs[WALL] = TABS[WALL]
    page = await client.get(f"/wall?token={WALL_KEY}")
    assert page.status == 503
    assert f"Der er allerede {TABS[WALL]} sider af denne slags åbne" in await page.text()
    assert (await client.get(f"/wall/events?token={WALL_KEY}")).status == 503
    assert server.tabs[WALL] == TABS[WALL]
    server.tabs[WALL] -= 1
    assert (await client.get(f"/wall?token={WALL_KEY}")).status == 200


async def test_stopping_the_server_ends_every_stream(tmp_path: Path) -> None:
    feed = WallFeed(WorkspaceFollower(tmp_path, {}))
    server = CardgameServer(["true"], "127.0.0.1", 0, token=TOKEN, wall_token=WALL_KEY,
                            feed=feed)
    client = TestClient(TestServer(await server.make_app(), host="127.0.0.1"))
    await client.start_server()
    stream = await client.get(f"/wall/events?token={WALL_KEY}")
    await _next_event(stream)
    started = time.monotonic()
    await client.close()
    assert time.monotonic() - started < 3, "no stream holds the server up"
    assert feed.closed and server.tabs[WALL] == 0
