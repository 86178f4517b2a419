"""Start the GUI: one QApplication, the data folder opened, the main window shown."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from planner.store.paths import resolve_data_dir
from ui.startup import gc_pause
from ui.startup.platform_check import calm_platform_failure, no_desktop

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow


def run_gui(args: argparse.Namespace) -> int:
    """`amends` with no subcommand: open the window on the chosen data folder."""
    gc_pause.hold()  # until the data is painted (first_paint.ready): see ui/startup/gc_pause.py
    try:
        return _run_gui(args)
    finally:
        gc_pause.resume()  # also when start-up ended before the data was painted


def _run_gui(args: argparse.Namespace) -> int:
    # Everything the app writes (the lock, window.ini, the log, the data file and its -wal and
    # -shm, backups, exports) holds or names customer data: private from the first byte.
    if hasattr(os, "umask"):
        os.umask(0o077)
    problem = no_desktop()
    if problem:
        print(f"amends: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    from ui.startup.import_scan import speed_up_pyside_import_scan

    speed_up_pyside_import_scan()  # before the rest of the app is imported
    from ui.branding import brand_application

    with calm_platform_failure():  # a missing library or an unreachable display, named
        app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    brand_application(app)  # names and version (the icon once the data is painted)
    from ui.theme import apply_theme

    apply_theme(app)  # AMENDS_THEME=dark
    from ui.startup.recovery import run_with_recovery

    # One window per data folder, a log and a calm message for errors, a way out of a bad file.
    return run_with_recovery(app, resolve_data_dir(getattr(args, "data_dir", None)))


def open_main_window(data_dir: Path) -> MainWindow:
    """Open the data folder and build the whole window on it (not yet shown).

    The day's integrity check, if due, runs here before the window can write (start-up runs
    it on a worker thread instead, holding the write lock; see ui/startup/session.py).
    """
    from planner.store.integrity import raise_damaged
    from planner.store.paths import database_path
    from ui.startup.recovery import open_data
    from ui.window.main_window import MainWindow

    opened = open_data(data_dir)
    if opened.day_check is not None:
        finding = opened.day_check.run()
        if finding is not None:
            opened.day_check.release()
            opened.conn.close()
            raise_damaged(data_dir, database_path(data_dir), finding)
    window = MainWindow(data_dir)
    window.attach(opened.conn)
    return window
