"""Shared fixtures: linters built once per session, and a guard that fails any network use."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.config import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class NetworkUsed(AssertionError):
    pass


# An audit hook sees every socket the interpreter creates, connects or resolves, whichever library asks.
# Throughout the suite only loopback is allowed (the local web page's tests talk to 127.0.0.1); inside
# the ``no_network`` fixture no internet socket may even be created and no name may be resolved.
_GUARD = {"mode": "loopback"}
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "ip6-localhost", None}


def _loopback_address(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) and address else address
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in _LOOPBACK_NAMES


def _audit(event: str, args) -> None:
    if not event.startswith("socket.") or _GUARD["mode"] == "off":
        return
    strict = _GUARD["mode"] == "none"
    if event == "socket.__new__":
        family = args[1] if len(args) > 1 else None
        if strict and family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkUsed(f"internet socket created ({event})")
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        if strict or not _loopback_address(address):
            raise NetworkUsed(f"network access attempted: {event} {address!r}")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
        host = args[0] if args else None
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if strict or host not in _LOOPBACK_NAMES:
            raise NetworkUsed(f"DNS lookup attempted: {event} {host!r}")


sys.addaudithook(_audit)


@pytest.fixture
def no_network(monkeypatch):
    """No internet socket, connect or DNS lookup during the test: any attempt raises NetworkUsed."""
    _GUARD["mode"] = "none"

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    try:
        yield
    finally:
        _GUARD["mode"] = "loopback"


@pytest.fixture(scope="session")
def linter_nlp() -> Linter:
    return Linter(Settings())


@pytest.fixture(scope="session")
def linter_patterns() -> Linter:
    return Linter(Settings(nlp_model=None))
