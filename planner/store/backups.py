"""The backups folder: consistent copies taken, listed, thinned and checked."""
from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from planner.errors import DataFileError
from planner.store.atomic import fsync_folder
from planner.store.doors import DoorError, check_sqlite_file
from planner.store.paths import BACKUP_FOLDER, backups_dir, make_private
from planner.timeutil import now_utc

DAILY, MANUAL, BEFORE_RESTORE, BEFORE_MIGRATION = "daily", "manual", "before-restore", "before-migration"
KIND_LABELS = {
    DAILY: "Daily", MANUAL: "Taken by you", BEFORE_RESTORE: "Before a restore",
    BEFORE_MIGRATION: "Before an upgrade",
}
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
KEEP_SAFETY = 5  # of each: manual, before-migration and before-restore copies
STALE_TEMP_SECONDS = 3600  # a half-written copy this old belongs to a killed backup
_STAMP = "%Y%m%d-%H%M%S"
_REGULAR = re.compile(r"^amends-(\d{8}-\d{6})(?:-\d+)?-(daily|manual|before-restore)\.db$")
_MIGRATION = re.compile(r"^amends-before-migration-v\d+-(\d{8}-\d{6})\.db$")


@dataclass(frozen=True)
class BackupInfo:
    """One copy in the backups folder: where it is, why it was taken, when, how big."""

    path: Path
    kind: str
    taken_at: datetime  # aware, UTC; read from the name so copying the folder keeps it
    size: int

    @property
    def local_date(self) -> date:
        return self.taken_at.astimezone().date()

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


Copier = Callable[[sqlite3.Connection, Path, sqlite3.Connection], None]  # (source, temp path, temp)


def page_copy(source: sqlite3.Connection, _tmp: Path, dest: sqlite3.Connection) -> None:
    """SQLite's online backup API, every page in one step: one read transaction, so in WAL mode
    writers are never blocked, and the copy is the snapshot the step began with."""
    source.backup(dest)


def backup_connection(source: sqlite3.Connection, target: Path, copy: Copier = page_copy, *,
                      gently: bool = False) -> Path:
    """Copy a live database into target: temp file, integrity check, fsync, rename.

    gently: write the copy to disk a slice at a time before the final fsync, so the app's own
    saves meanwhile are not held up behind one flush of the whole file (0.2 s at 380 MB).
    """
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dest = sqlite3.connect(tmp)
        try:
            # A temp file needs no journal or syncs of its own: a crash leaves only a temp file
            # (removed later), and the copy is synced once, whole, before it is renamed into place.
            dest.execute("PRAGMA journal_mode=OFF")
            dest.execute("PRAGMA synchronous=OFF")
            copy(source, tmp, dest)
            try:
                verdict = dest.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:  # too damaged to check at all
                verdict = str(exc)
            if verdict != "ok":
                raise DataFileError(
                    f"The backup copy failed its integrity check ({verdict}); "
                    "the database itself was not changed."
                )
            # A copy in rollback-journal mode is one self-contained file.
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        make_private(tmp)
        with open(tmp, "rb") as fh:
            if gently:
                write_back_gently(fh.fileno())
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


# A save's fsync waits for the disk's queue: behind one slice of the copy at most. An 8 MB slice
# held saves up for 40-50 ms at 100,000 incidents; 1 MB, 4-5 ms (benchmarks/scale.py). The
# pause caps the copy's writing at 100 MB/s, so the queue drains between slices (380 MB: 4 s).
WRITE_BACK_CHUNK = 1 << 20
WRITE_BACK_PAUSE_S = 0.01


def write_back_gently(fd: int, chunk: int = WRITE_BACK_CHUNK, pause: float = WRITE_BACK_PAUSE_S) -> None:
    """Start writing a file's pages to disk a slice at a time (Linux; elsewhere the fsync that
    follows does it all), so no other program's fsync waits behind the whole file at once."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    size = os.fstat(fd).st_size
    for offset in range(0, size, chunk):
        advise(fd, offset, chunk, os.POSIX_FADV_DONTNEED)  # writes dirty pages back, no waiting
        time.sleep(pause)


def backup_before_migration(conn: sqlite3.Connection, data_dir: Path, from_version: int) -> Path:
    """Save the file as it was before its schema changes, so a failed upgrade loses nothing."""
    stamp = now_utc().strftime("%Y%m%d-%H%M%S")
    name = f"amends-before-migration-v{from_version}-{stamp}.db"
    return backup_connection(conn, backups_dir(data_dir) / name)


def backup_stamp(path: Path) -> datetime | None:
    """When a backup was taken, from its modification time."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return None


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """Every backup Amends made in this data folder, newest first; other files are ignored."""
    folder = data_dir / BACKUP_FOLDER
    found: list[BackupInfo] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        info = _parse(path)
        if info is not None:
            found.append(info)
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def take_backup(
    conn: sqlite3.Connection, data_dir: Path, kind: str = MANUAL, *, now: datetime | None = None,
    copy: Copier = page_copy, gently: bool = False,
) -> BackupInfo:
    """Copy the open database into the backups folder (checked, fsynced, 0600), then thin."""
    moment = now or now_utc()
    folder = backups_dir(data_dir)
    stem = f"amends-{moment.astimezone(UTC):{_STAMP}}"
    target = folder / f"{stem}-{kind}.db"
    number = 2
    while target.exists():  # two copies in one second: number them rather than overwrite
        target = folder / f"{stem}-{number}-{kind}.db"
        number += 1
    backup_connection(conn, target, copy, gently=gently)
    thin_backups(data_dir, now=moment)
    info = _parse(target)
    assert info is not None
    return info


