"""`cardgame serve` in a real browser: Debian's headless Chromium, driven over DevTools.

The served page draws the terminal on a canvas (xterm.js), so there is no app text in the DOM.
The test reads what the app sends instead: a script added before the page loads copies every
websocket frame the page receives into `window.__screenText`. The app is ready when that text
shows the start screen and xterm.js has painted its canvas; keys reach the app once the hidden
`.xterm-helper-textarea` has focus. Every wait has a deadline, the server runs in its own
process group, and no process of the server, its apps or the browser may survive the test.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.helpers import FIXTURE_DECKS

ARTIFACTS = Path(__file__).parent / "__artifacts__"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--window-size=1280,800", "--remote-debugging-address=127.0.0.1",
                  "--remote-debugging-port=0"]
STEP_TIMEOUT = 15.0
"""Seconds any one step (a page load, a screen, a saved answer) may take."""

# Runs in the page before textual.js: keep the text of every frame the app sends.
TAP_WEBSOCKET = """
(() => {
  window.__screenText = "";
  const decoder = new TextDecoder();
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__screenText += decoder.decode(new Uint8Array(event.data), {stream: true});
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""

# True once some xterm.js canvas shows more than one colour: the terminal has been drawn.
CANVAS_PAINTED = """
(() => {
  const canvases = [...document.querySelectorAll(".xterm-screen canvas")];
  return canvases.some((canvas) => {
    if (!canvas.width || !canvas.height) return false;
    const scratch = document.createElement("canvas");
    scratch.width = canvas.width; scratch.height = canvas.height;
    const context = scratch.getContext("2d");
    context.drawImage(canvas, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 4; i < pixels.length; i += 4) {
      if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2]
          || pixels[i + 3] !== pixels[3]) return true;
    }
    return false;
  });
})()
"""

ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


class DevTools:
    """A minimal Chrome DevTools Protocol client for one page, over aiohttp's websocket."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.events: list[tuple[str, dict[str, Any]]] = []
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._next_id = 0
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.websocket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append((data["method"], data.get("params", {})))
        for future in self._pending.values():
            future.set_exception(ConnectionError("DevTools connection closed"))

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result; fail on an error or after STEP_TIMEOUT."""
        self._next_id += 1
        future = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = future
        await self.websocket.send_json({"id": self._next_id, "method": method, "params": params})
        reply = await asyncio.wait_for(future, STEP_TIMEOUT)
        if "error" in reply:
            raise AssertionError(f"{method} failed: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression[:60]}…: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_until(self, expression: str, what: str) -> None:
        """Poll a JavaScript condition until it is true, or fail saying what was awaited."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if await self.evaluate(expression):
                    return
            except AssertionError:  # asked between two documents (a navigation under way)
                pass
            await asyncio.sleep(0.1)
        raise AssertionError(f"Timed out after {STEP_TIMEOUT} s waiting for {what}")

    async def screen_text(self) -> str:
        """Everything the app has drawn so far, without escape sequences."""
        return ESCAPE_SEQUENCE.sub("", await self.evaluate("window.__screenText") or "")

    async def wait_for_text(self, text: str, after: int = 0) -> int:
        """Wait until the app draws `text` (past position `after`); return where it ends."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            shown = await self.screen_text()
            found = shown.find(text, after)
            if found >= 0:
                return found + len(text)
            await asyncio.sleep(0.1)
        raise AssertionError(f"{text!r} was not drawn within {STEP_TIMEOUT} s; the app drew:\n"
                             f"{(await self.screen_text())[-2000:]}")

    async def press(self, key: str, code: str, key_code: int, text: str = "",
                    modifiers: int = 0) -> None:
        """One key press into the focused element (xterm.js's hidden textarea)."""
        down = {"key": key, "code": code, "windowsVirtualKeyCode": key_code,
                "modifiers": modifiers}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **down)

    async def focus_terminal(self) -> None:
        """Give xterm.js's hidden textarea the keyboard, as a click on the terminal would."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await self.wait_until(
            "document.activeElement.classList.contains('xterm-helper-textarea')",
            "the terminal to take the keyboard")

    async def type(self, text: str) -> None:
        """Type plain letters, digits and spaces, one key press each."""
        for char in text:
            code = ("Space" if char == " " else f"Digit{char}" if char.isdigit()
                    else f"Key{char.upper()}")
            await self.press(char, code, ord(char.upper()), text=char)

    async def close(self) -> None:
        await self.websocket.close()
        self._reader.cancel()


def start_in_own_group(argv: list[str], log: Path, **kwargs: Any) -> subprocess.Popen[bytes]:
    """Start a program in a new process group (and session), its output into a log file."""
    with log.open("wb") as out:
        return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, **kwargs)


def end_group(process: subprocess.Popen[bytes], signum: int = signal.SIGKILL) -> None:
    """Signal a whole process group and reap its leader."""
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STEP_TIMEOUT)


def processes_in_group(pgid: int) -> list[str]:
    """The live processes of a process group, as "pid command" lines (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pgid:
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if state != "Z":
            found.append(f"{entry.name} {command}")
    return found


def apps_of(workspace: Path) -> list[int]:
    """Pids of the cardgame apps running on this workspace (the server's children)."""
    marker = f"-m\0cardgame\0--workspace\0{workspace}\0".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit():
                continue
            command = (entry / "cmdline").read_bytes()
            if marker in command and b"\0serve\0" not in command:  # the server itself
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def wait_until(condition: Any, what: str, timeout: float = STEP_TIMEOUT) -> float:
    """Poll `condition()` until true; return the seconds it took, or fail naming `what`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)
    return time.monotonic() - start


def serve_command(workspace: Path) -> list[str]:
    """`cardgame serve` on the fixture decks, on a port the system picks (it prints it)."""
    return [sys.executable, "-m", "cardgame", "--workspace", str(workspace), "--decks-dir",
            str(FIXTURE_DECKS), "--lang", "da", "serve", "--port", "0"]


@dataclass(frozen=True)
class Served:
    """A running `cardgame serve`: its process and the addresses it printed."""

    process: subprocess.Popen[bytes]
    base: str
    """http://127.0.0.1:<port>/"""
    token: str
    facilitator: str
    wall: str


@pytest.fixture
def server(workspace: Path, tmp_path: Path) -> Iterator[Served]:
    """`cardgame serve` on a free loopback port, in its own process group."""
    log = tmp_path / "server.log"
    process = start_in_own_group(serve_command(workspace), log)
    try:
        wait_until(lambda: "Væggen (til projektoren)" in log.read_text()
                   or process.poll() is not None, "the server to start")
        text = log.read_text()
        facilitator = re.search(r"Facilitatorens side: (http://127\.0\.0\.1:\d+/)\?token=(\S+)",
                                text)
        wall = re.search(r"Væggen \(til projektoren\): (http://\S+)", text)
        assert facilitator and wall, f"the server did not print its addresses:\n{text}"
        base, token = facilitator.group(1), facilitator.group(2)
        yield Served(process, base, token, f"{base}?token={token}", wall.group(1))
    finally:
        end_group(process)
        print(f"--- server log ---\n{log.read_text()}")  # shown when the test fails
        wait_until(lambda: processes_in_group(process.pid) == [], "the server's group to end")


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """Headless Chromium, fresh profile, own process group; yields its DevTools port."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("Chromium is not installed: run scripts/install-system-deps.sh (make test "
                    "does), or `apt-get install chromium`. The browser test needs it.")
    profile = tmp_path / "chromium-profile"
    process = start_in_own_group([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                  "about:blank"], tmp_path / "chromium.log")
    try:
        port_file = profile / "DevToolsActivePort"
        wait_until(lambda: port_file.is_file() and port_file.read_text().strip()
                   or process.poll() is not None, "Chromium to open its DevTools port")
        assert process.poll() is None, (tmp_path / "chromium.log").read_text()
        yield process, int(port_file.read_text().split()[0])
    finally:
        end_group(process)
        print(f"--- chromium log (end) ---\n{(tmp_path / 'chromium.log').read_text()[-3000:]}")
        wait_until(lambda: processes_in_group(process.pid) == [], "the browser's group to end")


OpenTab = Callable[[str], Awaitable[DevTools]]

WALL_SHOWS = "(document.querySelector('#wall')?.innerText ?? '').includes({text})"
"""True once the web wall's text holds `text`."""


@pytest.fixture
async def open_tab(chromium: tuple[subprocess.Popen[bytes], int]) -> AsyncIterator[OpenTab]:
    """Open a URL in a new tab of the browser, with its websocket frames tapped."""
    _, port = chromium
    tabs: list[DevTools] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=STEP_TIMEOUT)) as http:

        async def open_one(url: str) -> DevTools:
            async with http.put(f"http://127.0.0.1:{port}/json/new?about:blank") as response:
                target = await response.json()
            websocket = await http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
            tab = DevTools(websocket)
            tabs.append(tab)
            for domain in ("Page", "Runtime", "Network", "Log"):
                await tab.call(f"{domain}.enable")
            await tab.call("Page.addScriptToEvaluateOnNewDocument", source=TAP_WEBSOCKET)
            await tab.call("Page.navigate", url=url)
            return tab

        try:
            yield open_one
        finally:
            for tab in tabs:
                await tab.close()


async def test_theme_day_in_the_browser(server: Served,
                                        chromium: tuple[subprocess.Popen[bytes], int],
                                        open_tab: OpenTab, workspace: Path) -> None:
    url = server.base
    browser, _ = chromium
    started = time.monotonic()

    page = await open_tab(server.facilitator)
    await page.wait_for_text("Ny temadag")
    await page.wait_until(CANVAS_PAINTED, "xterm.js to paint the start screen")
    [app] = apps_of(workspace)

    await page.focus_terminal()
    await page.type("n")
    seen = await page.wait_for_text("Titel")
    await page.type("Temadag i browseren")
    await page.press("s", "KeyS", ord("S"), modifiers=2)  # ctrl+s: create the session
    await page.wait_for_text("Kort 1 af 3", seen)
    before = len(await page.screen_text())
    await page.type("4")  # rating 4 for the first group on the first card
    await page.wait_for_text("4/5", before)
    await page.wait_for_text("Gemt")  # the status line (redrawn only when its text changes)
    await page.wait_until(CANVAS_PAINTED, "xterm.js to paint the theme day")

    shot = await page.call("Page.captureScreenshot", format="png")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser.png").write_bytes(base64.b64decode(shot["data"]))

    # Saved at the key, while the app still runs: read the file, do not open (lock) it.
    [session_file] = (workspace / "sessions").glob("*.toml")
    saved = session_file.read_bytes()
    events = tomllib.loads(saved.decode("utf-8"))["events"]
    assert {"key": ["answer", "test-themes", "aeldre", "g1", "rating"], "value": 4} in [
        {"key": e.get("key"), "value": e.get("value")} for e in events]

    # The page loaded nothing from another host, and the browser complained about nothing.
    requested = [p["request"]["url"] for m, p in page.events if m == "Network.requestWillBeSent"]
    assert requested and all(u.startswith(url) for u in requested), requested
    websocket_urls = [p["url"] for m, p in page.events if m == "Network.webSocketCreated"]
    assert len(websocket_urls) == 1, websocket_urls
    assert websocket_urls[0].startswith(
        url.replace("http://", "ws://") + f"ws/{server.token}?"), websocket_urls
    complaints = [(p["entry"]["text"], p["entry"].get("url")) for m, p in page.events
                  if m == "Log.entryAdded" and p["entry"]["level"] == "error"]
    assert complaints == []

    # A second tab is a second app: opening the same session there is refused, unchanged.
    other = await open_tab(server.facilitator)
    await other.wait_for_text("Genoptag en session")
    await other.focus_terminal()
    await other.press("End", "End", 35)  # the last entry of the menu: our session
    before = len(await other.screen_text())
    await other.press("Enter", "Enter", 13, text="\r")
    await other.wait_for_text("Sessionen kan ikke åbnes", before)
    await other.wait_for_text("allerede", before)  # "… er allerede åben i en anden cardgame"
    assert len(apps_of(workspace)) == 2
    assert session_file.read_bytes() == saved
    await other.call("Page.navigate", url="about:blank")  # the tab leaves: its app ends
    wait_until(lambda: len(apps_of(workspace)) == 1, "the second tab's app to end")

    # The wall in a third tab follows the first: the card, the rating, then the next card.
    # It is a web page, not a terminal: no app starts for it, its words are in the DOM.
    wall = await open_tab(server.wall)
    await wall.wait_until(WALL_SHOWS.format(text=json.dumps("BORDENES VURDERING")),
                          "the wall to show the ratings")
    await wall.wait_until(WALL_SHOWS.format(text=json.dumps("Ældreområdet")),
                          "the wall to show the card")
    assert len(apps_of(workspace)) == 1, "the wall runs no process of its own"
    await page.type("n")
    key_sent = time.monotonic()
    await wall.wait_until(WALL_SHOWS.format(text=json.dumps("Skolen er tæt på forældre")),
                          "the wall to follow to the next card")
    followed_in = time.monotonic() - key_sent
    shot = await wall.call("Page.captureScreenshot", format="png")
    (ARTIFACTS / "browser-wall.png").write_bytes(base64.b64decode(shot["data"]))
    wall_requests = [p["request"]["url"] for m, p in wall.events
                     if m == "Network.requestWillBeSent"]
    assert wall_requests and all(u.startswith(url) for u in wall_requests), wall_requests
    assert [p for m, p in wall.events if m == "Network.webSocketCreated"] == []
    complaints = [(p["entry"]["text"], p["entry"].get("url")) for m, p in wall.events
                  if m == "Log.entryAdded" and p["entry"]["level"] == "error"]
    assert complaints == [], "the page's script and style pass its Content-Security-Policy"

    # Keys typed on the wall's page change nothing: there is nothing for them to reach.
    saved = session_file.read_bytes()
    await wall.type("n4q")
    await wall.press("Enter", "Enter", 13, text="\r")
    await asyncio.sleep(1.0)
    assert session_file.read_bytes() == saved
    assert await wall.evaluate(WALL_SHOWS.format(text=json.dumps("Skolen")))

    # Without the token, nothing opens and nothing starts.
    async with aiohttp.ClientSession() as http:
        for path in ("", "wall", "ws/guess", "wall/events"):
            async with http.get(url + path) as response:
                assert response.status == 403, path
    assert len(apps_of(workspace)) == 1

    # The browser goes away abruptly: the tabs' apps end at once, the server stays up.
    end_group(browser)
    ended_in = wait_until(lambda: not apps_of(workspace), f"the apps (first pid {app}) to end",
                          timeout=5.0)
    assert server.process.poll() is None
    print(f"\nthe wall followed a key in {followed_in:.2f} s (through the browser)")
    print(f"apps ended {ended_in:.2f} s after the browser was killed")

    # Ctrl+C stops the server cleanly, and nothing of it is left.
    os.kill(server.process.pid, signal.SIGINT)
    assert server.process.wait(timeout=STEP_TIMEOUT) == 0
    wait_until(lambda: processes_in_group(server.process.pid) == [],
               "the server's group to end")
    print(f"browser test took {time.monotonic() - started:.1f} s")


# The web wall at the sizes it is watched at ------------------------------------------------

SIZES = {"phone": (390, 844, True), "laptop": (1366, 768, False),
         "projector": (1920, 1080, False)}
PAGE_FITS = "document.documentElement.scrollWidth <= innerWidth"
CLOCK_PX = "parseFloat(getComputedStyle(document.querySelector('#clock')).fontSize)"
TEXT_PX = "parseFloat(getComputedStyle(document.querySelector('.card li')).fontSize)"


async def test_the_wall_on_a_phone_a_laptop_and_a_projector(
        server: Served, open_tab: OpenTab, workspace: Path) -> None:
    """N14: real type at every size, the timer large whatever the type; a dilemma's choices
    and the ratings appear on the page as they are recorded (the session recorded here, as
    the facilitator's cardgame records it)."""
    from cardgame.domain.themeday import ThemeDay
    from tests.helpers import new_session

    session, _ = new_session(workspace / "sessions", 3)
    try:
        day = ThemeDay(session.meta, session.decks, session)
        day.choose_deck("test-themes", shuffle=False)
        day.set_timer(20)
        day.record_timer(True, 20 * 60, time.time())
        wall = await open_tab(server.wall)
        await wall.wait_until(WALL_SHOWS.format(text=json.dumps("Ældreområdet")),
                              "the wall to show the card")
        day.record_number(4)
        day.record_number(3)
        await wall.wait_until("[...document.querySelectorAll('.ratings .value')]"
                              ".map((e) => e.textContent).join(' ') === '4 3 –'",
                              "the ratings to reach the page")
        ARTIFACTS.mkdir(exist_ok=True)
        clocks: dict[str, float] = {}
        for name, (width, height, mobile) in SIZES.items():
            await wall.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                            deviceScaleFactor=1, mobile=mobile)
            await asyncio.sleep(0.4)  # the page fits itself 100 ms after a resize
            assert await wall.evaluate(PAGE_FITS), f"{name}: nothing runs off to the side"
            clocks[name] = await wall.evaluate(CLOCK_PX)
            text_px = await wall.evaluate(TEXT_PX)
            shot = await wall.call("Page.captureScreenshot", format="png")
            (ARTIFACTS / f"wall-{name}.png").write_bytes(base64.b64decode(shot["data"]))
            if name == "projector":
                assert text_px >= 24, f"the card's text at {text_px} px on a projector"
                assert clocks[name] >= 100, clocks
                small = await wall.call("Page.captureScreenshot", format="png", clip={
                    "x": 0, "y": 0, "width": width, "height": height, "scale": 0.4})
                (ARTIFACTS / "wall-projector-at-40.png").write_bytes(
                    base64.b64decode(small["data"]))
            else:
                assert text_px >= 16, f"{name}: the card's text at {text_px} px"
        # a phone shows what the tables answered before the card's text
        await wall.call("Emulation.setDeviceMetricsOverride", width=390, height=844,
                        deviceScaleFactor=1, mobile=True)
        assert await wall.evaluate(
            "document.querySelector('.answers').getBoundingClientRect().top < "
            "document.querySelector('.card').getBoundingClientRect().top")

        # The projector preset: larger type, the timer as large as before (N14).
        await wall.call("Emulation.setDeviceMetricsOverride", width=1920, height=1080,
                        deviceScaleFactor=1, mobile=False)
        await wall.call("Page.navigate", url=f"{server.base}wall?size=large")
        await wall.wait_until("document.documentElement.dataset.size === 'large'",
                              "the projector preset")
        await wall.wait_until(WALL_SHOWS.format(text=json.dumps("Ældreområdet")),
                              "the wall in the projector preset")
        assert await wall.evaluate(CLOCK_PX) == clocks["projector"]

        # The next card, on a dilemma: the options and who chose them.
        day.choose_deck("test-formats", shuffle=False)
        day.record_number(2)
        await wall.wait_until(WALL_SHOWS.format(text=json.dumps("Gruppe 1")) + " && " +
                              "document.querySelectorAll('.chosen').length === 1",
                              "the choice to reach the page")
        shot = await wall.call("Page.captureScreenshot", format="png")
        (ARTIFACTS / "wall-projector-dilemma-large.png").write_bytes(
            base64.b64decode(shot["data"]))
    finally:
        session.close()
    # The facilitator closed the session: the wall says so and keeps the card.
    await wall.wait_until(WALL_SHOWS.format(text=json.dumps("Sessionen er lukket")),
                          "the wall to say the session was closed")
