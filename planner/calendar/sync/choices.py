"""The rep's choices after a sync: keep one version of an item changed on both sides, or say what
to do with one deleted in the calendar. Nothing is decided for them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from planner.calendar.sync.items import apply_schedule, load_items
from planner.calendar.sync.objects import Schedule
from planner.calendar.sync.state import forget_object, known_objects, put_back, remember
from planner.errors import NotFoundError

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Choice:
    """One item waiting for the rep: both versions, in words."""

    uid: str
    kind: str  # "followup" or "visit"
    state: str  # "conflict" or "removed"
    title: str
    mine: str  # "Thu 26 Mar 2026, 10:00" as Amends has it
    theirs: str  # as the calendar has it; "" when it was deleted there
    row_id: int
    incident_id: int

    @property
    def question(self) -> str:
        noun = "visit" if self.kind == "visit" else "follow-up"
        if self.state == "removed":
            return (f"This {noun} was deleted in your calendar. Put it back in the calendar, "
                    "or delete it in Amends too?")
        return (f"This {noun} was changed in Amends and in your calendar. Which version do "
                "you keep?")


def pending_choices(db: Database) -> list[Choice]:
    """Every item waiting for a choice, oldest first."""
    objects = {uid: obj for uid, obj in known_objects(db).items() if obj.state != "ok"}
    items = load_items(db, list(objects)) if objects else {}
    found = []
    for uid, obj in objects.items():
        item = items.get(uid)
        if item is None:
            continue
        theirs = obj.remote.describe(item.zone) if obj.remote is not None else ""
        found.append(Choice(uid, obj.kind, obj.state, item.event.summary,
                            item.schedule.describe(item.zone), theirs, int(item.row["id"]),
                            int(item.row["incident_id"])))
    return found


def _object(db: Database, uid: str, state: str) -> tuple[object, Schedule | None]:
    obj = known_objects(db, [uid]).get(uid)
    if obj is None or obj.state != state:
        raise NotFoundError("That choice was already made (or the item is gone); sync again to "
                            "see what is left.")
    return obj, obj.remote


def keep_amends_version(db: Database, uid: str, *, now: datetime) -> None:
    """Both sides changed: Amends' version goes to the calendar (over the one there now)."""
    obj = known_objects(db, [uid]).get(uid)
    _object(db, uid, "conflict")
    assert obj is not None
    with db.atomic():
        # The ETag stored is the calendar's version: the PUT replaces exactly that one.
        remember(db, uid, obj.kind, obj.href, obj.etag, fingerprint="",
                 base=obj.remote or obj.base or Schedule("", "", False), now=now)
        put_back(db, uid, obj.kind)


def keep_calendar_version(db: Database, uid: str, *, now: datetime) -> None:
    """Both sides changed: the calendar's date and time (and done) are taken into Amends."""
    obj = known_objects(db, [uid]).get(uid)
    _object(db, uid, "conflict")
    assert obj is not None and obj.remote is not None
    item = load_items(db, [uid]).get(uid)
    if item is None:
        raise NotFoundError("That item was deleted in Amends meanwhile.")
    with db.atomic():
        apply_schedule(db, item, obj.remote, now=now)
        remember(db, uid, obj.kind, obj.href, obj.etag, fingerprint="", base=obj.remote, now=now)
        put_back(db, uid, obj.kind)  # its text (the purpose, say) may still be newer here


def put_back_in_calendar(db: Database, uid: str) -> None:
    """Deleted in the calendar: create it there again at the next sync."""
    _object(db, uid, "removed")
    obj = known_objects(db, [uid])[uid]
    with db.atomic():
        forget_object(db, uid)
        put_back(db, uid, obj.kind)


def delete_in_amends(db: Database, uid: str) -> None:
    """Deleted in the calendar: delete the follow-up or visit in Amends too."""
    _object(db, uid, "removed")
    obj = known_objects(db, [uid])[uid]
    table = "visits" if obj.kind == "visit" else "followups"
    with db.atomic():
        forget_object(db, uid)  # first: there is nothing left to delete on the server
        db.execute(f"DELETE FROM {table} WHERE ics_uid = ?", [uid])
        db.execute("DELETE FROM calendar_outbox WHERE uid = ?", [uid])
