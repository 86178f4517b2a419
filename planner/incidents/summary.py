"""What the incident list and Today show of an incident: its status, its severity, and the list's
one-row summary (the full records are in model.py)."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import NamedTuple


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
