"""Today's follow-up sections (overdue, due today, the days ahead): the first rows, and true counts."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from sqlite_utils import Database

# UTC offsets stay within a day either way, so two zones are under 48 hours apart: a follow-up's
# day as seen from here is at most two days from the date it was stored with.
ZONE_SLACK = timedelta(days=2)
_IDS_PER_QUERY = 500  # well under SQLite's limit on bound parameters


# A NamedTuple, not a frozen dataclass: a tenth of the cost to define (it is defined on start-up's
# way to the first paint), and as immutable.
class FollowUpItem(NamedTuple):
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
    clash: str = ""  # what else is booked at the same time ("Overlaps the visit to …")


class _Slot(NamedTuple):
    """Where a follow-up falls, in Today's order: by day seen from here, all-day first, moment, id."""

    day: date
    timed: bool
    at: float  # the moment as a POSIX timestamp (cheap to compare across zones); 0 when all day
    id: int
    starts: datetime | None
    overdue: bool


class FollowUpSections(NamedTuple):  # not a dataclass: cheaper to define, on start-up's path
    """The first rows of each follow-up section, and how many each holds in all."""

    overdue: list[FollowUpItem]
    due_today: list[FollowUpItem]
    upcoming: list[FollowUpItem]
    totals: dict[str, int]


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


def followup_sections(db: Database, now: datetime, days: int, limit: int | None) -> FollowUpSections:
    """Pending follow-ups overdue, due today and due in the next `days` days, as seen at `now`.

    Each list holds the first `limit` (None: all). Only follow-ups stored within ZONE_SLACK of
    today or of the last day ahead can go either way: those are judged one by one. Older ones
    are overdue and those in between are coming up, whatever their zones, so SQL counts them
    and reads only the first few.
    """
    today = now.date()
    horizon = today + timedelta(days=days)
    edges = [today - ZONE_SLACK, today + ZONE_SLACK, horizon - ZONE_SLACK, horizon + ZONE_SLACK]
    overdue, due_today, upcoming = [], [], []
    for slot in _slots(db, now, "(f.due_date BETWEEN ? AND ? OR f.due_date BETWEEN ? AND ?)",
                       [d.isoformat() for d in edges]):
        if slot.overdue:
            overdue.append(slot)
        elif slot.day == today:
            due_today.append(slot)
        elif slot.day <= horizon:
            upcoming.append(slot)
    older, older_total = _settled(db, now, None, today - ZONE_SLACK, limit)
    between, between_total = _settled(db, now, today + ZONE_SLACK, horizon - ZONE_SLACK, limit)
    chosen = [_first(overdue + older, limit), _first(due_today, limit), _first(upcoming + between, limit)]
    items = _items(db, [slot for slots in chosen for slot in slots])
    # An id missing from items lost its incident behind the foreign keys' back: not listed.
    overdue_items, today_items, upcoming_items = (
        [items[slot.id] for slot in slots if slot.id in items] for slots in chosen)
    return FollowUpSections(
        overdue_items, today_items, upcoming_items,
        totals={"overdue": len(overdue) + older_total, "due_today": len(due_today),
                "upcoming": len(upcoming) + between_total},
    )


def _settled(
    db: Database, now: datetime, after: date | None, before: date, limit: int | None,
) -> tuple[list[_Slot], int]:
    """Pending follow-ups stored strictly between the two dates: the first `limit`, and the count."""
    if after is not None and after >= before - timedelta(days=1):
        return [], 0
    where, params = "f.due_date < ?", [before.isoformat()]
    if after is not None:
        where, params = where + " AND f.due_date > ?", [*params, after.isoformat()]
    # The (status, due_date) index answers both queries without visiting the table.
    total = int(db.execute(f"SELECT COUNT(*) FROM followups f WHERE f.status = 'pending' AND {where}",
                           params).fetchone()[0])
    if limit == 0:
        return [], total
    if limit is not None and total > limit:
        # Today's order is by the day seen from here, up to ZONE_SLACK from the stored date: read
        # on past the limit-th row's date by twice that, so nothing that sorts earlier is missed.
        (cut,) = db.execute(f"SELECT f.due_date FROM followups f WHERE f.status = 'pending' AND {where} "
                            "ORDER BY f.due_date LIMIT 1 OFFSET ?", [*params, limit - 1]).fetchone()
        last = date.fromisoformat(cut) + 2 * ZONE_SLACK
        where, params = where + " AND f.due_date <= ?", [*params, last.isoformat()]
    return _first(_slots(db, now, where, params), limit), total


def _slots(db: Database, now: datetime, where: str, params: list[str]) -> list[_Slot]:
    """Where each pending follow-up matching `where` falls; only the columns that decide it."""
    sql = f"SELECT f.id, f.due_date, f.due_time, f.tz FROM followups f WHERE f.status = 'pending' AND {where}"
    # Busy files repeat the same date, time and zone many times over: judge each once.
    judged: dict[tuple[str, str | None, str], _Slot] = {}
    slots = []
    for fid, due_date, due_time, tz in db.execute(sql, params):
        slot = judged.get((due_date, due_time, tz))
        if slot is None:
            slot = judged[due_date, due_time, tz] = _judge(due_date, due_time, tz, now)
        day, timed, at, _, starts, overdue = slot
        slots.append(_Slot(day, timed, at, fid, starts, overdue))
    return slots


def _judge(due_date: str, due_time: str | None, tz: str, now: datetime) -> _Slot:
    """Where a follow-up falls as seen from `now` (its id still to be filled in)."""
    starts = followup_start(due_date, due_time, tz)
    if starts is None:
        # As planner.followups.service judges it: overdue once the day is over where it was planned.
        day = date.fromisoformat(due_date)
        return _Slot(day, False, 0.0, 0, None, day < now.astimezone(zone_named(tz)).date())
    return _Slot(starts.astimezone(now.tzinfo).date(), True, starts.timestamp(), 0, starts, starts < now)


def _first(slots: list[_Slot], limit: int | None) -> list[_Slot]:
    # Sorted here, not in SQL: times in different zones may interleave differently than their text.
    slots.sort()
    return slots if limit is None else slots[:limit]


def _items(db: Database, slots: list[_Slot]) -> dict[int, FollowUpItem]:
    """The listed follow-ups in full, with their incident and customer, by id."""
    items = {}
    for start in range(0, len(slots), _IDS_PER_QUERY):
        batch = {slot.id: slot for slot in slots[start:start + _IDS_PER_QUERY]}
        sql = f"""
            SELECT f.id, f.incident_id, i.title, c.company, f.channel, f.purpose
            FROM followups f
            JOIN incidents i ON i.id = f.incident_id
            JOIN customers c ON c.id = i.customer_id
            WHERE f.id IN ({", ".join("?" for _ in batch)})
        """
        for fid, iid, title, company, channel, purpose in db.execute(sql, list(batch)):
            slot = batch[fid]
            items[fid] = FollowUpItem(fid, iid, title, company, channel, purpose,
                                      slot.day, slot.starts, slot.overdue)
    return items
