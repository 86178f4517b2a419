"""The incident list's table model: rows read from the file a page at a time, as the view asks
for them, so 100,000 incidents cost no more to show than a screenful."""
from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from planner.incidents.listing import (
    count_incidents,
    ids_after,
    ids_around,
    ids_before,
    page_ids,
    position,
    summaries,
)
from planner.incidents.summary import IncidentSummary, Severity, Status
from ui.qt_values import DISPLAY_ROLE, FONT_ROLE, FOREGROUND_ROLE, USER_ROLE
from ui.rows_model import RowsModel

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

COL_TITLE, COL_CUSTOMER, COL_STATUS, COL_REPORTED = range(4)
ID_ROLE = USER_ROLE + 2
SUBTITLE_ROLE = USER_ROLE + 3
SEVERITY_ROLE = USER_ROLE + 4
WAITING_ROLE = USER_ROLE + 5
PAGE = 100  # rows read at a time: a few screenfuls
KEEP_PAGES = 40  # pages kept in memory; older ones are read again if scrolled back to
Index = QModelIndex | QPersistentModelIndex


def age_text(when: datetime | None, now: datetime) -> str:
    """'today', '1 day ago', '12 days ago'."""
    if when is None:
        return ""
    days = (now.date() - when.astimezone().date()).days
    return "today" if days <= 0 else "1 day ago" if days == 1 else f"{days} days ago"


