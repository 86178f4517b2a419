"""Calendar export of follow-ups and visits, with UIDs kept for life and SEQUENCE kept honest."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.calendar import wording as text
from planner.calendar.ics_writer import CalendarEvent, event_fingerprint, write_calendar
from planner.calendar.wording import Party
from planner.incidents.service import get_incident
from planner.timeutil import from_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

TIMED_ALARM = timedelta(minutes=15)
# Before the start (midnight) of an all-day follow-up: 09:00 the day before, worded
# "Tomorrow: …". A trigger after an all-day start (09:00 on the day) is dropped by some
# calendars (Outlook keeps only reminders before the start); one before it is kept by all.
ALL_DAY_ALARM = timedelta(hours=15)
VISIT_ALARM = timedelta(hours=1)
TOMBSTONES_SQL = ("SELECT uid, kind, incident_id, sequence, starts, tz FROM calendar_tombstones "
                  "WHERE exported = 1")

_PARTY = ("i.title, i.status AS incident_status, c.company, c.contact_name, c.contact_role, c.phone, c.email, c.address "
          "FROM {table} x JOIN incidents i ON i.id = x.incident_id "
          "JOIN customers c ON c.id = i.customer_id")
FOLLOWUPS_SQL = ("SELECT x.id, x.due_date, x.due_time, x.tz, x.channel, x.purpose, x.status, "
                 "x.outcome, x.done_at, x.ics_uid, x.ics_sequence, x.ics_fingerprint, "
                 + _PARTY.format(table="followups"))
VISITS_SQL = ("SELECT x.id, x.starts_at, x.tz, x.duration_min, x.place, x.room, x.status, "
              "x.ics_uid, x.ics_sequence, x.ics_fingerprint, " + _PARTY.format(table="visits"))


@dataclass(frozen=True)
class PlannedEvent:
    """One event as it will be exported, and what to store so the next export agrees."""

    table: str  # "followups" or "visits"
    row_id: int
    event: CalendarEvent
    fingerprint: str
    changed: bool  # fingerprint or SEQUENCE differ from the stored ones


@dataclass(frozen=True)
class Scope:
    """Which rows go into the file: one incident (any date) or everything from today on.

    A row exported before (it has a stored fingerprint) always goes in while its incident
    is in scope, whatever its date or status: calendars keep what they imported, so a done,
    skipped or cancelled item must be sent again as done or cancelled, never left out.
    """

    incident_id: int | None
    include_done: bool
    now: datetime

    def wanted(self, status: str, pending: str, day: date, zone: ZoneInfo, *, exported: bool,
               closed: bool) -> bool:
        if exported:
            return True
        if closed:
            return False  # a closed incident's plans are over; never add them to a diary
        if status == pending:
            open_item = True
        elif status == "done":
            open_item = self.include_done
        else:
            return False  # skipped follow-ups and cancelled visits are not in anyone's diary
        return open_item and (self.incident_id is not None or day >= self.now.astimezone(zone).date())

    def where(self) -> tuple[str, list[Any]]:
        if self.incident_id is not None:
            return " WHERE x.incident_id = ?", [self.incident_id]
        # Closed incidents too, for the rows a calendar already holds (sent as cancelled/done).
        return " WHERE (i.status != 'closed' OR x.ics_fingerprint != '')", []


def _rows(db: Database, sql: str, scope: Scope) -> Iterator[dict[str, Any]]:
    where, params = scope.where()
    cursor = db.execute(sql + where, params)
    names = [column[0] for column in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def zone_named(cache: dict[str, ZoneInfo], name: str) -> ZoneInfo:
    """The zone called ``name``; UTC for a name this machine does not know (never a crash)."""
    zone = cache.get(name)
    if zone is None:
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        cache[name] = zone
    return zone


def _party(row: dict[str, Any]) -> Party:
    return Party(row["title"], row["company"], row["contact_name"], row["contact_role"],
                 row["phone"], row["email"], row["address"])


def called_off(row: dict[str, Any], pending: str) -> bool:
    """Called off: skipped or cancelled, or still to do in an incident that was closed."""
    return row["status"] in ("skipped", "cancelled") or (
        row["status"] == pending and row["incident_status"] == "closed")


def followup_event(row: dict[str, Any], zone: ZoneInfo) -> CalendarEvent:
    party, day = _party(row), date.fromisoformat(row["due_date"])
    done = row["status"] == "done"
    quiet = done or called_off(row, "pending")  # nothing left to remind anyone of
    off = not done and quiet
    done_at = from_iso(row["done_at"])
    summary = text.followup_summary(row["channel"], row["purpose"], party, done)
    start: datetime | date = day
    if row["due_time"]:
        start = datetime.combine(day, time.fromisoformat(row["due_time"]), zone)
    return CalendarEvent(
        uid=row["ics_uid"], sequence=row["ics_sequence"],
        summary=text.cancelled(summary) if off else summary,
        description=text.followup_description(
            row["purpose"], party, outcome=row["outcome"],
            done_on=done_at.astimezone(zone).date() if done and done_at else None),
        location=text.followup_location(row["channel"], party), start=start, end=None,
        alarm_before=None if quiet else TIMED_ALARM if row["due_time"] else ALL_DAY_ALARM,
        alarm_description=text.reminder(summary, all_day=not row["due_time"]),
        status="CANCELLED" if off else None,
        # An all-day follow-up is a to-do on that day, not a meeting: the day stays free.
        transparent=off or not row["due_time"],
    )


def visit_event(row: dict[str, Any], start: datetime) -> CalendarEvent:
    party, minutes = _party(row), int(row["duration_min"] or 0)
    summary = text.visit_summary(party)
    cancelled = called_off(row, "planned")
    return CalendarEvent(
        uid=row["ics_uid"], sequence=row["ics_sequence"],
        summary=text.cancelled(summary) if cancelled else summary,
        description=text.visit_description(row["place"], row["room"], minutes, party),
        location=text.visit_location(row["place"], row["room"], party), start=start,
        end=start + timedelta(minutes=minutes) if minutes > 0 else None,
        alarm_before=VISIT_ALARM if row["status"] == "planned" and not cancelled else None,
        alarm_description=text.reminder(summary),
        status="CANCELLED" if cancelled else None, transparent=cancelled,
    )


def tombstone_start(starts: str, zone: ZoneInfo) -> datetime | date:
    """A tombstone's start as stored: a date (all day), a wall time in ``zone``, or an instant."""
    if len(starts) == 10:
        return date.fromisoformat(starts)
    value = datetime.fromisoformat(starts)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def removed_event(uid: str, kind: str, sequence: int, start: datetime | date) -> CalendarEvent:
    """What a deleted follow-up or visit becomes: the same UID and day, cancelled, no text."""
    return CalendarEvent(
        uid=uid, sequence=sequence,
        summary=text.REMOVED_VISIT if kind == "visit" else text.REMOVED_FOLLOWUP,
        description="", location="", start=start, end=None, alarm_before=None,
        status="CANCELLED", transparent=True,
    )


