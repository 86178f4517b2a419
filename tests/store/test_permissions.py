"""Customer data is 0600 in a 0700 folder from the first byte: the data file, its -wal and -shm."""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.incidents.service import get_incident, save_incident
from planner.sample import add_sample
from planner.store.backups import MANUAL, take_backup
from planner.store.db import open_data_dir
from planner.store.paths import database_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common umask, under which a file created without care is readable by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_data_file_and_its_log_are_private_while_open(data_dir: Path, usual_umask) -> None:
    db = open_data_dir(data_dir)
    try:
        incident = get_incident(db, add_sample(db))
        incident.what_went_wrong = "Customer text that must stay private"
        save_incident(db, incident)
        path = database_path(data_dir)
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert file.exists() and mode(file) == 0o600, file
        assert mode(data_dir) == 0o700
    finally:
        db.close()


def test_an_existing_open_folder_and_loose_files_are_tightened(data_dir: Path, usual_umask) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.close()
    path = database_path(data_dir)
    data_dir.chmod(0o755)
    path.chmod(0o644)
    backups = data_dir / "backups"
    backups.mkdir(mode=0o755)
    backups.chmod(0o755)
    db = open_data_dir(data_dir)
    try:
        assert mode(data_dir) == 0o700 and mode(path) == 0o600
        take_backup(db.conn, data_dir, MANUAL)
        assert mode(backups) == 0o700
        assert all(mode(b) == 0o600 for b in backups.iterdir())
        db.execute("UPDATE incidents SET title = title || '!'")
        db.conn.commit()
        assert mode(Path(f"{path}-wal")) == 0o600
    finally:
        db.close()


def test_a_log_left_loose_after_a_crash_is_tightened_before_opening(
    data_dir: Path, tmp_path: Path, usual_umask
) -> None:
    db = open_data_dir(data_dir)
    add_sample(db)
    db.conn.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("UPDATE incidents SET title = title || ' edited'")
    db.conn.commit()
    crashed = tmp_path / "crashed"  # the folder as a killed Amends (or an older one) left it
    crashed.mkdir(mode=0o700)
    for suffix in ("", "-wal"):
        copy = Path(f"{database_path(crashed)}{suffix}")
        copy.write_bytes(Path(f"{database_path(data_dir)}{suffix}").read_bytes())
        copy.chmod(0o644)
    db.close()
    wal = Path(f"{database_path(crashed)}-wal")
    assert wal.stat().st_size > 0
    reopened = open_data_dir(crashed)
    try:
        assert mode(wal) == 0o600 and mode(database_path(crashed)) == 0o600
        assert reopened.execute("SELECT count(*) FROM incidents WHERE title LIKE '% edited'").fetchone()[0] == 1
    finally:
        reopened.close()
