"""Service functions for visits: plan, read, save and delete them, with their checks and warnings."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from planner.errors import NotFoundError, ValidationError
from planner.incidents.lateness import days_after_report, is_late
from planner.incidents.model import Incident
from planner.incidents.service import get_customer, get_incident
from planner.incidents.validation import LONG_TEXT, SHORT_TEXT, check_length
from planner.timeutil import is_zone_name, local_zone_name, now_utc, to_iso
from planner.uids import new_uid as make_uid
from planner.visits.model import (
    DEFAULT_AGENDA,
    DEFAULT_BRING,
    DEFAULT_DURATION_MIN,
    DEFAULT_QUESTIONS,
    ItemKind,
    Visit,
    VisitItem,
    VisitPerson,
    VisitStatus,
    default_start,
)
from planner.visits.slots import clash_text, clashes_with, first_free

if TYPE_CHECKING:
    from sqlite_utils import Database


MAX_DURATION_MIN = 12 * 60
MAX_LIST_ITEMS = 100


def new_visit(
    db: Database, incident_id: int, *, now: datetime | None = None,
    agenda: Sequence[str] | None = None, bring: Sequence[str] | None = None,
    questions: Sequence[str] | None = None, new_uid: Callable[[], str] = make_uid,
) -> Visit:
    """Plan a fresh visit: next business day at 10:00 (or the first free half hour after it,
    never on top of another visit or a timed follow-up) at the customer's address, default lists.

    A playbook passes its own agenda, bring-list and questions; otherwise the defaults apply.
    """
    moment = now or now_utc()
    incident = get_incident(db, incident_id)
    customer = get_customer(db, incident.customer_id)
    starts = first_free(db, default_start(moment), DEFAULT_DURATION_MIN)
    visit = Visit(
        incident_id=incident_id, starts_at=starts, tz=local_zone_name(),
        place=customer.address,
        agenda=[VisitItem(t) for t in (DEFAULT_AGENDA if agenda is None else agenda)],
        bring=[VisitItem(t) for t in (DEFAULT_BRING if bring is None else bring)],
        questions=[VisitItem(t) for t in (DEFAULT_QUESTIONS if questions is None else questions)],
    )
    return create_visit(db, visit, now=moment, new_uid=new_uid)


def create_visit(
    db: Database, visit: Visit, *, now: datetime | None = None,
    new_uid: Callable[[], str] = make_uid,
) -> Visit:
    """Store a new visit with its people and lists; it gets a calendar UID it keeps for life."""
    moment = now or now_utc()
    validate_visit(visit, moment)
    visit.ics_uid = visit.ics_uid or new_uid()
    visit.created_at = visit.updated_at = moment
    with db.atomic():
        row = _visit_row(visit) | {"incident_id": visit.incident_id, "ics_uid": visit.ics_uid,
                                   "created_at": to_iso(moment), "updated_at": to_iso(moment)}
        visit.id = db.table("visits").insert(row).last_pk
        _write_children(db, visit)
    return visit


def get_visit(db: Database, visit_id: int) -> Visit:
    """The visit with its people and lists, or NotFoundError."""
    rows = list(db["visits"].rows_where("id = ?", [visit_id]))
    if not rows:
        raise NotFoundError(f"Visit {visit_id} no longer exists; it may have been deleted.")
    return _with_children(db, Visit.from_row(rows[0]))


def list_visits(db: Database, incident_id: int) -> list[Visit]:
    """The incident's visits, earliest first, each with its people and lists."""
    rows = db["visits"].rows_where("incident_id = ?", [incident_id], order_by="starts_at, id")
    return [_with_children(db, Visit.from_row(r)) for r in rows]


def save_visit(db: Database, visit: Visit, *, now: datetime | None = None) -> None:
    """Write every field, person and list item of an existing visit (the UID never changes)."""
    moment = now or now_utc()
    row = db.execute("SELECT starts_at FROM visits WHERE id = ?", [visit.id]).fetchone()
    if row is None:
        raise NotFoundError(f"Visit {visit.id} no longer exists; it may have been deleted.")
    validate_visit(visit, moment, stored_start=row[0])
    visit.updated_at = moment
    assert visit.id is not None
    with db.atomic():
        db.table("visits").update(visit.id, _visit_row(visit) | {"updated_at": to_iso(moment)})
        db.execute("DELETE FROM visit_people WHERE visit_id = ?", [visit.id])
        db.execute("DELETE FROM visit_items WHERE visit_id = ?", [visit.id])
        _write_children(db, visit)


def delete_visit(db: Database, visit_id: int) -> None:
    """Remove a visit with its people and lists."""
    with db.atomic():
        if db.execute("DELETE FROM visits WHERE id = ?", [visit_id]).rowcount == 0:
            raise NotFoundError(f"Visit {visit_id} no longer exists.")


