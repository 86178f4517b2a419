"""Tell environment problems (full disk, read-only, locked, missing folder) from bugs, in plain words."""
from __future__ import annotations

import errno
import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import AmendsError, DataFileError

if TYPE_CHECKING:
    import sqlite3

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_AUTH, _SQLITE_NOTADB = 23, 26
_SQLITE_READONLY_DBMOVED = _SQLITE_READONLY | (4 << 8)  # the open file was renamed or deleted


class Problem(str, Enum):
    """What kind of trouble the computer around Amends is in."""

    DISK_FULL = "disk-full"
    READ_ONLY = "read-only"
    LOCKED = "locked"
    MISSING = "missing"
    MOVED = "moved"
    PERMISSION = "permission"
    CORRUPT = "corrupt"
    IO = "io"
    OTHER = "other"  # not recognised: possibly a bug, so callers log it


class EnvironmentProblemError(DataFileError):
    """A user-facing error caused by the machine, not by Amends; ``problem`` says which kind."""

    def __init__(self, message: str, problem: Problem, path: Path | None) -> None:
        super().__init__(message)
        self.problem = problem
        self.path = path


def classify(exc: BaseException) -> Problem:
    """Map an sqlite3 or OS error to the problem behind it; OTHER when it is none of them."""
    import sqlite3  # here, not at the top: the window frame is painted before sqlite3 loads

    if isinstance(exc, EnvironmentProblemError):
        return exc.problem
    if isinstance(exc, sqlite3.Error):
        return _classify_sqlite(exc)
    if isinstance(exc, OSError):
        return _classify_errno(exc.errno)
    return Problem.OTHER


def is_environment_error(exc: BaseException) -> bool:
    """True for problems the user can fix outside Amends (space, permissions, locks, drives)."""
    return classify(exc) not in (Problem.OTHER, Problem.CORRUPT)


def diagnose(exc: BaseException, path: Path | None = None) -> Problem:
    """classify(), refined by looking at the path: SQLite says "cannot open" for several causes."""
    problem = classify(exc)
    if problem is Problem.MISSING and path is not None and path.parent.is_dir():
        return Problem.PERMISSION
    return problem


def describe(exc: BaseException, path: Path | None = None) -> str:
    """One message for the user: what went wrong, naming the path, and what to do about it."""
    if isinstance(exc, AmendsError) and not isinstance(exc, EnvironmentProblemError):
        return str(exc)
    return message_for(diagnose(exc, path), path, _detail(exc))


def message_for(problem: Problem, path: Path | None, detail: str = "") -> str:
    """The plain-language message for one kind of problem at path."""
    where = str(path) if path is not None else "the Amends data file"
    if problem is Problem.DISK_FULL:
        return (f"The disk holding {where} is full. Free some space on it; nothing already "
                "saved was lost.")
    if problem is Problem.READ_ONLY:
        return (f"Amends cannot write to {where}: the file or its folder is read-only. "
                "Give yourself write permission on both, or move the data folder somewhere "
                "you can write, then try again.")
    if problem is Problem.LOCKED:
        return (f"{where} is busy: another program is writing to it (another copy of Amends, "
                "a backup or sync tool). Close that program or wait a moment, then try again.")
    if problem is Problem.MISSING:
        folder = path.parent if path is not None else "the data folder"
        return (f"The folder {folder} cannot be found (was a USB drive or network share "
                "disconnected?). Reconnect it, or choose another data folder with --data-dir.")
    if problem is Problem.MOVED:
        return (f"The data file {where} was moved, renamed or deleted while Amends had it open "
                "(or its drive was disconnected). Put it back or reconnect the drive, then try "
                "again; restarting Amends also helps.")
    if problem is Problem.PERMISSION:
        return (f"Amends is not allowed to open {where} (permission denied). Fix the "
                "permissions of the file and its folder, or choose another data folder.")
    if problem is Problem.CORRUPT:
        return (f"{where} appears to be damaged ({detail}). Quit Amends and start it again: "
                "it checks the file, sets a damaged one aside and offers your newest backup.")
    if problem is Problem.IO:
        return (f"The drive holding {where} reported a read or write error ({detail}). Check "
                "the drive or its connection, and keep a copy of the backups folder somewhere safe.")
    return (f"Amends could not use {where} ({detail}). Try again; if it keeps happening, "
            "restore a backup from Help > Backups.")


def check_writable(path: Path) -> None:
    """Refuse, with a clear message, an existing data file this user may not write to."""
    if path.exists() and not os.access(path, os.W_OK):
        raise EnvironmentProblemError(message_for(Problem.READ_ONLY, path), Problem.READ_ONLY, path)


def as_user_error(exc: BaseException, path: Path | None = None) -> EnvironmentProblemError:
    """Wrap a low-level error as a user-facing one, keeping the kind and the path."""
    return EnvironmentProblemError(describe(exc, path), diagnose(exc, path), path)


def _classify_sqlite(exc: sqlite3.Error) -> Problem:
    code = getattr(exc, "sqlite_errorcode", None)
    if code == _SQLITE_READONLY_DBMOVED:
        return Problem.MOVED
    primary = code & 0xFF if isinstance(code, int) else None
    by_code = {
        _SQLITE_FULL: Problem.DISK_FULL, _SQLITE_READONLY: Problem.READ_ONLY,
        _SQLITE_BUSY: Problem.LOCKED, _SQLITE_LOCKED: Problem.LOCKED,
        _SQLITE_PERM: Problem.PERMISSION, _SQLITE_AUTH: Problem.PERMISSION,
        _SQLITE_CORRUPT: Problem.CORRUPT, _SQLITE_NOTADB: Problem.CORRUPT,
        _SQLITE_CANTOPEN: Problem.MISSING, _SQLITE_IOERR: Problem.IO,
    }
    if primary in by_code:
        return by_code[primary]
    # Errors raised without a code (older builds, or made up by tests) still carry SQLite's text.
    text = str(exc).lower()
    for needle, problem in (
        ("disk is full", Problem.DISK_FULL), ("readonly", Problem.READ_ONLY),
        ("read-only", Problem.READ_ONLY), ("locked", Problem.LOCKED), ("busy", Problem.LOCKED),
        ("unable to open", Problem.MISSING), ("malformed", Problem.CORRUPT),
        ("not a database", Problem.CORRUPT), ("disk i/o", Problem.IO),
    ):
        if needle in text:
            return problem
    return Problem.OTHER


def _classify_errno(code: int | None) -> Problem:
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return Problem.DISK_FULL
    if code == errno.EROFS:
        return Problem.READ_ONLY
    if code in (errno.EACCES, errno.EPERM):
        return Problem.PERMISSION
    if code in (errno.ENOENT, errno.ENOTDIR):
        return Problem.MISSING
    if code in (errno.EIO, getattr(errno, "ENXIO", errno.EIO)):
        return Problem.IO
    if code in (errno.EAGAIN, getattr(errno, "EBUSY", errno.EAGAIN)):
        return Problem.LOCKED
    return Problem.OTHER


def _detail(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
