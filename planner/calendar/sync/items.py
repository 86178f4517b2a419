"""The follow-ups and visits as the sync sees them: their object text, their schedule, moving them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from planner.calendar.export import (
    FOLLOWUPS_SQL,
    VISITS_SQL,
    followup_event,
    sequenced,
    visit_event,
    zone_named,
)
from planner.calendar.ics_writer import CalendarEvent
from planner.calendar.sync.objects import (
    Schedule,
    event_object,
    instant,
    todo_object,
    with_rep,
)
from planner.timeutil import from_iso, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

DONE_IN_CALENDAR = "Ticked off in the calendar."
MAX_VISIT_MINUTES = 12 * 60


@dataclass(frozen=True)
class LocalItem:
    """One follow-up or visit: its row, its zone and the event Amends would send for it."""

    uid: str
    kind: str  # "followup" or "visit"
    row: dict[str, Any]
    zone: ZoneInfo
    event: CalendarEvent

    @property
    def schedule(self) -> Schedule:
        if self.kind == "visit":
            end = self.event.effective_end()
            return Schedule(instant(self.event.start), instant(end), self.row["status"] == "done")
        return Schedule(instant(self.event.start), "", self.row["status"] == "done")

    @property
    def belongs(self) -> bool:
        """Whether it should be in the calendar when it is not there yet: still to happen."""
        pending = "planned" if self.kind == "visit" else "pending"
        return bool(self.row["status"] == pending and self.row["incident_status"] != "closed")

    def text(self, *, rep: str, tasks: bool, now: datetime) -> str:
        """The calendar object: a VEVENT, or for a follow-up in task mode a VTODO."""
        event = with_rep(self.event, rep)
        if tasks and self.kind == "followup":
            done_at = from_iso(self.row["done_at"]) if self.row["status"] == "done" else None
            if self.row["status"] == "done" and done_at is None:
                done_at = now
            return todo_object(event, now, done_at=done_at)
        return event_object(event, now)


def _by_uid(db: Database, sql: str, uids: list[str] | None) -> Iterable[dict[str, Any]]:
    if uids is None:
        cursor = db.execute(sql)
        names = [c[0] for c in cursor.description]
        yield from (dict(zip(names, values)) for values in cursor)
        return
    for first in range(0, len(uids), 500):  # SQLite's limit on ? placeholders
        chunk = uids[first:first + 500]
        cursor = db.execute(sql + f" WHERE x.ics_uid IN ({', '.join('?' * len(chunk))})", chunk)
        names = [c[0] for c in cursor.description]
        yield from (dict(zip(names, values)) for values in cursor)


def load_items(db: Database, uids: list[str] | None = None) -> dict[str, LocalItem]:
    """The follow-ups and visits with these UIDs (all of them for None), by UID."""
    zones: dict[str, ZoneInfo] = {}
    found: dict[str, LocalItem] = {}
    sql = FOLLOWUPS_SQL.replace("x.id,", "x.id, x.incident_id,", 1)
    for row in _by_uid(db, sql, uids):
        zone = zone_named(zones, row["tz"])
        event = sequenced("followups", row, followup_event(row, zone)).event
        found[row["ics_uid"]] = LocalItem(row["ics_uid"], "followup", row, zone, event)
    for row in _by_uid(db, VISITS_SQL.replace("x.id,", "x.id, x.incident_id,", 1), uids):
        zone = zone_named(zones, row["tz"])
        begins = from_iso(row["starts_at"])
        if begins is None:
            continue
        event = sequenced("visits", row, visit_event(row, begins)).event
        found[row["ics_uid"]] = LocalItem(row["ics_uid"], "visit", row, zone, event)
    return found


def apply_schedule(db: Database, item: LocalItem, schedule: Schedule, *, now: datetime) -> None:
    """Move (or tick off, or reopen) the item to match what the calendar says."""
    start = schedule.when(item.zone)
    stamp = to_iso(now)
    if item.kind == "followup":
        day = start.date() if isinstance(start, datetime) else start
        clock = start.strftime("%H:%M") if isinstance(start, datetime) else None
        status, done_at, outcome = item.row["status"], item.row["done_at"], item.row["outcome"]
        if schedule.done and status != "done":
            status, done_at = "done", stamp
            outcome = outcome or DONE_IN_CALENDAR
        elif not schedule.done and status == "done":
            status, done_at = "pending", None
        db.execute("UPDATE followups SET due_date = ?, due_time = ?, status = ?, done_at = ?, "
                   "outcome = ?, updated_at = ? WHERE id = ?",
                   [day.isoformat(), clock, status, done_at, outcome, stamp, item.row["id"]])
        return
    old = from_iso(item.row["starts_at"])
    assert old is not None
    if not isinstance(start, datetime):  # made all-day there: keep the visit's own time
        local = old.astimezone(item.zone)
        start = datetime.combine(start, time(local.hour, local.minute), item.zone)
    minutes = int(item.row["duration_min"])
    if len(schedule.end) > 10:
        length = datetime.fromisoformat(schedule.end) - start
        if timedelta(0) < length <= timedelta(minutes=MAX_VISIT_MINUTES):
            minutes = int(length.total_seconds() // 60)
    db.execute("UPDATE visits SET starts_at = ?, duration_min = ?, updated_at = ? WHERE id = ?",
               [to_iso(start.astimezone(UTC)), minutes, stamp, item.row["id"]])


def item_label(item: LocalItem) -> str:
    """The title the rep knows the item by."""
    return item.event.summary


def start_of(value: datetime | date) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time(), UTC)
