"""The web server: the facilitator's cardgame in a browser tab, and the room's wall as a web page.

Built on textual-serve's `Server` for its page's script and assets (the browser's terminal),
with these changes:

* Two kinds of page. `/` is the facilitator's cardgame, one app process per tab (as
  textual-serve runs it). `/wall` is the wall: plain HTML drawn from the wall value
  (`serve.wall`), which the server derives and renders once per change and sends to every
  open wall page over a server-sent-event stream (`/wall/events`). A wall page sends nothing
  back, so nothing typed there reaches anything; a hundred viewers are a hundred sockets.
* A random token, printed by `serve`, is part of every address (`?token=…` on a page, in the
  path of a websocket; the page leaves a same-site cookie). The wall has a key of its own
  (N13): the address on the projector opens the wall and nothing else, and the facilitator's
  key opens the facilitator's page only. A request without the right key gets a refusal and
  starts nothing. Only the public assets under `/static/` (the terminal's script, style and
  fonts) are served without it.
* On loopback, only the literal names of this computer are accepted in `Host` (R7).
* Pages of each kind are capped (R8): one over the cap gets a page that says so, and starts
  nothing.
* The facilitator's page is served to this computer only, unless `serve` was asked otherwise:
  the wall may be watched from another PC in the room or a member's laptop, the session is run
  from the facilitator's.
* The pages load nothing from another host (our templates, and a Content-Security-Policy that
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
import time
from collections.abc import Sequence
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.server import Server, to_int

from cardgame.domain.answers import TEXT_FIELDS
from cardgame.i18n import t_in
from cardgame.serve.network import host_header_allowed, is_loopback, same_origin
from cardgame.serve.process import AppProcess
from cardgame.serve.tables import BODY_MAX, Outcome, TableDesk
from cardgame.serve.wall import WallFeed, render_page

log = logging.getLogger("cardgame.serve")

TEMPLATES = Path(__file__).parent / "templates"

HEARTBEAT = 5.0
"""Seconds of silence before the server pings a facilitator's tab; a lost connection is
noticed within HEARTBEAT * 1.5 seconds, and its app ended."""

CLOSE_TIMEOUT = 2.0
"""Seconds to wait for a browser to answer a closing websocket."""

FACILITATOR, WALL, TABLE = "facilitator", "wall", "table"
"""The kinds of page: the app that records (a process per tab), the wall that follows (a stream
of the one rendering the server keeps), and a table's own page (its key checked by the
`TableDesk`)."""
TABS = {FACILITATOR: 2, WALL: 250}
"""The most pages of each kind open at once: the facilitator's page runs a process of ~50 MB
(the laptop's tab and a reload of it); a wall page is a socket (the projector and a hybrid
meeting's viewers, R8)."""
WALL_HEARTBEAT = 15.0
"""Seconds of silence after which a wall page's stream gets a comment line: a closed page is
noticed, and nothing between closes an idle stream."""
STDIN_MESSAGES = frozenset({"stdin", "resize", "ping", "blur", "focus"})
"""What the facilitator's page may send to its app (what textual.js sends)."""
SIZES, THEMES = ("small", "normal", "large"), ("dark", "light")
"""The wall's type sizes (large: the projector preset for a deep room) and colours."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self' {websocket}; "
    "frame-ancestors 'none'; base-uri 'none'; form-action {forms}"
)


class CardgameServer(Server):
    """Serve cardgame to browsers: an app process per facilitator's tab, ended with the tab;
    the wall to any number of pages from one rendering."""

    def __init__(self, argv: Sequence[str], host: str, port: int, *, lang: str = "da",
                 title: str = "cardgame", token: str = "", wall_token: str = "",
                 remote_facilitator: bool = False, feed: WallFeed | None = None) -> None:
        super().__init__(shlex.join(argv), host=host, port=port, title=title,
                         templates_path=TEMPLATES)
        self.argv = list(argv)
        """The facilitator's app, run for each of its tabs."""
        self.lang = lang
        """The language of the server's own pages and refusals."""
        self.loopback = is_loopback(host)
        """Listening on loopback only: then requests must name this computer (Host header)."""
        self.token = token or secrets.token_urlsafe(24)
        """The facilitator's key; printed by `serve`, never guessed."""
        self.wall_token = wall_token or secrets.token_urlsafe(24)
        """The wall's own key: it opens the wall only, so the address on the projector gives
        nobody the facilitator's page."""
        self.feed = feed or WallFeed(None, lang)
        """The wall, derived and rendered once per change for every wall page."""
        self.tabs: dict[str, int] = {FACILITATOR: 0, WALL: 0}
        """Open pages of each kind (facilitator's app processes, wall streams)."""
        self.remote_facilitator = remote_facilitator
        """Whether the facilitator's page may be opened from another computer."""
        self.apps: set[AppProcess] = set()
        """The app processes of the open tabs."""
        self.websockets: set[web.WebSocketResponse] = set()
        self.desk = TableDesk(self.feed.following, lang)
        """The tables' own pages: their keys, their answers' checks, the inbox."""
        self.phone_base = ""
        """The address phones on the room's network open (set when the server listens)."""
        self._following: asyncio.Task[None] | None = None

    async def make_app(self) -> web.Application:
        """The aiohttp application: pages, websockets, the wall's stream and static files."""
        app = web.Application(middlewares=[self._guard], client_max_size=BODY_MAX)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket"),
            web.get("/wall", self.handle_wall, name="wall"),
            web.get("/wall/events", self.handle_wall_events, name="wall-events"),
            web.get("/tables", self.handle_tables, name="tables"),
            web.get("/table/{group}", self.handle_table, name="table"),
            web.post("/table/{group}", self.handle_table_answer, name="table-answer"),
            web.get("/table/{group}/version", self.handle_table_version, name="table-version"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def text(self, key: str, **values: object) -> str:
        """The server's own words, in its language."""
        return t_in(self.lang, key, **values)

    def addresses(self, base: str) -> tuple[str, str]:
        """The facilitator's and the wall's address on a server reached at `base`."""
        base = base.rstrip("/")
        return f"{base}/?token={self.token}", f"{base}/wall?token={self.wall_token}"

    # guards -------------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse other host names on loopback, addresses without the token, and the
        facilitator's page from another computer (unless allowed)."""
        if not host_header_allowed(request.host, self.loopback):
            log.warning("Refused a request for host %r (DNS rebinding?)", request.host)
            raise web.HTTPMisdirectedRequest(text="This cardgame serves this computer only.")
        if not request.path.startswith("/static/") and _kind(request) != TABLE:
            kind = _kind(request)
            if not self._has_token(request, kind):
                log.warning("Refused %s from %s: no valid token", request.path, request.remote)
                raise web.HTTPForbidden(text=self.text("serve.page_no_token"))
            if kind == FACILITATOR and not self._facilitator_allowed(request):
                log.warning("Refused the facilitator's page to %s", request.remote)
                raise web.HTTPForbidden(text=self.text("serve.page_facilitator_here"))
        response: web.StreamResponse = await handler(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def _cookie(self, request: web.Request, kind: str) -> str:
        return f"cardgame_{'wall_' if kind == WALL else ''}{request.url.port or 80}"

    def _token(self, kind: str) -> str:
        return self.wall_token if kind == WALL else self.token

    def _has_token(self, request: web.Request, kind: str) -> bool:
        """The kind's own token in the path (websockets), the query (pages) or the page's
        cookie: the wall's key opens the wall only, the facilitator's the facilitator's."""
        offered = request.match_info.get("token") or request.query.get("token") or \
            request.cookies.get(self._cookie(request, kind), "")
        return hmac.compare_digest(offered.encode(), self._token(kind).encode())

    def _refuse_when_full(self, kind: str) -> None:
        """A page over the cap of its kind gets a page that says so, and starts nothing."""
        if self.tabs[kind] >= TABS[kind]:
            log.warning("Refused a %s page: %d open, the most there may be", kind,
                        self.tabs[kind])
            raise web.HTTPServiceUnavailable(text=self.text("serve.page_full", n=TABS[kind]))

    def _facilitator_allowed(self, request: web.Request) -> bool:
        if self.remote_facilitator:
            return True
        try:
            return ipaddress.ip_address((request.remote or "").split("%")[0]).is_loopback
        except ValueError:
            return False

    def _set_cookie(self, response: web.StreamResponse, request: web.Request, kind: str
                    ) -> None:
        response.set_cookie(self._cookie(request, kind), self._token(kind), httponly=True,
                            samesite="Strict", path="/")

    # the facilitator's page -----------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
        """xterm.js and textual-serve's script, all from this server."""
        self._refuse_when_full(FACILITATOR)
        websocket_scheme = "wss" if request.scheme == "https" else "ws"
        text = {name: self.text(f"serve.page_{name}")
                for name in ("loading", "start", "closed", "restart")}
        context = {
            "lang": self.lang,
            "text": text,
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url":
                f"{websocket_scheme}://{request.host}/ws/{self.token}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(
            websocket=f"{websocket_scheme}://{request.host}", forms="'none'")
        response.headers["Cache-Control"] = "no-store"
        self._set_cookie(response, request, FACILITATOR)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """The facilitator's app, for as long as this websocket (one browser tab) lives."""
        if not same_origin(request.headers.get("Origin"), request.scheme, request.host):
            log.warning("Refused a websocket from %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="The app is only served to its own page.")
        self._refuse_when_full(FACILITATOR)
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, timeout=CLOSE_TIMEOUT)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        app = AppProcess(self.argv, write_bytes=websocket.send_bytes,
                         write_str=websocket.send_str, close=close)
        self.apps.add(app)
        self.websockets.add(websocket)
        self.tabs[FACILITATOR] += 1
        try:
            await app.start(width, height)
            log.info("Facilitator's tab connected from %s: app pid %s", request.remote,
                     app.pid)
            await self._relay(websocket, app)
        except Exception:  # a broken message or a failed start ends this tab, not the server
            log.exception("The tab's connection failed")
        finally:
            await app.stop()
            log.info("Tab closed: app pid %s ended", app.pid)
            self.apps.discard(app)
            self.websockets.discard(websocket)
            self.tabs[FACILITATOR] -= 1
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, app: AppProcess) -> None:
        """Pass the tab's messages to its app. A message that is not what textual.js sends
        is dropped, and the tab goes on."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope or \
                    envelope[0] not in STDIN_MESSAGES:
                continue
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

    # the wall -------------------------------------------------------------------------------

    async def handle_wall(self, request: web.Request) -> web.Response:
        """The wall as it stands, and the script that keeps it up to date."""
        self._refuse_when_full(WALL)
        size = request.query.get("size", "normal")
        theme = request.query.get("theme", "dark")
        lang, context = self.feed.context()
        page = {"lang": lang, "now": f"{time.time():.2f}",
                "size": size if size in SIZES else "normal",
                "theme": theme if theme in THEMES else "dark",
                "events": "/wall/events",
                "text": {"size": self.text("serve.wall_size"),
                         "theme": self.text("serve.wall_theme")},
                "script_text": {"lost": self.text("serve.wall_lost"),
                                "gone": self.text("serve.wall_gone")}}
        response = web.Response(text=render_page(context, page), content_type="text/html")
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(
            websocket="", forms="'none'")
        response.headers["Cache-Control"] = "no-store"
        self._set_cookie(response, request, WALL)
        return response

    async def handle_wall_events(self, request: web.Request) -> web.StreamResponse:
        """Every change of the wall, for as long as the page stays open."""
        self._refuse_when_full(WALL)
        stream = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                             "Cache-Control": "no-store"})
        self.tabs[WALL] += 1
        try:
            await stream.prepare(request)
            await stream.write(b"retry: 2000\n\n")
            seen = -1
            while not self.feed.closed:
                frame = await self.feed.next(seen, WALL_HEARTBEAT)
                if frame is None:
                    if self.feed.closed:
                        break
                    await stream.write(b": still here\n\n")
                    continue
                seen = frame.version
                await stream.write(frame.event(time.time()))
        except (ConnectionError, asyncio.CancelledError):
            pass  # the page went: nothing to end but this stream
        finally:
            self.tabs[WALL] -= 1
        return stream

    # the tables' own pages ----------------------------------------------------------------

    async def handle_tables(self, request: web.Request) -> web.Response:
        """The facilitator's page of the tables' QR codes, to show on the screen for scanning."""
        base = self.phone_base or f"{request.scheme}://{request.host}/"
        lang = self.desk.language()
        page = {"lang": lang, "title": t_in(lang, "serve.tables_title"),
                "explain": t_in(lang, "serve.tables_explain"),
                "none": t_in(lang, "serve.tables_none"), "codes": self.desk.codes(base),
                "warning": t_in(lang, "serve.tables_loopback", host=base)
                if self.loopback else ""}
        response = aiohttp_jinja2.render_template("tables.html", request, {"page": page})
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(
            websocket="", forms="'none'")
        response.headers["Cache-Control"] = "no-store"
        return response

    def _table_page(self, request: web.Request, group: str, outcome: Outcome | None = None,
                    typed: dict[str, str] | None = None) -> web.Response:
        context = self.desk.page(group, typed, outcome)
        response = aiohttp_jinja2.render_template("table.html", request, {"page": context},
                                                  status=outcome.status if outcome else 200)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(
            websocket="", forms="'self'")
        response.headers["Cache-Control"] = "no-store"
        # A browser sends the form's origin (checked) only where the referrer policy allows;
        # the key in the address still goes nowhere else, as the page loads nothing else.
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def _refuse_table(self, status: int, key: str) -> web.Response:
        """A refusal on a table's page, in the session's language, with nothing of the
        session shown."""
        return web.Response(status=status, text=t_in(self.desk.language(), key))

    async def handle_table(self, request: web.Request) -> web.Response:
        """A table's own page: the card it answers now, and its answers so far."""
        group = request.match_info["group"]
        if not self.desk.admits(group, request.query.get("key", "")):
            log.warning("Refused a table's page for %r from %s: wrong key", group,
                        request.remote)
            return self._refuse_table(403, "serve.table_bad_key")
        sent = Outcome(200, t_in(self.desk.language(), "serve.table_sent"), sent=True) \
            if request.query.get("sent") else None
        return self._table_page(request, group, sent)

    async def handle_table_version(self, request: web.Request) -> web.Response:
        """What the table's page shows, in a word: the page reloads when it changes."""
        group = request.match_info["group"]
        if not self.desk.admits(group, request.query.get("key", "")):
            return self._refuse_table(403, "serve.table_bad_key")
        response = web.json_response({"version": self.desk.version(group)})
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_table_answer(self, request: web.Request) -> web.Response:
        """A table's answer: checked, then put in the session's inbox for the app."""
        group = request.match_info["group"]
        if not same_origin(request.headers.get("Origin"), request.scheme, request.host):
            log.warning("Refused an answer for %r from another site: %r", group,
                        request.headers.get("Origin"))
            return self._refuse_table(403, "serve.table_bad_key")
        try:
            posted = await request.post()
        except web.HTTPRequestEntityTooLarge:
            return self._refuse_table(413, "serve.table_too_large")
        except (ValueError, LookupError):  # not a form a browser sends (bytes, charset)
            return self._refuse_table(400, "serve.table_unreadable")
        form = {name: value for name, value in posted.items() if isinstance(value, str)}
        outcome = await self.desk.submit(group, form)
        if outcome.status == 403:
            log.warning("Refused an answer for %r from %s: wrong key", group, request.remote)
            return web.Response(status=403, text=outcome.message)
        if outcome.status == 200:
            log.info("%s sent an answer (%s)", group, form.get("id", ""))
        if outcome.status == 409:  # another card now: its words stay, a number of the last goes
            form = {name: text for name, text in form.items() if name in TEXT_FIELDS}
        return self._table_page(request, group, outcome, form)

    # starting and stopping ------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        """Follow the session for the wall."""
        self._following = asyncio.create_task(self.feed.run())

    async def on_shutdown(self, app: web.Application) -> None:
        """End every app, every wall's stream, and tell every tab that the server stops."""
        self.feed.close()
        if self._following is not None:
            self._following.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._following
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
    """Which kind of page a request is for: the wall's page and stream, a table's page, or
    the facilitator's (the tables' codes are the facilitator's)."""
    if request.path == "/wall" or request.path.startswith("/wall/"):
        return WALL
    return TABLE if request.path.startswith("/table/") else FACILITATOR
