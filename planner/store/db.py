"""Open the one SQLite file safely: checks, pragmas, a backup, then the migrations.

The open path needs only plain sqlite3: sqlite-utils (and the click, dateutil and pluggy it
brings, 45 ms and 12 MiB) loads when a file must be migrated or a caller wants a Database.
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import AmendsError, DataFileError
from planner.store.connection import DataConnection, database_file
from planner.store.environment import check_writable, describe
from planner.store.integrity import check_on_open, running_app_pid
from planner.store.migrations import KNOWN_MIGRATIONS, MIGRATION_SET, SCHEMA_VERSION, migrations
from planner.store.paths import (
    database_path,
    ensure_data_dir,
    make_private,
    prepare_private_database,
)
from planner.store.wal_evidence import keep_wal_evidence

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def open_data_dir(folder: Path, *, daily_backup: bool = True) -> Database:
    """Create or open the data folder's amends.db, checked, migrated, backed up once a day.

    ``daily_backup=False`` is for erasing a customer: a first copy of the day taken just
    before the erasure would keep the very text the user asked to be rid of.
    """
    ensure_data_dir(folder)
    path = database_path(folder)
    check_on_open(folder, path)  # may set a damaged file aside and raise CorruptDatabaseError
    check_writable(path)
    had_data = path.exists() and path.stat().st_size > 0
    damaged_log = _keep_log_evidence(folder, path)
    db = open_database(path, data_dir=folder)
    if damaged_log is not None and isinstance(db.conn, DataConnection):
        db.conn.notices.append(damaged_log)
    if had_data and daily_backup:
        _daily_backup(db, folder)
    return db


def open_data_connection(folder: Path) -> tuple[sqlite3.Connection, bool]:
    """The app's open: like open_data_dir, but a plain connection, and nothing slow.

    The integrity check runs now only when the file was not closed cleanly by Amends or was
    changed since (planner.store.integrity); the second value says the once-a-day check is
    still due, for the caller to run before the first write (planner.store.daily). The daily
    backup is left to the caller too, to take once the data is on screen.
    """
    ensure_data_dir(folder)
    path = database_path(folder)
    daily_check_due = check_on_open(folder, path, daily_check=False)
    check_writable(path)
    damaged_log = _keep_log_evidence(folder, path)
    conn = connect_checked(path, data_dir=folder)
    if damaged_log is not None and isinstance(conn, DataConnection):
        conn.notices.append(damaged_log)
    return conn, daily_check_due


def as_database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils' Database on an open connection (loading sqlite-utils if need be)."""
    from sqlite_utils import Database as Opened

    return Opened(conn, execute_plugins=False)


def upgrade(db: Database, data_dir: Path) -> None:
    """Bring an open database (say, one just restored from an old backup) to this schema."""
    conn = db.conn
    path = database_file(conn)
    version = _schema_version(conn, path)
    _refuse_too_new(conn, path, version)
    _migrate(db, conn, path, data_dir, version)


def _keep_log_evidence(folder: Path, path: Path) -> str | None:
    """Copy a data file whose damaged -wal would lose committed changes aside, before this open
    writes anything (see planner.store.wal_evidence); what to tell the user, if anything."""
    if running_app_pid(folder) is not None:
        return None  # its log is live, being written by the window that holds the folder
    message = keep_wal_evidence(path)
    if message is not None:
        logging.getLogger("amends").error("%s", message)
    return message


def take_daily_backup(conn: sqlite3.Connection, folder: Path) -> object:
    """planner.store.backups.take_daily_backup, loaded on first use: the app's open path
    (open_data_connection) takes no backup and need not load that module."""
    from planner.store.backups import take_daily_backup as take

    return take(conn, folder)


def _daily_backup(db: Database, folder: Path) -> None:
    # A failed backup must not keep the rep from their notes: log it and carry on.
    try:
        take_daily_backup(db.conn, folder)
    except (OSError, sqlite3.Error, AmendsError) as exc:
        logging.getLogger("amends").warning(
            "The daily backup was not taken: %s", describe(exc, folder / "backups")
        )


def open_database(path: Path, *, data_dir: Path | None = None, migrate: bool = True) -> Database:
    """Open path with Amends' pragmas; refuse non-SQLite and too-new files without writing them."""
    return as_database(connect_checked(path, data_dir=data_dir, migrate=migrate))


def connect_checked(path: Path, *, data_dir: Path | None = None, migrate: bool = True) -> sqlite3.Connection:
    """open_database's work on a plain connection: sqlite-utils loads only to migrate."""
    _check_header(path)
    prepare_private_database(path)  # 0600 before SQLite creates its -wal and -shm beside it
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, factory=DataConnection)
    except sqlite3.Error as exc:
        raise DataFileError(
            f"Amends could not open {path} ({exc}). Check that the folder exists and that "
            "you may write to it, or choose another folder with --data-dir."
        ) from exc
    try:
        version = _schema_version(conn, path)
        applied = _refuse_too_new(conn, path, version)
        apply_pragmas(conn)
        if migrate and (version != SCHEMA_VERSION or applied != KNOWN_MIGRATIONS):
            _migrate(as_database(conn), conn, path, data_dir or path.parent, version)
    except BaseException:
        conn.close()
        raise
    make_private(path)
    return conn


def apply_pragmas(conn: sqlite3.Connection) -> None:
    """The settings every connection needs: durable WAL, foreign keys, patience with locks."""
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.OperationalError as exc:
        raise DataFileError(_operational_message(exc)) from exc


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DataFileError(
            f"Amends cannot read {path} ({exc.strerror}). Fix its permissions and start again."
        ) from exc
    if head and head != SQLITE_HEADER:
        raise DataFileError(
            f"{path} is not an Amends database (it is not an SQLite file). Amends has not "
            "touched it. Move it somewhere else, or start Amends with another --data-dir."
        )


def _schema_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise DataFileError(
            f"{path} cannot be read as a database ({exc}). It may be damaged; Amends has not "
            "changed it. Restore a backup or start with another --data-dir."
        ) from exc


def _refuse_too_new(conn: sqlite3.Connection, path: Path, version: int) -> set[str]:
    """Refuse a file from a newer Amends; the names of the migrations it has had."""
    applied: set[str] = set()
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'"
    ).fetchone()
    if has_table:
        applied = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        }
    if version > SCHEMA_VERSION or applied - KNOWN_MIGRATIONS:
        raise DataFileError(
            f"{path} was written by a newer version of Amends (schema {version}; this version "
            f"understands up to {SCHEMA_VERSION}). Amends has not changed it. "
            "Install the newer Amends to open it."
        )
    return applied


def _migrate(db: Database, conn: sqlite3.Connection, path: Path, data_dir: Path, version: int) -> None:
    pending = migrations.pending(db)
    if not pending:
        return
    has_data = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if has_data:
        from planner.store.backups import backup_before_migration

        backup_before_migration(conn, data_dir, version)
    try:
        migrations.apply(db)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except sqlite3.OperationalError as exc:
        raise DataFileError(_operational_message(exc, path)) from exc


def _operational_message(exc: sqlite3.OperationalError, path: Path | None = None) -> str:
    return describe(exc, path)
