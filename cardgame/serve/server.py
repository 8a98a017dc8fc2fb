"""The web server: cardgame's own pages, guarded websockets, and one app process per tab.

Built on textual-serve's `Server` for its page's script and assets (the browser's terminal),
with these changes:

* Two pages. `/` is the facilitator's cardgame; `/audience` is the wall (`cardgame audience`,
  following the session open in the workspace), read-only whatever the browser sends: its
  keys are dropped here, before they reach the app.
* A random token, printed by `serve`, is part of every address (`?token=…` on a page, in the
  path of a websocket; the page leaves a same-site cookie). The wall has a key of its own
  (N13): the address on the projector opens the wall and nothing else, and the facilitator's
  key opens the facilitator's page only. A request without the right key gets a refusal and
  starts nothing. Only the public assets under `/static/` (the terminal's script, style and
  fonts) are served without it.
* Each tab runs a process, so their number is capped per kind (R8): a tab over the cap gets a
  page that says so, and starts nothing.
* The facilitator's page is served to this computer only, unless `serve` was asked otherwise:
  the wall may be watched from another PC in the room, the session is run from the laptop.
* The pages load nothing from another host (our template, and a Content-Security-Policy that
  lets the browser enforce it); their addresses come from the request, so a browser on another
  machine reaches the server that answered it; websockets from other web sites are refused;
  and every app process ends when its tab closes, its connection drops, or the server stops
  (`AppProcess`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import logging
import secrets
import shlex
from collections.abc import Sequence
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.server import Server, to_int

from cardgame.serve.network import host_header_allowed, is_loopback, same_origin
from cardgame.serve.process import AppProcess

log = logging.getLogger("cardgame.serve")

TEMPLATES = Path(__file__).parent / "templates"

HEARTBEAT = 5.0
"""Seconds of silence before the server pings a tab; a lost connection is noticed within
HEARTBEAT * 1.5 seconds, and its app ended."""

CLOSE_TIMEOUT = 2.0
"""Seconds to wait for a browser to answer a closing websocket."""

PAGE_TEXT = {
    "da": {"loading": "Starter …", "start": "Start", "closed": "Forbindelsen er lukket.",
           "restart": "Start igen", "wall": "cardgame – væggen",
           "no_token": "Adressen mangler sin nøgle. Brug en af de adresser, «cardgame serve» "
                       "skrev, da den startede.",
           "facilitator_here": "Facilitatorens side vises kun på computeren, der kører "
                               "«cardgame serve». Væggen kan vises her: brug adressen til "
                               "væggen.",
           "full": "Der er allerede {n} faner af denne slags åbne, det højeste antal, denne "
                   "computer kører. Luk en af dem, og prøv igen."},
    "en": {"loading": "Starting …", "start": "Start", "closed": "Session ended.",
           "restart": "Restart", "wall": "cardgame – the wall",
           "no_token": "The address lacks its key. Use one of the addresses «cardgame serve» "
                       "printed when it started.",
           "facilitator_here": "The facilitator's page is shown only on the computer running "
                               "«cardgame serve». The wall can be shown here: use the wall's "
                               "address.",
           "full": "{n} tabs of this kind are open already, as many as this computer runs. "
                   "Close one of them and try again."},
}
FACILITATOR, AUDIENCE = "facilitator", "audience"
"""The two kinds of tab: the app that records, and the wall that follows."""
TABS = {FACILITATOR: 2, AUDIENCE: 12}
"""The most tabs of each kind open at once (each runs a process of ~50 MB): the laptop's and a
reload of it; the projector's wall and a few more in the room (R8)."""
AUDIENCE_MESSAGES = frozenset({"resize", "ping", "blur", "focus"})
"""What a wall's tab may send to its app: no keys, no pasted text."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self' {websocket}; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


class CardgameServer(Server):
    """Serve cardgame to browsers: one app process per tab, ended with the tab."""

    def __init__(self, argv: Sequence[str], host: str, port: int, *, lang: str = "da",
                 title: str = "cardgame", audience_argv: Sequence[str] = (), token: str = "",
                 wall_token: str = "", remote_facilitator: bool = False) -> None:
        super().__init__(shlex.join(argv), host=host, port=port, title=title,
                         templates_path=TEMPLATES)
        self.argv = list(argv)
        """The facilitator's app, run for each of its tabs."""
        self.lang = lang if lang in PAGE_TEXT else "da"
        self.loopback = is_loopback(host)
        """Listening on loopback only: then requests must name this computer (Host header)."""
        self.audience_argv = list(audience_argv) or [*argv, "audience"]
        """The wall, run for each of its tabs."""
        self.token = token or secrets.token_urlsafe(24)
        """The facilitator's key; printed by `serve`, never guessed."""
        self.wall_token = wall_token or secrets.token_urlsafe(24)
        """The wall's own key: it opens the wall only, so the address on the projector gives
        nobody the facilitator's page."""
        self.tabs: dict[str, int] = {FACILITATOR: 0, AUDIENCE: 0}
        """Open tabs (running app processes) of each kind."""
        self.remote_facilitator = remote_facilitator
        """Whether the facilitator's page may be opened from another computer."""
        self.apps: set[AppProcess] = set()
        """The app processes of the open tabs."""
        self.websockets: set[web.WebSocketResponse] = set()

    async def make_app(self) -> web.Application:
        """The aiohttp application: pages, websockets and static files."""
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket"),
            web.get("/audience", self.handle_audience, name="audience"),
            web.get("/audience/ws/{token}", self.handle_audience_websocket,
                    name="audience-websocket"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    def addresses(self, base: str) -> tuple[str, str]:
        """The facilitator's and the wall's address on a server reached at `base`."""
        base = base.rstrip("/")
        return f"{base}/?token={self.token}", f"{base}/audience?token={self.wall_token}"

    # guards -------------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse other host names on loopback, addresses without the token, and the
        facilitator's page from another computer (unless allowed)."""
        if not host_header_allowed(request.host, self.loopback):
            log.warning("Refused a request for host %r (DNS rebinding?)", request.host)
            raise web.HTTPMisdirectedRequest(text="This cardgame serves this computer only.")
        if not request.path.startswith("/static/"):
            if not self._has_token(request, _kind(request)):
                log.warning("Refused %s from %s: no valid token", request.path, request.remote)
                raise web.HTTPForbidden(text=PAGE_TEXT[self.lang]["no_token"])
            if not request.path.startswith("/audience") and not self._facilitator_allowed(
                    request):
                log.warning("Refused the facilitator's page to %s", request.remote)
                raise web.HTTPForbidden(text=PAGE_TEXT[self.lang]["facilitator_here"])
        response: web.StreamResponse = await handler(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def _cookie(self, request: web.Request, kind: str) -> str:
        return f"cardgame_{'wall_' if kind == AUDIENCE else ''}{request.url.port or 80}"

    def _token(self, kind: str) -> str:
        return self.wall_token if kind == AUDIENCE else self.token

    def _has_token(self, request: web.Request, kind: str) -> bool:
        """The kind's own token in the path (websockets), the query (pages) or the page's
        cookie: the wall's key opens the wall only, the facilitator's the facilitator's."""
        offered = request.match_info.get("token") or request.query.get("token") or \
            request.cookies.get(self._cookie(request, kind), "")
        return hmac.compare_digest(offered.encode(), self._token(kind).encode())

    def _refuse_when_full(self, kind: str) -> None:
        """A tab over the cap of its kind gets a page that says so, and starts nothing."""
        if self.tabs[kind] >= TABS[kind]:
            log.warning("Refused a %s tab: %d open, the most there may be", kind,
                        self.tabs[kind])
            raise web.HTTPServiceUnavailable(
                text=PAGE_TEXT[self.lang]["full"].format(n=TABS[kind]))

    def _facilitator_allowed(self, request: web.Request) -> bool:
        if self.remote_facilitator:
            return True
        try:
            return ipaddress.ip_address((request.remote or "").split("%")[0]).is_loopback
        except ValueError:
            return False

    # pages --------------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
        """The facilitator's page."""
        return self._page(request, FACILITATOR, "/ws", self.title)

    async def handle_audience(self, request: web.Request) -> web.Response:
        """The wall's page."""
        return self._page(request, AUDIENCE, "/audience/ws", PAGE_TEXT[self.lang]["wall"])

    def _page(self, request: web.Request, kind: str, websocket_path: str, name: str
              ) -> web.Response:
        """xterm.js and textual-serve's script, all from this server."""
        self._refuse_when_full(kind)
        websocket_scheme = "wss" if request.scheme == "https" else "ws"
        context = {
            "lang": self.lang,
            "text": PAGE_TEXT[self.lang],
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url":
                f"{websocket_scheme}://{request.host}{websocket_path}/{self._token(kind)}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": name},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(
            websocket=f"{websocket_scheme}://{request.host}")
        response.headers["Cache-Control"] = "no-store"
        response.set_cookie(self._cookie(request, kind), self._token(kind), httponly=True,
                            samesite="Strict", path="/")
        return response

    # websockets ---------------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """The facilitator's app, for as long as this websocket (one browser tab) lives."""
        return await self._run_tab(request, FACILITATOR)

    async def handle_audience_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """The wall, for as long as this tab lives; it never gets a key."""
        return await self._run_tab(request, AUDIENCE)

    async def _run_tab(self, request: web.Request, kind: str) -> web.WebSocketResponse:
        if not same_origin(request.headers.get("Origin"), request.scheme, request.host):
            log.warning("Refused a websocket from %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="The app is only served to its own page.")
        self._refuse_when_full(kind)
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, timeout=CLOSE_TIMEOUT)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        app = AppProcess(self.audience_argv if kind == AUDIENCE else self.argv,
                         write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                         close=close)
        self.apps.add(app)
        self.websockets.add(websocket)
        self.tabs[kind] += 1
        try:
            await app.start(width, height)
            log.info("%s tab connected from %s: app pid %s", kind.capitalize(), request.remote,
                     app.pid)
            await self._relay(websocket, app, kind)
        except Exception:  # a broken message or a failed start ends this tab, not the server
            log.exception("The tab's connection failed")
        finally:
            await app.stop()
            log.info("Tab closed: app pid %s ended", app.pid)
            self.apps.discard(app)
            self.websockets.discard(websocket)
            self.tabs[kind] -= 1
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, app: AppProcess, kind: str
                     ) -> None:
        """Pass the tab's messages to its app; a wall's tab passes no keys. A message that
        is not what textual.js sends is dropped, and the tab goes on."""
        allowed = AUDIENCE_MESSAGES if kind == AUDIENCE else AUDIENCE_MESSAGES | {"stdin"}
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope or envelope[0] not in allowed:
                continue  # for the wall: keys and pasted text never reach its app
            data = envelope[1] if len(envelope) > 1 else None
            if envelope[0] == "stdin" and isinstance(data, str):
                await app.send_bytes(data.encode("utf-8"))
            elif envelope[0] == "resize" and isinstance(data, dict):
                await app.set_terminal_size(to_int(str(data.get("width")), 80),
                                            to_int(str(data.get("height")), 24))
            elif envelope[0] == "ping":
                await websocket.send_json(["pong", data])
            elif envelope[0] == "blur":
                await app.blur()
            elif envelope[0] == "focus":
                await app.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        """End every app and tell every tab that the server stops."""
        await self.stop_apps()
        for websocket in list(self.websockets):
            with contextlib.suppress(Exception):
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    async def stop_apps(self) -> None:
        """End the app process of every open tab, at the same time."""
        await asyncio.gather(*(app.stop() for app in list(self.apps)),
                             return_exceptions=True)

    def kill_apps(self) -> None:
        """Kill any app still running: the last resort when the event loop is about to end."""
        for app in list(self.apps):
            app.kill()


def _kind(request: web.Request) -> str:
    """Which kind of tab a request is for: the wall's pages and websockets, or the
    facilitator's."""
    return AUDIENCE if request.path.startswith("/audience") else FACILITATOR
