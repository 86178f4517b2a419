"""Backups: taken on the first open of the day and on demand, thinned by policy, restored round trip."""
from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.errors import DataFileError
from planner.incidents.service import get_incident, save_incident
from planner.sample import add_sample
from planner.store.backups import (
    BEFORE_MIGRATION,
    BEFORE_RESTORE,
    DAILY,
    MANUAL,
    check_backup,
    daily_backup_due,
    list_backups,
    newest_good_backup,
    take_backup,
    thin_backups,
)
from planner.store.db import open_data_dir
from planner.store.migrations import SCHEMA_VERSION
from planner.store.paths import database_path
from planner.store.restore import restore_backup

NOON = datetime(2031, 6, 15, 12, 0, tzinfo=UTC)


def fake_backup(data_dir: Path, when: datetime, kind: str = DAILY) -> Path:
    folder = data_dir / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    name = (f"amends-before-migration-v1-{when:%Y%m%d-%H%M%S}.db" if kind == BEFORE_MIGRATION
            else f"amends-{when:%Y%m%d-%H%M%S}-{kind}.db")
    path = folder / name
    path.write_bytes(b"x")
    return path


def titles(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in db.execute("SELECT title FROM incidents ORDER BY id")]


def test_first_open_of_the_day_backs_up_once_and_privately(data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()
    assert list_backups(data_dir) == []  # a brand-new file has nothing worth copying yet
    for _ in range(3):
        open_data_dir(data_dir).close()
    backups = list_backups(data_dir)
    assert [b.kind for b in backups] == [DAILY]
    assert stat.S_IMODE(backups[0].path.stat().st_mode) == 0o600
    copy = sqlite3.connect(backups[0].path)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1
    assert not daily_backup_due(data_dir)
    assert daily_backup_due(data_dir, now=datetime.now(UTC) + timedelta(days=1))


def test_shell_commands_back_up_too(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample", "--data-dir", str(data_dir)]) == 0
    assert main(["backup", "list", "--data-dir", str(data_dir)]) == 0
    assert "No backups yet" in capsys.readouterr().out
    assert main(["customer", "list", "--data-dir", str(data_dir)]) == 0  # any command that opens
    assert [b.kind for b in list_backups(data_dir)] == [DAILY]
    assert main(["backup", "now", "--data-dir", str(data_dir)]) == 0
    assert main(["backup", "list", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Taken by you" in out and "Daily" in out


def test_thinning_keeps_7_days_4_weeks_6_months_and_5_of_each_other_kind(data_dir: Path) -> None:
    now = NOON
    for day in range(400):  # a backup every day for more than a year, two on some days
        fake_backup(data_dir, now - timedelta(days=day))
        if day % 3 == 0:
            fake_backup(data_dir, now - timedelta(days=day, hours=3))
    for n in range(8):
        fake_backup(data_dir, now - timedelta(days=n, minutes=5), MANUAL)
        fake_backup(data_dir, now - timedelta(days=n, minutes=6), BEFORE_RESTORE)
        fake_backup(data_dir, now - timedelta(days=30 * n), BEFORE_MIGRATION)
    (data_dir / "backups" / "notes.txt").write_text("not ours")
    stale = data_dir / "backups" / ".backup-abandoned.db"
    stale.write_bytes(b"half")
    os.utime(stale, (now.timestamp() - 7200,) * 2)
    thin_backups(data_dir, now=now)
    kept = list_backups(data_dir)
    daily = [b.local_date for b in kept if b.kind == DAILY]
    assert len(daily) == len(set(daily))  # one per day at most
    today = now.astimezone().date()
    assert all(today - timedelta(days=d) in daily for d in range(7))
    weeks = {d.isocalendar()[:2] for d in daily}
    months = {(d.year, d.month) for d in daily}
    assert len(weeks) >= 4 and len(months) == 6
    assert len(daily) <= 7 + 4 + 6
    for kind in (MANUAL, BEFORE_RESTORE, BEFORE_MIGRATION):
        assert len([b for b in kept if b.kind == kind]) == 5
    assert (data_dir / "backups" / "notes.txt").exists()
    assert not stale.exists()


def test_take_restore_round_trip_keeps_a_copy_of_what_was_replaced(data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    incident_id = add_sample(db)
    saved = take_backup(db.conn, data_dir, MANUAL)
    incident = get_incident(db, incident_id)
    incident.title = "Changed after the backup"
    save_incident(db, incident)
    before = restore_backup(db, data_dir, saved.path)
    assert before is not None and before.kind == BEFORE_RESTORE
    # The same connection sees the restored data: the window only has to reload.
    assert get_incident(db, incident_id).title != "Changed after the backup"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    restore_backup(db, data_dir, before.path)  # and back again
    assert get_incident(db, incident_id).title == "Changed after the backup"
    db.close()
    again = open_data_dir(data_dir)
    assert get_incident(again, incident_id).title == "Changed after the backup"
    assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again.close()


def test_restoring_an_old_schema_backup_upgrades_it(data_dir: Path) -> None:
    data_dir.mkdir()
    old = sqlite3.connect(database_path(data_dir))
    old.execute("CREATE TABLE legacy (note TEXT)")
    old.commit()
    old.close()
    db = open_data_dir(data_dir)  # migrates, taking a before-migration backup
    pre = [b for b in list_backups(data_dir) if b.kind == BEFORE_MIGRATION]
    assert len(pre) == 1
    restore_backup(db, data_dir, pre[0].path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "incidents" in db.table_names() and "legacy" in db.table_names()
    db.close()


def test_damaged_or_too_new_backups_are_refused_and_skipped(data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    good = take_backup(db.conn, data_dir, MANUAL, now=NOON)
    newer = take_backup(db.conn, data_dir, MANUAL, now=NOON + timedelta(hours=1))
    bad = bytearray(newer.path.read_bytes())
    bad[4096 * 3 + 8: 4096 * 3 + 300] = b"\xff" * 292
    newer.path.write_bytes(bad)
    with pytest.raises(DataFileError, match="damaged"):
        check_backup(newer.path)
    with pytest.raises(DataFileError, match="damaged"):
        restore_backup(db, data_dir, newer.path)
    assert newest_good_backup(data_dir) == good
    conn = sqlite3.connect(good.path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(DataFileError, match="newer version"):
        check_backup(good.path)
    assert titles(db)  # nothing was replaced
    db.close()


def test_shell_restore_asks_for_yes_then_keeps_a_copy(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    take_backup(db.conn, data_dir, MANUAL)
    db.execute("DELETE FROM incidents")
    db.conn.commit()
    db.close()
    args = ["backup", "restore", "--newest", "--data-dir", str(data_dir)]
    assert main(args) == 1
    assert "--yes" in capsys.readouterr().err
    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "before-restore" in out
    db = open_data_dir(data_dir)
    assert len(titles(db)) == 1
    db.close()
