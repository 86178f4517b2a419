"""The domain records: customers, incidents and the moments of the customer's experience."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# Status, Severity and the list's summary row live in summary.py: the incident list and Today
# paint at start-up without defining the records below.
from planner.incidents.summary import STATUS_LABELS, IncidentSummary, Severity, Status
from planner.timeutil import date_from_iso, from_iso

__all__ = ["STATUS_LABELS", "Customer", "Incident", "IncidentSummary", "Moment", "Severity", "Status"]




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
