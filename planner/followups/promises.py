"""The apology's promises as follow-ups: the remedy's due date and the check-back date are
follow-ups, created, moved and removed with the dates in the apology."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from planner.apology.service import Apology, get_apology, save_apology
from planner.followups.service import (
    FollowUp,
    FollowUpStatus,
    add_followup,
    delete_followup,
    list_followups,
    save_followup,
)
from planner.incidents.service import get_customer, get_incident
from planner.timeutil import local_zone_name, now_utc

if TYPE_CHECKING:
    from sqlite_utils import Database

REMEDY_SOURCE = "promise:remedy_due"
CHECK_BACK_SOURCE = "promise:check_back"
PROMISE_SOURCES = (REMEDY_SOURCE, CHECK_BACK_SOURCE)
# The apology's column that each promise follows.
PROMISE_FIELD = {REMEDY_SOURCE: "remedy_due", CHECK_BACK_SOURCE: "check_back"}
PROMISE_LABEL = {REMEDY_SOURCE: "Remedy due", CHECK_BACK_SOURCE: "Check back"}

_REMEDY_PURPOSE = re.compile(r"Remedy due( \(.*\))?: confirm the fix reached them and works")
_CHECK_BACK_PURPOSE = re.compile(r"Check back with .*, as promised in the apology")


def is_promise(followup: FollowUp) -> bool:
    """A follow-up that stands for a date promised in the apology."""
    return followup.source in PROMISE_SOURCES


def promise_purpose(source: str, owner: str, who: str) -> str:
    """The purpose a promise follow-up is given (and kept up to date while nobody edits it)."""
    if source == REMEDY_SOURCE:
        owner = " ".join(owner.split())[:60]
        return f"Remedy due{f' ({owner})' if owner else ''}: confirm the fix reached them and works"
    who = " ".join(who.split())[:80] or "the customer"
    return f"Check back with {who}, as promised in the apology"


def _generated(source: str, purpose: str) -> bool:
    pattern = _REMEDY_PURPOSE if source == REMEDY_SOURCE else _CHECK_BACK_PURPOSE
    return pattern.fullmatch(purpose) is not None


def promised_day(apology: Apology, source: str) -> date | None:
    """The date the apology promises for ``source`` (None when not set)."""
    value = getattr(apology, PROMISE_FIELD[source])
    return value if isinstance(value, date) else None


def sync_promises(
    db: Database, incident_id: int, *, tz: str | None = None, now: datetime | None = None,
) -> list[FollowUp]:
    """Make the incident's promise follow-ups match its apology's dates; returns the changed ones.

    A date newly set adds an all-day call on that day; a moved date moves the pending
    follow-up (keeping a time the user gave it); a cleared date removes the pending one.
    Done and skipped ones are history and stay; a promise of another day then gets a new one.
    """
    moment = now or now_utc()
    apology = get_apology(db, incident_id)
    incident = get_incident(db, incident_id)
    customer = get_customer(db, incident.customer_id)
    who = customer.contact_name.strip() or customer.company
    changed: list[FollowUp] = []
    with db.atomic():
        followups = list_followups(db, incident_id)
        for source in PROMISE_SOURCES:
            day = promised_day(apology, source)
            mine = [f for f in followups if f.source == source]
            pending = [f for f in mine if f.status == FollowUpStatus.PENDING]
            purpose = promise_purpose(source, apology.remedy_owner, who)
            if day is None:
                for followup in pending:
                    assert followup.id is not None
                    delete_followup(db, followup.id, follow_promise=False)
                    changed.append(followup)
                continue
            if pending:
                first, extra = pending[0], pending[1:]
                for followup in extra:  # one promise, one follow-up
                    assert followup.id is not None
                    delete_followup(db, followup.id, follow_promise=False)
                    changed.append(followup)
                wanted = first.purpose if not _generated(source, first.purpose) else purpose
                if first.due_date != day or first.purpose != wanted:
                    moved = replace(first, due_date=day, purpose=wanted)
                    save_followup(db, moved, now=moment, follow_promise=False)
                    changed.append(moved)
                continue
            if any(f.due_date == day for f in mine):
                continue  # this very promise was already kept (or skipped)
            added = add_followup(db, FollowUp(
                incident_id=incident_id, due_date=day, purpose=purpose, channel="call",
                tz=tz or local_zone_name(), source=source,
            ), now=moment)
            changed.append(added)
    return changed


def save_apology_and_promises(
    db: Database, apology: Apology, *, tz: str | None = None, now: datetime | None = None,
) -> list[FollowUp]:
    """Store the apology and bring its promise follow-ups in line, in one transaction."""
    with db.atomic():
        save_apology(db, apology, now=now)
        return sync_promises(db, apology.incident_id, tz=tz, now=now)
