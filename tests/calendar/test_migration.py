"""0003_calendar_sync: a data file of the previous version opens, keeps its rows, gains the tables."""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from planner.store.db import open_data_dir
from planner.store.migrations import (
    MIGRATION_SET,
    SCHEMA_VERSION,
    m0001_initial,
    m0002_search_and_today,
)
from tests.calendar.calendar_data import add_fu, add_party


def _version_two(folder: Path) -> None:
    """A data file as Amends wrote it before the calendar sync existed."""
    folder.mkdir()
    conn = sqlite3.connect(folder / "amends.db")
    db = Database(conn)
    db.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT, "
               "PRIMARY KEY (migration_set, name))")
    for migration in (m0001_initial, m0002_search_and_today):
        migration(db)
    for name in ("0001_initial", "0002_search_and_today"):
        conn.execute("INSERT INTO _sqlite_migrations VALUES (?, ?, '2026-03-01')", [MIGRATION_SET, name])
    incident = add_party(db)
    add_fu(db, incident, date(2026, 4, 1))
    conn.execute("UPDATE followups SET ics_fingerprint = 'f'")
    conn.execute("PRAGMA user_version=2")
    conn.commit()
    conn.close()


def test_a_version_two_file_gains_the_calendar_tables_and_keeps_its_rows(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _version_two(folder)
    db = open_data_dir(folder)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # 0003 and on
    assert db.execute("SELECT count(*) FROM followups").fetchone()[0] == 1
    for table in ("calendar_tombstones", "calendar_account", "calendar_objects", "calendar_outbox"):
        assert db[table].exists()
    assert list((folder / "backups").glob("*")), "a backup is taken before the migration"
    # The old row was exported: deleting it now leaves a tombstone for the next export.
    db.execute("DELETE FROM followups")
    assert db.execute("SELECT kind, exported FROM calendar_tombstones").fetchall() == [("followup", 1)]
    db.close()


def test_changes_are_queued_only_while_a_calendar_is_connected(db) -> None:
    incident = add_party(db)
    first = add_fu(db, incident, date(2026, 4, 1))
    assert db.execute("SELECT count(*) FROM calendar_outbox").fetchone()[0] == 0
    db.execute("INSERT INTO calendar_account (id, server_url, username, calendar_url, calendar_name,"
               " connected_at) VALUES (1, 'https://x', 'u', 'https://x/c/', 'c', 'now')")
    second = add_fu(db, incident, date(2026, 4, 2))
    db.execute("UPDATE followups SET purpose = 'Changed' WHERE id = ?", [second.id])
    db.execute("UPDATE customers SET phone = '+1'")  # every event of the customer changes
    rows = db.execute("SELECT uid, op, version FROM calendar_outbox ORDER BY uid").fetchall()
    assert sorted(rows) == sorted([(first.ics_uid, "put", 1), (second.ics_uid, "put", 3)])
    db.execute("UPDATE followups SET ics_sequence = 4")  # the export's own columns queue nothing
    assert db.execute("SELECT max(version) FROM calendar_outbox").fetchone()[0] == 3
    db.execute("DELETE FROM followups WHERE id = ?", [second.id])  # never sent: simply unqueued
    assert [r[0] for r in db.execute("SELECT uid FROM calendar_outbox")] == [first.ics_uid]
    db.execute("INSERT INTO calendar_objects (uid, kind, href, updated_at) VALUES (?, 'followup', "
               "'https://x/c/1.ics', 'now')", [first.ics_uid])
    db.execute("DELETE FROM followups WHERE id = ?", [first.id])  # on the server: a queued delete
    assert db.execute("SELECT uid, op FROM calendar_outbox").fetchall() == [(first.ics_uid, "delete")]
    assert db.execute("SELECT exported FROM calendar_tombstones").fetchall() == [(0,)]
