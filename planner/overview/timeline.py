"""An incident's story as ordered points in time: happened, reported, apology, visit, remedy, follow-ups, closed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING

from planner.errors import NotFoundError
from planner.overview.today import followup_start
from planner.timeutil import from_iso, require_aware

# The sources planner.followups.promises gives the follow-ups of promised dates.
REMEDY_SOURCE, CHECK_BACK_SOURCE = "promise:remedy_due", "promise:check_back"

if TYPE_CHECKING:
    from sqlite_utils import Database


class PointKind(str, Enum):
    """What a point on the timeline stands for, in the order of the flow."""

    HAPPENED = "happened"
    REPORTED = "reported"
    APOLOGY = "apology"
    VISIT = "visit"
    REMEDY_DUE = "remedy_due"
    CHECK_BACK = "check_back"
    FOLLOWUP = "followup"
    CLOSED = "closed"


class PointState(str, Enum):
    """Done (in the past or completed), planned (still ahead), or overdue (promised, not kept)."""

    DONE = "done"
    PLANNED = "planned"
    OVERDUE = "overdue"


KIND_LABELS = {
    PointKind.HAPPENED: "Happened",
    PointKind.REPORTED: "Reported",
    PointKind.APOLOGY: "Apology",
    PointKind.VISIT: "Visit",
    PointKind.REMEDY_DUE: "Remedy due",
    PointKind.CHECK_BACK: "Check back",
    PointKind.FOLLOWUP: "Follow-up",
    PointKind.CLOSED: "Closed",
}


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One point: when, what, whether it is behind us, ahead, or overdue, and a short detail."""

    kind: PointKind
    when: datetime
    state: PointState
    detail: str = ""
    all_day: bool = False

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _day_end(day: date, now: datetime) -> datetime:
    # An all-day promise is kept until the day is over, seen from the user's zone.
    return datetime.combine(day, time(23, 59, 59), now.tzinfo)


def _state(when: datetime, now: datetime, *, done: bool, promise: bool) -> PointState:
    if done or (not promise and when <= now):
        return PointState.DONE
    return PointState.OVERDUE if when < now else PointState.PLANNED


def incident_timeline(db: Database, incident_id: int, now: datetime) -> list[TimelinePoint]:
    """The incident's points in time order (ties keep the flow's order); `now` judges overdue."""
    require_aware(now, "now")
    row = db.execute(
        "SELECT happened_at, reported_at, status, closed_at FROM incidents WHERE id = ?", [incident_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"Incident {incident_id} no longer exists; it may have been deleted.")
    happened, reported, status, closed = (from_iso(row[0]), from_iso(row[1]), row[2], from_iso(row[3]))
    points: list[TimelinePoint] = []
    if happened:
        points.append(TimelinePoint(PointKind.HAPPENED, happened, PointState.DONE))
    if reported:
        points.append(TimelinePoint(PointKind.REPORTED, reported, PointState.DONE))
    apologized = status in ("apologized", "remedy_in_progress", "closed")
    apology = db.execute(
        "SELECT planned_for, remedy_due, remedy_owner FROM apologies WHERE incident_id = ?", [incident_id]
    ).fetchone()
    if apology and apology[0]:
        when = from_iso(apology[0]) or now
        points.append(TimelinePoint(
            PointKind.APOLOGY, when, _state(when, now, done=apologized, promise=True), "planned"))
    for starts, status_v, place in db.execute(
        "SELECT starts_at, status, place FROM visits WHERE incident_id = ? ORDER BY starts_at", [incident_id]
    ):
        if status_v == "cancelled":
            continue
        when = from_iso(starts) or now
        state = _state(when, now, done=status_v != "planned", promise=status_v == "planned")
        points.append(TimelinePoint(PointKind.VISIT, when, state, place))
    followups = db.execute(
        "SELECT due_date, due_time, tz, status, purpose, source FROM followups "
        "WHERE incident_id = ? ORDER BY due_date, due_time", [incident_id],
    ).fetchall()
    # The remedy's due date is a follow-up too (planner.followups.promises): one point, kept
    # when that follow-up is done.
    remedy_kept = any(f[5] == REMEDY_SOURCE and f[3] == "done" and f[0] == (apology or [0, 0])[1]
                      for f in followups)
    if apology and apology[1]:
        day = date.fromisoformat(apology[1])
        when = _day_end(day, now)
        points.append(TimelinePoint(
            PointKind.REMEDY_DUE, datetime.combine(day, time(0), now.tzinfo),
            _state(when, now, done=status == "closed" or remedy_kept, promise=True), apology[2],
            all_day=True))
    for due_date, due_time, tz, status_f, purpose, source in followups:
        if status_f == "skipped":
            continue  # a promise dropped on purpose is no longer a point in the story
        if source == REMEDY_SOURCE and apology and due_date == apology[1]:
            continue  # drawn once, as the remedy's due date
        starts = followup_start(due_date, due_time, tz)
        day_start = datetime.combine(date.fromisoformat(due_date), time(0), now.tzinfo)
        deadline = starts or _day_end(day_start.date(), now)
        state = _state(deadline, now, done=status_f != "pending", promise=True)
        kind = PointKind.CHECK_BACK if source == CHECK_BACK_SOURCE else PointKind.FOLLOWUP
        points.append(TimelinePoint(kind, starts or day_start, state, purpose,
                                    all_day=starts is None))
    if status == "closed" and closed:
        points.append(TimelinePoint(PointKind.CLOSED, closed, PointState.DONE))
    order = list(PointKind)
    points.sort(key=lambda p: (p.when, order.index(p.kind)))
    return points
