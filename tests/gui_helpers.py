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


def type_date(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into a DateTimeField as a user does: select what is there, type, then
    commit it as Enter or leaving the field does (a key sent to a dialog that is not on screen
    would reach the window's shortcuts instead)."""
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)
    field.commit()


def typed(moment) -> str:  # type: ignore[no-untyped-def]
    """A local datetime as a user might type it: 25/11/2026 14:30."""
    return f"{moment.astimezone():%d/%m/%Y %H:%M}"
