"""Editors for a visit's lists: ordered lines (agenda, bring-list, questions) and who comes along."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.visits.model import VisitItem, VisitPerson

ITEM_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
              | Qt.ItemFlag.ItemIsDragEnabled)


def _tool(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class ItemListEditor(QWidget):
    """An ordered, editable list: double-click or F2 edits, drag or Alt+Up/Down reorders.

    ``changed`` reports typing and ticks; ``restructured`` (with a step name for undo) a line
    deleted or moved, so that is a step of its own.
    """

    changed = Signal()
    restructured = Signal(str)

    def __init__(self, noun: str, *, checkable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = noun
        self.checkable = checkable
        self._loading = False
        self.view = QListWidget()
        self.view.setAccessibleName(noun)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)  # one line per item, even when it wraps
        self.view.setSpacing(1)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.add_button = QPushButton(f"Add {noun}")
        self.up_button = _tool("▲", "Move up (Alt+Up)")
        self.down_button = _tool("▼", "Move down (Alt+Down)")
        self.delete_button = _tool("✕", "Delete the selected line (Delete)")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        for b in (self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.itemChanged.connect(self._edited)
        self.view.model().rowsMoved.connect(lambda *_: self._restructured(f"Move the {noun}"))
        # setContext() rather than a context= argument, which PySide6 silently ignores here;
        # three of these editors share the page, so each must only react inside itself.
        for keys, widget, slot, context, what in (
            ("Alt+Up", self, lambda: self.move_selected(-1),
             Qt.ShortcutContext.WidgetWithChildrenShortcut, "Move the selected line up"),
            ("Alt+Down", self, lambda: self.move_selected(+1),
             Qt.ShortcutContext.WidgetWithChildrenShortcut, "Move the selected line down"),
            ("Del", self.view, self.delete_selected, Qt.ShortcutContext.WidgetShortcut,
             "Delete the selected line"),
        ):
            shortcut = QShortcut(QKeySequence(keys), widget)
            shortcut.setContext(context)
            shortcut.setWhatsThis(f"{what} (agenda, bring-list, questions)")
            shortcut.activated.connect(slot)

    def set_items(self, items: list[VisitItem]) -> None:
        """Show these lines without reporting a change."""
        self._loading = True
        try:
            self.view.clear()
            for item in items:
                self.view.addItem(self._make(item.text, item.done))
        finally:
            self._loading = False

    def items(self) -> list[VisitItem]:
        """The lines in their order; blank ones are left out."""
        rows = [self.view.item(i) for i in range(self.view.count())]
        return [VisitItem(r.text().strip(), self._is_done(r)) for r in rows if r.text().strip()]

    def texts(self) -> list[str]:
        return [i.text for i in self.items()]

    def add(self) -> None:
        row = self.view.currentRow()
        row = row + 1 if row >= 0 else self.view.count()
        item = self._make("", False)
        self._loading = True  # an empty line is not worth saving until it has text
        self.view.insertItem(row, item)
        self._loading = False
        self.view.setCurrentItem(item)
        self.view.setFocus()
        self.view.editItem(item)

    def delete_selected(self) -> None:
        row = self.view.currentRow()
        if row >= 0:
            self.view.takeItem(row)
            self._restructured(f"Delete the {self.noun}")

    def move_selected(self, step: int) -> None:
        row = self.view.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.view.count():
            return
        self._loading = True  # the row leaves and comes back: one move, not two edits
        item = self.view.takeItem(row)
        self.view.insertItem(target, item)
        self._loading = False
        self.view.setCurrentRow(target)
        self._restructured(f"Move the {self.noun}")

    def _make(self, text: str, done: bool) -> QListWidgetItem:
        item = QListWidgetItem(text)
        flags = ITEM_FLAGS | (Qt.ItemFlag.ItemIsUserCheckable if self.checkable else Qt.ItemFlag.NoItemFlags)
        item.setFlags(flags)
        if self.checkable:
            item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        return item

    def _is_done(self, item: QListWidgetItem) -> bool:
        return self.checkable and item.checkState() == Qt.CheckState.Checked

    def _edited(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _restructured(self, label: str) -> None:
        if not self._loading:
            self.restructured.emit(label)


class PeopleEditor(QWidget):
    """Who comes from our side: a name and role per row (``restructured`` when one is removed)."""

    changed = Signal()
    restructured = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName("Who comes from our side")
        self.table.setHorizontalHeaderLabels(["Name", "Role — why they come"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 110)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_button = QPushButton("Add person")
        self.delete_button = _tool("✕", "Remove the selected person")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemChanged.connect(self._edited)

    def set_people(self, people: list[VisitPerson]) -> None:
        self._loading = True
        try:
            self.table.setRowCount(0)
            for person in people:
                self._append(person.name, person.role)
        finally:
            self._loading = False

    def people(self) -> list[VisitPerson]:
        result = []
        for row in range(self.table.rowCount()):
            name, role = (self._text(row, col) for col in (0, 1))
            if name or role:
                result.append(VisitPerson(name, role))
        return result

    def add(self) -> None:
        self._loading = True
        self._append("", "")
        self._loading = False
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self.table.editItem(self.table.item(row, 0))

    def delete_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            if not self._loading:
                self.restructured.emit("Remove a person")

    def _append(self, name: str, role: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(role))

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _edited(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()

