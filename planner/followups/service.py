"""Follow-ups of an incident: add, edit, mark done or skipped, find the overdue ones, close."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.errors import AmendsError, NotFoundError, ValidationError
from planner.followups.cadence import CHANNELS
from planner.incidents.model import Incident, Status
from planner.incidents.service import get_incident, set_status
from planner.incidents.validation import LONG_TEXT, check_length, require
from planner.timeutil import date_to_iso, from_iso, now_utc, to_iso
from planner.uids import new_uid as make_uid

if TYPE_CHECKING:
    from sqlite_utils import Database

PURPOSE_LIMIT = 300  # it becomes the calendar title; a paragraph belongs in the outcome
CLOSED_NOTE = "Skipped when the incident was closed."
Day = date


class FollowUpStatus(str, Enum):
    """Where one follow-up stands."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PendingFollowUpsError(AmendsError):
    """Closing was asked for while follow-ups are still pending and nobody confirmed it."""

    def __init__(self, count: int) -> None:
        noun = "follow-up is" if count == 1 else "follow-ups are"
        super().__init__(f"{count} {noun} still pending. Confirm that they can be skipped, "
                         "or do them first, before closing the incident.")
        self.count = count


@dataclass
class FollowUp:
    """One promise to get back to the customer: when, how, why, and what came of it.

    ``due_time`` None means all day. A timed follow-up is ``due_date`` + ``due_time`` as wall
    time in ``tz`` (an IANA name), so it stays at 10:00 local time across a DST change.
    """

    incident_id: int
    due_date: date
    purpose: str
    channel: str = "call"
    due_time: time | None = None
    tz: str = "UTC"
    status: FollowUpStatus = FollowUpStatus.PENDING
    outcome: str = ""
    done_at: datetime | None = None
    source: str = ""
    ics_uid: str = ""
    ics_sequence: int = 0
    ics_fingerprint: str = ""
    id: int | None = None

    @property
    def all_day(self) -> bool:
        return self.due_time is None

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def starts_at(self) -> datetime | None:
        """The aware start of a timed follow-up, or None for an all-day one."""
        if self.due_time is None:
            return None
        return datetime.combine(self.due_date, self.due_time, self.zone())

    def is_overdue(self, now: datetime) -> bool:
        """Pending and due before ``now``; an all-day one becomes overdue the day after."""
        if self.status != FollowUpStatus.PENDING:
            return False
        start = self.starts_at()
        if start is None:
            return self.due_date < now.astimezone(self.zone()).date()
        return start < now

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> FollowUp:
        return cls(
            id=row["id"], incident_id=row["incident_id"],
            due_date=date.fromisoformat(row["due_date"]),
            due_time=time.fromisoformat(row["due_time"]) if row["due_time"] else None,
            tz=row["tz"], channel=row["channel"], purpose=row["purpose"],
            status=FollowUpStatus(row["status"]), outcome=row["outcome"],
            done_at=from_iso(row["done_at"]), source=row["source"], ics_uid=row["ics_uid"],
            ics_sequence=row["ics_sequence"], ics_fingerprint=row["ics_fingerprint"],
        )

    # Last in the class: from here on the name "date" means this property in the class body.
    @property
    def date(self) -> Day:
        """The due date (so a follow-up stands in for cadence's FollowUpLike)."""
        return self.due_date


def valid_zone(name: str) -> bool:
    """True when ``name`` is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


def validate_followup(followup: FollowUp) -> None:
    """Raise ValidationError naming the first field that cannot be stored."""
    if followup.channel not in CHANNELS:
        raise ValidationError("channel", f"“{followup.channel}” is not one of {', '.join(CHANNELS)}.")
    require("purpose", followup.purpose)
    check_length("purpose", followup.purpose, PURPOSE_LIMIT)
    check_length("outcome", followup.outcome, LONG_TEXT)
    if not valid_zone(followup.tz):
        raise ValidationError("tz", f"“{followup.tz}” is not a time zone name such as Europe/Berlin.")
    if not isinstance(followup.due_date, date) or isinstance(followup.due_date, datetime):
        raise ValidationError("due_date", "needs a calendar date.")
    if followup.due_time is not None and followup.due_time.tzinfo is not None:
        raise ValidationError("due_time", "is a wall-clock time; the zone goes in tz.")


def _row(followup: FollowUp) -> dict[str, Any]:
    clock = followup.due_time
    return {
        "incident_id": followup.incident_id, "due_date": date_to_iso(followup.due_date),
        "due_time": clock.strftime("%H:%M") if clock is not None else None, "tz": followup.tz,
        "channel": followup.channel, "purpose": followup.purpose.strip(),
        "status": followup.status.value, "outcome": followup.outcome,
        "done_at": to_iso(followup.done_at), "source": followup.source,
    }


def add_followup(
    db: Database, followup: FollowUp, *, now: datetime | None = None,
    new_uid: Callable[[], str] | None = None,
) -> FollowUp:
    """Store a new follow-up with a calendar UID it keeps for life; returns it with its id.

    ``new_uid`` defaults to planner.uids.new_uid (tests pass their own to pin UIDs).
    """
    validate_followup(followup)
    if not followup.ics_uid:
        followup.ics_uid = (new_uid or make_uid)()
    stamp = to_iso(now or now_utc())
    with db.atomic():
        row = _row(followup) | {"ics_uid": followup.ics_uid, "ics_sequence": 0,
                                "ics_fingerprint": "", "created_at": stamp, "updated_at": stamp}
        followup.id = db.table("followups").insert(row).last_pk
    return followup


def get_followup(db: Database, followup_id: int) -> FollowUp:
    """The follow-up with this id, or NotFoundError."""
    rows = list(db["followups"].rows_where("id = ?", [followup_id]))
    if not rows:
        raise NotFoundError(f"Follow-up {followup_id} no longer exists; it may have been deleted.")
    return FollowUp.from_row(rows[0])


def list_followups(db: Database, incident_id: int) -> list[FollowUp]:
    """The incident's follow-ups by date; on one day the all-day ones come before timed ones."""
    order = "due_date, due_time IS NOT NULL, due_time, id"
    return [FollowUp.from_row(r)
            for r in db["followups"].rows_where("incident_id = ?", [incident_id], order_by=order)]