def _tombstones(db: Database, scope: Scope, zones: dict[str, ZoneInfo]) -> Iterator[PlannedEvent]:
    """Deleted items that an earlier export wrote: each goes out again, cancelled, for good."""
    sql, params = TOMBSTONES_SQL, []
    if scope.incident_id is not None:
        sql, params = sql + " AND incident_id = ?", [scope.incident_id]
    for uid, kind, _incident, sequence, starts, tz in db.execute(sql, params).fetchall():
        event = removed_event(uid, kind, sequence, tombstone_start(starts, zone_named(zones, tz)))
        yield PlannedEvent("calendar_tombstones", 0, event, "", False)


def sequenced(table: str, row: dict[str, Any], event: CalendarEvent) -> PlannedEvent:
    """Apply the SEQUENCE rule: a changed fingerprint (when one was stored) raises SEQUENCE."""
    fingerprint, stored = event_fingerprint(event), row["ics_fingerprint"]
    if stored and stored != fingerprint:
        event = replace(event, sequence=event.sequence + 1)
    return PlannedEvent(table, row["id"], event, fingerprint, fingerprint != stored)


def plan_events(
    db: Database, *, incident_id: int | None = None, include_done: bool = False, now: datetime
) -> list[PlannedEvent]:
    """Every event the export would write, by start time; reads only, stores nothing.

    One incident: its pending follow-ups and planned visits whatever their date (overdue
    ones too). All: those of every incident that is not closed, from today on. Done ones
    are added on request; skipped follow-ups and cancelled visits never. Except: a row that
    was exported before stays in while its incident is in scope (all: any incident, closed
    too) — done as "Done: …", skipped, cancelled or closed as STATUS:CANCELLED, no alarm —
    so calendars that imported it update it instead of keeping the old reminder forever.
    And one that was exported and later deleted (or erased) goes out as a cancelled event
    with no personal data, from the tombstone its deletion left.
    """
    if incident_id is not None:
        get_incident(db, incident_id)  # NotFoundError names the unknown incident
    scope = Scope(incident_id, include_done, now)
    zones: dict[str, ZoneInfo] = {}
    keyed: list[tuple[float, str, PlannedEvent]] = []
    for row in _rows(db, FOLLOWUPS_SQL, scope):
        zone = zone_named(zones, row["tz"])
        day = date.fromisoformat(row["due_date"])
        if scope.wanted(row["status"], "pending", day, zone, exported=bool(row["ics_fingerprint"]),
                        closed=row["incident_status"] == "closed"):
            event = followup_event(row, zone)
            start = event.start if isinstance(event.start, datetime) else (
                datetime.combine(day, time(), zone))
            keyed.append((start.timestamp(), event.uid, sequenced("followups", row, event)))
    for row in _rows(db, VISITS_SQL, scope):
        zone = zone_named(zones, row["tz"])
        begins = from_iso(row["starts_at"])
        if begins is not None and scope.wanted(
                row["status"], "planned", begins.astimezone(zone).date(), zone,
                exported=bool(row["ics_fingerprint"]), closed=row["incident_status"] == "closed"):
            keyed.append((begins.timestamp(), row["ics_uid"],
                          sequenced("visits", row, visit_event(row, begins))))
    for gone in _tombstones(db, scope, zones):
        when = gone.event.start
        at = when if isinstance(when, datetime) else datetime.combine(when, time(), UTC)
        keyed.append((at.timestamp(), gone.event.uid, gone))
    keyed.sort(key=lambda item: item[:2])
    return [planned for _, _, planned in keyed]


