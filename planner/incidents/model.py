"""The domain records: customers, incidents and the moments of the customer's experience."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, NamedTuple

from planner.timeutil import date_from_iso, from_iso


class Status(str, Enum):
    """Where an incident stands; it moves forward and closes only with the customer's word."""

    OPEN = "open"
    APOLOGY_PLANNED = "apology_planned"
    APOLOGIZED = "apologized"
    REMEDY_IN_PROGRESS = "remedy_in_progress"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def rank(self) -> int:
        return _STATUS_RANK[self]


STATUS_LABELS = {
    Status.OPEN: "Open",
    Status.APOLOGY_PLANNED: "Apology planned",
    Status.APOLOGIZED: "Apologized",
    Status.REMEDY_IN_PROGRESS: "Remedy in progress",
    Status.CLOSED: "Closed",
}


class Severity(str, Enum):
    """How badly the failure hurt the customer."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def weight(self) -> int:
        return _SEVERITY_WEIGHT[self]


# Looked up on every list row; computing list(Enum).index() each time was a start-up hot spot.
_STATUS_RANK = {status: rank for rank, status in enumerate(Status)}
_SEVERITY_WEIGHT = {severity: weight for weight, severity in enumerate(Severity)}


@dataclass
class Customer:
    """A customer company and the person we deal with there."""

    company: str
    contact_name: str = ""
    contact_role: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    customer_since: date | None = None
    annual_value: str = ""
    relationship_notes: str = ""
    id: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Customer:
        return cls(
            id=row["id"], company=row["company"], contact_name=row["contact_name"],
            contact_role=row["contact_role"], phone=row["phone"], email=row["email"],
            address=row["address"], customer_since=date_from_iso(row["customer_since"]),
            annual_value=row["annual_value"], relationship_notes=row["relationship_notes"],
        )


@dataclass
class Moment:
    """One moment of the customer's experience: when, what happened to them, how it felt."""

    at_text: str = ""
    what: str = ""
    feeling: str = ""
    position: int = 0
    id: int | None = None
    incident_id: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Moment:
        return cls(
            id=row["id"], incident_id=row["incident_id"], position=row["position"],
            at_text=row["at_text"], what=row["what"], feeling=row["feeling"],
        )


@dataclass
class Incident:
    """One thing that went wrong for one customer, and where its recovery stands."""

    customer_id: int
    title: str
    what_went_wrong: str = ""
    failure_type: str = "general"
    severity: Severity = Severity.MEDIUM
    happened_at: datetime | None = None
    reported_at: datetime | None = None
    impact: str = ""
    status: Status = Status.OPEN
    customer_confirmation: str = ""
    closed_at: datetime | None = None
    is_sample: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    moments: list[Moment] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Incident:
        return cls(
            id=row["id"], customer_id=row["customer_id"], title=row["title"],
            what_went_wrong=row["what_went_wrong"], failure_type=row["failure_type"],
            severity=Severity(row["severity"]), happened_at=from_iso(row["happened_at"]),
            reported_at=from_iso(row["reported_at"]), impact=row["impact"],
            status=Status(row["status"]), customer_confirmation=row["customer_confirmation"],
            closed_at=from_iso(row["closed_at"]), is_sample=bool(row["is_sample"]),
            created_at=from_iso(row["created_at"]), updated_at=from_iso(row["updated_at"]),
        )


class IncidentSummary(NamedTuple):
    """One row of the incident list: enough to sort, filter and show it (cheap to build 10,000)."""

    id: int
    title: str
    company: str
    contact_name: str
    status: Status
    severity: Severity
    reported_at: datetime | None
    updated_at: datetime | None
    is_sample: bool
