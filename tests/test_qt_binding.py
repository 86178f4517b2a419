"""Guards against Qt binding bugs that would crash Amends, whatever version pip picks."""
from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class _NoData(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return None


def test_returning_none_from_a_model_keeps_none_alive() -> None:
    # PySide6 6.12.0 dropped one reference to None per call; after enough list repaints
    # Python aborts with "deallocating None". Every model in ui/ returns None for "no data".
    model = _NoData()
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        assert index.data(Qt.ItemDataRole.UserRole) is None
    assert sys.getrefcount(None) >= before - 50
