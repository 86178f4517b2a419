"""Child process for the autosave test: the real main window, offscreen, types into a field, waits.

``python tests/window/autosave_child.py DATA_DIR TEXT`` prints ``typed`` once the keys are in and
``saved`` when the autosaver reports the save done, then runs the event loop until the parent
kills it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'offscreen.json'}"

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.startup.gui import open_main_window

app = QApplication([])
window = open_main_window(Path(sys.argv[1]))
window.show()
window.list_panel.select(window.list_panel.model.row_at(0).id)
window.nav.show_workspace()
field = window.workspace.pages["what"].title_edit
field.setFocus()
field.end(False)
window.ctx.autosaver.saved.connect(lambda _when: os.write(1, b"saved\n"))
QTest.keyClicks(field, sys.argv[2])
os.write(1, b"typed\n")
app.exec()
