"""When the integrity check runs: whenever the file may have changed outside a clean session of
Amends, and once a day; not at every open (it reads the whole file: 0.7 s at 100,000 incidents).

The record lives beside the data file, in `integrity.txt` (one `name value…` per line):
  checked_on   the local date of the last integrity check the file passed;
  clean_close  the file's fingerprint (size, modification and change times, inode, device) just
               after the app closed it cleanly: every connection closed, the WAL checkpointed
               and gone. Every open (the app's or a shell command's) removes it before any
               write; only the app's clean close writes it.
When the day's check is due but the file was closed cleanly, the app opens without it and runs
it on a worker thread (DayCheck), holding SQLite's write lock from before the window can write
until the verdict. The argument that a damaged file is still never written to is in
docs/DATA-SAFETY.md.
"""
from __future__ import annotations

import logging
import os
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from planner.store.environment import Problem, classify
from planner.store.paths import database_path
from planner.timeutil import now_utc

STATE_FILE = "integrity.txt"
CHECK_NOW, DAILY_DUE, SKIP = "check-now", "daily-due", "skip"
LOCK_WAIT_S = 1.0  # another program writing: leave the day's check to the next start

log = logging.getLogger("amends")


class Fingerprint(NamedTuple):
    """What changes whenever anything writes to, replaces or truncates the file."""

    size: int
    mtime_ns: int
    ctime_ns: int  # set by the system on every write, rename or chmod; no program can set it
    inode: int
    device: int


def fingerprint(path: Path) -> Fingerprint | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return Fingerprint(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def read_state(folder: Path) -> dict[str, list[str]]:
    """The record, or {} when it is missing or unreadable (which makes the next open check)."""
    try:
        text = (folder / STATE_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    state: dict[str, list[str]] = {}
    for line in text.splitlines():
        words = line.split()
        if words:
            state[words[0]] = words[1:]
    return state


def write_state(folder: Path, state: dict[str, list[str]]) -> bool:
    """Replace the record atomically; False when it could not be written (the next open then
    checks, which is the safe direction).

    Not fsynced (that took 5 ms of the start-up): a record lost in a power cut is read as
    missing and the next open checks; the file's own changes are in its fingerprint and WAL.
    """
    target = folder / STATE_FILE
    temp = folder / f".{STATE_FILE}.tmp"
    text = "".join(f"{name} {' '.join(values)}\n" for name, values in state.items())
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(temp, target)
    except OSError:
        try:
            temp.unlink()
        except OSError:
            pass
        return False
    return True


def has_wal(path: Path) -> bool:
    """A non-empty -wal: committed changes not yet in the main file (a session that did not end)."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def decide(folder: Path, path: Path, today: date) -> tuple[str, str]:
    """CHECK_NOW (with why), DAILY_DUE or SKIP for opening path today."""
    state = read_state(folder)
    clean = state.get("clean_close", [])
    if len(clean) != len(Fingerprint._fields) or not all(v.isdigit() for v in clean):
        return CHECK_NOW, "Amends did not close it cleanly last time"
    if fingerprint(path) != Fingerprint(*map(int, clean)):
        return CHECK_NOW, "it changed since Amends last closed it"
    if has_wal(path):
        return CHECK_NOW, "it has changes from a session that did not end cleanly"
    if state.get("checked_on") != [today.isoformat()]:
        return DAILY_DUE, "the check of the day has not run yet"
    return SKIP, "unchanged since Amends closed it cleanly, and checked today"


def session_started(folder: Path, *, checked: date | None) -> None:
    """Forget the clean close before anything is written (so a crash is followed by a check);
    `checked` is today when the check has just passed."""
    state = read_state(folder)
    state.pop("clean_close", None)
    if checked is not None:
        state["checked_on"] = [checked.isoformat()]
    write_state(folder, state)


def record_check(folder: Path, day: date) -> None:
    """The file passed the integrity check on `day`."""
    state = read_state(folder)
    state["checked_on"] = [day.isoformat()]
    write_state(folder, state)


def record_clean_close(folder: Path, path: Path) -> bool:
    """After every connection is closed: remember the file as it is now. Refused (False) while
    a -wal still holds changes, i.e. another program has the file open."""
    if has_wal(path):
        return False
    current = fingerprint(path)
    if current is None:
        return False
    state = read_state(folder)
    state["clean_close"] = [str(v) for v in current]
    return write_state(folder, state)


def check_connection(conn: sqlite3.Connection) -> tuple[str | None, bool]:
    """check_file on an open connection (the daily check runs on its own, holding the write lock)."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        corrupt = classify(exc) is Problem.CORRUPT
        return (str(exc) if corrupt else None), corrupt
    verdicts = [str(row[0]) for row in rows]
    return (None if verdicts == ["ok"] else " ".join("; ".join(verdicts[:3]).split())), True


class DayCheck:
    """The day's `quick_check` of the live file while holding its write lock.

    lock() takes SQLite's write lock (BEGIN IMMEDIATE) on a connection of its own, before the
    app can write; run() checks and, when the file is sound, releases it. A damaged file keeps
    the lock until release(): every writer, in this process or another, waits and then fails
    with "database is locked" rather than touch it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.conn: sqlite3.Connection | None = None
        self.finding: str | None = None

    def lock(self) -> bool:
        """Take the write lock; False when another program holds it (the check is skipped)."""
        path = database_path(self.folder)
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                                   timeout=LOCK_WAIT_S, check_same_thread=False,
                                   isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            log.warning("The check of the day was not run: %s", exc)
            return False
        self.conn = conn
        return True

    def run(self, *, now: datetime | None = None) -> str | None:
        """Check the file; None when it is sound (the lock is then released), else the finding."""
        conn = self.conn
        if conn is None:
            return None
        finding, judged = check_connection(conn)
        if finding is not None:
            self.finding = finding
            return finding
        if judged:
            record_check(self.folder, (now or now_utc()).astimezone().date())
        self.release()
        return None

    def release(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                conn.rollback()  # nothing was written: the transaction only held the lock
            finally:
                conn.close()
