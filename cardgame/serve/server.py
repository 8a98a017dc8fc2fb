"""The web server: cardgame's own page, guarded websockets, and one app process per tab.

Built on textual-serve's `Server` for its download route and its websocket protocol, with
four changes: the page loads nothing from another host (our template, and a
Content-Security-Policy that lets the browser enforce it); the page's addresses come from the
request, so a browser on another machine reaches the server that answered it; requests from
other web sites are refused; and every app process ends when its tab closes, its connection
drops, or the server stops (`AppProcess`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
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
           "restart": "Start igen"},
    "en": {"loading": "Starting …", "start": "Start", "closed": "Session ended.",
           "restart": "Restart"},
}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self' {websocket}; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


class CardgameServer(Server):
    """Serve cardgame to browsers: one app process per tab, ended with the tab."""

    def __init__(self, command: str, host: str, port: int, *, lang: str = "da",
                 title: str = "cardgame") -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.lang = lang if lang in PAGE_TEXT else "da"
        self.loopback = is_loopback(host)
        """Listening on loopback only: then requests must name this computer (Host header)."""
        self.apps: set[AppProcess] = set()
        """The app processes of the open tabs."""
        self.websockets: set[web.WebSocketResponse] = set()

    async def make_app(self) -> web.Application:
        """The aiohttp application: page, websocket, downloads and static files."""
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse requests for another host name while listening on loopback."""
        if not host_header_allowed(request.host, self.loopback):
            log.warning("Refused a request for host %r (DNS rebinding?)", request.host)
            raise web.HTTPMisdirectedRequest(text="This cardgame serves this computer only.")
        response: web.StreamResponse = await handler(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page: xterm.js and textual-serve's script, all from this server."""
        websocket_scheme = "wss" if request.scheme == "https" else "ws"
        context = {
            "lang": self.lang,
            "text": PAGE_TEXT[self.lang],
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{websocket_scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(
            websocket=f"{websocket_scheme}://{request.host}")
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Run one app process for as long as this websocket (one browser tab) lives."""
        if not same_origin(request.headers.get("Origin"), request.scheme, request.host):
            log.warning("Refused a websocket from %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="The app is only served to its own page.")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, timeout=CLOSE_TIMEOUT)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        app = AppProcess(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.apps.add(app)
        self.websockets.add(websocket)
        try:
            await app.start(width, height)
            log.info("Tab connected from %s: app pid %s", request.remote, app.pid)
            await self._process_messages(websocket, app)
        except Exception:  # a broken message or a failed start ends this tab, not the server
            log.exception("The tab's connection failed")
        finally:
            await app.stop()
            log.info("Tab closed: app pid %s ended", app.pid)
            self.apps.discard(app)
            self.websockets.discard(websocket)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

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
