"""Getting the window frame on screen before the slow part of start-up, and timing start-up."""
from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

FIRST_PAINT_WAIT_MS = 500  # never hold start-up longer than this for a window manager
PROBE_ENV = "AMENDS_STARTUP_PROBE"


class _PaintWatch(QObject):
    """Ends a local event loop once the watched widget has painted."""

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
            # Quit after this event: the paint, and the flush to screen that follows it, finish.
            self.loop.quit()
        return False


def paint_now(window: QWidget, wait_ms: int = FIRST_PAINT_WAIT_MS) -> bool:
    """Run the event loop until the shown window has painted once (or wait_ms passed).

    Without this, the window would stay blank until the data file is open: a shown window is
    only drawn when the event loop runs, and the loop does not run during the opening.
    """
    loop = QEventLoop()
    watch = _PaintWatch(loop)
    window.installEventFilter(watch)
    QTimer.singleShot(wait_ms, loop.quit)
    window.update()
    loop.exec()
    window.removeEventFilter(watch)
    return watch.painted


def probing() -> bool:
    """True when AMENDS_STARTUP_PROBE asks start-up to report its times and quit."""
    return bool(os.environ.get(PROBE_ENV))


def report(stage: str) -> None:
    """For benchmarks/startup.py: one line per stage, with this process's peak memory."""
    if not probing():
        return
    try:
        import resource

        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except ImportError:  # Windows: time only
        peak_kib = 0
    print(f"amends-startup {stage} {time.perf_counter():.6f} {peak_kib}", flush=True)


def ready(window: QWidget, then: Callable[[], None]) -> int:
    """With the data in the window: paint it, then run `then` (work that can wait), then the app.

    Under the probe, report "ready" once painted and quit instead of running the app.
    """
    app = QApplication.instance()
    assert app is not None
    paint_now(window)
    report("ready")
    if not window.isVisible():
        return 0  # closed while it painted: the event loop would never end without a window
    then()
    return 0 if probing() else int(app.exec())