def save_followup(
    db: Database, followup: FollowUp, *, now: datetime | None = None, follow_promise: bool = True,
) -> None:
    """Write every editable field; the calendar UID, SEQUENCE and fingerprint stay as stored.

    A pending follow-up that stands for a date promised in the apology (its remedy due date or
    check-back) takes that date along: the apology then promises the new day.
    """
    validate_followup(followup)
    if followup.id is None:
        raise ValueError("save_followup needs a stored follow-up; use add_followup for a new one")
    with db.atomic():
        changed = db.execute(
            "UPDATE followups SET incident_id = :incident_id, due_date = :due_date, "
            "due_time = :due_time, tz = :tz, channel = :channel, purpose = :purpose, "
            "status = :status, outcome = :outcome, done_at = :done_at, source = :source, "
            "updated_at = :updated_at WHERE id = :id",
            _row(followup) | {"updated_at": to_iso(now or now_utc()), "id": followup.id},
        ).rowcount
        if changed and follow_promise and followup.status == FollowUpStatus.PENDING:
            _set_promised_day(db, followup.incident_id, followup.source, followup.due_date)
    if not changed:
        raise NotFoundError(f"Follow-up {followup.id} no longer exists; it may have been deleted.")


def delete_followup(db: Database, followup_id: int, *, follow_promise: bool = True) -> None:
    """Remove a follow-up; the next calendar export simply leaves it out.

    Removing the pending follow-up of a promised date clears that date in the apology, so
    the promise does not come back the next time the apology is saved.
    """
    with db.atomic():
        row = db.execute("SELECT incident_id, source, status FROM followups WHERE id = ?",
                         [followup_id]).fetchone()
        if not db.execute("DELETE FROM followups WHERE id = ?", [followup_id]).rowcount:
            raise NotFoundError(f"Follow-up {followup_id} no longer exists.")
        if follow_promise and row[2] == FollowUpStatus.PENDING.value:
            _set_promised_day(db, row[0], row[1], None)


# The apology's date each promise follow-up stands for (see planner.followups.promises).
_PROMISED_COLUMN = {"promise:remedy_due": "remedy_due", "promise:check_back": "check_back"}


def _set_promised_day(db: Database, incident_id: int, source: str, day: date | None) -> None:
    column = _PROMISED_COLUMN.get(source)
    if column is not None:
        db.execute(f"UPDATE apologies SET {column} = ? WHERE incident_id = ?",
                   [date_to_iso(day), incident_id])


def mark_done(db: Database, followup_id: int, outcome: str, now: datetime) -> FollowUp:
    """Mark one follow-up done with what came of it, in one step."""
    if not outcome.strip():
        raise ValidationError("outcome", "say what came of it (what they said, what was agreed).")
    followup = replace(get_followup(db, followup_id), status=FollowUpStatus.DONE,
                       outcome=outcome.strip(), done_at=now)
    save_followup(db, followup, now=now)
    return followup


def mark_skipped(db: Database, followup_id: int, now: datetime, reason: str = "") -> FollowUp:
    """Mark one follow-up as not going to happen (it stays in the list, out of the calendar)."""
    followup = replace(get_followup(db, followup_id), status=FollowUpStatus.SKIPPED,
                       outcome=reason.strip(), done_at=None)
    save_followup(db, followup, now=now)
    return followup


def reopen(db: Database, followup_id: int, now: datetime) -> FollowUp:
    """Put a done or skipped follow-up back to pending; its outcome is kept for reference."""
    followup = replace(get_followup(db, followup_id), status=FollowUpStatus.PENDING, done_at=None)
    save_followup(db, followup, now=now)
    return followup


def overdue(followups: list[FollowUp], now: datetime) -> list[FollowUp]:
    """The pending ones that were due before ``now``."""
    return [f for f in followups if f.is_overdue(now)]


def close_incident_check(db: Database, incident_id: int) -> int:
    """How many follow-ups are still pending: closing needs the user's say-so when not 0."""
    get_incident(db, incident_id)  # NotFoundError for an unknown incident
    sql = "SELECT count(*) FROM followups WHERE incident_id = ? AND status = 'pending'"
    return int(db.execute(sql, [incident_id]).fetchone()[0])


def close_incident(
    db: Database, incident_id: int, confirmation: str, *, skip_pending: bool = False,
    now: datetime | None = None,
) -> Incident:
    """Close with the customer's confirmation; pending follow-ups are skipped only if agreed.

    Raises PendingFollowUpsError when follow-ups are pending and ``skip_pending`` is False,
    and ValidationError when neither ``confirmation`` nor the stored one says anything.
    """
    moment = now or now_utc()
    pending = close_incident_check(db, incident_id)
    if pending and not skip_pending:
        raise PendingFollowUpsError(pending)
    with db.atomic():
        db.execute(
            "UPDATE followups SET status = 'skipped', outcome = CASE WHEN outcome = '' "
            "THEN ? ELSE outcome END, updated_at = ? WHERE incident_id = ? AND status = 'pending'",
            [CLOSED_NOTE, to_iso(moment), incident_id],
        )
        return set_status(db, incident_id, Status.CLOSED, confirmation=confirmation, now=moment)

