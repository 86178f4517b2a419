"""Python's garbage collector, held off while start-up builds the window and paints the data.

Until the data is painted, start-up makes long-lived objects (modules, classes, PySide's enum
types, widgets) and next to no garbage (some 300 unreachable objects), yet the collector would
walk everything some forty times on the way: 9 ms of a start that a bare PySide window makes
in about 140 ms. `hold()` switches it off before PySide is imported; `resume()`, once the data is
on screen (or start-up ends without getting there), freezes what start-up made, so later
collections skip it (shorter pauses in a long session), and switches it back on.
"""
from __future__ import annotations

import gc


def hold() -> None:
    """Switch the collector off for start-up."""
    gc.disable()


def resume() -> None:
    """Switch it back on, with what start-up made set aside for good (no-op when it is on)."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()
