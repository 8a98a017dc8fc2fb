"""Which addresses are private to this computer, and which requests may reach the app.

Plain functions without aiohttp, so that the rules are unit-tested on their own.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


def is_loopback(host: str) -> bool:
    """True when `host` names this computer only, so that no other machine can connect.

    An address is checked as is; a name must resolve to loopback addresses only. The
    wildcards ("0.0.0.0", "::") and names that do not resolve are not loopback.
    """
    host = host.strip().strip("[]").lower()
    if host in WILDCARD_HOSTS:
        return False
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(
        ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


def is_loopback_literal(name: str) -> bool:
    """True for the names and addresses that are this computer by themselves ("localhost",
    127.x.x.x, ::1), without asking a name server."""
    name = name.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_header_allowed(host_header: str, listening_on_loopback: bool) -> bool:
    """Whether a request's Host header may be served.

    On loopback only the literal names of this computer are accepted (R7): a name that
    merely resolves to 127.0.0.1 may be a web page elsewhere that rebinds its own name to
    this computer (DNS rebinding). On another interface any name the network uses for this
    computer is fine.
    """
    if not listening_on_loopback:
        return True
    name = _endpoint("http", host_header)[1] if host_header else None
    return name is not None and bool(name) and is_loopback_literal(name)


def same_origin(origin: str | None, scheme: str, host_header: str) -> bool:
    """Whether a websocket's Origin is the page's own address.

    Browsers send Origin with every websocket; a page from another site that tries to open
    the app (cross-site websocket hijacking) is refused. No Origin means no browser, and a
    program that can connect at all needs no page to do so.
    """
    if origin is None:
        return True
    try:
        parts = urlsplit(origin)
        theirs = _endpoint(parts.scheme, parts.netloc)
        ours = _endpoint(scheme, host_header)
    except ValueError:
        return False
    return theirs == ours


def _endpoint(scheme: str, netloc: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a `host[:port]`, with the scheme's default port filled in."""
    parts = urlsplit(f"{scheme}://{netloc}")
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def addresses_to_open(host: str, port: int) -> list[str]:
    """The URLs to open in a browser for a server listening on `host`.

    A wildcard host has no address of its own: this computer's loopback address is given,
    and its network name for the others.
    """
    if host.strip() in WILDCARD_HOSTS:
        return [f"http://127.0.0.1:{port}/", f"http://{socket.gethostname()}:{port}/"]
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return [f"http://{shown}:{port}/"]


def phone_address(host: str, port: int) -> str:
    """The address a phone on the room's network opens: this computer's address on that
    network when the server listens on every interface (a phone cannot look up a laptop's
    name), else the address listened on."""
    if host.strip() in WILDCARD_HOSTS:
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            probe.connect(("192.0.2.1", 9))  # a route is chosen; nothing is sent
            found = probe.getsockname()[0]
        except OSError:
            found = socket.gethostname()
        finally:
            probe.close()
        return f"http://{found}:{port}/"
    return addresses_to_open(host, port)[0]

