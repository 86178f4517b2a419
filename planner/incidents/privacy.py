"""A customer's right to know and to be forgotten: export everything about them, or erase it."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner import __version__
from planner.errors import NotFoundError
from planner.store.atomic import atomic_write_bytes
from planner.store.backups import list_backups
from planner.store.connection import database_file
from planner.store.paths import BACKUP_FOLDER
from planner.timeutil import now_utc, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

EXPORT_FORMAT = "amends-customer-export"
EXPORT_VERSION = 1
# Each incident's children: (key in the export, table, order).
_INCIDENT_PARTS = (
    ("moments", "moments", "position, id"),
    ("dismissals", "dismissals", "id"),
    ("visits", "visits", "starts_at, id"),
    ("followups", "followups", "due_date, due_time, id"),
)


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure removed, and whether the write-ahead log was emptied as well."""

    company: str
    incidents: int
    visits: int
    followups: int
    wal_cleared: bool  # the log was copied into the file and emptied: the old text is gone
    backups_left: int  # copies taken before the erasure still hold the customer
    backups_folder: Path
    data_file: Path | None = None
    synced: int = 0  # events in the connected calendar, deleted there at the next sync
    exported: int = 0  # events written to .ics files, sent as cancelled by the next export

    def summary(self) -> str:
        """What was erased, and where copies may still be (the shell and the app say the same)."""
        erased = (f"Erased {self.company}: {self.incidents} incident(s), {self.visits} visit(s), "
                  f"{self.followups} follow-up(s).")
        if self.wal_cleared:
            lines = [f"{erased} The text is gone from the data file."]
        else:
            # The rewritten file waits in the log until no program reads the old one: until
            # then the old pages, customer text included, are still in the file itself.
            where = self.data_file or "the data file"
            lines = [(
                f"{erased} Amends no longer shows them, but another program is reading {where} "
                "(another Amends window, a backup or sync tool), so their text is still inside "
                "that file and its -wal log. Close that program; the text is overwritten when the "
                "last program using the file closes it (running `amends customer list` "
                "afterwards does it too)."
            )]
        if self.synced:
            lines.append(f"{self.synced} event(s) are deleted from your connected calendar at the "
                         "next sync. Until then, and on phones or computers that have not synced "
                         "since, copies remain there.")
        if self.exported:
            lines.append(f"{self.exported} event(s) were exported to calendar files; the next "
                         "export marks them cancelled, with no name or details, but calendars "
                         "that imported the old file keep it until you import the new one.")
        if self.backups_left:
            lines.append(f"{self.backups_left} backup(s) in {self.backups_folder} were taken "
                         "before this and still contain the customer; they are thinned out over six "
                         "months, or delete them yourself if the customer must be gone from those too.")
        return "\n".join(lines)


