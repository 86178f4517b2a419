"""The integrity check on open: a damaged file is set aside untouched, never replaced by an empty one.

When is a file "definitely corrupt" and moved aside? Only when all of these hold:

- it starts with the SQLite header (anything else may be the user's own file: refused, left alone);
- SQLite itself, opened read-only, says so: ``PRAGMA quick_check`` returns findings, or reading
  fails with SQLITE_CORRUPT or SQLITE_NOTADB;
- no running Amends window (another process holding the folder's lock) has it open.

Everything else (I/O errors, locks, permissions, a missing drive, a full disk, a file from a newer
Amends) says nothing about the file's health, so it stays where it is and the user is told what
to fix. The check runs read-only, so even a damaged file's -wal is not checkpointed into it.
When it runs (not at every open) is planner.store.check_policy's to say.
"""
from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from planner.errors import DataFileError
from planner.store import check_policy
from planner.store.check_policy import check_connection
from planner.store.paths import LOCK_FILE
from planner.timeutil import now_utc

if TYPE_CHECKING:
    # The backups module loads only when a file is damaged or missing: an ordinary open
    # does not need it (nor the dataclasses, tempfile and hashing it brings).
    from planner.store.backups import BackupInfo

SQLITE_HEADER = b"SQLite format 3\x00"
JOURNALS = ("-wal", "-shm")


class CorruptDatabaseError(DataFileError):
    """The data file was damaged and has been moved aside; ``backup`` is the newest good one."""

    def __init__(self, message: str, path: Path, moved_to: Path, backup: BackupInfo | None) -> None:
        super().__init__(message)
        self.path, self.moved_to, self.backup = path, moved_to, backup


class MissingDatabaseError(DataFileError):
    """The data file is gone but backups (or a damaged copy) exist: no silent fresh start."""

    def __init__(self, message: str, path: Path, backup: BackupInfo | None) -> None:
        super().__init__(message)
        self.path, self.backup = path, backup


def check_on_open(folder: Path, path: Path, *, now: datetime | None = None,
                  daily_check: bool = True) -> bool:
    """Refuse a vanished file, and set a definitely corrupt one aside (see the module docstring).

    The integrity check runs when planner.store.check_policy says so: the file was not closed
    cleanly by Amends or changed since, or (with daily_check) the day's check is due. Returns
    True when the day's check is due but was left to the caller (daily_check=False).
    """
    refuse_silent_replacement(folder, path)
    set_aside_orphan_journals(path, now=now)
    today = (now or now_utc()).astimezone().date()
    if not path.exists():  # a new file, made by this open: sound by construction
        check_policy.session_started(folder, checked=today)
        return False
    verdict = check_policy.decide(folder, path, today)[0]
    if verdict == check_policy.SKIP or (verdict == check_policy.DAILY_DUE and not daily_check):
        check_policy.session_started(folder, checked=None)
        return verdict == check_policy.DAILY_DUE
    finding, judged = check_file(path)
    if finding is None:
        check_policy.session_started(folder, checked=today if judged else None)
        return False
    raise_damaged(folder, path, finding, now=now)


def raise_damaged(folder: Path, path: Path, finding: str, *, now: datetime | None = None) -> NoReturn:
    """Set a file SQLite found damaged aside (unless a live window has it) and raise."""
    pid = running_app_pid(folder)
    if pid is not None:
        raise DataFileError(
            f"{path} appears to be damaged ({finding}), but Amends (process {pid}) has it open. "
            "Quit Amends, then start it again: it will set the damaged file aside and offer "
            "your newest backup."
        )
    try:
        moved = move_aside(path, now=now)
    except OSError as exc:
        raise DataFileError(
            f"{path} is damaged ({finding}), and Amends could not move it aside ({exc.strerror}). "
            "Move it out of the data folder yourself (keep it: much of it can often be "
            "recovered), then start Amends again to restore your newest backup."
        ) from exc
    from planner.store.backups import newest_good_backup

    backup = newest_good_backup(folder)
    raise CorruptDatabaseError(_corrupt_message(folder, path, moved, finding, backup), path, moved, backup)


def quick_check(path: Path) -> str | None:
    """SQLite's own verdict on a damaged file, or None when it is healthy or cannot be judged."""
    return check_file(path)[0]


