"""Twelve tables answer from their phones at once (issue 31): `cardgame serve` on loopback, the
facilitator's cardgame on a pseudo-terminal recording the session, the web wall following it,
and twelve bounded loopback clients that each load their table's page and send a rating at the
same moment, card after card.

Measured from outside: from the moment each table sends to its answer in the session file (the
facilitator's app records it and redraws in the same step) and to its rating in the wall's
event stream; and the server's memory (RSS, /proc) with the wall only, and after the twelve
tables' pages and answers.
"""

from __future__ import annotations

import asyncio
import random
import re
import subprocess
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

import aiohttp

from bench.terminal import Terminal
from bench.walls import CONNECT_TIMEOUT, _status, stop

TABLES = 12
HIDDEN = re.compile(r'type="hidden" name="(\w+)" value="([^"]*)"')
RATING = re.compile(r'<span class="group">([^<]+)</span><span class="bar">.*?'
                    r'<span class="value">([^<]+)</span>')


def write_phone_day(workspace: Path) -> str:
    """A theme day of twelve tables on the bundled welfare themes, on its first card."""
    from cardgame.domain.session import default_groups, new_meta
    from cardgame.domain.themeday import ThemeDay
    from cardgame.storage.store import SessionStore
    from cardgame.storage.workspace import DeckLibrary

    (workspace / "sessions").mkdir(parents=True, exist_ok=True)
    library = DeckLibrary.load([Path(__file__).resolve().parent.parent / "decks"])
    decks = list(library.decks.values())
    meta = new_meta("Tolv borde", date(2026, 11, 22), datetime.now(timezone.utc),
                    default_groups(TABLES), decks, set())
    for old in (workspace / "sessions").glob(f"{meta.id}.*"):
        old.unlink()
    session = SessionStore(workspace / "sessions").create(meta, decks)
    themes = next(d for d in decks if d.kind == "welfare-theme")
    ThemeDay(session.meta, session.decks, session).choose_deck(themes.id, shuffle=False)
    session.close()
    return meta.id


