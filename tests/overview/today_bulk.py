"""Bulk test data for the Today caps: many follow-ups or waiting incidents written in one go."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from planner.incidents.model import Customer
from planner.incidents.service import create_customer
from planner.timeutil import to_iso
from tests.today_data import NOW


def add_followups(db: Any, incident_id: int, rows: list[tuple[date, time | None, str, str]]) -> None:
    """Pending follow-ups: (due date, time or None for all day, IANA zone, purpose)."""
    stamp = to_iso(NOW)
    with db.atomic():
        db.table("followups").insert_all({
            "incident_id": incident_id, "due_date": due.isoformat(),
            "due_time": at.strftime("%H:%M") if at else None, "tz": tz, "purpose": purpose,
            "ics_uid": f"bulk-{incident_id}-{purpose}@amends", "created_at": stamp, "updated_at": stamp,
        } for due, at, tz, purpose in rows)


def add_waiting(db: Any, reported: list[datetime], company: str = "Orchard Cafe") -> list[int]:
    """One open incident per report time, all for one new customer; their ids in that order."""
    customer = create_customer(db, Customer(company=company), now=NOW).id
    stamp = to_iso(NOW)
    with db.atomic():
        first = db.execute("SELECT COALESCE(MAX(id), 0) FROM incidents").fetchone()[0]
        db.table("incidents").insert_all({
            "customer_id": customer, "title": f"Waiting {n:02}", "reported_at": to_iso(at),
            "status": "open", "created_at": stamp, "updated_at": stamp,
        } for n, at in enumerate(reported))
    return [row[0] for row in db.execute("SELECT id FROM incidents WHERE id > ? ORDER BY id", [first])]
