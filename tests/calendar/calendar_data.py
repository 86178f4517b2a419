"""Test helpers for the calendar export: rows written straight to the database, and what the
calendar must show for each, spelled out here from the database rather than by the code under test."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from planner.followups.service import FollowUp, add_followup
from planner.timeutil import from_iso, to_iso

VERB = {"call": "Call", "email": "Email", "meeting": "Meeting with", "visit": "Visit"}
STAMP = "2026-03-01T00:00:00+00:00"


def add_party(db: Any, *, company: str = "Halvorsen Fitouts Ltd", contact: str = "Dana Whitlock",
              role: str = "Project manager", phone: str = "+44 161 555 0142",
              email: str = "dana@example.com", address: str = "Unit 4, Canal Works, Manchester",
              title: str = "Late shelving", status: str = "open") -> int:
    """A customer and one incident, inserted as stored text (no form checks), id returned."""
    customer = db["customers"].insert({
        "company": company, "contact_name": contact, "contact_role": role, "phone": phone,
        "email": email, "address": address, "created_at": STAMP, "updated_at": STAMP}).last_pk
    return db["incidents"].insert({
        "customer_id": customer, "title": title, "status": status,
        "customer_confirmation": "fine" if status == "closed" else "",
        "created_at": STAMP, "updated_at": STAMP}).last_pk


def add_fu(db: Any, incident_id: int, day: date, clock: time | None = None, *,
           tz: str = "Europe/Berlin", channel: str = "call", purpose: str = "Prüfen, ob es passt",
           status: str = "pending", outcome: str = "", done_at: datetime | None = None) -> FollowUp:
    """A follow-up through the real add_followup, then put in ``status`` directly."""
    followup = add_followup(db, FollowUp(incident_id=incident_id, due_date=day, due_time=clock,
                                         tz=tz, channel=channel, purpose=purpose))
    if status != "pending":
        db.execute("UPDATE followups SET status = ?, outcome = ?, done_at = ? WHERE id = ?",
                   [status, outcome, to_iso(done_at or datetime(2026, 3, 1, tzinfo=UTC)), followup.id])
    return followup


def add_visit(db: Any, incident_id: int, starts: datetime, minutes: int = 90, *, place: str = "",
              room: str = "", status: str = "planned", uid: str | None = None) -> int:
    """A visit row as the visits module stores it (UTC start, duration, place, room)."""
    return db["visits"].insert({
        "incident_id": incident_id, "starts_at": to_iso(starts), "tz": "Europe/Berlin",
        "duration_min": minutes, "place": place, "room": room, "status": status,
        "ics_uid": uid or f"visit-{starts.isoformat()}-{status}@test",
        "created_at": STAMP, "updated_at": STAMP}).last_pk


@dataclass(frozen=True)
class Want:
    """What one event must read back as, derived from its database row."""

    uid: str
    sequence: int
    title_prefix: str  # the summary is this, then the purpose (its first letter in either case)
    title_rest: str
    description: str
    location: str
    start: datetime | date
    end: datetime | date
    alarm_trigger: timedelta | None  # from the start: negative before, positive after
    alarm_prefix: str = "Reminder: "

    def title_ok(self, summary: str) -> bool:
        rest = summary[len(self.title_prefix):]
        wanted = self.title_rest.rstrip(" \t")  # the export trims trailing blanks
        if not summary.startswith(self.title_prefix) or len(rest) != len(wanted):
            return False
        return rest[1:] == wanted[1:] and rest[:1].lower() == wanted[:1].lower()


_PARTY = ("i.title, c.company, c.contact_name, c.contact_role, c.phone, c.email, c.address FROM "
          "{t} x JOIN incidents i ON i.id = x.incident_id JOIN customers c ON c.id = i.customer_id")


def _rows(db: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def _who_and_lines(r: dict[str, Any]) -> tuple[str, list[str]]:
    name, company = r["contact_name"].strip(), r["company"].strip()
    who = f"{name} ({company})" if name and company else (name or company or "the customer")
    contact = ", ".join(p for p in (name, r["contact_role"].strip()) if p)
    pairs = [("Customer", company), ("Contact", contact), ("Phone", r["phone"].strip()),
             ("Email", r["email"].strip()), ("Incident", r["title"].strip())]
    return who, [f"{label}: {value}" for label, value in pairs if value]


def want_followups(db: Any, where: str = "1", params: list[Any] | None = None) -> dict[str, Want]:
    """The expected event of every follow-up row matching ``where``, by UID."""
    wants = {}
    for r in _rows(db, "SELECT x.*, " + _PARTY.format(t="followups") + f" WHERE {where}", params or []):
        zone, day = ZoneInfo(r["tz"]), date.fromisoformat(r["due_date"])
        who, lines = _who_and_lines(r)
        done = r["status"] == "done"
        description = "\n".join([r["purpose"].strip(), "", *lines])
        if done:
            outcome = f" Outcome: {r['outcome'].strip()}" if r["outcome"].strip() else ""
            description += f"\n\nDone on {from_iso(r['done_at']).astimezone(zone).date()}.{outcome}"
        start: datetime | date = day
        end: datetime | date = day + timedelta(days=1)
        if r["due_time"]:
            start = datetime.combine(day, time.fromisoformat(r["due_time"]), zone)
            end = start.astimezone(UTC) + timedelta(minutes=30)
        location = {"call": r["phone"], "email": r["email"]}.get(r["channel"], r["address"])
        wants[r["ics_uid"]] = Want(
            r["ics_uid"], r["ics_sequence"], ("Done: " if done else "") + f"{VERB[r['channel']]} {who} — ",
            " ".join(r["purpose"].split()), description, location.strip(), start, end,
            None if done else -timedelta(minutes=15) if r["due_time"] else -timedelta(hours=15),
            "Reminder: " if r["due_time"] else "Tomorrow: ")
    return wants


def want_visits(db: Any, where: str = "1", params: list[Any] | None = None) -> dict[str, Want]:
    """The expected event of every visit row matching ``where``, by UID."""
    wants = {}
    for r in _rows(db, "SELECT x.*, " + _PARTY.format(t="visits") + f" WHERE {where}", params or []):
        who, lines = _who_and_lines(r)
        where_text = ", ".join(p for p in ((r["place"].strip() or r["address"].strip()), r["room"].strip()) if p)
        head = [f"Apologize in person for: {r['title'].strip()}", f"Planned for {r['duration_min']} minutes."]
        head += [f"Where: {where_text}"] if where_text else []
        start = from_iso(r["starts_at"])
        title = " ".join(r["title"].split())
        wants[r["ics_uid"]] = Want(
            r["ics_uid"], r["ics_sequence"], f"Visit {who} — apologize in person" + (": " if title else ""),
            title, "\n".join([*head, "", *lines]), where_text, start,
            start + timedelta(minutes=r["duration_min"]),
            -timedelta(hours=1) if r["status"] == "planned" else None)
    return wants
