"""Test data for Today, search, agenda and timeline: rows written straight into the fixed schema."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from planner.incidents.model import Customer, Incident, Status
from planner.incidents.service import create_customer, create_incident
from planner.timeutil import to_iso

LONDON = ZoneInfo("Europe/London")
# Tuesday 24 November 2026, 14:00 in London (UTC in winter): the fixed "now" of these tests.
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=LONDON)
_uids = count(1)


def add_incident(
    db: Database, company: str = "Halvorsen Fitouts", title: str = "Late shelving",
    *, reported: datetime | None = None, status: Status = Status.OPEN, **fields: Any,
) -> int:
    """A customer and one incident; returns the incident id."""
    customer_fields = {k: fields.pop(k) for k in ("contact_name", "relationship_notes") if k in fields}
    customer = create_customer(db, Customer(company=company, **customer_fields), now=NOW)
    assert customer.id is not None
    reported = reported or NOW - timedelta(days=1)
    incident = create_incident(db, Incident(
        customer_id=customer.id, title=title, reported_at=reported,
        happened_at=reported - timedelta(hours=5), status=status, **fields,
    ), now=NOW)
    assert incident.id is not None
    return incident.id


def add_followup(
    db: Database, incident_id: int, due: date, at: time | None = None, purpose: str = "Call back",
    *, status: str = "pending", tz: str = "Europe/London", channel: str = "call", outcome: str = "",
) -> int:
    """One follow-up row (due_time None: all day)."""
    stamp = to_iso(NOW)
    with db.atomic():
        return int(db.table("followups").insert({
            "incident_id": incident_id, "due_date": due.isoformat(),
            "due_time": at.strftime("%H:%M") if at else None, "tz": tz, "channel": channel,
            "purpose": purpose, "status": status, "outcome": outcome,
            "ics_uid": f"test-{next(_uids)}@amends", "created_at": stamp, "updated_at": stamp,
        }).last_pk)


def add_visit(
    db: Database, incident_id: int, starts: datetime, place: str = "Their office",
    *, status: str = "planned", notes: str = "", outcome_said: str = "", outcome_agreed: str = "",
) -> int:
    """One visit row."""
    stamp = to_iso(NOW)
    with db.atomic():
        return int(db.table("visits").insert({
            "incident_id": incident_id, "starts_at": to_iso(starts), "tz": "Europe/London",
            "place": place, "status": status, "notes": notes, "outcome_said": outcome_said,
            "outcome_agreed": outcome_agreed, "ics_uid": f"visit-{next(_uids)}@amends",
            "created_at": stamp, "updated_at": stamp,
        }).last_pk)


def add_apology(db: Database, incident_id: int, **fields: Any) -> None:
    """The apology row of an incident."""
    with db.atomic():
        db.table("apologies").upsert(
            {"incident_id": incident_id, "updated_at": to_iso(NOW), **fields}, pk="incident_id")


def add_moment(db: Database, incident_id: int, what: str, feeling: str = "") -> int:
    with db.atomic():
        return int(db.table("moments").insert(
            {"incident_id": incident_id, "position": 0, "what": what, "feeling": feeling}).last_pk)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
