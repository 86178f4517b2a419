"""A Qt table model over an incident's follow-ups (Vorta shape): overdue rows stand out."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from planner.followups.service import FollowUp, FollowUpStatus
from ui.rows_model import SORT_ROLE, RowsModel

__all__ = ["SORT_ROLE", "FollowUpListModel", "date_text", "time_text"]

COL_DATE, COL_TIME, COL_CHANNEL, COL_PURPOSE, COL_STATUS, COL_OUTCOME = range(6)
ID_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3
OVERDUE_COLOR = QColor("#c0392b")
QUIET_COLOR = QColor("#7f8c8d")  # done and skipped rows step back
CHANNEL_LABELS = {"call": "Call", "visit": "Visit", "email": "Email", "meeting": "Meeting"}


def date_text(followup: FollowUp, this_year: int | None = None) -> str:
    """'Mon 23 Mar', with the year ('Mon 23 Mar 2027') when it is not ``this_year``."""
    day = followup.due_date
    return f"{day:%a %d %b}" if day.year == this_year else f"{day:%a %d %b %Y}"


def time_text(followup: FollowUp, local_zone: str) -> str:
    """'10:00', 'All day', or '10:00 Europe/Berlin' when planned in another zone."""
    if followup.due_time is None:
        return "All day"
    clock = f"{followup.due_time:%H:%M}"
    return clock if followup.tz == local_zone else f"{clock} {followup.tz}"


class FollowUpListModel(RowsModel[FollowUp]):
    """FollowUp rows in the order given to set_rows(); the page reloads it after every change."""

    HEADERS = ("Date", "Time", "Channel", "Purpose", "Status", "Outcome")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._overdue: set[int] = set()  # id() of the overdue rows, kept through sorting
        self._clashes: dict[int, str] = {}  # follow-up id: what else is booked at its time
        self._local_zone = "UTC"
        self._year: int | None = None
        self._icon: QIcon | None = None

    def set_rows(self, rows: Iterable[FollowUp], now: datetime | None = None,
                 local_zone: str = "UTC", clashes: dict[int, str] | None = None) -> None:
        """Replace every row; ``now`` decides which pending ones are overdue, ``clashes`` says
        which overlap another booking (by follow-up id)."""
        rows = list(rows)
        self._clashes = dict(clashes or {})
        moment = now or datetime.now().astimezone()
        self._overdue = {id(row) for row in rows if row.is_overdue(moment)}
        self._local_zone = local_zone
        self._year = moment.year
        super().set_rows(rows)

    def is_overdue(self, row: int) -> bool:
        return id(self._rows[row]) in self._overdue

    def overdue_count(self) -> int:
        return len(self._overdue)

    def display(self, item: FollowUp, col: int) -> str:
        return self._display(item, col, id(item) in self._overdue)

    def sort_key(self, item: FollowUp, col: int) -> Any:
        return self._sort_key(item, col, id(item) in self._overdue)

    def tooltip(self, item: FollowUp, col: int) -> str:
        return self._tooltip(item, id(item) in self._overdue)

    def role_data(self, item: FollowUp, col: int, role: int) -> Any:
        late = id(item) in self._overdue
        if role == ID_ROLE:
            return item.id
        if role == OVERDUE_ROLE:
            return late
        if role == Qt.ItemDataRole.ForegroundRole:
            if late or (col == COL_TIME and self.clash(item)):
                return QBrush(OVERDUE_COLOR)
            return QBrush(QUIET_COLOR) if item.status != FollowUpStatus.PENDING else None
        if role == Qt.ItemDataRole.FontRole and late:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and col == COL_DATE and late:
            return self._warning_icon()
        if role == Qt.ItemDataRole.DecorationRole and col == COL_TIME and self.clash(item):
            return self._warning_icon()
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_DATE and late:
            return f"Overdue: {date_text(item)}"
        return None

    def _display(self, r: FollowUp, col: int, late: bool) -> str:
        if col == COL_DATE:
            return date_text(r, self._year)
        if col == COL_TIME:
            return time_text(r, self._local_zone)
        if col == COL_CHANNEL:
            return CHANNEL_LABELS.get(r.channel, r.channel)
        if col == COL_PURPOSE:
            return r.purpose
        if col == COL_STATUS:
            return "Overdue" if late else r.status.label
        return " ".join(r.outcome.split())  # one line in the table; the tooltip has it all

    def clash(self, item: FollowUp) -> str:
        """What else is booked at this follow-up's time (empty when nothing)."""
        return self._clashes.get(item.id, "") if item.id is not None else ""

    def _tooltip(self, r: FollowUp, late: bool) -> str:
        lines = [r.purpose, f"{date_text(r)}, {time_text(r, self._local_zone)}"]
        if late:
            lines.append("Overdue: it was due before now and is not done yet.")
        if self.clash(r):
            lines.append(f"⚠ {self.clash(r)} Move one of them.")
        if r.outcome:
            lines.append(f"Outcome: {r.outcome}")
        return "\n".join(lines)

    def _sort_key(self, r: FollowUp, col: int, late: bool) -> str:
        # Plain strings: QSortFilterProxyModel compares them natively, Python tuples it cannot.
        when = f"{r.due_date.isoformat()} {r.due_time.strftime('%H:%M') if r.due_time else ''}"
        if col in (COL_DATE, COL_TIME):
            return when
        if col == COL_STATUS:
            return f"{0 if late else 1 + list(FollowUpStatus).index(r.status)} {when}"
        return f"{self._display(r, col, late).casefold()}\u0000{when}"

    def _warning_icon(self) -> QIcon | None:
        if self._icon is None and isinstance(QApplication.instance(), QApplication):
            style = QApplication.style()
            self._icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._icon
