"""The checker's rules compile on a background thread once the window is up, so neither start-up
nor the first keystroke in an apology waits for them (compiling takes a few hundred ms)."""
from __future__ import annotations

import gc
import sys
import threading

from PySide6.QtCore import QTimer

# After the window's first frames: the warm-up competes for the interpreter, and the frame
# and the data come first.
WARM_UP_DELAY_MS = 300
_ENGINE = "planner.apology.checker.engine"
_thread: threading.Thread | None = None


# While the warm-up runs (a second or two of pure Python on a laptop), the GUI thread must get
# the interpreter back at once whenever it asks: each SQLite step of a save, each event handler
# hands the interpreter over and then waits for it. At Python's usual switch interval (5 ms)
# those waits added up to seconds for the first save after start-up.
WARM_UP_SWITCH_INTERVAL_S = 0.0002


def _warm_up() -> None:
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, WARM_UP_SWITCH_INTERVAL_S))
    # The compiled rules are half a million objects that live as long as the app, and next to
    # no garbage (a few hundred). A collection while they are made, or any full one after,
    # walks them all in one go (130 ms) with the interpreter held: the window froze that long.
    # So no collection runs during the warm-up, and what it made is frozen (left out of every
    # later collection) when it is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # Imported here, on this thread: the checker's modules are not on the start-up path.
        from planner.apology.checker import warm_up

        warm_up()
    finally:
        if collecting:  # start-up holds the collector itself until the data is painted
            gc.freeze()
            gc.enable()
        sys.setswitchinterval(previous)


def start_warm_up() -> threading.Thread:
    """Compile the checker on a daemon thread (once); returns that thread."""
    global _thread
    if _thread is None:
        _thread = threading.Thread(target=_warm_up, name="checker-warm-up", daemon=True)
        _thread.start()
    return _thread


def warm_up_later(delay_ms: int = WARM_UP_DELAY_MS) -> None:
    """Start the warm-up once the event loop has run ``delay_ms`` after the window showed."""
    QTimer.singleShot(delay_ms, start_warm_up)


def checker_ready() -> bool:
    """The rules are compiled: a check now costs only the check itself."""
    # The warm-up thread may be importing the engine right now: its module is in sys.modules
    # before is_warm is defined, so a missing attribute means "not yet".
    is_warm = getattr(sys.modules.get(_ENGINE), "is_warm", None)
    return is_warm is not None and bool(is_warm())


def warming() -> bool:
    """The warm-up runs right now (a check would wait for it, or compile a second time)."""
    return _thread is not None and _thread.is_alive()
