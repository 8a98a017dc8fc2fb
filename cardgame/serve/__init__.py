"""`cardgame serve`: the app and the wall in a browser, for rooms that project from a shared PC
and for hybrid meetings that follow from their own laptops.

Each facilitator's tab gets its own cardgame process (textual-serve runs one per websocket),
on the same workspace, so sessions, saving and the one-writer lock work exactly as in the
terminal. The wall is a web page: the server follows the session open in the workspace, as
`cardgame audience` does, and sends every change to every open wall page (`wall`). Every
address carries a random token printed here, the wall's its own. The server listens on
loopback unless told otherwise, serves the facilitator's page to this computer only unless
told otherwise, loads nothing from the internet, and ends a tab's app as soon as the tab goes
(see `server` and `process`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from aiohttp import web

from cardgame.i18n import t
from cardgame.serve.network import (
    WILDCARD_HOSTS,
    addresses_to_open,
    is_loopback,
    phone_address,
)
from cardgame.serve.server import CardgameServer
from cardgame.serve.wall import WallFeed
from cardgame.storage.follow import WorkspaceFollower

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

SHUTDOWN_TIMEOUT = 3.0
"""Seconds the web server waits for open requests when it stops (the apps are ended first)."""


def server_command(workspace: Path, lang: str | None = None,
                   decks_dirs: Sequence[Path] = (), *command: str) -> list[str]:
    """The command line each browser tab runs: this Python's cardgame on the workspace.

    `sys.executable` and absolute paths, so that the tab runs the same installation on the
    same folders whatever the server's environment and current folder.
    """
    argv = [sys.executable, "-m", "cardgame", "--workspace", str(Path(workspace).resolve())]
    if lang:
        argv += ["--lang", lang]
    for folder in decks_dirs:
        argv += ["--decks-dir", str(Path(folder).resolve())]
    return argv + list(command)


def host_warning(host: str, port: int, remote_facilitator: bool = False) -> str | None:
    """The warning to print when `host` lets other machines in; None on loopback."""
    if is_loopback(host):
        return None
    where = t("serve.every_interface", host=host or "0.0.0.0") \
        if host.strip() in WILDCARD_HOSTS else host
    key = "serve.warning_remote_facilitator" if remote_facilitator else "serve.warning"
    return t(key, where=where, port=port, loopback=DEFAULT_HOST)


def run_server(workspace: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
               lang: str | None = None, decks_dirs: Sequence[Path] = (),
               remote_facilitator: bool = False) -> int:
    """Serve cardgame to browsers until Ctrl+C or SIGTERM; return the exit code.

    Prints the addresses to open, each with the token (port 0 picks a free port, and the
    printed addresses have it), and a warning when the host is not loopback. Returns 0 after a
    clean stop, 1 when the address cannot be listened on.
    """
    _log_to_stderr()
    speaks = lang or _settings_language()
    server = CardgameServer(server_command(workspace, lang, decks_dirs), host, port,
                            lang=speaks, remote_facilitator=remote_facilitator,
                            feed=WallFeed(_follower(workspace, decks_dirs), speaks))
    try:
        asyncio.run(_serve(server, host, port, Path(workspace)))
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        print(t("serve.cannot_listen", host=host, port=port, reason=reason), file=sys.stderr)
        return 1
    return 0


async def _serve(server: CardgameServer, host: str, port: int, workspace: Path) -> None:
    """Listen, announce the address, wait for a stop signal, then end every app and stop."""
    runner = web.AppRunner(await server.make_app(), handle_signals=False, access_log=None,
                           shutdown_timeout=SHUTDOWN_TIMEOUT)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await web.TCPSite(runner, host, port).start()
        bound_port = runner.addresses[0][1] if runner.addresses else port
        warning = host_warning(host, bound_port, server.remote_facilitator)
        if warning:
            print(warning, file=sys.stderr, flush=True)
        print(announcement(server, host, bound_port, workspace), flush=True)
        server.phone_base = phone_address(host, bound_port)
        tables = asyncio.create_task(announce_tables(server))
        await stop.wait()
        tables.cancel()
        print(t("serve.stopping"), flush=True)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        try:
            await runner.cleanup()  # its on_shutdown ends every app
        finally:
            server.kill_apps()


async def announce_tables(server: CardgameServer, every: float = 0.5) -> None:
    """Print each table's address and QR code whenever a theme day is opened (the addresses
    belong to the session: another session, other keys)."""
    shown = ""
    while True:
        now = server.desk.signature()
        if now != shown:
            shown = now
            if now:
                print(server.desk.printed(server.phone_base, server.loopback), flush=True)
        await asyncio.sleep(every)


def announcement(server: CardgameServer, host: str, port: int, workspace: Path) -> str:
    """What `serve` prints: the facilitator's and the wall's addresses, with the token."""
    addresses = addresses_to_open(host, port)
    facilitator, wall = server.addresses(addresses[0])
    lines = [t("serve.facilitator_at", url=facilitator), t("serve.wall_at", url=wall),
             t("serve.tables_page", url=facilitator.replace("/?token=", "/tables?token="))]
    for other in addresses[1:]:
        other_facilitator, other_wall = server.addresses(other)
        lines.append(t("serve.wall_elsewhere", url=other_wall))
        if server.remote_facilitator:
            lines.append(t("serve.facilitator_elsewhere", url=other_facilitator))
    if is_loopback(host):
        lines.append(t("serve.only_here"))
    lines.append(t("serve.how", workspace=workspace.resolve()))
    return "\n".join(lines)


def _follower(workspace: Path, decks_dirs: Sequence[Path]) -> WorkspaceFollower:
    """The wall's follower: the session open in the workspace, with the workspace's decks for
    a session that does not keep its own."""
    from cardgame.storage.workspace import DeckLibrary, Workspace

    found = Workspace(Path(workspace).resolve(), tuple(Path(d) for d in decks_dirs))
    return WorkspaceFollower(found.sessions, dict(DeckLibrary.load(found.deck_sources()).decks))


def _settings_language() -> str:
    """The interface language the apps will use when no --lang is given, for the page text."""
    from cardgame.storage.settings import load_settings
    from cardgame.storage.workspace import default_config_file

    return load_settings(default_config_file()).lang


def _log_to_stderr() -> None:
    """Show the server's own log lines (tabs opening and closing, refusals) on stderr."""
    logger = logging.getLogger("cardgame.serve")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