def check_file(path: Path) -> tuple[str | None, bool]:
    """(what SQLite found wrong, or None; whether the file could be judged at all)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError:
        return None, False  # missing or unreadable: the normal open explains it
    if head != SQLITE_HEADER:
        return None, False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None, False
    try:
        return check_connection(conn)
    finally:
        conn.close()


def move_aside(path: Path, *, now: datetime | None = None) -> Path:
    """Rename path (then its -wal and -shm, so they still pair up) to path.corrupt-<stamp>."""
    stamp = (now or now_utc()).astimezone().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 2
    while any(Path(f"{target}{s}").exists() for s in ("", *JOURNALS)):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
        number += 1
    # The main file first: a crash in between leaves orphan journals, never a file without its WAL.
    os.rename(path, target)
    for suffix in JOURNALS:
        journal = Path(f"{path}{suffix}")
        if journal.exists():
            os.rename(journal, f"{target}{suffix}")
    return target


def set_aside_orphan_journals(path: Path, *, now: datetime | None = None) -> None:
    """A -wal without its database would be replayed into a new file: rename it out of the way."""
    if path.exists():
        return
    stamp = (now or now_utc()).astimezone().strftime("%Y%m%d-%H%M%S")
    for suffix in JOURNALS:
        journal = Path(f"{path}{suffix}")
        if journal.exists():
            os.rename(journal, path.with_name(f"{path.name}.orphan-{stamp}{suffix}"))


def damaged_copies(path: Path) -> list[Path]:
    """Files set aside by move_aside, oldest first (their journals not listed)."""
    return sorted(
        p for p in path.parent.glob(f"{path.name}.corrupt-*") if not p.name.endswith(JOURNALS)
    )


def refuse_silent_replacement(folder: Path, path: Path) -> None:
    """A missing data file next to backups or a damaged copy is a loss to repair, not a fresh start."""
    if path.exists():
        return
    from planner.store.backups import list_backups, newest_good_backup

    damaged = damaged_copies(path)
    recovered = sorted(folder.glob("amends-recovered-*.db"))  # see planner.store.rescue
    if not damaged and not recovered and not list_backups(folder):
        return  # a folder Amends has never used: starting empty is right
    backup = newest_good_backup(folder)
    lost = f" (a damaged copy was set aside as {damaged[-1]})" if damaged else ""
    rescued = (f" Your latest work was saved in {recovered[-1]} when the file disappeared: "
               f"rename it to {path.name} to go on with it." if recovered else "")
    raise MissingDatabaseError(
        f"Your data file {path} is missing{lost}.{rescued} Amends will not start over with an "
        f"empty file while backups or a damaged copy exist. {_what_to_do(folder, backup)}",
        path, backup,
    )


def start_empty(folder: Path) -> Path:
    """The user's explicit choice after a loss: create an empty data file (migrated on open)."""
    from planner.store.paths import database_path

    path = database_path(folder)
    if path.exists():
        raise DataFileError(f"{path} already exists; Amends did not change it.")
    set_aside_orphan_journals(path)
    path.touch(mode=0o600)
    return path


def running_app_pid(folder: Path) -> int | None:
    """The process id of another Amends window holding this folder's lock, if one is alive."""
    try:
        lines = (folder / LOCK_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2] if len(lines) > 2 else ""
    if pid == os.getpid() or (host and host != _host_name()):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, owned by someone else
    return pid


def _host_name() -> str:
    """This computer's name, as the lock file records it (os.uname spares start-up the socket
    module, 3 ms; it gives what gethostname gives)."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().nodename)
    import socket  # Windows

    return socket.gethostname()


def _what_to_do(folder: Path, backup: BackupInfo | None) -> str:
    where = f" --data-dir '{folder}'"
    if backup is None:
        return (
            "There is no intact backup to restore. Keep any damaged copy: most of it can often "
            "be recovered with the sqlite3 tool's .recover command. To start with an empty file, "
            f"run: amends backup start-empty{where}"
        )
    when = backup.taken_at.astimezone().strftime("%a %d %b %Y %H:%M")
    return (
        f"The newest good backup is {backup.path} ({when}). Restore it when the app offers it "
        f"at start-up, or run: amends backup restore --newest{where}"
    )


def _corrupt_message(
    folder: Path, path: Path, moved: Path, finding: str, backup: BackupInfo | None
) -> str:
    later = " Changes made after that backup are only in the moved file." if backup else ""
    return (
        f"Your data file {path} is damaged, so Amends cannot use it. Amends moved it, unchanged, "
        f"to {moved} and did not put an empty file in its place. {_what_to_do(folder, backup)}."
        f"{later} (SQLite's check found: {finding[:300]})"
    )
