"""`cardgame serve` without a browser: its command line, its guards, its page, its processes."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from cardgame.serve import host_warning, server_command
from cardgame.serve import process as process_module
from cardgame.serve.network import addresses_to_open, host_header_allowed, is_loopback, same_origin
from cardgame.serve.process import AppProcess
from cardgame.serve.server import TEMPLATES, CardgameServer

URL_ATTRIBUTE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]*)""")


def test_command_runs_this_python_on_absolute_paths(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my decks").mkdir()
    command = server_command(Path("."), "en", [Path("my decks"), Path("/srv/decks")])
    assert command == [
        sys.executable, "-m", "cardgame", "--workspace", str(tmp_path),
        "--lang", "en", "--decks-dir", str(tmp_path / "my decks"), "--decks-dir", "/srv/decks"]


def test_command_without_options(tmp_path: Path) -> None:
    assert server_command(tmp_path) == [
        sys.executable, "-m", "cardgame", "--workspace", str(tmp_path)]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]"])
def test_loopback_hosts_get_no_warning(host: str) -> None:
    assert is_loopback(host)
    assert host_warning(host, 8000) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "10.0.0.5"])
def test_other_hosts_are_warned_about(host: str) -> None:
    assert not is_loopback(host)
    warning = host_warning(host, 8123)
    assert warning is not None
    assert "8123" in warning and "--host 127.0.0.1" in warning
    assert "facilitatorens side vises kun på denne computer" in warning
    remote = host_warning(host, 8123, remote_facilitator=True)
    assert remote is not None and "læse og ændre alle sessioner" in remote


def test_a_name_that_does_not_resolve_is_not_loopback() -> None:
    assert not is_loopback("no-such-host.invalid")


@pytest.mark.parametrize(("host_header", "allowed"), [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True),
    ("evil.example:8000", False), ("192.168.1.20:8000", False), ("", False)])
def test_loopback_server_serves_only_its_own_names(host_header: str, allowed: bool) -> None:
    assert host_header_allowed(host_header, listening_on_loopback=True) is allowed
    assert host_header_allowed(host_header, listening_on_loopback=False)