class IncidentListModel(RowsModel[IncidentSummary]):
    """Incident summaries, one row each, in attention order.

    Three ways to fill it: show_all() (every incident, pages read by position through the
    attention index), show_ids() (the filter's matches, pages read by id), or set_rows() (a
    list already in memory). Only the pages the view asks for are read.
    """

    HEADERS = ("Incident", "Customer", "Status", "Reported")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = datetime.now().astimezone()
        self._conn: sqlite3.Connection | None = None
        self._ids: Sequence[int] | None = None  # the filter's matches; None: every incident
        self._where: dict[int, int] | None = None  # id -> row: looked up once per read
        self._total = 0
        self._pages: OrderedDict[int, list[IncidentSummary]] = OrderedDict()
        self.pages_read = 0  # how many page reads the view caused (tests watch it)

    # Filling
    def show_all(self, conn: sqlite3.Connection) -> None:
        """Every incident, read a page at a time."""
        self._reset(conn, None, count_incidents(conn))

    def show_ids(self, conn: sqlite3.Connection, ids: Sequence[int]) -> None:
        """These incidents, in this order (the filter's answer)."""
        self._reset(conn, ids, len(ids))

    def set_rows(self, rows: Iterable[IncidentSummary]) -> None:
        rows = list(rows)
        self.beginResetModel()
        self._now = datetime.now().astimezone()
        self._conn, self._ids, self._where = None, None, None
        self._total, self._rows = len(rows), rows
        self._pages.clear()
        self.endResetModel()

    def _reset(self, conn: sqlite3.Connection, ids: Sequence[int] | None, total: int) -> None:
        self.beginResetModel()
        self._now = datetime.now().astimezone()  # ages are counted from the moment of reading
        self._conn, self._ids, self._where, self._total, self._rows = conn, ids, None, total, []
        self._pages.clear()
        self.endResetModel()

    @property
    def rows(self) -> list[IncidentSummary]:
        """Every row, read now if need be (tests and small lists only)."""
        return [self.row_at(r) for r in range(self._total)]

    def ids(self) -> list[int]:
        return [row.id for row in self.rows]

    # Reading
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def row_at(self, row: int) -> IncidentSummary:
        item = self.item_at(row)
        if item is None:
            raise IndexError(f"no incident in row {row}")
        return item

    def item_at(self, row: int) -> IncidentSummary | None:
        """The row's incident, or None when it is gone since the rows were counted."""
        if not 0 <= row < self._total:
            return None
        if self._conn is None:
            return self._rows[row]
        page = self._page(row // PAGE)
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    def row_of_key(self, key: int) -> int:
        """The row of the incident with this id, or -1 when it is not listed."""
        if self._conn is None:
            return super().row_of_key(key)
        if self._ids is not None:
            if self._where is None:
                self._where = {iid: row for row, iid in enumerate(self._ids)}
            return self._where.get(key, -1)
        if self._where is None:
            self._where = {}
        if key not in self._where:  # an index count (10 ms at 100,000): once per row per read
            row = self._where[key] = position(self._conn, key)
            if row >= 0 and row // PAGE not in self._pages:
                # Its page, read from where it stands: it is about to be shown (selected).
                start = row - row % PAGE
                ids = ids_around(self._conn, key, row - start, start + PAGE - row - 1)
                self._keep_page(row // PAGE, summaries(self._conn, ids))
        return self._where[key]

    def _page(self, number: int) -> list[IncidentSummary]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        assert self._conn is not None
        start = number * PAGE
        ids = self._ids[start:start + PAGE] if self._ids is not None else self._next_to(number)
        if ids is None:
            ids = page_ids(self._conn, start, PAGE)
        page = summaries(self._conn, ids)
        self._keep_page(number, page)
        return page

    def _next_to(self, number: int) -> list[int] | None:
        """A page's ids read on from the page before it or back from the page after it, when
        either is at hand and whole: scrolling deep into a long list then costs what it does
        at the top (counting OFFSET rows walks the index from the start)."""
        assert self._conn is not None
        before, after = self._pages.get(number - 1), self._pages.get(number + 1)
        if before is not None and len(before) == PAGE:
            return ids_after(self._conn, before[-1].id, min(PAGE, self._total - number * PAGE))
        if after is not None and len(after) == PAGE:
            return ids_before(self._conn, after[0].id, PAGE)
        return None

    def _keep_page(self, number: int, page: list[IncidentSummary]) -> None:
        self.pages_read += 1
        self._pages[number] = page
        if len(self._pages) > KEEP_PAGES:
            self._pages.popitem(last=False)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or self.item_at(index.row()) is None:
            return None
        return super().data(index, role)

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        """The list keeps attention order (its view offers no sorting)."""

    # Presenting
    def display(self, item: IncidentSummary, col: int) -> str:
        if col == COL_TITLE:
            return f"{item.title}  (sample)" if item.is_sample else item.title
        return (item.title, item.company, item.status.label, age_text(item.reported_at, self._now))[col]

    def sort_key(self, item: IncidentSummary, col: int) -> Any:
        return (item.title, item.company, item.status.rank,
                item.reported_at.timestamp() if item.reported_at else 0)[col]

    def tooltip(self, item: IncidentSummary, col: int) -> str:
        contact = f" — {item.contact_name}" if item.contact_name else ""
        return (f"#{item.id} {item.title}\n{item.company}{contact}\n"
                f"{item.severity.label} severity · {item.status.label}")

    def role_data(self, item: IncidentSummary, col: int, role: int) -> Any:
        if role == ID_ROLE:
            return item.id
        if role == SUBTITLE_ROLE:
            age = age_text(item.reported_at, self._now)
            # The number is what `amends brief 12` and the other shell commands take.
            return " · ".join(p for p in (f"#{item.id}", item.company, item.status.label,
                                          f"reported {age}" if age else "") if p)
        if role == SEVERITY_ROLE:
            return item.severity
        if role == WAITING_ROLE:
            return item.status == Status.OPEN
        if role == FONT_ROLE and col == COL_TITLE and item.status == Status.OPEN:
            font = QFont()
            font.setBold(True)  # still waiting for an apology
            return font
        if (role == FOREGROUND_ROLE and col == COL_STATUS and item.status == Status.OPEN
                and item.severity in (Severity.HIGH, Severity.CRITICAL)):
            return QColor("#c0392b")  # not QBrush(QColor): see ui/qt_values.py
        return None