def validate_visit(visit: Visit, now: datetime, *, stored_start: str | None = None) -> None:
    """Raise ValidationError naming the first field of the visit that cannot be stored.

    A planned visit may not start in the past (record it as done instead). One whose stored
    start has just gone by may still be edited, so notes can be written on the day.
    """
    if visit.starts_at.tzinfo is None or visit.starts_at.utcoffset() is None:
        raise ValidationError("starts_at", "needs a time zone.")
    if not isinstance(visit.duration_min, int) or visit.duration_min <= 0:
        raise ValidationError("duration_min", "must be more than zero minutes; the end cannot "
                                              "be at or before the start.")
    if visit.duration_min > MAX_DURATION_MIN:
        raise ValidationError("duration_min", f"is over {MAX_DURATION_MIN // 60} hours; "
                                              "plan a shorter meeting or split it in two.")
    if not isinstance(visit.status, VisitStatus):
        raise ValidationError("status", "must be planned, done or cancelled.")
    if not is_zone_name(visit.tz):
        raise ValidationError("tz", f"“{visit.tz}” is not a time zone this computer knows.")
    unchanged = stored_start is not None and stored_start == to_iso(visit.starts_at)
    if visit.status == VisitStatus.PLANNED and visit.starts_at < now and not unchanged:
        raise ValidationError("starts_at", "is in the past. A visit that already happened is "
                                           "recorded as done; otherwise pick a later time.")
    for name in ("place", "room"):
        check_length(name, getattr(visit, name), SHORT_TEXT if name == "room" else LONG_TEXT)
    for name in ("notes", "outcome_said", "outcome_agreed"):
        check_length(name, getattr(visit, name), LONG_TEXT)
    for person in visit.people:
        check_length("people", person.name, SHORT_TEXT)
        check_length("people", person.role, SHORT_TEXT)
    for kind in ItemKind:
        items = visit.items(kind)
        if len(items) > MAX_LIST_ITEMS:
            raise ValidationError(kind.value, f"has {len(items)} lines; it can have at most "
                                              f"{MAX_LIST_ITEMS}.")
        for item in items:
            check_length(kind.value, item.text, LONG_TEXT)


def visit_warnings(visit: Visit, incident: Incident, now: datetime) -> list[str]:
    """Advice that does not stop a save: a late visit, a time gone by, nobody who can fix it.
    Days are counted in ``now``'s time zone, the user's."""
    warnings: list[str] = []
    if visit.status != VisitStatus.PLANNED:
        return warnings
    reported = incident.reported_at
    if reported is not None and is_late(reported, visit.starts_at, now.tzinfo):
        days = days_after_report(reported, visit.starts_at, now.tzinfo)
        warnings.append(
            f"This visit is {days} days after they told us ({reported.astimezone(now.tzinfo):%a %d %b}). "
            "A late apology is a weak one: can you go sooner, or call today to say sorry "
            "and fix the date?"
        )
    if visit.starts_at < now:
        warnings.append("The time of this visit has passed. Set the status to Done and write "
                        "down the outcome, or to Cancelled.")
    if not any(p.name.strip() or p.role.strip() for p in visit.people):
        warnings.append("Nobody from our side is listed. Bring the person who can fix it.")
    return warnings


def _visit_row(visit: Visit) -> dict[str, Any]:
    return {
        "starts_at": to_iso(visit.starts_at), "tz": visit.tz, "duration_min": visit.duration_min,
        "place": visit.place, "room": visit.room, "status": visit.status.value,
        "notes": visit.notes, "outcome_said": visit.outcome_said,
        "outcome_agreed": visit.outcome_agreed,
    }


def _write_children(db: Database, visit: Visit) -> None:
    for position, person in enumerate(visit.people):
        person.id = db.table("visit_people").insert({
            "visit_id": visit.id, "position": position, "name": person.name, "role": person.role,
        }).last_pk
    for kind in ItemKind:
        for position, item in enumerate(visit.items(kind)):
            item.id = db.table("visit_items").insert({
                "visit_id": visit.id, "kind": kind.value, "position": position,
                "text": item.text, "done": int(item.done),
            }).last_pk


def _with_children(db: Database, visit: Visit) -> Visit:
    visit.people = [
        VisitPerson(name=r["name"], role=r["role"], id=r["id"])
        for r in db["visit_people"].rows_where("visit_id = ?", [visit.id], order_by="position, id")
    ]
    for r in db["visit_items"].rows_where("visit_id = ?", [visit.id], order_by="position, id"):
        visit.items(ItemKind(r["kind"])).append(VisitItem(r["text"], bool(r["done"]), r["id"]))
    return visit


def visit_clashes(db: Database, visit: Visit) -> str:
    """'Overlaps the visit to …' when a planned visit shares its time with anything else booked."""
    if visit.status != VisitStatus.PLANNED or visit.id is None:
        return ""
    return clash_text(clashes_with(db, visit.starts_at, visit.ends_at, ignore=("visit", visit.id)))


def follow_address(db: Database, incident_id: int, old: str, new: str,
                   *, now: datetime | None = None) -> int:
    """Give the incident's planned visits the customer's new address where they had none, or
    had the old one; a place the user typed themselves is kept. Returns how many moved."""
    if old.strip() == new.strip():
        return 0
    with db.atomic():
        return int(db.execute(
            "UPDATE visits SET place = ?, updated_at = ? WHERE incident_id = ? AND status = 'planned' "
            "AND (trim(place) = '' OR place = ?)",
            [new, to_iso(now or now_utc()), incident_id, old]).rowcount)
