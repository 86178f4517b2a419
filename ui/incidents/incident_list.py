"""The incident list: a table model in the Vorta shape, and the panel with search and filter."""
from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
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

from planner.incidents.model import IncidentSummary, Severity, Status
from planner.incidents.service import attention_key, haystack
from ui.incidents.incident_delegate import IncidentDelegate
from ui.rows_model import RowsModel

COL_TITLE, COL_CUSTOMER, COL_STATUS, COL_REPORTED = range(4)
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 3
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 4
WAITING_ROLE = Qt.ItemDataRole.UserRole + 5


def age_text(when: datetime | None, now: datetime) -> str:
    """'today', '1 day ago', '12 days ago'."""
    if when is None:
        return ""
    days = (now.date() - when.astimezone().date()).days
    return "today" if days <= 0 else "1 day ago" if days == 1 else f"{days} days ago"


class IncidentListModel(RowsModel[IncidentSummary]):
    """Incident summaries, one row each, in the order given to set_rows()."""

    HEADERS = ("Incident", "Customer", "Status", "Reported")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = datetime.now().astimezone()

    def set_rows(self, rows: Iterable[IncidentSummary]) -> None:
        self._now = datetime.now().astimezone()  # ages are counted from the moment of reading
        super().set_rows(rows)

    def display(self, item: IncidentSummary, col: int) -> str:
        if col == COL_TITLE:
            return f"{item.title}  (sample)" if item.is_sample else item.title
        return (item.title, item.company, item.status.label, age_text(item.reported_at, self._now))[col]

    def sort_key(self, item: IncidentSummary, col: int) -> Any:
        return (item.title, item.company, item.status.rank,
                item.reported_at.timestamp() if item.reported_at else 0)[col]

    def tooltip(self, item: IncidentSummary, col: int) -> str:
        contact = f" — {item.contact_name}" if item.contact_name else ""
        return f"{item.title}\n{item.company}{contact}\n{item.severity.label} severity · {item.status.label}"

    def role_data(self, item: IncidentSummary, col: int, role: int) -> Any:
        if role == ID_ROLE:
            return item.id
        if role == SUBTITLE_ROLE:
            age = age_text(item.reported_at, self._now)
            return " · ".join(p for p in (item.company, item.status.label,
                                          f"reported {age}" if age else "") if p)
        if role == SEVERITY_ROLE:
            return item.severity
        if role == WAITING_ROLE:
            return item.status == Status.OPEN
        if role == Qt.ItemDataRole.FontRole and col == COL_TITLE and item.status == Status.OPEN:
            font = QFont()
            font.setBold(True)  # still waiting for an apology
            return font
        if (role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS and item.status == Status.OPEN
                and item.severity in (Severity.HIGH, Severity.CRITICAL)):
            return QBrush(QColor("#c0392b"))
        return None


class IncidentListPanel(QWidget):
    """Search-as-you-type across customer, contact and title, a status filter, the list."""

    incident_selected = Signal(object)  # int id, or None when nothing is selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[tuple[IncidentSummary, str]] = []
        self.search = QLineEdit(placeholderText="Search customer, contact or title…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search incidents")
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        self.status_filter.addItem("Not closed", "active")
        for status in Status:
            self.status_filter.addItem(status.label, status.value)
        self.model = IncidentListModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        # One painted column (title over customer · status · age) reads better in a narrow pane.
        self.view.setItemDelegateForColumn(COL_TITLE, IncidentDelegate(SUBTITLE_ROLE, SEVERITY_ROLE, WAITING_ROLE, self.view))
        for col in (COL_CUSTOMER, COL_STATUS, COL_REPORTED):
            self.view.setColumnHidden(col, True)
        self.view.horizontalHeader().setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 14)
        self.empty = QLabel("No incidents yet.\nPress Ctrl+N to record what went wrong.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)

    def set_incidents(self, rows: list[IncidentSummary], keep: int | None = None) -> None:
        """Replace every row (already in attention order) and keep `keep` selected if shown."""
        self._all = [(r, haystack(r)) for r in rows]
        self.apply_filter(keep=keep, refresh=True)

    def update_incidents(self, rows: list[IncidentSummary], gone: Collection[int] = (),
                         keep: int | None = None) -> None:
        """Replace these rows and drop the `gone` ids, leaving every other row as it was.

        After an edit only the edited incident (and its customer's others) is read again:
        re-reading and re-filtering 10,000 rows on every pause in typing would be felt.
        """
        fresh = {r.id for r in rows} | set(gone)
        kept = [entry for entry in self._all if entry[0].id not in fresh]  # still in order
        for row in rows:
            bisect.insort(kept, (row, haystack(row)), key=lambda entry: attention_key(entry[0]))
        self._all = kept
        self.apply_filter(keep=keep, refresh=True)

    def apply_filter(self, *_: object, keep: int | None = None, refresh: bool = False) -> None:
        """Show the rows that match; a refresh keeps `keep` (the open incident) listed even
        when an edit made it stop matching, so typing never blanks the workspace."""
        current = keep if keep is not None else self.current_id()
        words = self.search.text().casefold().split()
        wanted = self.status_filter.currentData()
        rows = [
            r for r, text in self._all
            if (refresh and r.id == current)
            or ((wanted is None or (wanted == "active" and r.status != Status.CLOSED) or r.status.value == wanted)
                and all(w in text for w in words))
        ]
        self.view.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.view.selectionModel().blockSignals(False)
        shown = len(rows)
        self.view.setVisible(bool(shown))
        self.empty.setVisible(not shown)
        if not shown and self._all:
            self.empty.setText("No incident matches this search.\nClear the search to see them all.")
        elif not shown:
            self.empty.setText("No incidents yet.\nPress Ctrl+N to record what went wrong.")
        total = len(self._all)
        noun = "incident" if total == 1 else "incidents"
        self.count.setText(f"{shown} of {total} {noun}" if shown != total else f"{total} {noun}")
        if current is not None and self.model.row_of_key(current) >= 0:
            self.select(current)
        elif not refresh or (current is not None and not any(r.id == current for r, _ in self._all)):
            # The user's own search or filter hid it, or it no longer exists at all.
            self.incident_selected.emit(None)

    def select(self, incident_id: int) -> None:
        row = self.model.row_of_key(incident_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, COL_TITLE))

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()).id if index.isValid() else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.incident_selected.emit(self.model.row_at(current.row()).id if current.isValid() else None)
