"""Unexpected errors: written to a log file in the data folder, shown as a calm message, never a traceback."""
from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from planner.errors import AmendsError
from planner.store.environment import describe, is_environment_error
from planner.store.paths import database_path

LOG_FOLDER = "logs"
LOG_NAME = "amends.log"
LOG_MAX_BYTES = 512_000
LOG_KEEP = 3  # amends.log.1 .. .3
REPEAT_QUIET_SECONDS = 30.0  # the same error again within this time is only logged

log = logging.getLogger("amends")


def setup_log_file(data_dir: Path) -> Path:
    """Send the "amends" logger to data_dir/logs/amends.log (or the temp folder if that fails)."""
    for folder in _log_folders(data_dir):
        path = folder / LOG_NAME
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            rotate(path)
            # A plain FileHandler, rotated once per start: the log holds errors only, and
            # logging.handlers (RotatingFileHandler) costs start-up 10 ms to import.
            handler = logging.FileHandler(path, encoding="utf-8")
            path.chmod(0o600)  # tracebacks can quote customer text
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        for old in [h for h in log.handlers if getattr(h, "amends_log_file", False)]:
            log.removeHandler(old)
            old.close()
        handler.amends_log_file = True  # type: ignore[attr-defined]
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        return path
    return _temp_folder() / LOG_NAME


def _log_folders(data_dir: Path) -> Iterator[Path]:
    yield data_dir / LOG_FOLDER
    yield _temp_folder()  # only when the data folder cannot hold the log


def _temp_folder() -> Path:
    import tempfile  # rarely needed, and start-up is quicker without it

    return Path(tempfile.gettempdir())


def rotate(path: Path) -> None:
    """Move a log grown past LOG_MAX_BYTES to .1 (.1 to .2, ...), dropping the oldest."""
    try:
        if path.stat().st_size <= LOG_MAX_BYTES:
            return
        for n in range(LOG_KEEP - 1, 0, -1):
            older = path.with_name(f"{path.name}.{n}")
            if older.exists():
                older.replace(path.with_name(f"{path.name}.{n + 1}"))
        path.replace(path.with_name(f"{path.name}.1"))
    except OSError:
        return  # no log yet, or it cannot be moved: keep appending to it


class ErrorReporter:
    """A sys.excepthook: log the traceback, then tell the user plainly, one dialog at a time."""

    def __init__(self, data_dir: Path, log_path: Path) -> None:
        self.data_file = database_path(data_dir)
        self.log_path = log_path
        self._showing = False
        self._last: tuple[str, float] | None = None

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        title, text = self.message(exc)
        key = f"{exc_type.__name__}: {exc}"
        now = time.monotonic()
        if self._showing or (self._last and self._last[0] == key and now - self._last[1] < REPEAT_QUIET_SECONDS):
            return
        self._last = (key, now)
        self.show(title, text)

    def message(self, exc: BaseException) -> tuple[str, str]:
        """The dialog's title and text for exc."""
        if isinstance(exc, AmendsError):
            return "Amends could not do that", str(exc)
        if is_environment_error(exc):
            return "Amends could not do that", (
                f"{describe(exc, self.data_file)}\n\nWhat you typed stays in the form and is "
                "saved once the problem is fixed.")
        return "Something went wrong", (
            "Amends ran into a problem it did not expect and stopped what it was doing. "
            "Everything already saved is safe, and text you typed stays in the form and is "
            f"saved automatically.\n\nThe details were written to {self.log_path}. If it keeps "
            "happening, please send that file to whoever supports Amends for you.")

    def show(self, title: str, text: str) -> None:
        """A warning box over the active window; stderr when there is no GUI."""
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            print(f"amends: {text}", file=sys.stderr)
            return
        self._showing = True
        try:
            QMessageBox.warning(QApplication.activeWindow(), title, text)
        finally:
            self._showing = False

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook: log only; a worker must not open dialogs off the GUI thread."""
        if args.exc_value is not None:
            log.error("Unexpected error in a worker thread",
                      exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


def install_error_reporter(data_dir: Path) -> ErrorReporter:
    """Log to the data folder and replace sys.excepthook (and threading's) for the app's life."""
    reporter = ErrorReporter(data_dir, setup_log_file(data_dir))
    sys.excepthook = reporter
    threading.excepthook = reporter.thread_hook
    return reporter
