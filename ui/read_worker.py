"""Reads that could keep a big file's window waiting run on a thread of their own: the newest
request wins, a request still running when a newer one comes is interrupted, and small files
are answered at once on the window's own connection (a thread hop would only add latency)."""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from planner.store.db import BUSY_TIMEOUT_MS
from planner.store.paths import database_path

# Up to this many incidents a filter or search answers in a few milliseconds (5 ms at 5,000 on
# the build machine, 10-15 ms at 10,000): it runs on the window's thread, in step with typing.
SYNC_UP_TO = 5_000

Read = Callable[[sqlite3.Connection], Any]
log = logging.getLogger("amends")


class _Superseded(Exception):
    """A newer request came while a read was sending its parts: the rest is not wanted."""


class ReadWorker(QObject):
    """One thread with a read-only connection; `answered` brings a result back to the GUI thread.

    Only the answer to the newest request is delivered: typing ahead never shows stale results.
    """

    answered = Signal(int, object)  # ticket, what the read returned
    early = Signal(int, object)  # ticket, a first part of the answer (see submit)
    failed = Signal(int, str)  # ticket, what went wrong

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._wake = threading.Condition()
        self._request: tuple[int, Read] | None = None
        self._ticket = 0
        self._closing = False
        self._conn: sqlite3.Connection | None = None
        self._busy = False
        self._thread: threading.Thread | None = None

    @property
    def latest(self) -> int:
        return self._ticket

    def busy(self) -> bool:
        """A request is waiting or running."""
        with self._wake:
            return self._busy or self._request is not None

    def submit(self, read: Read) -> int:
        """Run read(connection) on the worker; returns the ticket its answer will carry.

        A read that is a generator function may `yield` first parts of its answer (each comes
        as `early`) and `return` the whole of it (that comes as `answered`); a newer request
        stops it between parts.
        """
        with self._wake:
            if self._closing:
                raise RuntimeError("the read worker is closed")
            self._ticket += 1
            self._request = (self._ticket, read)
            if self._conn is not None and self._busy:
                self._conn.interrupt()  # its answer would be dropped anyway
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="amends-reads", daemon=True)
                self._thread.start()
            self._wake.notify()
            return self._ticket

    def close(self, timeout: float = 2.0) -> None:
        """Stop the thread and close its connection (before the window's own closes last)."""
        with self._wake:
            self._closing = True
            self._request = None
            if self._conn is not None and self._busy:
                self._conn.interrupt()
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _connect(self) -> sqlite3.Connection:
        path = database_path(self.data_dir)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        return conn

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            while True:
                with self._wake:
                    while self._request is None and not self._closing:
                        self._wake.wait()
                    if self._closing:
                        return
                    assert self._request is not None
                    (ticket, read), self._request = self._request, None
                    self._busy = True
                try:
                    if conn is None:
                        conn = self._connect()
                        with self._wake:
                            self._conn = conn
                    result = read(conn)
                    if isinstance(result, Generator):
                        result = self._parts(ticket, result)
                except _Superseded:
                    continue
                except sqlite3.OperationalError as exc:
                    if "interrupted" not in str(exc):
                        self._fail(ticket, exc)
                    continue
                except Exception as exc:  # noqa: BLE001 - told to the GUI; the thread lives on
                    self._fail(ticket, exc)
                    continue
                finally:
                    with self._wake:
                        self._busy = False
                with self._wake:
                    current = ticket == self._ticket and not self._closing
                if current:
                    self.answered.emit(ticket, result)
        finally:
            with self._wake:
                self._conn = None
            if conn is not None:
                conn.close()

    def _current(self, ticket: int) -> bool:
        with self._wake:
            return ticket == self._ticket and not self._closing

    def _parts(self, ticket: int, parts: Generator[Any, None, Any]) -> Any:
        """Send each yielded part as `early`; the generator's return value is the answer."""
        try:
            while True:
                part = next(parts)
                if not self._current(ticket):
                    parts.close()
                    raise _Superseded
                self.early.emit(ticket, part)
        except StopIteration as done:
            return done.value

    def _fail(self, ticket: int, exc: BaseException) -> None:
        log.warning("A background read failed: %s", exc)
        with self._wake:
            current = ticket == self._ticket and not self._closing
        if current:
            self.failed.emit(ticket, str(exc))
