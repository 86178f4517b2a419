"""Opening the real main window in a test, shown and active so its shortcuts work."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ui.startup.gui import open_main_window
from ui.window.main_window import MainWindow


def show_main_window(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                     prepare: Callable[[MainWindow], None] | None = None) -> MainWindow:
    """The window on data_dir, registered with qtbot; `prepare` runs before it is shown."""
    window = open_main_window(data_dir)
    qtbot.addWidget(window)
    if prepare is not None:
        prepare(window)
    # Offscreen has no window manager: without activation, window shortcuts never fire.
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window
