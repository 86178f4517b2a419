"""Backups that could not be trusted: never kept, flagged in the list, no slot wasted on nothing."""
from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.errors import DataFileError
from planner.sample import add_sample
from planner.store import db as db_module
from planner.store.backups import (
    BEFORE_RESTORE,
    DAILY,
    MANUAL,
    backup_connection,
    list_backups,
    take_backup,
)
from planner.store.db import open_data_dir
from planner.store.paths import database_path
from ui.startup.launcher import main as amends

NOON = datetime(2031, 6, 15, 12, 0, tzinfo=UTC)


class DamagingSource:
    """Stands in for the live connection: its copy comes out damaged (a bad disk, say)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def backup(self, dest: sqlite3.Connection) -> None:
        self.conn.backup(dest)
        dest.execute("PRAGMA writable_schema=ON")
        # Point an index at the wrong pages: the copy reads, but its own check finds it broken.
        root = dest.execute("SELECT rootpage FROM sqlite_master WHERE name = 'customers'").fetchone()[0]
        dest.execute("UPDATE sqlite_master SET rootpage = ? WHERE type = 'index' AND "
                     "name = 'incidents_customer'", [root])
        dest.commit()
        dest.execute("PRAGMA writable_schema=RESET")  # the copy now reads its broken schema


def test_a_copy_that_fails_its_own_check_is_never_kept(data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    target = data_dir / "backups" / "amends-20310615-120000-daily.db"
    with pytest.raises(DataFileError, match="failed its integrity check"):
        backup_connection(DamagingSource(db.conn), target)  # type: ignore[arg-type]
    assert not target.exists() and list((data_dir / "backups").iterdir()) == []
    db.close()


def test_a_daily_backup_that_fails_its_check_is_logged_not_kept(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()
    real = db_module.take_daily_backup

    def damaging(conn: sqlite3.Connection, folder: Path, **kw: object):  # type: ignore[no-untyped-def]
        return real(DamagingSource(conn), folder, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(db_module, "take_daily_backup", damaging)
    with caplog.at_level(logging.WARNING, logger="amends"):
        again = open_data_dir(data_dir)
    again.close()
    assert [b for b in list_backups(data_dir) if b.kind == DAILY] == []
    assert "daily backup was not taken" in caplog.text and "integrity check" in caplog.text


def test_backup_list_flags_a_damaged_copy(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    good = take_backup(db.conn, data_dir, MANUAL, now=NOON)
    bad = take_backup(db.conn, data_dir, MANUAL, now=NOON.replace(hour=13))
    db.close()
    data = bytearray(bad.path.read_bytes())
    data[4096 * 3 + 8: 4096 * 3 + 300] = b"\xff" * 292
    bad.path.write_bytes(bytes(data))
    assert amends(["backup", "list", "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    bad_line = next(i for i, line in enumerate(lines) if str(bad.path) in line)
    assert "NOT USABLE" in lines[bad_line + 1] and "damaged" in lines[bad_line + 1]
    good_line = next(i for i, line in enumerate(lines) if str(good.path) in line)
    assert good_line + 1 == len(lines) or "NOT USABLE" not in lines[good_line + 1]


def test_restoring_into_a_missing_file_takes_no_backup_of_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    take_backup(db.conn, data_dir, MANUAL, now=NOON)
    db.close()
    database_path(data_dir).unlink()
    assert amends(["backup", "restore", "--newest", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert [b for b in list_backups(data_dir) if b.kind == BEFORE_RESTORE] == []
    assert "as it was before is kept" not in out
    conn = sqlite3.connect(database_path(data_dir))
    try:
        assert conn.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1
    finally:
        conn.close()


def test_a_gentle_backup_writes_its_copy_back_a_slice_at_a_time(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save's fsync meanwhile waits behind one small slice at most, never the whole copy."""
    import os

    from planner.store import backups

    if not hasattr(os, "posix_fadvise"):
        pytest.skip("no posix_fadvise here: the final fsync writes the copy")
    db = open_data_dir(data_dir)
    add_sample(db)
    events: list[tuple[str, int, int]] = []
    monkeypatch.setattr(os, "posix_fadvise",
                        lambda fd, offset, length, advice: events.append(("write", offset, length)))
    monkeypatch.setattr(backups.time, "sleep", lambda seconds: events.append(("pause", 0, 0)))
    target = backup_connection(db.conn, data_dir / "copy.db", gently=True)
    db.close()
    size = target.stat().st_size
    writes = [(offset, length) for kind, offset, length in events if kind == "write"]
    assert size > 0 and all(length <= 1 << 20 for _, length in writes)
    assert [offset for offset, _ in writes] == list(range(0, size, writes[0][1]))  # all of it, in order
    kinds = [kind for kind, _, _ in events]
    assert kinds == ["write", "pause"] * len(writes)  # a pause after each slice
