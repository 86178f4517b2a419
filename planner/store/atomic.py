"""Atomic file writing: a file is either fully replaced or left exactly as it was."""
from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from planner.errors import AmendsError
from planner.store.doors import DoorError, check_output


class ExportError(AmendsError, OSError):
    """A file could not be written; ``str(error)`` names the file and what to do about it.

    ``errno`` and ``filename`` keep the machine-readable cause for callers that branch on it.
    """

    def __init__(self, message: str, path: Path, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errno = code
        self.filename = str(path)

    def __str__(self) -> str:
        # OSError would print "[Errno 28] None: 'path'" once errno is set.
        return self.message


def _advice(exc: OSError, path: Path) -> str:
    """A plain-language reason and remedy for a failed write of ``path``."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "The disk is full. Free some space or choose another drive, then try again."
    if code == errno.ENOENT:
        return f"The folder {path.parent} does not exist. Choose an existing folder."
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            "Permission was denied. Close the file if another program has it open, "
            "or choose a folder you can write to."
        )
    if code in (errno.EISDIR, errno.ENOTDIR):
        return "That name belongs to a folder, not a file. Choose a file name."
    reason = exc.strerror or str(exc)
    return f"The system said: {reason}. Check the folder and try again."


def _export_error(exc: OSError, path: Path) -> ExportError:
    return ExportError(f"Could not save {path}. {_advice(exc, path)}", path, exc.errno)


def _open_temp(path: Path) -> tuple[Path, int]:
    """Create a new, empty temp file next to ``path`` and return it with an open descriptor."""
    for _ in range(10):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0600 from the first byte: every export holds customer data (a replaced file,
            # whatever its mode was, is private afterwards too).
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return temp, os.open(temp, flags, 0o600)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not pick a free temporary file name", str(path))


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on a clean exit it replaces ``path`` in one step.

    The data goes to a temp file in the same folder, is flushed and fsynced, and then
    renamed over ``path`` with ``os.replace``; it is readable by its owner only (0600). A place
    that is not a regular file or a free name (see ``planner.store.doors``) is refused before
    anything is written. If anything fails or the caller raises,
    the temp file is removed and an existing ``path`` is left untouched. Operating-system
    errors come out as :class:`ExportError`; other exceptions pass through unchanged.
    """
    try:
        # A folder, a named pipe, a device or an empty name is refused before anything is written.
        path = check_output(path)
    except DoorError as exc:
        raise ExportError(f"Could not save {exc.path or path}: {exc}", Path(path), exc.errno) from exc
    try:
        temp, fd = _open_temp(path)
    except OSError as exc:
        raise _export_error(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, ExportError):
            raise _export_error(exc, path) from exc
        raise
    fsync_folder(path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raises :class:`ExportError` on failure."""
    with atomic_writer(path) as handle:
        handle.write(data)
