"""A Qt table model over an incident's moments: edit in place, reorder by drag or keys."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    Qt,
)

from planner.incidents.model import Moment
from ui.rows_model import Index, RowsModel

COL_AT, COL_WHAT, COL_FEELING = range(3)
FIELDS = ("at_text", "what", "feeling")
MIME = "application/x-amends-moment-row"


class MomentsModel(RowsModel[Moment]):
    """Rows are Moment objects; the page persists edits and moves through planner calls."""

    HEADERS = ("When", "What happened", "How it felt")
    # The headers are short so a narrow window never cuts them; hovering says what goes there.
    HEADER_TIPS = ("When it happened, in their words: “Tue 14:10”, “the next morning”",
                   "What happened to them", "How it felt to them")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.on_edit: Any = None  # callable(Moment) set by the page
        self.on_move: Any = None  # callable(from_row, to_row) set by the page

    @property
    def moments(self) -> list[Moment]:
        return self.rows

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)  # the order of the moments is part of the story
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return super().headerData(section, orientation, role)

    def display(self, item: Moment, col: int) -> str:
        return str(getattr(item, FIELDS[col]))

    def tooltip(self, item: Moment, col: int) -> str:
        return self.display(item, col)

    def role_data(self, item: Moment, col: int, role: int) -> Any:
        return self.display(item, col) if role == Qt.ItemDataRole.EditRole else None

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
        self._rows.insert(target, self._rows.pop(source))
        self.endMoveRows()
        if self.on_move is not None:
            self.on_move(source, target)
        return True
