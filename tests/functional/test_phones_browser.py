"""The tables' phones in a real browser: a theme day where three tables answer from (emulated)
phones in headless Chromium and the facilitator types two, in a real terminal, with the web
wall open; then the notes, where every answer is once, with its table.

The pages are driven as a person would: a tap on a rating, words in the field, the send
button; a phone's viewport (390×844). Screenshots go to `__artifacts__/phones-*.png`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
from pathlib import Path

from cardgame.domain import keys
from cardgame.storage.store import SessionStore
from tests.functional.test_browser import (
    ARTIFACTS,
    WALL_SHOWS,
    DevTools,
    OpenTab,
    Served,
    wait_until,
)
from tests.helpers import session_on
from tests.tmux import Tmux

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
PHONE_TABLES = ("g2", "g3", "g4")


def _table_addresses(log: str) -> dict[str, str]:
    """Table → address, as `serve` printed them when the theme day opened."""
    return {f"g{n}": url for n, url in re.findall(r"Gruppe (\d): (http://\S+/table/\S+)", log)}


async def _shot(tab: DevTools, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = await tab.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
    (ARTIFACTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


async def _until(tab: DevTools, expression: str, what: str) -> None:
    """Wait for a condition on a page that may be loading (after a send, or when it follows
    the facilitator by itself)."""
    deadline = asyncio.get_running_loop().time() + 15
    while True:
        try:
            if await tab.evaluate(f"!!document.body && ({expression})"):
                return
        except AssertionError:  # between two documents
            pass
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        await asyncio.sleep(0.1)


TYPE = """(() => {{ const field = document.querySelector({selector});
  field.value = {text}; field.dispatchEvent(new Event("input", {{bubbles: true}})); }})()"""
"""Words in a field as typing puts them there (the page knows something is typed)."""


async def _phone(open_tab: OpenTab, url: str) -> DevTools:
    tab = await open_tab("about:blank")
    await tab.call("Emulation.setDeviceMetricsOverride", **PHONE)
    await tab.call("Page.navigate", url=url)
    await _until(tab, "document.readyState === 'complete' && !!document.querySelector('h1')",
                 "the table's page")
    return tab


async def _send(tab: DevTools, rating: str, note: str) -> None:
    """Tap a rating, write the reason, tap send; wait for the page that says it was sent."""
    await _until(tab, "!!document.querySelector('#answer')", "the form")
    await tab.evaluate(f"document.querySelector('input[name=rating][value=\"{rating}\"]')"
                       ".closest('label').click()")
    await tab.evaluate(TYPE.format(selector=json.dumps("#note"), text=json.dumps(note)))
    await tab.evaluate("document.querySelector('#answer button').click()")
    await _until(tab, "!!document.querySelector('.message.sent')", "the page to say sent")


def _answers(workspace: Path, sid: str) -> dict[tuple[str, str, str], object]:
    state = SessionStore(workspace / "sessions").read(sid).state
    return {(k[2], k[3], k[-1]): v for k, v in state.values.items() if k[0] == keys.ANSWER}


async def test_three_tables_on_phones_and_two_typed_make_one_theme_day(
        server: Served, open_tab: OpenTab, tmux: Tmux, workspace: Path) -> None:
    sid = session_on(workspace, ["test-themes"], groups=5)
    tmux.start("open", sid, size=(100, 30))
    tmux.wait_for("Kort 1 af 3")
    server_log = workspace.parent / "server.log"  # where the `server` fixture logs
    wait_until(lambda: len(_table_addresses(server_log.read_text())) == 5,
               "serve to print the five tables' addresses")
    addresses = _table_addresses(server_log.read_text())
    wall = await open_tab(server.wall)
    await wall.wait_until(WALL_SHOWS.format(text=json.dumps("Ældreområdet")), "the wall")

    # A phone sends nothing: it is told what is missing, and nothing is recorded.
    first = await _phone(open_tab, addresses["g2"])
    await _shot(first, "phones-table-page")
    await first.evaluate(TYPE.format(selector=json.dumps("#note"), text=json.dumps("Uden tal")))
    await first.evaluate("document.querySelector('#answer button').click()")
    await _until(first, "!!document.querySelector('.message.wrong')", "the refusal")
    assert "Vælg en vurdering fra 1 til 5." in await first.evaluate("document.body.innerText")
    assert await first.evaluate("document.querySelector('#note').value") == "Uden tal"
    await _shot(first, "phones-refused")

    # Three tables answer on their phones, the facilitator types the other two.
    ratings = {"g2": "4", "g3": "2", "g4": "5"}
    for group in PHONE_TABLES:
        tab = first if group == "g2" else await _phone(open_tab, addresses[group])
        await _send(tab, ratings[group], f"Begrundelse fra {group}")
    await _shot(first, "phones-sent")
    wait_until(lambda: all((("aeldre", g, "rating") in _answers(workspace, sid))
                           for g in PHONE_TABLES), "the app to record the phones' answers")
    tmux.wait_for("Gruppe 4  5/5")
    tmux.keys("3")  # Gruppe 1, the active table
    tmux.wait_for("Gruppe 1  3/5")
    tmux.keys("1")  # the next table without an answer: Gruppe 5
    tmux.wait_for("Gruppe 5  1/5")
    await wall.wait_until("[...document.querySelectorAll('.ratings .value')]"
                          ".map((e) => e.textContent).join(' ') === '3 4 2 5 1'",
                          "every table's rating on the wall")
    await wall.call("Emulation.setDeviceMetricsOverride", width=1280, height=720,
                    deviceScaleFactor=1, mobile=False)
    await asyncio.sleep(0.4)
    await _shot(wall, "phones-wall")
    (ARTIFACTS / "phones-laptop.txt").write_text(tmux.screen())

    # The phone's own page follows: its answer is listed as recorded.
    await _until(first, "document.body.innerText.includes('4/5 · Begrundelse fra g2')",
                 "the table's page to list its recorded answer")
    await _shot(first, "phones-recorded")

    tmux.keys("e")
    tmux.wait_for("Noter til mail (Markdown)")
    tmux.keys("Enter")  # the notes to mail, in Danish
    wait_until(lambda: list((workspace / "exports").glob("*.md")), "the notes")
    tmux.keys("q")
    answers = _answers(workspace, sid)
    assert {g: answers[("aeldre", g, "rating")] for g in ("g1", "g2", "g3", "g4", "g5")} == \
        {"g1": 3, "g2": 4, "g3": 2, "g4": 5, "g5": 1}
    assert {g for (_, g, f) in answers if f == "device"} == set(PHONE_TABLES)
    [notes] = list((workspace / "exports").glob("*.md"))
    text = notes.read_text(encoding="utf-8")
    row = re.search(r"\|\s+1 \| Ældreområdet \|\s+3 \|\s+4 \|\s+2 \|\s+5 \|\s+1 \|", text)
    assert row, text
    assert "Svar fra bordenes telefoner" in text and "3 af 5 svar (Gruppe 2, Gruppe 3, " \
        "Gruppe 4)" in text
    reasons = [f"**Gruppe {n} ({ratings[g]}, fra bordets telefon)**: Begrundelse fra {g}"
               for g, n in (("g2", 2), ("g3", 3), ("g4", 4))]
    found = [text.find(line) for line in reasons]
    assert all(text.count(line) == 1 for line in reasons), text
    assert found == sorted(found), "each once, in the tables' order"
