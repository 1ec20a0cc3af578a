"""Shared fixtures: linters built once per session, and a guard that fails any network use."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.config import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Any socket connect or DNS lookup during the test raises NetworkUsed."""

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    yield


@pytest.fixture(scope="session")
def linter_nlp() -> Linter:
    return Linter(Settings())


@pytest.fixture(scope="session")
def linter_patterns() -> Linter:
    return Linter(Settings(nlp_model=None))