def calendar_events(
    db: Database, *, incident_id: int | None = None, include_done: bool = False, now: datetime
) -> list[CalendarEvent]:
    """The events :func:`export_calendar` would write, without writing or storing anything."""
    return [p.event for p in plan_events(db, incident_id=incident_id, include_done=include_done,
                                         now=now)]


def export_calendar(
    db: Database, path: Path, *, incident_id: int | None = None, include_done: bool = False,
    now: datetime, progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the .ics file atomically and return how many events it holds.

    With nothing to export nothing is written and 0 is returned: a calendar file with no
    event is invalid (RFC 5545), and "import it" would be a promise of nothing.
    The new fingerprints and SEQUENCE numbers are stored in the same transaction: if the
    file cannot be written (or ``progress`` raises to cancel), neither the file nor the
    database changes. Raises NotFoundError for an unknown incident and ExportError when
    the file cannot be written.
    """
    planned = plan_events(db, incident_id=incident_id, include_done=include_done, now=now)
    if not planned:
        return 0
    with db.atomic():
        for table in ("followups", "visits"):
            updates = [(p.fingerprint, p.event.sequence, p.row_id)
                       for p in planned if p.changed and p.table == table]
            if updates:
                db.conn.executemany(
                    f"UPDATE {table} SET ics_fingerprint = ?, ics_sequence = ? WHERE id = ?",
                    updates,
                )
        return write_calendar(Path(path), [p.event for p in planned], now=now, progress=progress)
