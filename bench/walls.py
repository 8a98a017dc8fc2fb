"""A hybrid meeting's hundred viewers (issue 30): `cardgame serve` on loopback, the facilitator's
cardgame on a pseudo-terminal recording the session, and a hundred wall pages following it,
as bounded loopback clients of the wall's event stream (what a browser's EventSource reads).

Measured from outside: the server's memory (RSS, /proc) with one idle wall and with all of
them; the server's CPU time while the facilitator works; from each key on the laptop to the
next card in every viewer's stream; and the facilitator's key-to-frame without walls and with
them, in the same run.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import threading
import time
from pathlib import Path

import aiohttp

from bench.measure import PACE, Session, _frame_after
from bench.terminal import Terminal

CARD = re.compile(r"Kort (\d+) af (\d+)")
CONNECT_TIMEOUT = 30.0
"""Seconds the viewers may take to connect, and any one card to reach all of them."""


def _status(pid: int, field: str) -> int:
    """A figure of /proc/<pid>/status, in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    return 0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds the process has used."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Viewers:
    """Wall pages on a thread of their own: each reads the stream and notes when each card
    arrived."""

    def __init__(self, url: str, count: int) -> None:
        self.url, self.count = url, count
        self.arrived: list[dict[int, float]] = [{} for _ in range(count)]
        """Per viewer: card number -> when (perf_counter) it first arrived."""
        self.connected = 0
        self.loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._run(),),
                                       daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.perf_counter() + CONNECT_TIMEOUT
        while self.connected < self.count:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.connected} of {self.count} viewers connected")
            time.sleep(0.05)

    async def _run(self) -> None:
        self._stop = asyncio.Event()
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as http:
            viewers = [asyncio.create_task(self._view(http, n)) for n in range(self.count)]
            await self._stop.wait()
            for viewer in viewers:
                viewer.cancel()
            await asyncio.gather(*viewers, return_exceptions=True)

    async def _view(self, http: aiohttp.ClientSession, number: int) -> None:
        async with http.get(self.url, timeout=aiohttp.ClientTimeout(total=None)) as response:
            assert response.status == 200, response.status
            self.connected += 1
            async for line in response.content:
                if line.startswith(b"data: {"):
                    shown = CARD.search(json.loads(line[6:])["html"])
                    if shown:
                        self.arrived[number].setdefault(int(shown.group(1)),
                                                        time.perf_counter())

    def all_have(self, card: int) -> bool:
        return all(card in seen for seen in self.arrived)

    def stop(self) -> None:
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(timeout=10)


def _keys(laptop: Terminal, presses: int, first: int, total: int,
          viewers: Viewers | None) -> tuple[list[float], list[float]]:
    """Key-to-frame on the laptop for `presses` keys, and (with viewers) from each key to the
    next card in every viewer's stream."""
    step, key = (1, b"n") if first + presses <= total else (-1, b"p")
    keys, walls = [], []
    for press in range(presses):
        card = first + step * (press + 1)
        started = time.perf_counter()
        keys.append(_frame_after(laptop, key))
        if viewers is not None:
            deadline = started + CONNECT_TIMEOUT
            while not viewers.all_have(card):
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"card {card} did not reach every viewer")
                laptop.drain(0.005)
            walls += [seen[card] - started for seen in viewers.arrived]
        end = time.perf_counter() + PACE
        while time.perf_counter() < end:
            laptop.drain(0.01)
    return keys, walls


def web_walls(session: Session, env: dict[str, str], count: int, presses: int
              ) -> dict[str, object]:
    """The figures of `count` wall pages following the facilitator's keys."""
    from cardgame.domain.themeday import DAY
    from cardgame.storage.store import SessionStore

    opened = SessionStore(session.workspace / "sessions").open(session.session_id)
    try:
        opened.view(screen=DAY)
    finally:
        opened.close()
    server = subprocess.Popen(session.argv("serve", "--port", "0"), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    laptop = Terminal(session.argv("open", session.session_id), env)
    viewers: Viewers | None = None
    try:
        assert server.stdout is not None
        wall_url = ""
        while not wall_url:
            line = server.stdout.readline()
            if not line:
                raise RuntimeError("cardgame serve ended without printing its addresses")
            found = re.search(r"(http://\S+/wall)\?token=(\S+)", line)
            if found:
                wall_url = f"{found.group(1)}/events?token={found.group(2)}"
        laptop.wait_for(f" af {session.cards}", timeout=60)
        time.sleep(1.0)
        laptop.drain(0.05)
        shown = re.findall(rf"Kort (\d+) af {session.cards}", laptop.text())
        first = int(shown[-1]) if shown else 1
        idle_server = _status(server.pid, "VmRSS")
        one = Viewers(wall_url, 1)
        one.start()
        time.sleep(1.0)
        one_wall = _status(server.pid, "VmRSS")
        one.stop()
        alone, _ = _keys(laptop, presses, first, session.cards, None)
        laptop.drain(0.2)
        first = int(re.findall(rf"Kort (\d+) af {session.cards}", laptop.text())[-1])
        viewers = Viewers(wall_url, count)
        viewers.start()
        time.sleep(1.0)
        cpu_before, clock_before = _cpu_seconds(server.pid), time.perf_counter()
        with_walls, to_walls = _keys(laptop, presses, first, session.cards, viewers)
        cpu = (_cpu_seconds(server.pid) - cpu_before) / (time.perf_counter() - clock_before)
        all_walls = _status(server.pid, "VmRSS")
        peak = _status(server.pid, "VmHWM")
        return {"viewers": count, "keys alone": alone, "keys with walls": with_walls,
                "to walls": to_walls, "server cores": cpu, "server idle kib": idle_server,
                "one wall kib": one_wall, "all walls kib": all_walls, "peak kib": peak}
    finally:
        if viewers is not None:
            viewers.stop()
        laptop.close(b"q")
        stop(server)


def stop(server: subprocess.Popen[str]) -> None:
    """End `cardgame serve` as Ctrl+C would, and kill it if it does not end."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