class Wall:
    """The wall's event stream on a thread of its own: when each table's rating first showed,
    per card."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.seen: dict[tuple[str, str], float] = {}
        """(card title, table) -> when (perf_counter) its rating first showed."""
        self.connected = False
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._run(),),
                                       daemon=True)
        self._stop: asyncio.Event | None = None

    def start(self) -> None:
        self.thread.start()
        deadline = time.perf_counter() + CONNECT_TIMEOUT
        while not self.connected:
            if time.perf_counter() > deadline:
                raise TimeoutError("the wall did not connect")
            time.sleep(0.05)

    async def _run(self) -> None:
        import json

        self._stop = asyncio.Event()
        async with aiohttp.ClientSession() as http:
            async with http.get(self.url, timeout=aiohttp.ClientTimeout(total=None)) as stream:
                self.connected = True
                reader = asyncio.create_task(self._read(stream, json.loads))
                await self._stop.wait()
                reader.cancel()

    async def _read(self, stream: aiohttp.ClientResponse, loads: object) -> None:
        async for line in stream.content:
            if not line.startswith(b"data: {"):
                continue
            html = loads(line[6:])["html"]  # type: ignore[operator]
            title = re.search(r'<h1 class="title"[^>]*>([^<]+)</h1>', html)
            now = time.perf_counter()
            for group, value in RATING.findall(html):
                if value.strip() not in ("–", ""):
                    self.seen.setdefault((title.group(1) if title else "", group), now)

    def stop(self) -> None:
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(timeout=10)


async def _send_all(tables: dict[str, str], rng: random.Random) -> tuple[str, dict[str, float]]:
    """Each table loads its page, then all send a rating together; the card's title and when
    each table sent."""
    sent: dict[str, float] = {}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=TABLES)) as http:
        forms, title = {}, ""
        for name, url in tables.items():
            async with http.get(url) as page:
                html = await page.text()
            forms[name] = dict(HIDDEN.findall(html))
            found = re.search(r"<h1>([^<]+)</h1>", html)
            title = found.group(1) if found else title
        start = asyncio.Event()

        async def send(name: str) -> None:
            await start.wait()
            base = tables[name].split("/table/")[0]
            group = forms[name]
            sent[name] = time.perf_counter()
            async with http.post(f"{base}/table/{tables[name].split('/table/')[1].split('?')[0]}",
                                 data={**group, "rating": str(rng.randrange(5) + 1),
                                       "note": "Vi har prøvet det før."}) as answer:
                assert answer.status == 200, (name, answer.status, await answer.text())

        senders = [asyncio.create_task(send(name)) for name in tables]
        start.set()
        await asyncio.wait_for(asyncio.gather(*senders), CONNECT_TIMEOUT)
    return title, sent


def _recorded(session_path: Path, card: str, groups: dict[str, str]) -> set[str]:
    """The tables whose rating of `card` is in the session file."""
    from cardgame.domain.events import replay
    from cardgame.storage.sessionfile import parse_session

    values = replay(parse_session(session_path.read_bytes(), session_path.name).events).values
    found = {key[3] for key in values if key[0] == "answer" and key[2] == card
             and key[-1] == "rating"}
    return {name for name, gid in groups.items() if gid in found}


def phone_tables(root: Path, env: dict[str, str], rounds: int) -> dict[str, object]:
    """The figures of twelve tables sending at once, `rounds` cards in a row."""
    import sys

    workspace = root / "phones"
    sid = write_phone_day(workspace)
    argv = [sys.executable, "-m", "cardgame", "--workspace", str(workspace)]
    server = subprocess.Popen([*argv, "serve", "--port", "0"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    laptop = Terminal([*argv, "open", sid], env)
    wall: Wall | None = None
    rng = random.Random(31)
    try:
        assert server.stdout is not None
        wall_url, tables = "", dict[str, str]()
        while len(tables) < TABLES or not wall_url:
            line = server.stdout.readline()
            if not line:
                raise RuntimeError("cardgame serve ended without printing its addresses")
            found = re.search(r"(http://\S+/wall)\?token=(\S+)", line)
            if found:
                wall_url = f"{found.group(1)}/events?token={found.group(2)}"
            table = re.match(r"\s+(Gruppe \d+): (http://\S+)", line)
            if table:
                tables[table.group(1)] = table.group(2)
        groups = {name: url.split("/table/")[1].split("?")[0] for name, url in tables.items()}
        laptop.wait_for(" af ", timeout=60)
        wall = Wall(wall_url)
        wall.start()
        time.sleep(1.0)
        wall_only = _status(server.pid, "VmRSS")
        session_path = workspace / "sessions" / f"{sid}.toml"
        to_app, to_wall = [], []
        for _ in range(rounds):
            title, sent = asyncio.run(_send_all(tables, rng))
            card = _card_id(session_path)
            deadline = time.perf_counter() + CONNECT_TIMEOUT
            arrived: dict[str, float] = {}
            while len(arrived) < TABLES or not all((title, n) in wall.seen for n in tables):
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"{len(arrived)} of {TABLES} answers recorded")
                now = time.perf_counter()
                for name in _recorded(session_path, card, groups) - set(arrived):
                    arrived[name] = now
                laptop.drain(0.01)
            to_app += [arrived[n] - sent[n] for n in tables]
            to_wall += [wall.seen[(title, n)] - sent[n] for n in tables]
            laptop.send(b"n", settle=0.5)
        all_pages = _status(server.pid, "VmRSS")
        return {"tables": TABLES, "rounds": rounds, "to app": to_app, "to wall": to_wall,
                "wall only kib": wall_only, "with tables kib": all_pages,
                "peak kib": _status(server.pid, "VmHWM")}
    finally:
        if wall is not None:
            wall.stop()
        laptop.close(b"q")
        stop(server)


def _card_id(session_path: Path) -> str:
    """The card the session stands on (its last `card` view)."""
    from cardgame.storage.sessionfile import parse_session

    card = ""
    for event in parse_session(session_path.read_bytes(), session_path.name).events:
        fields = dict(event.view)
        if "card" in fields:
            card = str(fields["card"])
    return card
