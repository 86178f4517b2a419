"""Getting the window frame on screen before the slow part of start-up, and timing start-up."""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

from ui.startup import gc_pause

FIRST_PAINT_WAIT_MS = 500  # never hold start-up longer than this for a window manager
PROBE_ENV = "AMENDS_STARTUP_PROBE"
PROBE_WAIT_MS = 5000  # the probe never waits longer than this for the window to finish


class _PaintWatch(QObject):
    """Ends a local event loop once every watched widget has painted."""

    def __init__(self, loop: QEventLoop, widgets: Iterable[QWidget]) -> None:
        super().__init__()
        self.loop = loop
        self.waiting = {id(w): w for w in widgets}
        for widget in self.waiting.values():
            widget.installEventFilter(self)

    @property
    def painted(self) -> bool:
        return not self.waiting

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.waiting.pop(id(watched), None) is not None:
            watched.removeEventFilter(self)
            if not self.waiting:
                # Quit after this event: the paint, and the flush to screen that follows it, finish.
                self.loop.quit()
        return False

    def release(self) -> None:
        for widget in self.waiting.values():
            widget.removeEventFilter(self)
        self.waiting.clear()


def paint_now(window: QWidget, wait_ms: int = FIRST_PAINT_WAIT_MS,
              parts: Iterable[QWidget] = ()) -> bool:
    """Run the event loop until the shown window, and each of `parts` that is visible, has
    painted (or wait_ms passed).

    Without this, the window would stay blank until the data file is open: a shown window is
    only drawn when the event loop runs, and the loop does not run during the opening.
    A window paints its children one by one, each with its own paint event, so waiting for the
    window alone would report a list or label as drawn before it is.
    """
    loop = QEventLoop()
    watched = [window, *(w for w in parts if w.isVisible())]
    watch = _PaintWatch(loop, watched)
    QTimer.singleShot(wait_ms, loop.quit)
    for widget in watched:
        widget.update()
    loop.exec()
    painted = watch.painted
    watch.release()
    return painted


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


def ready(window: QWidget, then: Callable[[], None], parts: Iterable[QWidget] = (),
          interactive: SignalInstance | None = None) -> int:
    """With the data in the window: paint it (and wait for each of `parts`, the widgets that
    show the data, to paint), then run `then` (work that can wait), then the app.

    Under the probe, report "ready" once painted and, when `then` has finished the window
    (`interactive` fired), "interactive"; then quit instead of running the app.
    """
    app = QApplication.instance()
    assert app is not None
    paint_now(window, parts=parts)
    report("ready")
    gc_pause.resume()
    if not window.isVisible():
        return 0  # closed while it painted: the event loop would never end without a window
    then()
    if not probing():
        return int(app.exec())
    if interactive is not None:
        loop = QEventLoop()
        interactive.connect(loop.quit)
        QTimer.singleShot(PROBE_WAIT_MS, loop.quit)
        loop.exec()
    report("interactive")
    return 0
