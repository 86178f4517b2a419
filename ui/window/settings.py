"""Window size, splitter positions and view choices, remembered per data folder."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from planner.store.paths import make_private

if TYPE_CHECKING:  # the window frame reads its size before any splitter exists
    from PySide6.QtWidgets import QSplitter, QWidget


class UiSettings:
    """A small INI file next to the database, so each data folder keeps its own layout."""

    def __init__(self, data_dir: Path) -> None:
        self._qs = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)

    def save_geometry(self, name: str, widget: QWidget) -> None:
        self._qs.setValue(f"{name}/geometry", widget.saveGeometry())

    def restore_geometry(self, name: str, widget: QWidget) -> bool:
        value = self._qs.value(f"{name}/geometry")
        return isinstance(value, QByteArray) and widget.restoreGeometry(value)

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        self._qs.setValue(f"{name}/splitter", splitter.saveState())

    def restore_splitter(self, name: str, splitter: QSplitter) -> bool:
        value = self._qs.value(f"{name}/splitter")
        return isinstance(value, QByteArray) and splitter.restoreState(value)

    def value(self, key: str, default: str = "") -> str:
        return str(self._qs.value(key, default))

    def set_value(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()
        # It names customers' windows and layout: private, like everything in the data folder.
        make_private(Path(self._qs.fileName()))
