"""Planning an incident's follow-ups: cadence anchors from its record, proposals applied."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from planner.followups.cadence import (
    CadenceStep,
    Proposal,
    next_weekday,
    parse_clock,
    propose,
    purpose_key,
)
from planner.followups.service import (
    FollowUp,
    FollowUpStatus,
    add_followup,
    list_followups,
)
from planner.incidents.service import get_incident
from planner.timeutil import date_from_iso, from_iso, local_zone_name, now_utc
from planner.visits.slots import FOLLOWUP_MINUTES, first_free

if TYPE_CHECKING:
    from sqlite_utils import Database

CADENCE_SOURCE = "cadence"
# Visits in these states did not (and will not) happen, so nothing is counted from them.
NOT_HAPPENING = ("cancelled", "canceled")


def stored_day(text: str | None, zone: ZoneInfo) -> date | None:
    """A stored date (YYYY-MM-DD) or timestamp as the calendar day it falls on in ``zone``."""
    if not text:
        return None
    if len(text) == 10:
        return date_from_iso(text)
    moment = from_iso(text)
    return moment.astimezone(zone).date() if moment is not None else None


def first_visit_day(db: Database, incident_id: int, zone: ZoneInfo) -> date | None:
    """The day of the incident's first visit that is still on (or took place)."""
    marks = ", ".join("?" for _ in NOT_HAPPENING)
    row = db.execute(
        f"SELECT starts_at FROM visits WHERE incident_id = ? AND status NOT IN ({marks}) "
        "ORDER BY starts_at LIMIT 1", [incident_id, *NOT_HAPPENING],
    ).fetchone()
    return stored_day(row[0], zone) if row else None


def remedy_due_day(db: Database, incident_id: int, zone: ZoneInfo) -> date | None:
    """The day the apology promised the remedy for, if the apology names one."""
    row = db.execute("SELECT remedy_due FROM apologies WHERE incident_id = ?", [incident_id]).fetchone()
    return stored_day(row[0], zone) if row else None


def cadence_anchors(db: Database, incident_id: int, zone: ZoneInfo) -> dict[str, date]:
    """The dates a cadence counts from: reported, visit and remedy_due, where known."""
    incident = get_incident(db, incident_id)
    found = {
        "reported": incident.reported_at.astimezone(zone).date() if incident.reported_at else None,
        "visit": first_visit_day(db, incident_id, zone),
        "remedy_due": remedy_due_day(db, incident_id, zone),
    }
    return {name: day for name, day in found.items() if day is not None}


def propose_for_incident(
    db: Database, incident_id: int, steps: Sequence[CadenceStep], *, zone: ZoneInfo,
    today: date | None = None,
) -> list[Proposal]:
    """What ``steps`` suggest for this incident, minus everything it already has, at free times."""
    day = today or now_utc().astimezone(zone).date()
    existing = list_followups(db, incident_id)
    proposals = propose(steps, cadence_anchors(db, incident_id, zone), existing, today=day)
    return settle_times(db, proposals, zone)


def settle_times(db: Database, proposals: Sequence[Proposal], zone: ZoneInfo) -> list[Proposal]:
    """The proposals with each timed one moved to the first free half hour at or after its
    time (planner.visits.slots.first_free): a cadence never proposes an occupied slot, nor two
    proposals at once. All-day ones occupy no slot and stay as they are."""
    settled: list[Proposal] = []
    taken: list[tuple[datetime, datetime]] = []
    length = timedelta(minutes=FOLLOWUP_MINUTES)
    for proposal in proposals:
        wanted = proposal.starts_at(zone)
        if wanted is None:
            settled.append(proposal)
            continue
        start = first_free(db, wanted, FOLLOWUP_MINUTES, also_busy=taken).astimezone(zone)
        taken.append((start, start + length))
        settled.append(replace(proposal, date=start.date(), time=start.time().replace(tzinfo=None)))
    return sorted(settled, key=lambda p: (p.date, p.step_index))


def apply_proposals(
    db: Database, incident_id: int, proposals: Iterable[Proposal], *, tz: str,
    source: str = CADENCE_SOURCE, now: datetime | None = None,
) -> list[FollowUp]:
    """Store the accepted proposals as pending follow-ups, in one transaction.

    A proposal that matches a follow-up already there (same day, same purpose) is left out,
    so applying twice, or after an edit elsewhere, never makes a duplicate.
    """
    added: list[FollowUp] = []
    with db.atomic():
        taken = {(f.due_date, purpose_key(f.purpose)) for f in list_followups(db, incident_id)}
        for proposal in proposals:
            key = (proposal.date, purpose_key(proposal.purpose))
            if key in taken:
                continue
            taken.add(key)
            followup = FollowUp(
                incident_id=incident_id, due_date=proposal.date, due_time=proposal.time,
                tz=tz, channel=proposal.channel, purpose=proposal.purpose, source=source,
            )
            added.append(add_followup(db, followup, now=now))
    return added


def add_relative_followups(
    db: Database, incident_id: int, items: Iterable[dict[str, Any]], *, now: datetime,
    tz: str | None = None,
) -> list[FollowUp]:
    """Add follow-ups written relative to ``now`` (the sample's ``[[followups]]`` tables).

    Each item has ``days`` from today, ``channel``, ``purpose``, optionally ``time``
    ("HH:MM", else all day) and ``outcome``. A past one is stored as done with its outcome
    at its own time (the sample never shows a promise broken); an upcoming one lands on the
    next weekday, after the one before it.
    """
    name = tz or local_zone_name()
    zone, today = ZoneInfo(name), now.astimezone(ZoneInfo(name)).date()
    added: list[FollowUp] = []
    previous: date | None = None  # the upcoming one before, so the order stays as written
    with db.atomic():
        for item in items:
            day = today + timedelta(days=int(item["days"]))
            clock = parse_clock(item["time"]) if item.get("time") else None
            followup = FollowUp(incident_id=incident_id, due_date=day, due_time=clock, tz=name,
                                channel=item["channel"], purpose=item["purpose"], source="sample")
            if day < today:
                followup.status, followup.outcome = FollowUpStatus.DONE, item.get("outcome", "")
                followup.done_at = min(now, datetime.combine(day, clock or time(17), zone))
            else:
                if previous is not None and day <= previous:
                    day = previous + timedelta(days=1)
                followup.due_date = previous = next_weekday(day)
            added.append(add_followup(db, followup, now=now))
    return added
