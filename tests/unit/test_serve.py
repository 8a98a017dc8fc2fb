"""`cardgame serve` without a browser: its command line, its guards, its page, its processes."""

from __future__ import annotations

import re
import shlex
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from textual_serve.download_manager import DownloadManager

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
    assert shlex.split(command) == [
        sys.executable, "-m", "cardgame", "--workspace", str(tmp_path),
        "--lang", "en", "--decks-dir", str(tmp_path / "my decks"), "--decks-dir", "/srv/decks"]


def test_command_without_options(tmp_path: Path) -> None:
    assert shlex.split(server_command(tmp_path)) == [
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
    assert "Anyone" in warning and "8123" in warning and "--host 127.0.0.1" in warning


def test_a_name_that_does_not_resolve_is_not_loopback() -> None:
    assert not is_loopback("no-such-host.invalid")


@pytest.mark.parametrize(("host_header", "allowed"), [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True),
    ("evil.example:8000", False), ("192.168.1.20:8000", False), ("", False)])
def test_loopback_server_serves_only_its_own_names(host_header: str, allowed: bool) -> None:
    assert host_header_allowed(host_header, listening_on_loopback=True) is allowed
    assert host_header_allowed(host_header, listening_on_loopback=False)


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


@pytest.fixture
async def client() -> AsyncIterator[TestClient]:
    server = CardgameServer("true", "127.0.0.1", 0, lang="da")
    test_client = TestClient(TestServer(await server.make_app(), host="127.0.0.1"))
    await test_client.start_server()
    yield test_client
    await test_client.close()


async def test_page_loads_everything_from_its_own_server(client: TestClient) -> None:
    response = await client.get("/")
    assert response.status == 200
    page = await response.text()
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "font-src 'self'" in policy
    assert 'lang="da"' in page and "Forbindelsen er lukket." in page
    host = f"{client.host}:{client.port}"
    assert f'data-session-websocket-url="ws://{host}/ws"' in page
    urls = [a or b for a, b in URL_ATTRIBUTE.findall(page)]
    assert "/static/js/textual.js" in urls and any(u.endswith(".ttf") for u in urls)
    for url in urls:
        if url.startswith("data:"):
            continue
        assert url.startswith("/") and not url.startswith("//"), url
        assert (await client.get(url)).status == 200, url


async def test_page_for_another_host_name_is_refused(client: TestClient) -> None:
    response = await client.get("/", headers={"Host": f"evil.example:{client.port}"})
    assert response.status == 421


async def test_websocket_from_another_site_is_refused(client: TestClient) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://evil.example"})
    assert refused.value.status == 403


async def _nothing(*_: object) -> None:
    return None


async def test_an_app_that_does_not_quit_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process_module, "QUIT_GRACE", 0.3)
    command = shlex.join([sys.executable, "-c", "import time; time.sleep(60)"])
    app = AppProcess(command, write_bytes=_nothing, write_str=_nothing, close=_nothing,
                     download_manager=DownloadManager())
    await app.start(80, 24)
    started = time.monotonic()
    await app.stop()
    await app.stop()  # a second stop is harmless
    assert app._process is not None and app._process.returncode is not None
    assert time.monotonic() - started < 2.0
