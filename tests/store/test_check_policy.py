"""When the integrity check runs, and that a damaged file is never written to in any branch:
not closed cleanly, changed since, the day's check due (at open, or under the write lock after
the window is up), and skipped only for a file unchanged since a clean close checked today."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.sample import add_sample
from planner.store import check_policy, integrity
from planner.store.check_policy import (
    CHECK_NOW,
    DAILY_DUE,
    SKIP,
    DayCheck,
    decide,
    record_clean_close,
)
from planner.store.db import open_data_connection, open_data_dir
from planner.store.integrity import CorruptDatabaseError, damaged_copies
from planner.store.paths import database_path

TODAY = date.today()


def damage(path: Path, where: int = 4096 * 3) -> None:
    """Overwrite a b-tree page's header: the SQLite header stays, quick_check fails."""
    data = bytearray(path.read_bytes())
    data[where + 8: where + 300] = b"\xff" * 292
    path.write_bytes(data)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def closed_cleanly(data_dir: Path, *, checked: date = TODAY) -> Path:
    """A data folder whose file the app closed cleanly, last checked on `checked`."""
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()
    path = database_path(data_dir)
    assert record_clean_close(data_dir, path)
    check_policy.record_check(data_dir, checked)
    return path


def decay_silently(data_dir: Path, path: Path) -> None:
    """Damage that no program wrote (a failing disk): the clean-close record still matches."""
    damage(path)
    assert record_clean_close(data_dir, path)


def test_each_way_a_file_can_change_outside_a_clean_session_asks_for_a_check(data_dir: Path) -> None:
    path = closed_cleanly(data_dir)
    assert decide(data_dir, path, TODAY)[0] == SKIP
    assert decide(data_dir, path, TODAY + timedelta(days=1))[0] == DAILY_DUE
    time.sleep(0.01)
    os.utime(path)  # the same bytes, but touched by another program
    assert decide(data_dir, path, TODAY)[0] == CHECK_NOW
    record_clean_close(data_dir, path)
    Path(f"{path}-wal").write_bytes(b"x" * 100)  # committed changes not yet in the file
    assert decide(data_dir, path, TODAY)[0] == CHECK_NOW
    Path(f"{path}-wal").unlink()
    assert record_clean_close(data_dir, path) and decide(data_dir, path, TODAY)[0] == SKIP
    (data_dir / check_policy.STATE_FILE).write_text("clean_close not numbers\n")
    assert decide(data_dir, path, TODAY)[0] == CHECK_NOW
    (data_dir / check_policy.STATE_FILE).unlink()
    assert decide(data_dir, path, TODAY)[0] == CHECK_NOW


def test_opening_forgets_the_clean_close_before_anything_is_written(data_dir: Path) -> None:
    path = closed_cleanly(data_dir)
    conn, due = open_data_connection(data_dir)
    assert not due
    assert "clean_close" not in check_policy.read_state(data_dir)  # a crash now means a check next time
    conn.execute("UPDATE customers SET company = 'Changed'")
    conn.commit()
    conn.close()
    assert decide(data_dir, path, TODAY)[0] == CHECK_NOW


def test_a_file_unchanged_since_a_clean_close_checked_today_is_not_read_again(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed_cleanly(data_dir)
    monkeypatch.setattr(integrity, "check_file", lambda path: pytest.fail("checked again"))
    conn, due = open_data_connection(data_dir)
    conn.close()
    assert not due


def test_not_closed_cleanly_and_damaged_is_set_aside_unchanged(data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()  # a shell command, or a crash: no clean close recorded
    path = database_path(data_dir)
    damage(path)
    before = digest(path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_data_connection(data_dir)
    assert digest(caught.value.moved_to) == before and not path.exists()


def test_changed_by_another_program_and_damaged_is_set_aside_unchanged(data_dir: Path) -> None:
    path = closed_cleanly(data_dir)
    damage(path)  # written by something else: the fingerprint no longer matches
    before = digest(path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_data_connection(data_dir)
    assert digest(caught.value.moved_to) == before


def test_the_shells_open_runs_a_due_check_at_once(data_dir: Path) -> None:
    path = closed_cleanly(data_dir, checked=TODAY - timedelta(days=1))
    decay_silently(data_dir, path)
    check_policy.record_check(data_dir, TODAY - timedelta(days=1))
    before = digest(path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_data_dir(data_dir)  # every shell command opens this way
    assert digest(caught.value.moved_to) == before


def test_the_apps_day_check_holds_the_write_lock_so_a_damaged_file_gets_no_write(data_dir: Path) -> None:
    path = closed_cleanly(data_dir, checked=TODAY - timedelta(days=1))
    decay_silently(data_dir, path)
    check_policy.record_check(data_dir, TODAY - timedelta(days=1))
    before = digest(path)
    conn, due = open_data_connection(data_dir)  # opens at once: the check is left to the app
    assert due
    check = DayCheck(data_dir)
    assert check.lock()
    conn.execute("PRAGMA busy_timeout=50")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        conn.execute("INSERT INTO settings(key, value) VALUES ('early', 'write')")  # before the verdict
    finding = check.run()
    assert finding and check.conn is not None  # damaged: the lock stays held
    other = sqlite3.connect(path, timeout=0.05)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("INSERT INTO settings(key, value) VALUES ('other', 'program')")
    other.close()
    check.release()
    conn.close()
    assert digest(path) == before  # not a byte written, not even a checkpoint
    # The session recorded no clean close, so the next open checks, and sets it aside.
    assert decide(data_dir, path, TODAY)[0] == CHECK_NOW
    with pytest.raises(CorruptDatabaseError):
        open_data_connection(data_dir)
    assert damaged_copies(path)


def test_a_sound_files_day_check_releases_the_lock_and_is_remembered(data_dir: Path) -> None:
    path = closed_cleanly(data_dir, checked=TODAY - timedelta(days=1))
    conn, due = open_data_connection(data_dir)
    check = DayCheck(data_dir)
    assert due and check.lock()
    assert check.run() is None and check.conn is None
    conn.execute("INSERT INTO settings(key, value) VALUES ('after', 'verdict')")
    conn.commit()
    conn.close()
    assert check_policy.read_state(data_dir)["checked_on"] == [TODAY.isoformat()]
    assert record_clean_close(data_dir, path) and decide(data_dir, path, TODAY)[0] == SKIP
