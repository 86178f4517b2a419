"""A small editable table of rows (text, a choice or a tick per column) for the playbook editor."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Row = dict[str, object]
MAX_COLUMN = 190  # pixels; a column of short fields never squeezes the long one


@dataclass(frozen=True)
class Column:
    """One column: the field it edits, its heading, and how it is edited."""

    field: str
    title: str
    choices: tuple[str, ...] = ()  # edited with a drop-down
    check: bool = False  # edited with a tick box
    stretch: bool = False  # takes the width left over


class RowsTable(QWidget):
    """Rows of a few fields each, with buttons to add, remove and reorder them."""

    def __init__(self, columns: list[Column], noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([c.title for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setAccessibleName(noun)
        header = self.table.horizontalHeader()
        for index, column in enumerate(columns):
            mode = QHeaderView.ResizeMode.Stretch if column.stretch else \
                QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(index, mode)
        # Wrapped text needs taller rows whenever a column gets narrower or wider.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.add_button = QPushButton(f"Add {noun}")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("Up")
        self.down_button = QPushButton("Down")
        self.add_button.clicked.connect(lambda: self.add_row({}))
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_rows(self, rows: list[Row]) -> None:
        """Replace every row."""
        self.table.setRowCount(0)
        for row in rows:
            self.add_row(row)
        self._fit_columns()

    def add_row(self, values: Row, at: int | None = None) -> None:
        """Insert a row (at the end by default) holding ``values``; missing fields are blank."""
        row = self.table.rowCount() if at is None else at
        self.table.insertRow(row)
        for index, column in enumerate(self.columns):
            value = values.get(column.field)
            if column.choices:
                box = QComboBox()
                box.addItems(list(column.choices))
                text = str(value) if value is not None else column.choices[0]
                if box.findText(text) < 0:
                    box.addItem(text)  # keep an unknown value visible so its problem can be seen
                box.setCurrentText(text)
                self.table.setCellWidget(row, index, box)
            elif column.check:
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                              | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
                self.table.setItem(row, index, item)
            else:
                self.table.setItem(row, index, QTableWidgetItem("" if value is None else str(value)))
        self.table.resizeRowToContents(row)
        self.table.setCurrentCell(row, 0)

    def rows(self) -> list[Row]:
        """Every row as a dict of field to value (text, or True/False for tick boxes)."""
        return [self._row(row) for row in range(self.table.rowCount())]

    def focus_cell(self, row: int, field: str) -> None:
        """Select the cell of ``field`` in ``row`` (used to show where a problem is)."""
        if not 0 <= row < self.table.rowCount():
            return
        names = [c.field for c in self.columns]
        column = names.index(field) if field in names else 0
        self.table.setCurrentCell(row, column)
        self.table.setFocus()

    def _row(self, row: int) -> Row:
        values: Row = {}
        for index, column in enumerate(self.columns):
            if column.choices:
                widget = self.table.cellWidget(row, index)
                values[column.field] = widget.currentText() if isinstance(widget, QComboBox) else ""
                continue
            item = self.table.item(row, index)
            if column.check:
                values[column.field] = item is not None and \
                    item.checkState() == Qt.CheckState.Checked
            else:
                values[column.field] = item.text() if item is not None else ""
        return values

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()  # wrapped text re-flows to the new width

    def _fit_columns(self) -> None:
        # Short fields fit their text up to a cap, so the stretching column keeps real room.
        for index, column in enumerate(self.columns):
            if not column.stretch:
                self.table.resizeColumnToContents(index)
                self.table.setColumnWidth(index, min(self.table.columnWidth(index), MAX_COLUMN))
        self.table.resizeRowsToContents()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        values = self._row(row)
        self.table.removeRow(row)
        self.add_row(values, at=target)
        self.table.setCurrentCell(target, 0)
