"""Autosave within a second, never dropping an edit, and the warning shown while saves fail."""
from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from planner.errors import AmendsError, NotFoundError, ValidationError
from planner.store.db import BUSY_TIMEOUT_MS
from planner.store.environment import describe, is_environment_error
from planner.store.rescue import FileWatch
from ui.qt_values import ALIGN_LEFT, ALIGN_TOP, set_enum

SAVE_DELAY_MS = 400  # well inside the one-second promise, long enough to batch a burst of typing
RETRY_INTERVAL_MS = 3000  # while something could not be saved, try again this often
RETRY_BUSY_TIMEOUT_MS = 250  # a retry must not freeze the window while another program holds the lock

log = logging.getLogger("amends")


def _row_not_found() -> tuple[type[Exception], ...]:
    """sqlite-utils' "no such row", which only sqlite-utils can raise: no need to load it first."""
    module = sys.modules.get("sqlite_utils.db")
    return (module.NotFoundError,) if module is not None else ()


class Autosaver(QObject):
    """Collects pending saves by key and runs them shortly after the last edit.

    A save that fails because of the machine (full disk, read-only or locked file) stays
    pending and is retried every few seconds until it succeeds; the form keeps the typed text
    meanwhile. One such failure ends the round, so the window waits on a lock at most once
    (the 5-second busy timeout), never once per pending edit.
    """

    saved = Signal(object)  # datetime of the save
    failed = Signal(str)  # a user-facing message; the edit stays pending and is retried
    # The data file was deleted or replaced while open: the saves went to a recovered copy,
    # and this message says where (never "Saved" while writing into an unreachable file).
    rescued = Signal(str)
    invalid = Signal(str, object)  # key, ValidationError: the form keeps the text, nothing stored

    def __init__(
        self, parent: QObject | None = None, *, connection: sqlite3.Connection | None = None,
        data_file: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._pending: dict[str, Callable[[], None]] = {}
        # Saves refused as invalid input: kept (not retried) until the record is edited again
        # or the user discards them, so leaving the record can warn instead of losing them.
        self._invalid: dict[str, tuple[Callable[[], None], ValidationError]] = {}
        self._connection = connection
        self._data_file = data_file
        self._watch = FileWatch(connection) if connection is not None else None
        self._logged: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_INTERVAL_MS)
        self.retry_timer.timeout.connect(self.retry)

    def schedule(self, key: str, save: Callable[[], None]) -> None:
        """Remember the latest save for key and (re)start the countdown."""
        self._pending[key] = save
        self._invalid.pop(key, None)  # edited again: the newer save decides
        self._timer.start()

    def has_pending(self) -> bool:
        """Saves waiting to run or to be retried (invalid input is counted by has_unsaved)."""
        return bool(self._pending)

    def has_unsaved(self) -> bool:
        """Anything typed that is not stored: pending saves and saves refused as invalid."""
        return bool(self._pending or self._invalid)

    def invalid_saves(self) -> list[tuple[str, ValidationError]]:
        """The refused saves by key, with why, oldest first."""
        return [(key, exc) for key, (_save, exc) in self._invalid.items()]

    def discard_invalid(self) -> None:
        """Drop the saves refused as invalid (the user chose to discard those changes)."""
        self._invalid.clear()

    def discard_pending(self) -> None:
        """Forget every pending save (the data they belong to was replaced, e.g. by a restore)."""
        self._pending.clear()
        self._invalid.clear()
        self._timer.stop()
        self.retry_timer.stop()

    def flush(self) -> bool:
        """Run every pending save now; True when all of them are stored (and none is still
        refused as invalid)."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        ok = True
        items = list(pending.items())
        for index, (key, save) in enumerate(items):
            try:
                save()
            except ValidationError as exc:
                # Invalid input is not retried: the user must change it; the form keeps the text.
                self._invalid[key] = (save, exc)
                self.invalid.emit(key, exc)
                ok = False
            except (NotFoundError, *_row_not_found()) as exc:
                # The record was deleted meanwhile (elsewhere, or erased): nothing left to save to.
                self.failed.emit(self._gone_message(key, exc))
                ok = False
            except Exception as exc:  # noqa: BLE001 - disk, lock, permissions or a bug: keep the edit
                ok = False
                self._keep(key, save)
                self.failed.emit(self._message(exc))
                if is_environment_error(exc):
                    for later_key, later_save in items[index + 1:]:
                        self._keep(later_key, later_save)
                    break
        if self._pending:
            if not self.retry_timer.isActive():
                self.retry_timer.start()
        else:
            self.retry_timer.stop()
        if ok and pending and not self.check_file(saved=True):
            self.saved.emit(datetime.now().astimezone())
        return ok and not self._invalid

    def check_file(self, *, saved: bool = False) -> bool:
        """True when the data file is gone or replaced (the user has been told, and what is
        in the connection is in a recovered copy); run after saves and on window focus."""
        if self._watch is None:
            return False
        message = self._watch.check(saved=saved)
        if message is not None:
            log.error("The data file vanished while open: %s", message)
            self.rescued.emit(message)
        return self._watch.copy is not None

    def retry(self) -> bool:
        """Try the pending saves again, waiting only briefly for a lock held elsewhere."""
        if not self._pending:
            self.retry_timer.stop()
            return True
        conn = self._connection
        if conn is None:
            return self.flush()
        try:
            conn.execute(f"PRAGMA busy_timeout={RETRY_BUSY_TIMEOUT_MS}")
        except sqlite3.Error:
            pass
        try:
            return self.flush()
        finally:
            try:
                conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            except sqlite3.Error:
                pass

    @staticmethod
    def _gone_message(key: str, exc: Exception) -> str:
        # sqlite-utils' NotFoundError has no text: without this the user saw "Not saved: ".
        what = key.split(":")[0] or "record"
        reason = str(exc).strip() or (
            f"this {what} no longer exists (it was deleted or erased, in another window or "
            "from the shell)")
        return (f"Not saved: {reason.rstrip('.')}. The last change to it had nowhere to go; reload the "
                "list to see what is there now.")

    def _keep(self, key: str, save: Callable[[], None]) -> None:
        # A newer edit scheduled meanwhile wins over the one that failed.
        self._pending.setdefault(key, save)

    def _message(self, exc: Exception) -> str:
        if isinstance(exc, AmendsError):
            return (f"Not saved yet: {exc} What you typed is kept; Amends tries again every "
                    "few seconds.")
        if is_environment_error(exc):
            return (f"Not saved yet: {describe(exc, self._data_file)} What you typed is kept "
                    "and saved as soon as that is fixed.")
        text = f"{type(exc).__name__}: {exc}"
        if text not in self._logged:  # once per distinct problem, not every retry
            self._logged.add(text)
            log.error("A save failed unexpectedly", exc_info=exc)
        return ("Not saved yet: Amends ran into an unexpected problem (written to its log). "
                "What you typed is kept; Amends tries again every few seconds.")


WARNING_STYLE = (
    "QLabel { background: #fff4ce; color: #5c4400; border: 1px solid #e0c36a;"
    " border-radius: 3px; padding: 1px 8px; }"
)


class SaveWarning(QLabel):
    """Shows the autosaver's latest failure until a save succeeds; the full text in a tooltip."""

    def __init__(self, autosaver: Autosaver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveWarning")
        self.setWordWrap(True)  # two lines rather than losing the "what to do" half
        # Longer text is cut at its end (the tooltip has it all), never at its first line.
        set_enum(self, "alignment", ALIGN_LEFT | ALIGN_TOP)
        self.setAccessibleName("Unsaved changes warning")
        self.setMinimumWidth(200)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 2 + 8)
        self.hide()
        self._autosaver = autosaver
        autosaver.failed.connect(self.show_problem)
        autosaver.rescued.connect(self.show_problem)
        autosaver.saved.connect(self._on_saved)

    def show_problem(self, message: str) -> None:
        """Show message (prefixed with a warning sign) until the next successful save."""
        # Set here, not at start-up: QSizePolicy's first use costs the data's first paint a
        # millisecond, and a hidden label takes no room anyway. Long messages must not widen
        # the window; the tooltip carries all of it.
        from PySide6.QtWidgets import QSizePolicy

        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setStyleSheet(WARNING_STYLE)  # likewise: a style sheet costs the first paint too
        self.setText(f"⚠ {message}")
        self.setToolTip(message)
        self.show()

    def _on_saved(self, _when: datetime) -> None:
        if not self._autosaver.has_pending():
            self.clear()
            self.setToolTip("")
            self.hide()