def test_r7_a_name_that_resolves_to_this_computer_is_not_enough(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """R7: a page elsewhere can point its own name at 127.0.0.1 (DNS rebinding); on loopback
    only the literal names and addresses of this computer are served."""
    import socket

    def resolves_here(host: str, *_: object, **__: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolves_here)
    assert is_loopback("rebind.example"), "the name does resolve to this computer"
    assert not host_header_allowed("rebind.example:8000", listening_on_loopback=True)
    assert host_header_allowed("127.0.0.2:8000", listening_on_loopback=True)


@pytest.mark.parametrize(("origin", "same"), [
    (None, True), ("http://127.0.0.1:8000", True), ("http://localhost:8000", False),
    ("http://127.0.0.1:8001", False), ("https://127.0.0.1:8000", False),
    ("http://evil.example", False), ("null", False)])
def test_websocket_origin_must_be_the_page(origin: str | None, same: bool) -> None:
    assert same_origin(origin, "http", "127.0.0.1:8000") is same


def test_same_origin_ignores_case_and_fills_in_default_ports() -> None:
    assert same_origin("http://LocalHost:8000", "http", "localhost:8000")
    assert same_origin("http://cardgame.lan", "http", "cardgame.lan:80")
    assert same_origin("http://cardgame.lan:80", "http", "cardgame.lan")


def test_addresses_to_open() -> None:
    assert addresses_to_open("127.0.0.1", 8000) == ["http://127.0.0.1:8000/"]
    assert addresses_to_open("::1", 8000) == ["http://[::1]:8000/"]
    wildcard = addresses_to_open("0.0.0.0", 8000)
    assert wildcard[0] == "http://127.0.0.1:8000/" and len(wildcard) == 2


def test_template_names_no_other_host() -> None:
    text = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in text
    assert re.findall(r"(?:https?:)?//[\w.-]+\.\w", text) == []


Client = TestClient[web.Request, web.Application]
TOKEN = "test-token-0123456789"
WALL = "wall-token-9876543210"


@pytest.fixture
async def server() -> CardgameServer:
    return CardgameServer(["true"], "127.0.0.1", 0, lang="da", token=TOKEN, wall_token=WALL)


@pytest.fixture
async def client(server: CardgameServer) -> AsyncIterator[Client]:
    test_client = TestClient(TestServer(await server.make_app(), host="127.0.0.1"))
    await test_client.start_server()
    yield test_client
    await test_client.close()


async def test_page_loads_everything_from_its_own_server(client: Client) -> None:
    response = await client.get(f"/?token={TOKEN}")
    assert response.status == 200
    page = await response.text()
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "font-src 'self'" in policy
    assert 'lang="da"' in page and "Forbindelsen er lukket." in page
    host = f"{client.host}:{client.port}"
    assert f'data-session-websocket-url="ws://{host}/ws/{TOKEN}"' in page
    urls = [a or b for a, b in URL_ATTRIBUTE.findall(page)]
    assert "/static/js/textual.js" in urls and any(u.endswith(".ttf") for u in urls)
    for url in urls:
        if url.startswith("data:"):
            continue
        assert url.startswith("/") and not url.startswith("//"), url
        assert (await client.get(url)).status == 200, url


@pytest.mark.parametrize("path", [f"/?token={WALL}", f"/ws/{WALL}", f"/wall?token={TOKEN}",
                                  f"/wall/events?token={TOKEN}"])
async def test_n13_each_key_opens_its_own_page_only(client: Client, server: CardgameServer,
                                                    path: str) -> None:
    """N13: the wall's address, seen by the whole room on the projector, opens the wall and
    nothing else; the facilitator's key is not the wall's either."""
    response = await client.get(path)
    assert response.status == 403
    assert "Adressen mangler sin nøgle" in await response.text()
    assert server.apps == set()


async def test_n13_the_walls_cookie_does_not_open_the_facilitators_page(
        client: Client) -> None:
    assert (await client.get(f"/wall?token={WALL}")).status == 200
    assert (await client.get("/wall")).status == 200, "the wall's cookie, for the wall"
    assert (await client.get("/")).status == 403, "and for nothing else"


async def test_r8_facilitator_tabs_over_the_cap_get_a_page_that_says_so(
        client: Client, server: CardgameServer) -> None:
    """Each facilitator's tab runs a process: two at most (the wall's cap is tested with the
    wall, in test_web_wall)."""
    from cardgame.serve.server import FACILITATOR, TABS

    server.tabs[FACILITATOR] = TABS[FACILITATOR]
    response = await client.get(f"/?token={TOKEN}")
    assert response.status == 503
    assert f"Der er allerede {TABS[FACILITATOR]} sider" in await response.text()
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect(f"/ws/{TOKEN}")
    assert refused.value.status == 503
    assert server.apps == set(), "nothing started"
    server.tabs[FACILITATOR] -= 1
    assert (await client.get(f"/?token={TOKEN}")).status == 200, "one closed: the next may come"


@pytest.mark.parametrize("path", ["/", "/wall", "/?token=wrong", "/wall?token=",
                                  "/ws/wrong", "/wall/events", "/wall/events?token=wrong",
                                  "/download/anything", f"/?tokens={TOKEN}",
                                  f"/audience?token={WALL}"])
async def test_an_address_without_the_token_is_refused(client: Client,
                                                       server: CardgameServer,
                                                       path: str) -> None:
    response = await client.get(path)
    assert response.status == 403
    assert "Adressen mangler sin nøgle" in await response.text()
    assert server.apps == set()  # nothing was started


async def test_a_websocket_without_the_token_starts_no_app(client: Client,
                                                           server: CardgameServer) -> None:
    for path in ("/ws/wrong", "/ws/", f"/ws/{WALL}"):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(path)
        assert refused.value.status in (403, 404)
    assert server.apps == set()


def test_the_printed_addresses_carry_the_token(server: CardgameServer, tmp_path: Path) -> None:
    from cardgame.serve import announcement

    text = announcement(server, "127.0.0.1", 8000, tmp_path)
    assert f"http://127.0.0.1:8000/?token={TOKEN}" in text
    assert f"http://127.0.0.1:8000/wall?token={WALL}" in text
    assert f"wall?token={TOKEN}" not in text
    assert "--host 0.0.0.0" in text  # how to reach the wall from another PC
    wide = announcement(server, "0.0.0.0", 8000, tmp_path)
    assert "Væggen fra andre computere" in wide
    assert "Facilitatorens side fra andre computere" not in wide
    server.remote_facilitator = True
    assert "Facilitatorens side fra andre computere" in announcement(server, "0.0.0.0", 8000,
                                                                       tmp_path)


def test_a_fresh_server_has_a_token_nobody_guesses() -> None:
    one = CardgameServer(["true"], "127.0.0.1", 0)
    two = CardgameServer(["true"], "127.0.0.1", 0)
    assert one.token != two.token and len(one.token) >= 32
    assert one.wall_token not in (one.token, two.wall_token) and len(one.wall_token) >= 32


def _request(server: CardgameServer, path: str, remote: str) -> web.Request:
    from unittest import mock

    from aiohttp.test_utils import make_mocked_request

    transport = mock.Mock()
    transport.get_extra_info.side_effect = lambda name, default=None: (
        (remote, 50000) if name == "peername" else default)
    return make_mocked_request("GET", path, headers={"Host": "192.168.1.20:8000"},
                               transport=transport)


@pytest.mark.parametrize(("remote", "allowed"), [("127.0.0.1", True), ("::1", True),
                                                 ("192.168.1.33", False), ("", False)])
def test_the_facilitators_page_stays_on_this_computer(remote: str, allowed: bool) -> None:
    server = CardgameServer(["true"], "0.0.0.0", 0, token=TOKEN)
    assert server._facilitator_allowed(_request(server, "/", remote)) is allowed
    server.remote_facilitator = True
    assert server._facilitator_allowed(_request(server, "/", remote))


async def test_another_computer_gets_the_wall_but_not_the_facilitator(
        monkeypatch: pytest.MonkeyPatch) -> None:
    server = CardgameServer(["true"], "0.0.0.0", 0, lang="da", token=TOKEN, wall_token=WALL)
    monkeypatch.setattr(server, "_facilitator_allowed", lambda request: False)
    test_client = TestClient(TestServer(await server.make_app(), host="127.0.0.1"))
    await test_client.start_server()
    try:
        refused = await test_client.get(f"/?token={TOKEN}")
        assert refused.status == 403
        assert "Facilitatorens side vises kun" in await refused.text()
        assert (await test_client.get(f"/wall?token={WALL}")).status == 200
    finally:
        await test_client.close()


RECORDER = """
import sys
sys.stdout.write("__GANGLION__\\n")
sys.stdout.flush()
with open(sys.argv[1], "ab") as out:
    while True:
        data = sys.stdin.buffer.read1(65536)
        if not data:
            break
        out.write(data)
        out.flush()
"""


async def test_the_facilitators_app_gets_its_keys_and_nothing_else(tmp_path: Path) -> None:
    """What textual.js sends reaches the facilitator's app; anything else is dropped. (The
    wall has no way back at all: see test_web_wall.)"""
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER)
    app_log = tmp_path / "app.bin"
    server = CardgameServer([sys.executable, str(script), str(app_log)],
                            "127.0.0.1", 0, token=TOKEN, wall_token=WALL)
    test_client = TestClient(TestServer(await server.make_app(), host="127.0.0.1"))
    await test_client.start_server()
    try:
        websocket = await test_client.ws_connect(f"/ws/{TOKEN}?width=100&height=30")
        await websocket.send_str("not json")
        await websocket.send_json({"not": "a list"})
        await websocket.send_json(["paste", "dropped"])
        await websocket.send_json(["stdin", "n1q\r"])
        await websocket.send_json(["resize", {"width": 120, "height": 40}])
        await websocket.send_json(["ping", "x"])
        pong = await websocket.receive_json(timeout=5)
        assert pong == ["pong", "x"]
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and b"120" not in (
                app_log.read_bytes() if app_log.exists() else b""):
            await asyncio.sleep(0.05)
        await websocket.close()
        app = app_log.read_bytes()
        assert b"n1q" in app and b"120" in app
        assert b"dropped" not in app
    finally:
        await test_client.close()


async def _nothing(*_: object) -> None:
    return None


async def test_an_app_that_does_not_quit_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process_module, "QUIT_GRACE", 0.3)
    command = [sys.executable, "-c", "import time; time.sleep(60)"]
    app = AppProcess(command, write_bytes=_nothing, write_str=_nothing, close=_nothing)
    await app.start(80, 24)
    await app.stop()
    await app.stop()  # a second stop is harmless
    assert app.process is not None
    assert app.process.returncode == -signal.SIGKILL, "killed, not ended by itself"
