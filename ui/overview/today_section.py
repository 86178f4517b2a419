"""One titled block of the Today view: a heading with a count, an optional action, a table, and
a quiet line saying how many more there are when the table shows only the first rows."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Signal
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.overview.today_models import INCIDENT_ROLE
from ui.qt_values import (
    ALIGN_LEFT,
    ALIGN_VCENTER,
    SCROLL_BAR_ALWAYS_OFF,
    WIDGET_SHORTCUT,
    set_enum,
    shortcut,
)
from ui.rows_model import RowsModel, show_rows
from ui.step_page import Target
from ui.theme import alert_colour, muted

MAX_VISIBLE_ROWS = 8
# {shown} and {total} are filled in; the rest tells the user where the others are.
DEFAULT_MORE_TEXT = "Showing the first {shown} of {total}."


class TodaySection(QWidget):
    """A heading and a table sized to its rows (up to MAX_VISIBLE_ROWS, then it scrolls).

    When the section holds more than the table lists, `more` says so under the table. The
    table is built the first time the section has a row to show (or `view` is asked for): on a
    quiet day most sections stay empty and hidden, and start-up pays only for their headings.
    """

    open_requested = Signal(int, str, object)  # incident id, workspace step key, Target
    action_requested = Signal(int)  # model row the section's action applies to
    selection_changed = Signal()  # a row of this section was highlighted or let go

    def __init__(
        self, title: str, model: RowsModel[Any], step: str, *, widths: dict[int, int] | None = None,
        stretch: int = -1, action: str | None = None, alert: bool = False,
        more_text: str = DEFAULT_MORE_TEXT, shares: dict[int, int] | None = None,
        view_tip: str = "", parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model, self.step, self.alert, self.more_text = model, step, alert, more_text
        self.total = 0
        self._view: QTableView | None = None
        self._more: QLabel | None = None
        self.viewport: QWidget | None = None  # the table's viewport, once the table is built
        self._view_tip = view_tip
        # Short columns (when, how, status) are as wide as their text; the wordy ones share
        # what is left in these proportions, so none is squeezed to nothing in a small window
        # (a cut cell ends in "…" and its row's tooltip says it all).
        self.fixed = dict(widths or {})
        last = stretch if stretch >= 0 else model.columnCount() - 1
        self.shares = dict(shares or {last: 1})
        self._sorted_by_user = False
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.count = QLabel()
        self.action: QPushButton | None = None
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.count)
        top.addStretch(1)
        if action:
            self.action = QPushButton(action)
            self.action.setEnabled(False)
            self.action.setToolTip("Ctrl+D on a row does the same")
            self.action.clicked.connect(self._act)
            top.addWidget(self.action)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 6, 0, 6)
        self._layout.addLayout(top)
        # Hidden until set_rows has rows for it: the page's first layout (when Today is put in
        # its scroll area) then measures no heading, button or label it may never show.
        self.setVisible(False)

    @property
    def view(self) -> QTableView:
        """The section's table (built now if it was not yet)."""
        if self._view is None:
            self._view = self._build_view()
        return self._view

    @property
    def more(self) -> QLabel:
        """The line under the table saying how many more there are."""
        self.view  # noqa: B018 - built with the table, below it
        assert self._more is not None
        return self._more

    def has_view(self) -> bool:
        """The table has been built (a section never shown with rows has none yet)."""
        return self._view is not None

    def _build_view(self) -> QTableView:
        model = self.model
        view = QTableView()
        # Sorting is on before the model is set: turning it on sorts the view's model, and
        # Qt would hand ours a Qt.SortOrder (see ui/qt_values.py) before the first paint.
        view.setSortingEnabled(True)
        self.viewport = show_rows(view, model)
        view.setAccessibleName(self.title.text())
        view.setToolTip(self._view_tip)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.setCornerButtonEnabled(False)
        header = view.horizontalHeader()
        header.setSortIndicatorShown(False)
        header.setHighlightSections(False)
        set_enum(header, "defaultAlignment", ALIGN_LEFT | ALIGN_VCENTER)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col in range(model.columnCount()):
            if col not in self.fixed and col not in self.shares:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col, width in self.fixed.items():
            header.resizeSection(col, width)
        set_enum(view, "horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)
        header.sectionClicked.connect(self._user_sorted)
        view.selectionModel().selectionChanged.connect(self.selection_changed)
        if self.action is not None:
            shortcut(view, "Ctrl+D", self._act_on_current, context=WIDGET_SHORTCUT,
                     what="Mark the highlighted follow-up done")
            view.selectionModel().selectionChanged.connect(self._selection_changed)
            model.modelReset.connect(self._selection_changed)
        self._layout.addWidget(view)
        self._more = QLabel()
        self._more.setWordWrap(True)
        palette = self._more.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted(palette.color(QPalette.ColorRole.WindowText)))
        self._more.setPalette(palette)
        self._more.hide()
        self._layout.addWidget(self._more)
        view.activated.connect(self._open)
        view.doubleClicked.connect(self._open)
        return view

    def set_rows(self, rows: Sequence[Any], total: int | None = None) -> None:
        """Show rows (in planner order, or in the order the user chose by clicking a header).

        `total` is how many the section holds in all when `rows` are only the first of them.
        """
        count = len(rows) if total is None else total
        if not count and not self.has_view():
            self.model.set_rows([])
            self.total = 0
            self.count.setText("(0)")
            self.setVisible(False)  # nothing to show: the table can wait until there is
            return
        place = self._place()
        self.model.set_rows(list(rows))
        header = self.view.horizontalHeader()
        if self._sorted_by_user:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._restore(place)
        self.total = len(rows) if total is None else total
        self.count.setText(f"({self.total:,})")
        if self.alert and self.total:
            self.count.setStyleSheet(f"color: {alert_colour(self.palette()).name()}; font-weight: 600;")
        else:
            self.count.setStyleSheet("")
        hidden = self.total > len(rows)
        self.more.setText(self.more_text.format(shown=f"{len(rows):,}", total=f"{self.total:,}") if hidden else "")
        self.more.setVisible(hidden)
        self.setVisible(bool(self.total))
        self._fit_height()
        self._fit_columns()

    def _place(self) -> tuple[int, int, int, bool] | None:
        """Where the keyboard is: (row, column, row key, selected), or None."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        key = self.model.row_key(self.model.row_at(index.row()))
        return index.row(), index.column(), key, self.view.selectionModel().hasSelection()

    def _restore(self, place: tuple[int, int, int, bool] | None) -> None:
        # The same item if it is still listed; else whatever moved up into its row (the next
        # follow-up once one is marked done), so arrows and Ctrl+D carry on from there.
        if place is None or not self.model.rowCount():
            return
        row, column, key, selected = place
        found = self.model.row_of_key(key)
        row = found if found >= 0 else min(row, self.model.rowCount() - 1)
        flags = QItemSelectionModel.SelectionFlag.NoUpdate
        if selected:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(self.model.index(row, column), flags)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() and self.view.selectionModel().hasSelection() else -1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The table takes its new width when the layout runs, just after this: fit then.
        QTimer.singleShot(0, self, self._fit_columns)

    def _fit_columns(self) -> None:
        if not self.has_view():
            return  # a resize before the section's first row: nothing to fit yet
        header = self.view.horizontalHeader()
        room = self.view.viewport().width() - sum(
            header.sectionSize(c) for c in range(self.model.columnCount()) if c not in self.shares)
        total = sum(self.shares.values()) or 1
        for col, share in self.shares.items():
            header.resizeSection(col, max(40, room * share // total))

    def _fit_height(self) -> None:
        rows = min(self.model.rowCount(), MAX_VISIBLE_ROWS)
        height = self.view.horizontalHeader().height() + 2 * self.view.frameWidth()
        height += sum(self.view.rowHeight(r) for r in range(rows)) or 0
        self.view.setFixedHeight(max(height, self.view.horizontalHeader().height() + 4))

    def _user_sorted(self, _section: int) -> None:
        self._sorted_by_user = True
        self.view.horizontalHeader().setSortIndicatorShown(True)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            # The row itself is shown there too: this follow-up, this visit.
            item = self.model.row_at(index.row())
            row = self.model.row_key(item) if self.step in ("followups", "visit") else None
            self.open_requested.emit(int(index.data(INCIDENT_ROLE)), self.step, Target(row))

    def _selection_changed(self, *_: object) -> None:
        if self.action is not None:
            self.action.setEnabled(self.current_row() >= 0)

    def _act_on_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.selectRow(index.row())
            self.action_requested.emit(index.row())

    def _act(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.action_requested.emit(row)


def separator() -> QFrame:
    """A thin line between the header and the sections."""
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
