"""Shared test set-up: offscreen Qt, and a fresh data folder per test."""
from __future__ import annotations

import os

# Must be set before any QApplication exists so a plain `pytest` runs headless.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