def daily_backup_due(data_dir: Path, *, now: datetime | None = None) -> bool:
    """True when no daily backup has been taken yet on this (local) day."""
    today = (now or now_utc()).astimezone().date()
    return not any(b.kind == DAILY and b.local_date == today for b in list_backups(data_dir))


def take_daily_backup(
    conn: sqlite3.Connection, data_dir: Path, *, now: datetime | None = None
) -> BackupInfo | None:
    """On the first open of the day, back the file up; later opens that day do nothing."""
    if not daily_backup_due(data_dir, now=now):
        return None
    return take_backup(conn, data_dir, DAILY, now=now)


def thin_backups(
    data_dir: Path, *, now: datetime | None = None, keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY, keep_monthly: int = KEEP_MONTHLY, keep_safety: int = KEEP_SAFETY,
) -> list[Path]:
    """Delete backups outside the policy; returns what was removed.

    Daily copies: the newest of each of the last 7 days, 4 weeks and 6 months that have any
    (a rep who opens Amends once a week keeps more history, never less). Copies the user took,
    and those taken before a migration or a restore: the newest 5 of each kind.
    """
    backups = list_backups(data_dir)
    daily = [b for b in backups if b.kind == DAILY]
    keep = {b.path for b in _newest_per(daily, lambda d: d.isoformat(), keep_daily)}
    keep |= {b.path for b in _newest_per(daily, lambda d: str(d.isocalendar()[:2]), keep_weekly)}
    keep |= {b.path for b in _newest_per(daily, lambda d: f"{d.year}-{d.month}", keep_monthly)}
    for kind in (MANUAL, BEFORE_MIGRATION, BEFORE_RESTORE):
        keep |= {b.path for b in [b for b in backups if b.kind == kind][:keep_safety]}
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    _remove_stale_temps(data_dir / BACKUP_FOLDER, (now or now_utc()).timestamp())
    return removed


def backup_problem(path: Path) -> str | None:
    """Why a listed backup cannot be restored (damaged, not Amends', too new), or None.

    Uses SQLite's quick check, which reads every page but skips the index cross-checks, so
    listing a folder of backups stays quick; a restore still runs the full check.
    """
    try:
        check_backup(path, thorough=False)
    except DataFileError as exc:
        return str(exc)
    return None


def check_backup(path: Path, *, thorough: bool = True) -> None:
    """Raise DataFileError unless path is an intact Amends database this version can open."""
    # Here, not at the top: the migrations load sqlite-utils, which start-up defers until the
    # data file is opened, and the start-up checks reach this module earlier.
    from planner.store.migrations import KNOWN_MIGRATIONS, MIGRATION_SET, SCHEMA_VERSION

    try:
        # A pipe would hang SQLite's open, a folder or a text file would give a riddle.
        check_sqlite_file(path, what="a backup")
    except DoorError as exc:
        raise DataFileError(str(exc)) from exc
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DataFileError(f"The backup {path} cannot be opened ({exc}).") from exc
    try:
        check = "integrity_check" if thorough else "quick_check"
        verdict = conn.execute(f"PRAGMA {check}").fetchone()[0]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        names = {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        )} if _has_table(conn, "_sqlite_migrations") else set()
    except sqlite3.Error as exc:
        raise DataFileError(f"The backup {path} is damaged ({exc}); choose another one.") from exc
    finally:
        conn.close()
    if verdict != "ok":
        raise DataFileError(f"The backup {path} is damaged ({verdict}); choose another one.")
    made_before_upgrade = path.parent.name == BACKUP_FOLDER and _MIGRATION.match(path.name)
    if not names and not made_before_upgrade:
        # Any other SQLite file (another program's database) would replace the user's data.
        raise DataFileError(
            f"{path} is not an Amends database (it holds none of Amends' tables), so Amends "
            "will not restore it. Choose a backup from the backups folder; `amends backup "
            "list` shows them."
        )
    if version > SCHEMA_VERSION or names - KNOWN_MIGRATIONS:
        raise DataFileError(
            f"The backup {path} was made by a newer version of Amends; install that version to use it."
        )


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes check_backup, or None when there is none."""
    for backup in list_backups(data_dir):
        try:
            check_backup(backup.path)
        except DataFileError:
            continue
        return backup
    return None


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone() is not None


def _parse(path: Path) -> BackupInfo | None:
    match = _REGULAR.match(path.name)
    kind = match.group(2) if match else BEFORE_MIGRATION
    match = match or _MIGRATION.match(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path=path, kind=kind, taken_at=taken, size=size)


def _newest_per(
    backups: list[BackupInfo], bucket: Callable[[date], str], count: int
) -> list[BackupInfo]:
    chosen: list[BackupInfo] = []
    seen: set[str] = set()
    for backup in backups:  # newest first, so the first of each bucket is its newest
        key = bucket(backup.local_date)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        chosen.append(backup)
    return chosen


def _remove_stale_temps(folder: Path, now: float) -> None:
    for temp in folder.glob(".backup-*.db"):
        try:
            if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()
        except OSError:
            pass
