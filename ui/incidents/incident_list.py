"""The incident list panel: search-as-you-type, a status filter, and the list itself."""
from __future__ import annotations

import sqlite3
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.incidents.listing import ListQuery, count_incidents, first_matching_ids, matching_ids
from planner.incidents.summary import Status
from ui.incidents.incident_delegate import IncidentDelegate
from ui.incidents.list_model import (
    COL_CUSTOMER,
    COL_REPORTED,
    COL_STATUS,
    COL_TITLE,
    ID_ROLE,
    PAGE,
    SEVERITY_ROLE,
    SUBTITLE_ROLE,
    WAITING_ROLE,
    IncidentListModel,
    age_text,
)
from ui.qt_values import ALIGN_CENTER, set_enum, shortcut
from ui.rows_model import show_rows

if TYPE_CHECKING:
    from ui.read_worker import ReadWorker

__all__ = ["COL_TITLE", "ID_ROLE", "IncidentListModel", "IncidentListPanel", "age_text"]


FIRST_PAGE_WITHIN_S = 0.01


def first_page_then_all(conn: sqlite3.Connection, query: ListQuery) -> Generator[list[int], None, list[int]]:
    """On the read worker: the first screenful of matches when it is quick to find, then all
    of them. A common word finds its first page in a millisecond, while all its matches take a
    walk through the whole index (60-90 ms at 100,000 incidents); a rare word goes straight
    to that walk."""
    first = first_matching_ids(conn, query, PAGE + 1, FIRST_PAGE_WITHIN_S)
    if first is not None and len(first) <= PAGE:
        return first
    if first is not None:
        yield first[:PAGE]
    return matching_ids(conn, query)


def sync_up_to() -> int:
    """ui.read_worker.SYNC_UP_TO (that module loads with the first filter, not at start-up)."""
    from ui import read_worker

    return read_worker.SYNC_UP_TO


