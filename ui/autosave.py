"""Autosave: edits are stored within a second, without a Save button, and never dropped."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from planner.errors import AmendsError, ValidationError

SAVE_DELAY_MS = 400  # well inside the one-second promise, long enough to batch a burst of typing


class Autosaver(QObject):
    """Collects pending saves by key and runs them shortly after the last edit."""

    saved = Signal(object)  # datetime of the save
    failed = Signal(str)  # a user-facing message; the edit stays pending and is retried
    invalid = Signal(str, object)  # key, ValidationError: the form keeps the text, nothing stored

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[str, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    def schedule(self, key: str, save: Callable[[], None]) -> None:
        """Remember the latest save for key and (re)start the countdown."""
        self._pending[key] = save
        self._timer.start()

    def has_pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> bool:
        """Run every pending save now; True when all of them are stored."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        ok = True
        for key, save in pending.items():
            try:
                save()
            except ValidationError as exc:
                # Invalid input is not retried: the user must change it; the form keeps the text.
                self.invalid.emit(key, exc)
                ok = False
            except (AmendsError, OSError) as exc:
                self._pending.setdefault(key, save)
                self.failed.emit(f"Not saved yet: {exc} Your text is kept and saved when you edit again.")
                ok = False
            except Exception as exc:  # sqlite3 errors: disk full, locked, read-only
                self._pending.setdefault(key, save)
                self.failed.emit(
                    f"Not saved yet ({exc}). Your text is kept; Amends will try again when you edit."
                )
                ok = False
        if ok and pending:
            self.saved.emit(datetime.now().astimezone())
        return ok