def customer_export(db: Database, customer_id: int, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything Amends holds about one customer, as plain JSON-ready data."""
    customer = _one(db, "SELECT * FROM customers WHERE id = ?", customer_id)
    if customer is None:
        raise NotFoundError(f"Customer {customer_id} does not exist; `amends customer list` shows them.")
    incidents = _rows(db, "SELECT * FROM incidents WHERE customer_id = ? ORDER BY id", customer_id)
    for incident in incidents:
        incident_id = incident["id"]
        incident["apology"] = _one(db, "SELECT * FROM apologies WHERE incident_id = ?", incident_id)
        for key, table, order in _INCIDENT_PARTS:
            incident[key] = _rows(
                db, f"SELECT * FROM {table} WHERE incident_id = ? ORDER BY {order}", incident_id
            )
        for visit in incident["visits"]:
            visit["people"] = _rows(
                db, "SELECT * FROM visit_people WHERE visit_id = ? ORDER BY position, id", visit["id"]
            )
            visit["items"] = _rows(
                db, "SELECT * FROM visit_items WHERE visit_id = ? ORDER BY kind, position, id",
                visit["id"],
            )
    return {
        "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "amends_version": __version__,
        "exported_at": to_iso(now or now_utc()), "customer": customer, "incidents": incidents,
    }


def write_customer_export(
    db: Database, customer_id: int, path: Path, *, now: datetime | None = None
) -> Path:
    """Write customer_export as UTF-8 JSON, atomically (a failed write leaves no half file)."""
    data = customer_export(db, customer_id, now=now)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


def erase_customer(db: Database, customer_id: int) -> ErasureReport:
    """Delete a customer and all their incidents so the text is gone from the file, not just hidden.

    ``secure_delete`` overwrites the deleted rows; the full-text indexes are merged so no deleted
    word lingers in an old segment; VACUUM rebuilds the file so leftovers of earlier edits in free
    space go too; a TRUNCATE checkpoint empties the write-ahead log, which still held old pages.
    """
    customer = _one(db, "SELECT * FROM customers WHERE id = ?", customer_id)
    if customer is None:
        raise NotFoundError(f"Customer {customer_id} does not exist; nothing was erased.")
    counts = {
        table: db.execute(
            f"SELECT count(*) FROM {table} WHERE incident_id IN "
            "(SELECT id FROM incidents WHERE customer_id = ?)", [customer_id]
        ).fetchone()[0]
        for table in ("visits", "followups")
    }
    incidents = db.execute(
        "SELECT count(*) FROM incidents WHERE customer_id = ?", [customer_id]
    ).fetchone()[0]
    # Their events in other calendars, which the erase reaches only through the calendar code.
    items = ("SELECT ics_uid, ics_fingerprint FROM followups WHERE incident_id IN ({0}) UNION ALL "
             "SELECT ics_uid, ics_fingerprint FROM visits WHERE incident_id IN ({0})").format(
                 "SELECT id FROM incidents WHERE customer_id = ?")
    synced, exported = db.execute(
        f"SELECT count(o.uid), count(NULLIF(x.ics_fingerprint, '')) FROM ({items}) x "
        "LEFT JOIN calendar_objects o ON o.uid = x.ics_uid", [customer_id, customer_id]).fetchone()
    conn = db.conn
    previous = int(conn.execute("PRAGMA secure_delete").fetchone()[0])
    conn.execute("PRAGMA secure_delete=ON")
    try:
        with db.atomic():
            # The foreign keys cascade to moments, apology, dismissals, visits and follow-ups.
            db.execute("DELETE FROM incidents WHERE customer_id = ?", [customer_id])
            db.execute("DELETE FROM customers WHERE id = ?", [customer_id])
            for fts in _fts_tables(conn):
                db.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('optimize')")
        conn.execute("VACUUM")
    finally:
        conn.execute(f"PRAGMA secure_delete={previous}")
    folder = database_file(conn).parent  # not PRAGMA database_list: folder names need not be UTF-8
    return ErasureReport(
        company=str(customer["company"]), incidents=int(incidents), visits=int(counts["visits"]),
        followups=int(counts["followups"]), wal_cleared=_truncate_wal(conn),
        backups_left=len(list_backups(folder)), backups_folder=folder / BACKUP_FOLDER,
        data_file=database_file(conn), synced=int(synced), exported=int(exported),
    )


def customers_overview(db: Database) -> list[tuple[int, str, str, int]]:
    """(id, company, contact, number of incidents) for every customer, by company."""
    return [
        (int(r[0]), str(r[1]), str(r[2]), int(r[3]))
        for r in db.execute(
            "SELECT c.id, c.company, c.contact_name, count(i.id) FROM customers c "
            "LEFT JOIN incidents i ON i.customer_id = c.id GROUP BY c.id ORDER BY c.company, c.id"
        )
    ]


def _truncate_wal(conn: sqlite3.Connection) -> bool:
    # busy=1 means another connection is reading: the log could not be copied into the file
    # (which so still holds the old pages) nor emptied this time.
    busy, log, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return int(busy) == 0 and int(log) == int(done)


def _fts_tables(conn: sqlite3.Connection) -> list[str]:
    return [
        str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
            " AND lower(sql) LIKE '%using fts5%'"
        )
    ]


def _rows(db: Database, sql: str, *params: Any) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _one(db: Database, sql: str, *params: Any) -> dict[str, Any] | None:
    rows = _rows(db, sql, *params)
    return rows[0] if rows else None
