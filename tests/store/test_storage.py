"""The data file: pragmas, migrations, backups, refusals, permissions."""
from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from planner.errors import DataFileError, DataFolderError
from planner.store.db import open_data_dir, open_database
from planner.store.migrations import SCHEMA_VERSION
from planner.store.paths import ENV_VAR, database_path, resolve_data_dir


def test_new_folder_and_file_are_private(data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    db.close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(database_path(data_dir).stat().st_mode) == 0o600


def test_every_connection_gets_the_pragmas(db) -> None:
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_migrations_from_an_empty_file_build_the_schema(data_dir: Path) -> None:
    data_dir.mkdir()
    database_path(data_dir).touch()  # a zero-byte file is a valid, empty SQLite database
    db = open_data_dir(data_dir)
    tables = set(db.table_names())
    assert {"customers", "incidents", "moments", "apologies", "visits", "followups"} <= tables
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_reopening_applies_nothing_and_takes_no_backup(data_dir: Path) -> None:
    open_data_dir(data_dir).close()
    open_data_dir(data_dir).close()
    assert not list((data_dir / "backups").glob("*before-migration*")) if (data_dir / "backups").exists() else True


def test_backup_is_taken_before_a_migration_runs(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE legacy (note TEXT)")
    old.execute("INSERT INTO legacy VALUES ('keep me')")
    old.commit()
    old.close()
    open_data_dir(data_dir).close()
    backups = list((data_dir / "backups").glob("amends-before-migration-v0-*.db"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT note FROM legacy").fetchall() == [("keep me",)]
    assert "incidents" not in {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600


def test_a_too_new_file_is_refused_and_left_unchanged(data_dir: Path) -> None:
    open_data_dir(data_dir).close()
    path = database_path(data_dir)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DataFileError, match="newer version of Amends"):
        open_data_dir(data_dir)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_never_overwritten(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    path.write_bytes(b"Dear diary, this is not a database.\n")
    with pytest.raises(DataFileError, match=str(path)):
        open_data_dir(data_dir)
    assert path.read_bytes() == b"Dear diary, this is not a database.\n"


def test_a_folder_that_cannot_be_created_names_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataFolderError, match=str(blocker / "data")) as raised:
        open_data_dir(blocker / "data")
    # What to do, for the shell and for a desktop shortcut alike.
    assert "--data-dir" in str(raised.value) and "AMENDS_DATA_DIR" in str(raised.value)


def test_data_dir_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv(ENV_VAR)
    assert resolve_data_dir(None).name == "Amends"


def test_foreign_keys_cascade_on_delete(db, sample_id: int) -> None:
    from planner.incidents.service import delete_incident

    assert db.execute("SELECT count(*) FROM moments").fetchone()[0] == 5
    delete_incident(db, sample_id)
    assert db.execute("SELECT count(*) FROM moments").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM customers").fetchone()[0] == 0


def test_open_database_without_migrating_reads_only(data_dir: Path) -> None:
    open_data_dir(data_dir).close()
    db = open_database(database_path(data_dir), migrate=False)
    assert "incidents" in db.table_names()