class FilterEdit(QLineEdit):
    """The search field: Esc clears what was typed (and shows every incident again), and so
    does its clear button, which shows while there is text."""

    def __init__(self, placeholder: str) -> None:
        super().__init__(placeholderText=placeholder)
        # Qt shows the button only over text, so it is switched on with the first text: making
        # it (an action with the style's icon) cost the first paint most of a millisecond.
        self.textChanged.connect(self._clear_button)

    def _clear_button(self, text: str) -> None:
        if text:
            self.textChanged.disconnect(self._clear_button)
            self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # at the first key press, not before the first paint

        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class IncidentListPanel(QWidget):
    """Search-as-you-type across customer, contact and title, a status filter, the list.

    The rows come from the data file as the view shows them (IncidentListModel); a filter is
    answered by one indexed query, on a worker thread when the file is big, so typing never waits.
    """

    incident_selected = Signal(object)  # int id, or None when nothing is selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._conn: sqlite3.Connection | None = None
        self._reads: ReadWorker | None = None
        self._data_dir: Path | None = None
        self._waiting: tuple[int, ListQuery, int | None, bool] | None = None  # ticket, query, current, refresh
        # The incident open beside the list: a search that hides its row leaves it open, and
        # clearing the search (Esc) selects it again.
        self._open: int | None = None
        self.total = 0
        self.search = FilterEdit("Search customer, contact or title…")
        self.search.setAccessibleName("Search incidents")
        self.search.setToolTip("Every word must appear in the customer, contact or title (Ctrl+F; Esc clears)")
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        self.status_filter.addItem("Not closed", "active")
        for status in Status:
            self.status_filter.addItem(status.label, status.value)
        self.model = IncidentListModel(self)
        self.view = QTableView()
        # One painted column needs no title. The viewport is what start-up watches paint.
        self.viewport = show_rows(self.view, self.model, titled=False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        # One painted column (title over #number · customer · status · age) reads better in a narrow pane.
        self.view.setItemDelegateForColumn(COL_TITLE, IncidentDelegate(SUBTITLE_ROLE, SEVERITY_ROLE, WAITING_ROLE, self.view))
        for col in (COL_CUSTOMER, COL_STATUS, COL_REPORTED):
            self.view.setColumnHidden(col, True)
        self.view.horizontalHeader().setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        rows = self.view.verticalHeader()
        # Fixed heights: the view asks the model only for the rows it paints, never for all.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 14)
        self.empty = QLabel("No incidents yet.\nPress Ctrl+N to record what went wrong.")
        set_enum(self.empty, "alignment", ALIGN_CENTER)
        self.empty.setWordWrap(True)
        self.count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.count)
        self.search.textChanged.connect(self.apply_filter)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        shortcut(self, "Ctrl+F", self.search.setFocus)

    def attach(self, conn: sqlite3.Connection, data_dir: Path) -> None:
        """Read the list from this connection (and, for a big file's filter, from a worker's own)."""
        self._conn, self._data_dir = conn, data_dir

    def _worker(self) -> ReadWorker:
        if self._reads is None:
            from ui.read_worker import ReadWorker  # a big file's first filter, not start-up

            assert self._data_dir is not None
            self._reads = ReadWorker(self._data_dir, self)
            self._reads.answered.connect(self._answered)
            self._reads.early.connect(self._first_page)
            self._reads.failed.connect(self._read_failed)
        return self._reads

    def close_reads(self) -> None:
        """Stop the filter's worker and close its connection (the window is closing)."""
        if self._reads is not None:
            self._reads.close()

    def refresh(self, keep: int | None = None) -> None:
        """Read the list again (after an edit, an addition, a deletion or a restore), keeping
        `keep` (the open incident) listed and selected."""
        self.apply_filter(keep=keep, refresh=True)

    def filtering(self) -> bool:
        """A filter's answer is still on its way from the worker."""
        return self._waiting is not None

    def apply_filter(self, *_: object, keep: int | None = None, refresh: bool = False) -> None:
        """Show the rows that match; a refresh keeps `keep` (the open incident) listed even
        when an edit made it stop matching, so typing never blanks the workspace."""
        conn = self._conn
        if conn is None:
            return
        current = keep if keep is not None else (self.current_id() or self._open)
        query = ListQuery(self.search.text(), self.status_filter.currentData(),
                          current if refresh else None)
        self.total = count_incidents(conn)
        self._waiting = None
        if not query.filtered:
            self._show(query, current, refresh, None)
        elif self.total <= sync_up_to() or self._data_dir is None:
            self._show(query, current, refresh, matching_ids(conn, query))
        else:
            ticket = self._worker().submit(lambda reader: first_page_then_all(reader, query))
            self._waiting = (ticket, query, current, refresh)

    def _first_page(self, ticket: int, ids: object) -> None:
        """The first screenful of a big file's matches, while the rest are still being found."""
        if self._waiting is None or self._waiting[0] != ticket or not isinstance(ids, list):
            return
        _, query, current, refresh = self._waiting
        self._show(query, current, refresh, ids, first_page=True)

    def _answered(self, ticket: int, ids: object) -> None:
        if self._waiting is None or self._waiting[0] != ticket or not isinstance(ids, list):
            return
        _, query, current, refresh = self._waiting
        self._waiting = None
        if self.model.rowCount() and self.current_id() is not None:
            current = self.current_id()  # chosen in the first page meanwhile: keep it chosen
        self._show(query, current, refresh, ids)

    def _read_failed(self, ticket: int, message: str) -> None:
        if self._waiting is not None and self._waiting[0] == ticket:
            self._waiting = None
            self.count.setText(f"The list could not be filtered ({message}).")

    def _show(self, query: ListQuery, current: int | None, refresh: bool, ids: list[int] | None,
              *, first_page: bool = False) -> None:
        conn = self._conn
        assert conn is not None
        self.view.selectionModel().blockSignals(True)
        if ids is None:
            self.model.show_all(conn)
        else:
            self.model.show_ids(conn, ids)
        self.view.selectionModel().blockSignals(False)
        shown, total = self.model.rowCount(), self.total
        self.view.setVisible(bool(shown))
        self.empty.setVisible(not shown)
        if not shown and total:
            self.empty.setText("No incident matches this search.\nClear the search (Esc) to see them all.")
        elif not shown:
            self.empty.setText("No incidents yet.\nPress Ctrl+N to record what went wrong.")
        noun = "incident" if total == 1 else "incidents"
        if first_page:
            self.count.setText(f"The first {shown:,} matches of {total:,} {noun}; counting the rest…")
        else:
            self.count.setText(f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}")
        if current is not None and self.model.row_of_key(current) >= 0:
            self.select(current)
        elif first_page:
            pass  # the open incident may well be among the rest: wait for them before saying
        elif current is not None and not self._exists(current):
            self._open = None  # it no longer exists at all
            self.incident_selected.emit(None)
        # Hidden by the user's own search or filter, it stays open beside the list.

    def _exists(self, incident_id: int) -> bool:
        assert self._conn is not None
        return self._conn.execute("SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone() is not None

    def select_row(self, row: int) -> None:
        """Make `row` current (when there is one); no need to look an id up."""
        if 0 <= row < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row, COL_TITLE))

    def select(self, incident_id: int) -> None:
        row = self.model.row_of_key(incident_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, COL_TITLE))

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        item = self.model.item_at(index.row()) if index.isValid() else None
        return item.id if item is not None else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.item_at(current.row()) if current.isValid() else None
        self._open = item.id if item is not None else None
        self.incident_selected.emit(self._open)
