"""A write waits for another program's write lock (within the busy timeout) instead of failing."""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from planner.incidents.service import get_incident, save_incident
from planner.sample import add_sample
from planner.store.db import open_data_dir
from planner.store.paths import database_path

HOLD_SECONDS = 0.3  # how long the other program keeps its write lock (well inside 5 s)


class OtherWriter(threading.Thread):
    """Another program: takes the write lock, writes, holds it a moment, commits."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.locked = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=5)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE incidents SET impact = impact || ' (other)'")
            self.locked.set()
            time.sleep(HOLD_SECONDS)  # holds the lock while Amends starts its own write
            conn.commit()
            conn.close()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc
            self.locked.set()


@pytest.fixture
def two_writers(data_dir: Path):  # type: ignore[no-untyped-def]
    db = open_data_dir(data_dir)
    incident_id = add_sample(db)
    other = OtherWriter(database_path(data_dir))
    yield db, incident_id, other
    other.join(timeout=10)
    db.close()


def test_a_read_then_write_transaction_waits_for_the_lock(two_writers) -> None:
    db, incident_id, other = two_writers
    other.start()
    assert other.locked.wait(5) and other.error is None
    # Deferred, this would read a snapshot, then find it stale once the other program commits:
    # "database is locked" at once, without waiting. Immediate, it waits and then succeeds.
    with db.atomic():
        count = db.execute("SELECT count(*) FROM incidents").fetchone()[0]
        db.execute("UPDATE incidents SET title = title || ?", [f" ({count})"])
    other.join(5)
    assert other.error is None
    row = db.execute("SELECT title, impact FROM incidents WHERE id = ?", [incident_id]).fetchone()
    assert row[0].endswith(" (1)") and row[1].endswith(" (other)")


def test_a_service_save_waits_for_the_lock(two_writers) -> None:
    db, incident_id, other = two_writers
    incident = get_incident(db, incident_id)
    incident.title = "Saved after waiting"
    other.start()
    assert other.locked.wait(5)
    save_incident(db, incident)
    other.join(5)
    assert get_incident(db, incident_id).title == "Saved after waiting"


def test_reads_take_no_write_lock(data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    try:
        add_sample(db)
        blocker = sqlite3.connect(database_path(data_dir))
        blocker.execute("BEGIN IMMEDIATE")
        try:
            db.conn.execute("PRAGMA busy_timeout=50")
            assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1
        finally:
            blocker.rollback()
            blocker.close()
    finally:
        db.close()
