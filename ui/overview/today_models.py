"""Qt table models for the Today view: follow-ups, visits, and incidents waiting for an apology."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar

from PySide6.QtGui import QFont, QGuiApplication

from planner.overview.today import FollowUpItem, VisitItem, WaitingItem
from ui.qt_values import FONT_ROLE, FOREGROUND_ROLE, USER_ROLE
from ui.rows_model import SORT_ROLE, RowsModel
from ui.theme import alert_colour

__all__ = ["INCIDENT_ROLE", "SORT_ROLE", "FollowUpsModel", "TodayModel", "VisitsModel", "WaitingModel"]

INCIDENT_ROLE = USER_ROLE + 2


class _Row(Protocol):
    @property
    def incident_id(self) -> int: ...


T = TypeVar("T", bound=_Row)


def when_text(when: datetime | None, day: Any = None) -> str:
    """'Tue 24 Nov 10:00' in local time, or 'Tue 24 Nov, all day'."""
    if when is None:
        return f"{day:%a %d %b}, all day" if day is not None else ""
    return f"{when.astimezone():%a %d %b %H:%M}"


def _flag(clash: str) -> str:
    """The mark before the time of something that clashes with another booking."""
    return "⚠ " if clash else ""


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class TodayModel(RowsModel[T]):
    """A Today section: each row opens its incident (INCIDENT_ROLE); styles per column."""

    def role_data(self, item: T, col: int, role: int) -> Any:
        if role == INCIDENT_ROLE:
            return item.incident_id
        return self.style(item, col, role)

    def style(self, item: T, col: int, role: int) -> Any:
        return None


COL_F_WHEN, COL_F_CHANNEL, COL_F_CUSTOMER, COL_F_PURPOSE, COL_F_INCIDENT = range(5)


class FollowUpsModel(TodayModel[FollowUpItem]):
    """Pending follow-ups; overdue ones are drawn in the alert colour."""

    HEADERS = ("When", "How", "Customer", "Purpose", "Incident")

    def row_key(self, item: FollowUpItem) -> int:
        return item.id

    def display(self, item: FollowUpItem, col: int) -> str:
        return (_flag(item.clash) + when_text(item.starts_at, item.day), item.channel.capitalize(),
                item.company, item.purpose, item.incident_title)[col]

    def sort_key(self, item: FollowUpItem, col: int) -> Any:
        if col == COL_F_WHEN:
            return (item.day, item.starts_at is not None, item.starts_at.timestamp() if item.starts_at else 0)
        return super().sort_key(item, col)

    def tooltip(self, item: FollowUpItem, col: int) -> str:
        late = " — overdue" if item.overdue else ""
        clash = f"\n⚠ {item.clash} Move one of them." if item.clash else ""
        return (f"{item.purpose}\n{item.company}: {item.incident_title}\n"
                f"{when_text(item.starts_at, item.day)}{late}{clash}")

    def style(self, item: FollowUpItem, col: int, role: int) -> Any:
        if (item.overdue or item.clash) and col == COL_F_WHEN:
            if role == FOREGROUND_ROLE:
                return alert_colour(QGuiApplication.palette())
            if role == FONT_ROLE:
                return _bold()
        return None


COL_V_WHEN, COL_V_CUSTOMER, COL_V_PLACE, COL_V_INCIDENT = range(4)


class VisitsModel(TodayModel[VisitItem]):
    """Planned visits in the coming days."""

    HEADERS = ("When", "Customer", "Where", "Incident")

    def row_key(self, item: VisitItem) -> int:
        return item.id

    def display(self, item: VisitItem, col: int) -> str:
        return (_flag(item.clash) + when_text(item.starts_at), item.company, item.place,
                item.incident_title)[col]

    def sort_key(self, item: VisitItem, col: int) -> Any:
        return item.starts_at.timestamp() if col == COL_V_WHEN else super().sort_key(item, col)

    def tooltip(self, item: VisitItem, col: int) -> str:
        clash = f"\n⚠ {item.clash} Move one of them." if item.clash else ""
        return (f"Visit {item.company}, {when_text(item.starts_at)} for {item.duration_min} min\n"
                f"{item.incident_title}{clash}")

    def style(self, item: VisitItem, col: int, role: int) -> Any:
        if item.clash and col == COL_V_WHEN:
            if role == FOREGROUND_ROLE:
                return alert_colour(QGuiApplication.palette())
            if role == FONT_ROLE:
                return _bold()
        return None


COL_W_AGE, COL_W_CUSTOMER, COL_W_INCIDENT, COL_W_STATUS = range(4)


class WaitingModel(TodayModel[WaitingItem]):
    """Incidents still waiting for an apology; ages past the limit stand out."""

    HEADERS = ("Waiting", "Customer", "Incident", "Status")

    def row_key(self, item: WaitingItem) -> int:
        return item.incident_id

    def display(self, item: WaitingItem, col: int) -> str:
        age = "since today" if item.age_days == 0 else "1 day" if item.age_days == 1 else f"{item.age_days} days"
        return (age, item.company, item.title, item.status.label)[col]

    def sort_key(self, item: WaitingItem, col: int) -> Any:
        return item.age_days if col == COL_W_AGE else super().sort_key(item, col)

    def tooltip(self, item: WaitingItem, col: int) -> str:
        text = f"Reported {item.reported_at.astimezone():%a %d %b %H:%M}; {item.severity.label.lower()} severity."
        if item.apology_planned_for is not None:
            text += f"\nApology planned for {when_text(item.apology_planned_for)}."
        if item.late:
            text += "\nEvery day without an apology makes it weaker: say sorry as soon as you can."
        return text

    def style(self, item: WaitingItem, col: int, role: int) -> Any:
        if item.late and col == COL_W_AGE:
            if role == FOREGROUND_ROLE:
                return alert_colour(QGuiApplication.palette())
            if role == FONT_ROLE:
                return _bold()
        return None
