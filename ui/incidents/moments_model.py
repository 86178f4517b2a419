"""A Qt table model over an incident's moments: edit in place, reorder by drag or keys."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from planner.incidents.model import Moment

COL_AT, COL_WHAT, COL_FEELING = range(3)
HEADERS = ("When", "What happened to them", "How it felt to them")
FIELDS = ("at_text", "what", "feeling")
MIME = "application/x-amends-moment-row"
Index = QModelIndex | QPersistentModelIndex


class MomentsModel(QAbstractTableModel):
    """Rows are Moment objects; the page persists edits and moves through planner calls."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.moments: list[Moment] = []
        self.on_edit: Any = None  # callable(Moment) set by the page
        self.on_move: Any = None  # callable(from_row, to_row) set by the page

    def set_rows(self, moments: list[Moment]) -> None:
        self.beginResetModel()
        self.moments = moments
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.moments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return HEADERS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.moments):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return getattr(self.moments[index.row()], FIELDS[index.column()])
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        moment = self.moments[index.row()]
        if getattr(moment, FIELDS[index.column()]) == str(value):
            return False
        setattr(moment, FIELDS[index.column()], str(value))
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        if self.on_edit is not None:
            self.on_edit(moment)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(MIME, QByteArray(str(indexes[0].row()).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        source = int(bytes(data.data(MIME).data()).decode())
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self.moments))
        if target > source:
            target -= 1  # the source row leaves the list before it is put back
        self.move(source, target)
        # False tells the view not to remove the source row: move() already placed it.
        return False

    def move(self, source: int, target: int) -> bool:
        """Move one row, keeping Qt's persistent indexes right; the page persists the order."""
        target = max(0, min(target, len(self.moments) - 1))
        if source == target or not 0 <= source < len(self.moments):
            return False
        dest = target + 1 if target > source else target
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), dest)
        self.moments.insert(target, self.moments.pop(source))
        self.endMoveRows()
        if self.on_move is not None:
            self.on_move(source, target)
        return True
