"""The Today view's data: follow-ups due and overdue, visits coming up, apologies still owed."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.incidents import touch_incident
from planner.models import Severity, Status
from planner.timeutil import from_iso, require_aware, to_iso
from planner.validation import LONG_TEXT, check_length

if TYPE_CHECKING:
    from sqlite_utils import Database

# A late apology is a weak one; the apology checker warns past the same number of days.
DEFAULT_LATE_DAYS = 3
DEFAULT_DAYS_AHEAD = 7
DEFAULT_VISIT_DAYS = 14
WAITING_STATUSES = (Status.OPEN, Status.APOLOGY_PLANNED)


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    """One pending follow-up with the incident and customer it belongs to."""

    id: int
    incident_id: int
    incident_title: str
    company: str
    channel: str
    purpose: str
    day: date  # the day it falls on, as seen in the zone of "now"
    starts_at: datetime | None  # None: an all-day follow-up
    overdue: bool


@dataclass(frozen=True, slots=True)
class VisitItem:
    """One planned visit in the days ahead."""

    id: int
    incident_id: int
    incident_title: str
    company: str
    starts_at: datetime
    duration_min: int
    place: str


@dataclass(frozen=True, slots=True)
class WaitingItem:
    """An incident whose customer has not yet had an apology, and how long they have waited."""

    incident_id: int
    title: str
    company: str
    status: Status
    severity: Severity
    reported_at: datetime
    age_days: int
    late: bool
    apology_planned_for: datetime | None


@dataclass
class TodayData:
    """Everything the Today view shows, worked out for one moment."""

    now: datetime
    late_days: int
    overdue: list[FollowUpItem] = field(default_factory=list)
    due_today: list[FollowUpItem] = field(default_factory=list)
    upcoming: list[FollowUpItem] = field(default_factory=list)
    visits: list[VisitItem] = field(default_factory=list)
    waiting: list[WaitingItem] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.now.date()

    def is_empty(self) -> bool:
        """Nothing at all needs the user."""
        return not (self.overdue or self.due_today or self.upcoming or self.visits or self.waiting)


def zone_named(name: str) -> tzinfo:
    """The IANA zone called name; UTC when the name is unknown (a hand-edited row, say)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def followup_start(due_date: str, due_time: str | None, tz: str) -> datetime | None:
    """When a timed follow-up starts (aware), or None for an all-day one."""
    if not due_time:
        return None
    return datetime.combine(date.fromisoformat(due_date), time.fromisoformat(due_time), zone_named(tz))


def today_view(
    db: Database, now: datetime, *, days: int = DEFAULT_DAYS_AHEAD,
    visit_days: int = DEFAULT_VISIT_DAYS, late_days: int = DEFAULT_LATE_DAYS,
) -> TodayData:
    """What needs the user at `now`, whose time zone decides which day "today" is."""
    require_aware(now, "now")
    data = TodayData(now=now, late_days=late_days)
    for item in _pending_followups(db, now, days):
        if item.overdue:
            data.overdue.append(item)
        elif item.day == data.today:
            data.due_today.append(item)
        elif item.day <= data.today + timedelta(days=days):
            data.upcoming.append(item)
    data.visits = _planned_visits(db, now, visit_days)
    data.waiting = _waiting_for_apology(db, now, late_days)
    return data


def _pending_followups(db: Database, now: datetime, days: int) -> list[FollowUpItem]:
    # One day of slack on the date bound: a follow-up stored in another zone may still land
    # inside the window once seen from here. The (status, due_date) index answers the range.
    last = (now.date() + timedelta(days=days + 1)).isoformat()
    sql = """
        SELECT f.id, f.incident_id, i.title, c.company, f.channel, f.purpose,
               f.due_date, f.due_time, f.tz
        FROM followups f
        JOIN incidents i ON i.id = f.incident_id
        JOIN customers c ON c.id = i.customer_id
        WHERE f.status = 'pending' AND f.due_date <= ?
        ORDER BY f.due_date, f.due_time IS NOT NULL, f.due_time, f.id
    """
    zone = now.tzinfo
    items = []
    for fid, iid, title, company, channel, purpose, due_date, due_time, tz in db.execute(sql, [last]):
        starts = followup_start(due_date, due_time, tz)
        if starts is None:
            # As planner.followups judges it: overdue once the day is over where it was planned.
            day = date.fromisoformat(due_date)
            overdue = day < now.astimezone(zone_named(tz)).date()
        else:
            day = starts.astimezone(zone).date()
            overdue = starts < now
        items.append(FollowUpItem(fid, iid, title, company, channel, purpose, day, starts, overdue))
    # Sorted again because times in different zones may interleave differently than the text.
    items.sort(key=lambda f: (f.day, f.starts_at is not None, f.starts_at or now, f.id))
    return items


def _planned_visits(db: Database, now: datetime, visit_days: int) -> list[VisitItem]:
    start_of_day = datetime.combine(now.date(), time(0), now.tzinfo)
    sql = """
        SELECT v.id, v.incident_id, i.title, c.company, v.starts_at, v.duration_min, v.place
        FROM visits v
        JOIN incidents i ON i.id = v.incident_id
        JOIN customers c ON c.id = i.customer_id
        WHERE v.status = 'planned' AND v.starts_at >= ? AND v.starts_at < ?
        ORDER BY v.starts_at, v.id
    """
    params = [to_iso(start_of_day), to_iso(now + timedelta(days=visit_days))]
    return [
        VisitItem(vid, iid, title, company, from_iso(starts) or now, duration, place)
        for vid, iid, title, company, starts, duration, place in db.execute(sql, params)
    ]


def _waiting_for_apology(db: Database, now: datetime, late_days: int) -> list[WaitingItem]:
    sql = f"""
        SELECT i.id, i.title, c.company, i.status, i.severity,
               COALESCE(i.reported_at, i.created_at) AS reported, a.planned_for
        FROM incidents i
        JOIN customers c ON c.id = i.customer_id
        LEFT JOIN apologies a ON a.incident_id = i.id
        WHERE i.status IN ({", ".join("?" for _ in WAITING_STATUSES)})
        ORDER BY reported, i.id
    """
    items = []
    for iid, title, company, status, severity, reported, planned in db.execute(
        sql, [s.value for s in WAITING_STATUSES]
    ):
        reported_at = from_iso(reported) or now
        age = (now.date() - reported_at.astimezone(now.tzinfo).date()).days
        items.append(WaitingItem(
            iid, title, company, Status(status), Severity(severity), reported_at,
            max(age, 0), age > late_days, from_iso(planned),
        ))
    return items


def complete_followup(db: Database, followup_id: int, outcome: str, *, now: datetime) -> None:
    """Mark a follow-up done with what came of it (the Today view's quick action)."""
    require_aware(now, "now")
    check_length("outcome", outcome.strip(), LONG_TEXT)
    # Imported here: planner.followups pulls in the calendar library, which start-up can skip.
    from planner.followups import mark_done

    followup = mark_done(db, followup_id, outcome, now)
    # The incident list sorts by last change; a kept promise is a change to the incident.
    touch_incident(db, followup.incident_id, now=now)
