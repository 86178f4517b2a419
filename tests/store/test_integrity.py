"""The check on open: a damaged file is set aside untouched and a backup offered; never an empty file."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.errors import DataFileError
from planner.sample import add_sample
from planner.store.backups import MANUAL, take_backup
from planner.store.db import open_data_dir
from planner.store.integrity import (
    LOCK_FILE,
    CorruptDatabaseError,
    MissingDatabaseError,
    damaged_copies,
    quick_check,
)
from planner.store.migrations import SCHEMA_VERSION
from planner.store.paths import database_path

ROOT = Path(__file__).resolve().parents[2]


def damage(path: Path, where: int = 4096 * 3) -> bytes:
    """Overwrite a b-tree page's header: the SQLite header stays, quick_check fails."""
    data = bytearray(path.read_bytes())
    data[where + 8: where + 300] = b"\xff" * 292
    path.write_bytes(data)
    return bytes(data)


def with_backup(data_dir: Path) -> Path:
    db = open_data_dir(data_dir)
    add_sample(db)
    backup = take_backup(db.conn, data_dir, MANUAL)
    db.close()
    return backup.path


def test_a_damaged_file_is_moved_aside_unchanged_with_its_journals(data_dir: Path) -> None:
    backup = with_backup(data_dir)
    path = database_path(data_dir)
    damaged = damage(path)
    Path(f"{path}-wal").write_bytes(b"")  # journals go along, so the pair stays usable
    with pytest.raises(CorruptDatabaseError) as caught:
        open_data_dir(data_dir)
    exc = caught.value
    message = str(exc)
    assert str(path) in message and str(exc.moved_to) in message and str(backup) in message
    assert "amends backup restore --newest" in message
    assert not path.exists()
    assert exc.moved_to.read_bytes() == damaged
    assert Path(f"{exc.moved_to}-wal").exists() and not Path(f"{path}-wal").exists()
    assert exc.backup is not None and exc.backup.path == backup
    # Next time: no silent empty file; the same way out is offered.
    with pytest.raises(MissingDatabaseError, match="restore --newest"):
        open_data_dir(data_dir)
    assert not path.exists()


def test_a_damaged_first_page_counts_as_damaged_too(data_dir: Path) -> None:
    with_backup(data_dir)
    damage(database_path(data_dir), where=100 - 8)
    with pytest.raises(CorruptDatabaseError):
        open_data_dir(data_dir)


def test_shell_exits_non_zero_names_every_path_and_restores(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = with_backup(data_dir)
    damage(database_path(data_dir))
    assert main(["agenda", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    moved = damaged_copies(database_path(data_dir))
    assert len(moved) == 1
    assert str(database_path(data_dir)) in err and str(moved[0]) in err and str(backup) in err
    assert main(["agenda", "--data-dir", str(data_dir)]) == 1
    assert "missing" in capsys.readouterr().err
    assert main(["backup", "restore", "--newest", "--data-dir", str(data_dir)]) == 0
    db = open_data_dir(data_dir)
    assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1
    db.close()


def test_without_any_backup_the_user_may_start_empty_on_purpose(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()
    damage(database_path(data_dir))
    assert main(["agenda", "--data-dir", str(data_dir)]) == 1
    assert "start-empty" in capsys.readouterr().err
    assert main(["backup", "start-empty", "--data-dir", str(data_dir)]) == 0
    db = open_data_dir(data_dir)
    assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
    db.close()
    assert len(damaged_copies(database_path(data_dir))) == 1  # still kept


def test_not_sqlite_too_new_and_unreadable_files_are_never_moved(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    path.write_bytes(b"My own notes, not a database\n")
    with pytest.raises(DataFileError, match="not an Amends database"):
        open_data_dir(data_dir)
    assert path.exists() and not damaged_copies(path)
    path.unlink()
    open_data_dir(data_dir).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert main(["agenda", "--data-dir", str(data_dir)]) == 1
    with pytest.raises(DataFileError, match="newer version"):
        open_data_dir(data_dir)
    assert path.read_bytes() == before and not damaged_copies(path)


def test_a_damaged_file_open_in_a_running_window_is_left_in_place(data_dir: Path) -> None:
    with_backup(data_dir)
    path = database_path(data_dir)
    damage(path)
    # A live process holding the folder's lock, as the app does (the lock format of QLockFile).
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (data_dir / LOCK_FILE).write_text(f"{holder.pid}\npython\n{os.uname().nodename}\n")
        with pytest.raises(DataFileError, match=f"process {holder.pid}"):
            open_data_dir(data_dir)
        assert path.exists() and not damaged_copies(path)
    finally:
        holder.kill()
        holder.wait()
    with pytest.raises(CorruptDatabaseError):  # the holder is gone: now it is set aside
        open_data_dir(data_dir)


def test_an_orphan_log_is_never_replayed_into_a_new_file(data_dir: Path) -> None:
    data_dir.mkdir()
    wal = Path(f"{database_path(data_dir)}-wal")
    wal.write_bytes(b"stale log of some other file")
    open_data_dir(data_dir).close()
    assert list(data_dir.glob("amends.db.orphan-*-wal"))


def test_quick_check_only_judges_what_it_can_read(tmp_path: Path) -> None:
    assert quick_check(tmp_path / "missing.db") is None
    (tmp_path / "empty.db").touch()
    assert quick_check(tmp_path / "empty.db") is None
    (tmp_path / "text.db").write_text("hello")
    assert quick_check(tmp_path / "text.db") is None
