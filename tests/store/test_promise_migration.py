"""Opening a file from before 0005_promise_followups gives open incidents' promises a follow-up."""
from __future__ import annotations

from pathlib import Path

from planner.store.db import open_data_dir, open_database
from planner.store.migrations import SCHEMA_VERSION, migrations
from planner.store.paths import database_path, ensure_data_dir

STAMP = "2026-11-30T09:00:00+00:00"


def old_file(data_dir: Path) -> None:
    """A data file as the version before promise follow-ups left it, with two apologies."""
    ensure_data_dir(data_dir)
    db = open_database(database_path(data_dir), migrate=False)
    migrations.apply(db, stop_before="0005_promise_followups")
    db.execute("PRAGMA user_version=2")
    db.execute("INSERT INTO customers (id, company, contact_name, created_at, updated_at) "
               "VALUES (1, 'Halvorsen Fitouts', 'Dana', ?, ?)", [STAMP, STAMP])
    for incident_id, status in ((1, "open"), (2, "closed")):
        db.execute("INSERT INTO incidents (id, customer_id, title, status, created_at, updated_at) "
                   "VALUES (?, 1, 'Late shelving', ?, ?, ?)", [incident_id, status, STAMP, STAMP])
        db.execute("INSERT INTO apologies (incident_id, remedy_due, remedy_owner, check_back, "
                   "updated_at) VALUES (?, '2026-12-04', 'Sam', '2026-12-07', ?)",
                   [incident_id, STAMP])
    db.conn.commit()
    db.close()


def test_open_incidents_get_their_promised_follow_ups_once(data_dir: Path) -> None:
    old_file(data_dir)
    db = open_data_dir(data_dir)
    rows = db.execute("SELECT incident_id, due_date, due_time, channel, source, status, purpose "
                      "FROM followups ORDER BY due_date").fetchall()
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    assert rows == [
        (1, "2026-12-04", None, "call", "promise:remedy_due", "pending",
         "Remedy due (Sam): confirm the fix reached them and works"),
        (1, "2026-12-07", None, "call", "promise:check_back", "pending",
         "Check back with Dana, as promised in the apology"),
    ]  # the closed incident's promises are over and get none
    assert list((data_dir / "backups").glob("amends-before-migration-*.db"))
    again = open_data_dir(data_dir)
    assert again.execute("SELECT count(*) FROM followups").fetchone()[0] == 2
    again.close()
