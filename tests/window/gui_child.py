"""Child process for the end-of-session tests: the real app start, a typed edit, then it waits.

``python tests/window/gui_child.py DATA_DIR TEXT`` starts Amends as `amends --data-dir` does
(offscreen), types TEXT at the end of the first incident's title once the data is shown,
prints ``typed`` and runs until a signal ends it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'offscreen.json'}"

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.startup.recovery import run_with_recovery

app = QApplication([])


def type_when_ready() -> None:
    windows = [w for w in app.topLevelWidgets() if getattr(w, "attached", False)]
    if not windows:
        QTimer.singleShot(20, type_when_ready)
        return
    window = windows[0]
    window.list_panel.select(window.list_panel.model.row_at(0).id)
    window.nav.show_workspace()
    field = window.workspace.pages["what"].title_edit
    field.setFocus()
    field.end(False)
    QTest.keyClicks(field, sys.argv[2])
    os.write(1, b"typed\n")


QTimer.singleShot(0, type_when_ready)
sys.exit(run_with_recovery(app, Path(sys.argv[1])))
