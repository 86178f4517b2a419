"""The Today view's data: follow-ups due and overdue, visits coming up, apologies still owed."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from planner.incidents.lateness import LATE_APOLOGY_DAYS, days_after_report, late_cutoff
from planner.incidents.summary import Severity, Status
from planner.overview.today_followups import (
    FollowUpItem,
    followup_sections,
    followup_start,
    zone_named,
)
from planner.timeutil import from_iso, require_aware, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

# FollowUpItem, followup_start and zone_named live with the follow-up sections; callers find them here.
__all__ = [
    "DEFAULT_DAYS_AHEAD", "DEFAULT_LATE_DAYS", "DEFAULT_VISIT_DAYS", "SECTIONS", "TODAY_SECTION_LIMIT",
    "WAITING_STATUSES", "FollowUpItem", "TodayData", "VisitItem", "WaitingItem", "complete_followup",
    "followup_start", "today_view", "zone_named",
]

DEFAULT_LATE_DAYS = LATE_APOLOGY_DAYS
DEFAULT_DAYS_AHEAD = 7
DEFAULT_VISIT_DAYS = 14
WAITING_STATUSES = (Status.OPEN, Status.APOLOGY_PLANNED)
# A home page is read at a glance: each section lists this many, most urgent first,
# and counts the rest.
TODAY_SECTION_LIMIT = 50
SECTIONS = ("overdue", "due_today", "upcoming", "visits", "waiting")
# Clashes are looked for from this many days back (an overdue call that overlaps last week's
# visit is history, not a warning) to the end of what Today shows.
CLASH_LOOKBACK_DAYS = 1


# A NamedTuple, not a frozen dataclass: a tenth of the cost to define (it is defined on start-up's
# way to the first paint), and as immutable.
class VisitItem(NamedTuple):
    """One planned visit in the days ahead."""

    id: int
    incident_id: int
    incident_title: str
    company: str
    starts_at: datetime
    duration_min: int
    place: str
    clash: str = ""  # what else is booked at the same time ("Overlaps the follow-up with …")


class WaitingItem(NamedTuple):
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


class TodayData:
    """Everything the Today view shows, worked out for one moment.

    With a limit, each list holds only the first rows of its section; `totals` says how many
    the section has in all, and `waiting_late` how many of all the waiting incidents are late.
    A plain class, not a dataclass: Today is read before the window first paints, and defining
    a dataclass (with the dataclasses module's import) costs start-up about 2 ms.
    """

    __slots__ = ("due_today", "late_days", "now", "overdue", "totals", "upcoming", "visits",
                 "waiting", "waiting_late")

    def __init__(self, now: datetime, late_days: int) -> None:
        self.now, self.late_days = now, late_days
        self.overdue: list[FollowUpItem] = []
        self.due_today: list[FollowUpItem] = []
        self.upcoming: list[FollowUpItem] = []
        self.visits: list[VisitItem] = []
        self.waiting: list[WaitingItem] = []
        self.totals: dict[str, int] = {}
        self.waiting_late = 0

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={self.total(name)}" for name in SECTIONS)
        return f"TodayData(now={self.now.isoformat()}, {counts})"

    @property
    def today(self) -> date:
        return self.now.date()

    def rows(self, section: str) -> Sequence[Any]:
        """The listed rows of one of SECTIONS."""
        rows: Sequence[Any] = getattr(self, section)
        return rows

    def total(self, section: str) -> int:
        """How many rows the section has in all, listed or not."""
        return self.totals.get(section, len(self.rows(section)))

    def is_empty(self) -> bool:
        """Nothing at all needs the user."""
        return not any(self.total(section) for section in SECTIONS)


def today_view(
    db: Database, now: datetime, *, days: int = DEFAULT_DAYS_AHEAD,
    visit_days: int = DEFAULT_VISIT_DAYS, late_days: int = DEFAULT_LATE_DAYS, limit: int | None = None,
) -> TodayData:
    """What needs the user at `now`, whose time zone decides which day "today" is.

    `limit` caps each section's list (None: list everything); the totals are always complete.
    """
    require_aware(now, "now")
    if limit is not None and limit < 0:
        raise ValueError("limit must be 0 or more, or None for no limit")
    data = TodayData(now=now, late_days=late_days)
    followups = followup_sections(db, now, days, limit)
    data.overdue, data.due_today, data.upcoming = followups.overdue, followups.due_today, followups.upcoming
    data.totals.update(followups.totals)
    data.visits, data.totals["visits"] = _planned_visits(db, now, visit_days, limit)
    data.waiting, data.totals["waiting"], data.waiting_late = _waiting_for_apology(
        db, now, late_days, limit)
    _mark_clashes(db, data, max(days, visit_days))
    return data


def _mark_clashes(db: Database, data: TodayData, days: int) -> None:
    """Flag each listed visit and timed follow-up that overlaps something else booked."""
    # Imported here: Today is read before the window first paints, and most days nothing clashes.
    from planner.visits.slots import clash_text, clashes_between

    start = datetime.combine(data.today - timedelta(days=CLASH_LOOKBACK_DAYS), time(0),
                             data.now.tzinfo)
    found = clashes_between(db, start, data.now + timedelta(days=days + 1))
    if not found:
        return
    zone = data.now.tzinfo

    def note(kind: str, item_id: int) -> str:
        return clash_text(found.get((kind, item_id), ()), zone)

    for name in ("overdue", "due_today", "upcoming"):
        rows: list[FollowUpItem] = getattr(data, name)
        setattr(data, name, [f._replace(clash=note("followup", f.id)) if f.starts_at else f
                             for f in rows])
    data.visits = [v._replace(clash=note("visit", v.id)) for v in data.visits]


def _sql_limit(limit: int | None) -> int:
    return -1 if limit is None else limit  # SQLite reads a negative LIMIT as none


def _planned_visits(
    db: Database, now: datetime, visit_days: int, limit: int | None,
) -> tuple[list[VisitItem], int]:
    start_of_day = datetime.combine(now.date(), time(0), now.tzinfo)
    where = "v.status = 'planned' AND v.starts_at >= ? AND v.starts_at < ?"
    params = [to_iso(start_of_day), to_iso(now + timedelta(days=visit_days))]
    total = int(db.execute(f"SELECT COUNT(*) FROM visits v WHERE {where}", params).fetchone()[0])
    sql = f"""
        SELECT v.id, v.incident_id, i.title, c.company, v.starts_at, v.duration_min, v.place
        FROM visits v
        JOIN incidents i ON i.id = v.incident_id
        JOIN customers c ON c.id = i.customer_id
        WHERE {where}
        ORDER BY v.starts_at, v.id
        LIMIT ?
    """
    rows = db.execute(sql, [*params, _sql_limit(limit)])
    items = [
        VisitItem(vid, iid, title, company, from_iso(starts) or now, duration, place)
        for vid, iid, title, company, starts, duration, place in rows
    ]
    return items, total


def _waiting_for_apology(
    db: Database, now: datetime, late_days: int, limit: int | None,
) -> tuple[list[WaitingItem], int, int]:
    """The first `limit` incidents waiting longest, how many wait in all, and how many are late."""
    statuses = [s.value for s in WAITING_STATUSES]
    marks = ", ".join("?" for _ in statuses)
    # Late means more than late_days calendar days old in the zone of `now`: reported before the
    # first moment of day (today - late_days) there. Stored times are UTC text that sorts as time.
    cutoff = late_cutoff(now, late_days)
    total, late = db.execute(
        f"""SELECT COUNT(*), COUNT(CASE WHEN COALESCE(reported_at, created_at) < ? THEN 1 END)
            FROM incidents WHERE status IN ({marks})""",
        [to_iso(cutoff), *statuses],
    ).fetchone()
    sql = f"""
        SELECT i.id, i.title, c.company, i.status, i.severity, i.reported, a.planned_for
        FROM (SELECT id, title, status, severity, customer_id,
                     COALESCE(reported_at, created_at) AS reported
              FROM incidents WHERE status IN ({marks})
              ORDER BY reported, id LIMIT ?) i
        JOIN customers c ON c.id = i.customer_id
        LEFT JOIN apologies a ON a.incident_id = i.id
        ORDER BY i.reported, i.id
    """
    items = []
    rows = db.execute(sql, [*statuses, _sql_limit(limit)])
    for iid, title, company, status, severity, reported, planned in rows:
        reported_at = from_iso(reported) or now
        age = days_after_report(reported_at, now, now.tzinfo)
        items.append(WaitingItem(
            iid, title, company, Status(status), Severity(severity), reported_at,
            max(age, 0), age > late_days, from_iso(planned),
        ))
    return items, int(total), int(late)


def complete_followup(db: Database, followup_id: int, outcome: str, *, now: datetime) -> None:
    """Mark a follow-up done with what came of it (the Today view's quick action)."""
    # Imported here: Today is painted at start-up without them (planner.followups.service also
    # pulls in the calendar library).
    from planner.followups.service import mark_done
    from planner.incidents.service import touch_incident
    from planner.incidents.validation import LONG_TEXT, check_length

    require_aware(now, "now")
    check_length("outcome", outcome.strip(), LONG_TEXT)

    followup = mark_done(db, followup_id, outcome, now)
    # The incident list sorts by last change; a kept promise is a change to the incident.
    touch_incident(db, followup.incident_id, now=now)
