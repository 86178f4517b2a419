"""One window per data folder: a lock file, and a local socket that brings the running window forward."""
from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QLockFile, QObject, QSysInfo, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

from planner.store.paths import (  # not planner.integrity: runs before the data is opened
    ANOTHER_FOLDER,
    LOCK_FILE,
)

ACTIVATE = b"activate\n"
ACK = b"ok\n"
CONNECT_TIMEOUT_MS = 1500
REPLY_TIMEOUT_MS = 3000


class Outcome(Enum):
    """What a start-up found: the folder is ours, another window was raised, or neither."""

    ACQUIRED = "acquired"
    ACTIVATED = "activated"
    REFUSED = "refused"


class Claim(NamedTuple):
    """The outcome and, unless the folder is ours, a message for the user."""

    outcome: Outcome
    message: str = ""


def server_name(data_dir: Path) -> str:
    """A local-socket name unique to this user and data folder (the path itself may be long)."""
    import getpass  # these two here: only needed once the window is up, or to find another
    import hashlib

    key = f"{getpass.getuser()}\0{data_dir.resolve()}".encode("utf-8", "surrogatepass")
    return f"amends-{hashlib.sha256(key).hexdigest()[:24]}"


class SingleInstance(QObject):
    """Holds the data folder's lock and answers later starts by asking for the window."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.lock = QLockFile(str(data_dir / LOCK_FILE))
        # Age says nothing about a lock held by a window open for days: only a dead PID is stale.
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None

    @property
    def name(self) -> str:
        return server_name(self.data_dir)

    def claim(
        self, *, connect_timeout_ms: int = CONNECT_TIMEOUT_MS, reply_timeout_ms: int = REPLY_TIMEOUT_MS,
        listen: bool = True,
    ) -> Claim:
        """Take the lock, or raise the window that has it, or explain why neither worked.

        listen=False leaves answering later starts to `listen()`, which start-up calls once the
        window is on screen (the networking module it needs takes a while to load). A start in
        between finds the lock taken and keeps trying to reach us for connect_timeout_ms.
        """
        folder = self.data_dir
        if self.lock.tryLock(0):
            if listen:
                self.listen()
            return Claim(Outcome.ACQUIRED)
        if self.lock.error() != QLockFile.LockError.LockFailedError:
            return Claim(Outcome.REFUSED, (
                f"Amends cannot create its lock file in {folder}. Check that the folder exists "
                f"and that you may write to it, or use another folder: {ANOTHER_FOLDER}."))
        if self._ask_running_instance(connect_timeout_ms, reply_timeout_ms):
            return Claim(Outcome.ACTIVATED, (
                f"Amends is already open with the data folder {folder}; its window was brought "
                "to the front."))
        pid, host, _app = self.lock.getLockInfo()
        if self._holder_dead() and self.lock.removeStaleLockFile() and self.lock.tryLock(0):
            if listen:
                self.listen()
            return Claim(Outcome.ACQUIRED)
        if host and host != QSysInfo.machineHostName():
            return Claim(Outcome.REFUSED, (
                f"Amends on the computer “{host}” is using the data folder {folder}. Close it "
                "there first: two computers must not write to the same file at once."))
        return Claim(Outcome.REFUSED, (
            f"Amends is already running with the data folder {folder} (process {pid}) but "
            "does not answer. Switch to its window; if it is stuck, close it (or end process "
            f"{pid}) and start Amends again."))

    def release(self) -> None:
        """Stop answering and give the folder up (also done when the process ends)."""
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    def listen(self) -> None:
        """Answer later starts on this folder by bringing our window forward."""
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None:
            return
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock, so a socket of that name is a leftover of a killed instance.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            return  # later starts are told "does not answer": inconvenient, never harmful
        server.newConnection.connect(self._on_connection)
        self.server = server

    def _on_connection(self) -> None:
        server = self.server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            # Bound methods, not lambdas: a lambda holding self would let Python's garbage
            # collector delete this object (and its sockets) in the middle of a socket signal.
            socket.readyRead.connect(self._on_request)
            socket.disconnected.connect(socket.deleteLater)

    @Slot()
    def _on_request(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        socket = self.sender()
        if not isinstance(socket, QLocalSocket):
            return
        if ACTIVATE.strip() in bytes(socket.readAll().data()):
            socket.write(ACK)
            socket.flush()
            self.activation_requested.emit()

    def _holder_dead(self) -> bool:
        """The lock was left behind by a killed Amends (Qt usually spots this itself; PID reuse aside)."""
        pid, host, _app = self.lock.getLockInfo()
        return bool(pid) and host == QSysInfo.machineHostName() and not _alive(pid)

    def _holder_alive_here(self) -> bool:
        pid, host, _app = self.lock.getLockInfo()
        return bool(pid) and host == QSysInfo.machineHostName() and _alive(pid)

    def _ask_running_instance(self, connect_timeout_ms: int, reply_timeout_ms: int) -> bool:
        from PySide6.QtCore import QDeadlineTimer, QThread
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        deadline = QDeadlineTimer(connect_timeout_ms)
        while True:
            socket.connectToServer(self.name)
            if socket.waitForConnected(max(0, deadline.remainingTime())):
                break
            # No server yet: the other window may still be starting (it listens once shown).
            if (deadline.hasExpired() or not self._holder_alive_here()
                    or socket.error() != QLocalSocket.LocalSocketError.ServerNotFoundError):
                return False
            QThread.msleep(50)
        socket.write(ACTIVATE)
        socket.waitForBytesWritten(connect_timeout_ms)
        reply = b""
        while ACK not in reply and socket.waitForReadyRead(reply_timeout_ms):
            reply += bytes(socket.readAll().data())
        socket.disconnectFromServer()
        return ACK in reply


def bring_forward(window: QWidget) -> None:
    """Show a window on top of the others, restoring it if it was minimised."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    if QGuiApplication.platformName() != "offscreen":  # nothing to raise above without a screen
        window.raise_()
    window.activateWindow()


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill(pid, 0) would end the process there; Qt's own check covers Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True
