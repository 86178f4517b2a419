"""Child process for the single-instance tests: claims a data folder as the app does, then waits.

``python tests/startup/instance_child.py DATA_DIR [--serve]``: with --serve it runs an event loop and
answers a second start; without, it holds the lock and never answers (a hung window).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication

from ui.startup.single_instance import SingleInstance

app = QCoreApplication([])
guard = SingleInstance(Path(sys.argv[1]))
claim = guard.claim()
os.write(1, f"{claim.outcome.value}\n".encode())
if "--serve" in sys.argv:
    app.exec()
else:
    time.sleep(120)
