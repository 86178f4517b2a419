"""The table-model base of every list: COL_* columns, rows replaced by set_rows(), sort keys
in SORT_ROLE, and a key per row so a refresh keeps the user's place (the Vorta shape)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

from ui.qt_values import DISPLAY_ROLE, TOOLTIP_ROLE, USER_ROLE

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView, QWidget

T = TypeVar("T")
SORT_ROLE = USER_ROLE + 1
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of one record type; subclasses say how a row shows, sorts and is keyed."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Iterable[T]) -> None:
        """Replace every row (views keep no selection into the old ones)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[T]:
        """The rows in their current order (do not change the list in place)."""
        return self._rows

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def row_key(self, item: T) -> int:
        """What identifies a row across re-reads; by default the record's id."""
        return int(item.id)  # type: ignore[attr-defined]

    def row_of_key(self, key: int) -> int:
        """The row holding the item with this key, or -1."""
        return next((r for r, item in enumerate(self._rows) if self.row_key(item) == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE) -> Any:
        from PySide6.QtCore import Qt  # not on the first paint's path: see show_rows()

        if orientation == Qt.Orientation.Horizontal and role == DISPLAY_ROLE:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        item, col = self.row_at(index.row()), index.column()  # row_at: a subclass may read on demand
        if role == DISPLAY_ROLE:
            return self.display(item, col)
        if role == SORT_ROLE:
            return self.sort_key(item, col)
        if role == TOOLTIP_ROLE:
            return self.tooltip(item, col) or None
        return self.role_data(item, col, role)

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        """Reorder rows by SORT_ROLE (ascending unless `order` says otherwise), keeping
        persistent indexes (the selection) on their rows."""
        from PySide6.QtCore import Qt

        if not 0 <= column < len(self.HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        order_of = sorted(range(len(self._rows)), key=lambda r: self.sort_key(self._rows[r], column),
                          reverse=order == Qt.SortOrder.DescendingOrder)
        new_row = {old: new for new, old in enumerate(order_of)}
        self._rows = [self._rows[r] for r in order_of]
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(new_row[i.row()], i.column()) for i in old])
        self.layoutChanged.emit()

    # Subclasses fill these in.
    def display(self, item: T, col: int) -> str:
        raise NotImplementedError

    def sort_key(self, item: T, col: int) -> Any:
        return self.display(item, col).casefold()

    def tooltip(self, item: T, col: int) -> str:
        return ""

    def role_data(self, item: T, col: int, role: int) -> Any:
        """Any other role (fonts, colours, ids): None unless a subclass knows better."""
        return None



def show_rows(view: QTableView, model: RowsModel[Any], *, titled: bool = True) -> QWidget:
    """Set the view's model without Qt asking it for column titles; titled: the header shows
    model.HEADERS, held by a Qt-side model of its own. Returns the view's viewport, one made
    here: the first QWidget PySide receives from Qt without knowing its class costs 4 ms (it
    sets up some 60 widget classes to find it), which the first paint need not wait for.

    A header asks its model for titles (and for their sizes as the model is set) with a
    Qt.Orientation argument, and handing one to Python makes PySide build the whole Qt
    namespace (see ui/qt_values.py): the list and Today paint first without it. The model
    keeps its own headerData() for everyone else (accessibility reads the view's model).
    The columns must not change afterwards (HEADERS is fixed per model).
    """
    horizontal, vertical = view.horizontalHeader(), view.verticalHeader()
    shown = not horizontal.isHidden()
    horizontal.hide()  # a hidden header asks for nothing as the model is set
    vertical.hide()  # the views on this path have no row titles
    view.setModel(model)
    if titled:
        from PySide6.QtGui import QStandardItemModel

        titles = QStandardItemModel(0, len(model.HEADERS), view)
        titles.setHorizontalHeaderLabels(list(model.HEADERS))
        horizontal.setModel(titles)
        horizontal.setVisible(shown)
    from PySide6.QtWidgets import QWidget

    viewport = QWidget()
    view.setViewport(viewport)
    return viewport
