"""What the sync keeps in the data file: known objects, the queue, and the choices the rep owes."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from planner.calendar.sync.objects import Schedule
from planner.timeutil import to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

_STAMP = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"


@dataclass(frozen=True)
class KnownObject:
    """One object Amends put on (or found on) the server, as last agreed."""

    uid: str
    kind: str
    href: str
    etag: str
    fingerprint: str
    base: Schedule | None
    state: str  # "ok", "conflict" (both sides changed) or "removed" (deleted in the calendar)
    remote: Schedule | None  # the calendar's version while in conflict


@dataclass(frozen=True)
class Queued:
    """One change waiting to go out."""

    uid: str
    kind: str
    op: str  # "put" or "delete"
    version: int


def known_objects(db: Database, uids: Iterable[str] | None = None) -> dict[str, KnownObject]:
    """The objects on the server that Amends knows, by UID."""
    sql = ("SELECT uid, kind, href, etag, fingerprint, base, state, remote FROM calendar_objects")
    rows = db.execute(sql).fetchall() if uids is None else [
        row for uid in uids for row in db.execute(sql + " WHERE uid = ?", [uid]).fetchall()]
    return {r[0]: KnownObject(r[0], r[1], r[2], r[3], r[4], Schedule.from_json(r[5]), r[6],
                              Schedule.from_json(r[7])) for r in rows}


def remember(db: Database, uid: str, kind: str, href: str, etag: str, *, fingerprint: str,
             base: Schedule, state: str = "ok", remote: Schedule | None = None,
             now: datetime) -> None:
    """Store (or replace) what is known of one object."""
    db.execute(
        "INSERT INTO calendar_objects (uid, kind, href, etag, fingerprint, base, state, remote, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uid) DO UPDATE SET "
        "href = excluded.href, etag = excluded.etag, fingerprint = excluded.fingerprint, "
        "base = excluded.base, state = excluded.state, remote = excluded.remote, "
        "updated_at = excluded.updated_at",
        [uid, kind, href, etag, fingerprint, base.to_json(), state,
         remote.to_json() if remote else "", to_iso(now)])


def forget_object(db: Database, uid: str) -> None:
    db.execute("DELETE FROM calendar_objects WHERE uid = ?", [uid])


def queue(db: Database) -> list[Queued]:
    """The waiting changes, oldest first."""
    return [Queued(*row) for row in db.execute(
        "SELECT uid, kind, op, version FROM calendar_outbox ORDER BY queued_at, rowid")]


def queued_version(db: Database, uid: str) -> int | None:
    row = db.execute("SELECT version FROM calendar_outbox WHERE uid = ?", [uid]).fetchone()
    return int(row[0]) if row else None


def done_with(db: Database, entry: Queued) -> None:
    """Take a sent change off the queue, unless it changed again while it was on its way."""
    db.execute("DELETE FROM calendar_outbox WHERE uid = ? AND version = ?", [entry.uid, entry.version])


def put_back(db: Database, uid: str, kind: str) -> None:
    """Queue one object to be sent (again)."""
    db.execute(
        "INSERT INTO calendar_outbox (uid, kind, op, queued_at) VALUES (?, ?, 'put', "
        f"{_STAMP}) ON CONFLICT(uid) DO UPDATE SET op = 'put', version = version + 1", [uid, kind])


def note_failure(db: Database, uid: str, message: str) -> None:
    db.execute("UPDATE calendar_outbox SET attempts = attempts + 1, last_error = ? WHERE uid = ?",
               [message, uid])


def queue_everything(db: Database) -> int:
    """At connect: queue every follow-up and visit still to happen (open incidents)."""
    total = 0
    with db.atomic():
        for table, kind, pending in (("followups", "followup", "pending"),
                                     ("visits", "visit", "planned")):
            total += db.execute(
                f"INSERT INTO calendar_outbox (uid, kind, op, queued_at) SELECT x.ics_uid, '{kind}', "
                f"'put', {_STAMP} FROM {table} x JOIN incidents i ON i.id = x.incident_id "
                f"WHERE x.status = '{pending}' AND i.status != 'closed' "
                "ON CONFLICT(uid) DO UPDATE SET op = 'put', version = version + 1").rowcount
    return total


def waiting(db: Database) -> int:
    """Changes waiting to go out (those held for the rep's choice not counted)."""
    return int(db.execute(
        "SELECT count(*) FROM calendar_outbox q WHERE NOT EXISTS (SELECT 1 FROM calendar_objects o "
        "WHERE o.uid = q.uid AND o.state != 'ok')").fetchone()[0])


def needs_choice(db: Database) -> int:
    """Objects the rep must decide about: changed on both sides, or deleted in the calendar."""
    return int(db.execute(
        "SELECT count(*) FROM calendar_objects WHERE state != 'ok'").fetchone()[0])
