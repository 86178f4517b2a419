"""Ended from outside (SIGTERM at logout or shutdown, SIGHUP, Ctrl+C): the last edit is saved first.

Python runs a signal handler only between its own bytecodes, and while Qt's event loop waits
in C++ no Python runs at all: a SIGTERM would sit unhandled until the next mouse move, and the
default action would kill Amends with the last 400 ms of typing unsaved. So the signal's
number is written to a pipe (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches;
the event loop wakes up, and the windows are closed the way Ctrl+Q closes them — open editors
committed, autosave flushed — without asking anything, then the app quits. A desktop logout
through the session manager (``commitDataRequest``) saves the same way.
"""
from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

log = logging.getLogger("amends")
# The C module the `signal` module wraps: the same functions, without the three enum classes
# that `import signal` builds (most of a millisecond, on start-up's way to the first paint).
_signal = importlib.import_module("_signal")
SIGNALS: tuple[int, ...] = tuple(getattr(_signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT")
                                 if hasattr(_signal, name))


class ShutdownGuard(QObject):
    """Turns the end-of-session signals into an orderly, saving quit; one per application."""

    def __init__(self, app: QApplication, on_signal: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self.app = app
        self.on_signal = on_signal or (lambda: shut_down(app))
        self.received: list[int] = []
        # A pipe, not a socket pair: the socket module costs start-up 3 ms, and a pipe does it.
        self._reader, self._writer = os.pipe()
        os.set_blocking(self._reader, False)
        os.set_blocking(self._writer, False)
        self.notifier = QSocketNotifier(self._reader, QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._woken)
        self._previous_fd = _signal.set_wakeup_fd(self._writer, warn_on_full_buffer=False)
        self._previous = {number: _signal.signal(number, self._note) for number in SIGNALS}
        app.commitDataRequest.connect(lambda _manager: save_everything(app))
        app.aboutToQuit.connect(self.uninstall)

    def _note(self, number: int, _frame: object) -> None:
        # Runs when the notifier below hands control to Python; the work is done there.
        self.received.append(number)

    def _woken(self) -> None:
        try:
            while os.read(self._reader, 64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        if self.received:
            import signal  # for the names: a signal has arrived, start-up is long over

            names = ", ".join(signal.Signals(n).name for n in self.received)
            log.warning("Asked to end (%s): saving and closing", names)
            self.received.clear()
            self.on_signal()

    def uninstall(self) -> None:
        """Give the signals back to their earlier handlers (the app is going anyway)."""
        if self._previous_fd is None:
            return
        _signal.set_wakeup_fd(self._previous_fd)
        self._previous_fd = None
        for number, handler in self._previous.items():
            _signal.signal(number, handler)
        self.notifier.setEnabled(False)
        os.close(self._reader)
        os.close(self._writer)


def main_windows(app: QApplication) -> list[QObject]:
    """The Amends main windows (found by their flag; the window module is not needed here)."""
    return [w for w in app.topLevelWidgets() if hasattr(w, "shutting_down")]


def save_everything(app: QApplication) -> None:
    """Commit open editors and run every pending save in every window, now."""
    for window in main_windows(app):
        flush = getattr(window, "_flush", None)
        if getattr(window, "attached", False) and flush is not None:
            flush()


def shut_down(app: QApplication) -> None:
    """Close every window as Ctrl+Q does, but without questions (nobody may be there), and quit."""
    for window in main_windows(app):
        window.shutting_down = True  # type: ignore[attr-defined]
        window.close()  # type: ignore[attr-defined]
    app.quit()


def install(app: QApplication) -> ShutdownGuard | None:
    """Install the guard once (POSIX; Windows ends programs its own way)."""
    if sys.platform == "win32" or not SIGNALS:
        return None
    # Kept on the application, not looked up with findChild: that wraps every child of the app
    # in Python, and its style makes PySide set up QStyle's enumerations (5 ms at start-up).
    existing = getattr(app, "_amends_shutdown_guard", None)
    if existing is None:
        existing = app._amends_shutdown_guard = ShutdownGuard(app)  # type: ignore[attr-defined]
    return existing
