"""Fixtures of the calendar tests: a keyring kept in memory (never the real one), CalDAV servers
started on 127.0.0.1 once per module, and the fault-injecting proxy."""
from __future__ import annotations

import itertools
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.calendar.servers import CalDavServer, FaultProxy, Radicale, Xandikos


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict, so no test reads or writes the system's."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _started(server: CalDavServer) -> Iterator[CalDavServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CalDavServer]:
    yield from _started(Radicale(tmp_path_factory.mktemp("radicale")))


@pytest.fixture(scope="module")
def xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CalDavServer]:
    yield from _started(Xandikos(tmp_path_factory.mktemp("xandikos")))


@pytest.fixture(scope="module", params=["radicale", "xandikos"])
def server(request: pytest.FixtureRequest) -> CalDavServer:
    """Each real server in turn."""
    started: CalDavServer = request.getfixturevalue(request.param)
    return started


@pytest.fixture
def proxy(radicale: CalDavServer) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of Radicale."""
    running = FaultProxy(radicale.port).start()
    yield running
    running.stop()


_names = itertools.count(1)


@pytest.fixture
def calendar_name(request: pytest.FixtureRequest) -> str:
    """A calendar name no other test uses, so tests sharing a server never meet."""
    return f"Amends test {next(_names)} {request.node.name[:40]}"
