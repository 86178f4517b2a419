"""When an apology comes too late: one day count and one limit for the checker, visits and Today.

Days are calendar days in the user's time zone, the zone of the ``now`` the caller passes (the
app passes the computer's local time): told us on Monday, apology on Friday is 4 days, whatever
the hour. The same count everywhere means the checker, the visit warning and Today never
disagree about whether an apology is late.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

# An apology more than this many days after the customer told us is a weak one.
LATE_APOLOGY_DAYS = 3


def days_after_report(reported_at: datetime, later: datetime, zone: tzinfo | None) -> int:
    """Whole calendar days from the report to ``later``, both seen in ``zone``."""
    return (later.astimezone(zone).date() - reported_at.astimezone(zone).date()).days


def is_late(reported_at: datetime, later: datetime, zone: tzinfo | None,
            limit: int = LATE_APOLOGY_DAYS) -> bool:
    """True when ``later`` is more than ``limit`` calendar days after the report."""
    return days_after_report(reported_at, later, zone) > limit


def late_cutoff(now: datetime, limit: int = LATE_APOLOGY_DAYS) -> datetime:
    """The first instant of the day ``limit`` days before today (in ``now``'s zone): an
    incident reported before it and still waiting for an apology is late."""
    day = now.date() - timedelta(days=limit)
    return datetime.combine(day, time(0), now.tzinfo)
