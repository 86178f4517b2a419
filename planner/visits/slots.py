"""Who is where when: planned visits and timed follow-ups as bookings, their clashes, and the
first free slot for something new (a rep cannot be in two places at once)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.timeutil import from_iso, require_aware, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

# A timed follow-up (a call, an e-mail to write, a meeting) holds half an hour of the day.
FOLLOWUP_MINUTES = 30
# New things are planned in working hours, on the half hour.
DAY_STARTS, DAY_ENDS = time(9, 0), time(18, 0)
STEP = timedelta(minutes=30)
SEARCH_DAYS = 60  # how far ahead first_free looks before it gives up and keeps the wish
_LONGEST_VISIT = timedelta(hours=12)  # planner.visits.service.MAX_DURATION_MIN

Key = tuple[str, int]  # ("visit" | "followup", id)


# A NamedTuple, not a frozen dataclass: a tenth of the cost to define (it is defined on start-up's
# way to the first paint), and as immutable.
class Booking(NamedTuple):
    """A stretch of the user's time: a planned visit or a pending timed follow-up."""

    kind: str  # "visit" or "followup"
    id: int
    incident_id: int
    company: str
    what: str  # the follow-up's purpose, or the visit's place
    starts: datetime
    ends: datetime

    @property
    def key(self) -> Key:
        return (self.kind, self.id)

    def overlaps(self, starts: datetime, ends: datetime) -> bool:
        return self.starts < ends and starts < self.ends

    def describe(self, zone: tzinfo | None = None) -> str:
        """'the visit to Halvorsen Fitouts, Thu 03 Dec 10:00–10:45' in ``zone`` (default local)."""
        start = self.starts.astimezone(zone) if zone else self.starts.astimezone()
        end = self.ends.astimezone(zone) if zone else self.ends.astimezone()
        noun = "the visit to" if self.kind == "visit" else "the follow-up with"
        return f"{noun} {self.company}, {start:%a %d %b %H:%M}–{end:%H:%M}"


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def bookings(db: Database, start: datetime, end: datetime) -> list[Booking]:
    """Planned visits and pending timed follow-ups that overlap [start, end), by start."""
    require_aware(start, "start")
    require_aware(end, "end")
    found: list[Booking] = []
    for vid, iid, company, place, starts, minutes in db.execute(
        "SELECT v.id, v.incident_id, c.company, v.place, v.starts_at, v.duration_min "
        "FROM visits v JOIN incidents i ON i.id = v.incident_id "
        "JOIN customers c ON c.id = i.customer_id "
        "WHERE v.status = 'planned' AND v.starts_at >= ? AND v.starts_at < ?",
        [to_iso(start - _LONGEST_VISIT), to_iso(end)],
    ):
        begins = from_iso(starts)
        if begins is None:
            continue
        booking = Booking("visit", vid, iid, company, " ".join(place.split()), begins,
                          begins + timedelta(minutes=int(minutes)))
        if booking.overlaps(start, end):
            found.append(booking)
    # Stored dates are wall dates in their own zone: look two days either side, then judge.
    for fid, iid, company, purpose, due_date, due_time, tz in db.execute(
        "SELECT f.id, f.incident_id, c.company, f.purpose, f.due_date, f.due_time, f.tz "
        "FROM followups f JOIN incidents i ON i.id = f.incident_id "
        "JOIN customers c ON c.id = i.customer_id "
        "WHERE f.status = 'pending' AND f.due_time IS NOT NULL AND f.due_date BETWEEN ? AND ?",
        [(start.date() - timedelta(days=2)).isoformat(), (end.date() + timedelta(days=2)).isoformat()],
    ):
        begins = datetime.combine(date.fromisoformat(due_date), time.fromisoformat(due_time), _zone(tz))
        booking = Booking("followup", fid, iid, company, purpose, begins,
                          begins + timedelta(minutes=FOLLOWUP_MINUTES))
        if booking.overlaps(start, end):
            found.append(booking)
    return sorted(found, key=lambda b: (b.starts, b.kind, b.id))


def clashes(items: Sequence[Booking]) -> dict[Key, list[Booking]]:
    """Each booking that overlaps another, with the ones it overlaps (in time order)."""
    ordered = sorted(items, key=lambda b: (b.starts, b.kind, b.id))
    found: dict[Key, list[Booking]] = {}
    for index, booking in enumerate(ordered):
        for other in ordered[index + 1:]:
            if other.starts >= booking.ends:
                break  # sorted by start: nothing later can overlap this one
            found.setdefault(booking.key, []).append(other)
            found.setdefault(other.key, []).append(booking)
    return found


def clashes_between(db: Database, start: datetime, end: datetime) -> dict[Key, list[Booking]]:
    """The clashes among everything booked in [start, end) (and what reaches into it)."""
    return clashes(bookings(db, start - _LONGEST_VISIT, end + _LONGEST_VISIT))


def clashes_with(db: Database, starts: datetime, ends: datetime,
                 ignore: Key | None = None) -> list[Booking]:
    """What is already booked over [starts, ends), leaving out ``ignore`` (the item itself)."""
    return [b for b in bookings(db, starts, ends) if b.key != ignore]


def clash_text(others: Iterable[Booking], zone: tzinfo | None = None) -> str:
    """'Overlaps the visit to Halvorsen Fitouts, Thu 03 Dec 10:00–10:45.' (empty: no clash)."""
    described = [other.describe(zone) for other in others]
    if not described:
        return ""
    return "Overlaps " + "; and ".join(described) + "."


def first_free(
    db: Database, wanted: datetime, minutes: int, *, ignore: Key | None = None,
    also_busy: Sequence[tuple[datetime, datetime]] = (),
) -> datetime:
    """The first start at or after ``wanted`` where ``minutes`` fit without overlapping anything.

    Later slots are tried on the half hour within working hours (DAY_STARTS to DAY_ENDS in
    ``wanted``'s zone), then on the next weekdays. ``also_busy`` adds stretches not stored yet
    (other proposals of the same plan). When nothing is free within SEARCH_DAYS, ``wanted``
    is returned as it is: the clash is then flagged where it is planned.
    """
    require_aware(wanted, "wanted")
    zone = wanted.tzinfo
    assert zone is not None
    length = timedelta(minutes=minutes)
    horizon = wanted + timedelta(days=SEARCH_DAYS)
    busy = [(b.starts, b.ends) for b in bookings(db, wanted - _LONGEST_VISIT, horizon + length)
            if b.key != ignore] + list(also_busy)
    candidate = wanted
    while candidate < horizon:
        ends = candidate + length
        blocker = max((e for s, e in busy if s < ends and candidate < e), default=None)
        if blocker is None:
            return candidate
        candidate = _next_slot(blocker, zone)
        local = candidate.astimezone(zone)
        if local.weekday() >= 5 or (local + length).time() > DAY_ENDS or local.date() != (
                local + length).date():
            candidate = _next_morning(local)
    return wanted


def _next_slot(after: datetime, zone: tzinfo) -> datetime:
    """The first half hour at or after ``after``, in ``zone``."""
    local = after.astimezone(zone)
    rounded = local.replace(minute=0, second=0, microsecond=0)
    while rounded < local:
        rounded += STEP
    return rounded


def _next_morning(local: datetime) -> datetime:
    day = local.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    assert local.tzinfo is not None
    return datetime.combine(day, DAY_STARTS, local.tzinfo)
