"""The doors of Amends: every file or folder a user names is checked before it is read or written.

A door answers at once, before any work: a named pipe would hang a reader, a device would be
replaced by a regular file, a folder or an empty name would end in a traceback, and a huge or
misshapen file would cost minutes and gigabytes. Each refusal names the path and says what to
do. Used by every shell command (``-o``, ``--data-dir``, ``playbook import``, ``backup
restore``), by the atomic writer behind every export, and by the app's own file dialogs.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from planner.errors import AmendsError

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_NAME_MAX = 255  # bytes in one file name on the common file systems
DEFAULT_PATH_MAX = 4096


class DoorError(AmendsError):
    """A path was refused before anything was read or written; the message says what to do."""

    def __init__(
        self, message: str, path: str | os.PathLike[str] | None = None, code: int | None = None
    ) -> None:
        super().__init__(message)
        self.path = None if path is None else str(path)
        self.errno = code  # the closest OS error number, for callers that branch on it


def shown(path: str | os.PathLike[str]) -> str:
    """A path as the user typed it, quoted when it is empty or has spaces at either end."""
    text = os.fspath(path)
    return repr(text) if not text or text != text.strip() else text


def data_dir_text(text: str) -> str:
    """An argparse type for --data-dir: a folder name, never an empty one."""
    if not text.strip():
        import argparse  # only the command line uses this type

        raise argparse.ArgumentTypeError(
            "the folder name is empty; give a folder, e.g. --data-dir ~/amends-test, or leave "
            "the option out to use the usual data folder"
        )
    return text


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words a user knows."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_output(path: str | os.PathLike[str], *, example: str = "export.txt") -> Path:
    """Refuse a place Amends must not write a file to; return it as a Path.

    Refused: an empty name, ``.``, ``..``, ``/`` and other folders, a named pipe, device or
    socket (replacing one would break whatever uses it), a name longer than the file system
    allows, and a folder that is missing or not writable. An existing regular file is fine:
    the atomic writer replaces it in one step.
    """
    text = os.fspath(path)
    if not text.strip():
        raise DoorError(f"no file name was given ({shown(text)}). Give one, e.g. -o {example}.", text)
    target = Path(text).expanduser()
    if target.name in ("", ".", "..") or text.endswith(("/", os.sep)):
        raise DoorError(f"{shown(text)} names a folder, not a file. Give a file name, "
                        f"e.g. {Path(text) / example}.", text, errno.EISDIR)
    _check_name_length(target)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise DoorError(f"the path {shown(text)} is too long for this computer. Choose a "
                            "shorter file name or a folder nearer the top.", text) from exc
        info = None  # a missing folder on the way is reported below, by name
    if info is not None and not stat.S_ISREG(info.st_mode):
        what = kind_of(info.st_mode)
        advice = ("Give a file name inside it" if what == "a folder"
                  else "Amends will not replace it. Give the name of a regular file")
        code = errno.EISDIR if what == "a folder" else errno.EINVAL
        raise DoorError(f"{shown(text)} is {what}, not a file. {advice}, e.g. {example}.", text, code)
    folder = target.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise DoorError(f"the folder {folder} {what}, so {target.name} cannot be written there. "
                        "Create the folder or choose another one.", text, errno.ENOENT)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DoorError(f"you may not write in the folder {folder}. Choose a folder of yours, "
                        "e.g. your home folder.", text, errno.EACCES)
    return target


def read_input(path: str | os.PathLike[str], *, limit: int, what: str) -> bytes:
    """Read a user's file of at most ``limit`` bytes, refusing anything but a regular file.

    The kind and size are checked before a byte is read; the file is opened non-blocking (a
    named pipe put there meanwhile cannot hang the read) and checked again once open.
    """
    text = os.fspath(path)
    target = _existing(text, what)
    _check_regular(os.stat(target), text, what, limit)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise DoorError(f"cannot open {shown(text)} ({exc.strerror or exc}). Check the path and "
                        "that you may read the file.", text) from exc
    try:
        _check_regular(os.fstat(fd), text, what, limit)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew after the check
        raise DoorError(_too_big(text, len(data), limit, what), text)
    return data


def check_input(path: str | os.PathLike[str], *, what: str, limit: int | None = None) -> Path:
    """The path of an existing regular file the user named (a backup, say), checked by kind
    and size but not read."""
    text = os.fspath(path)
    target = _existing(text, what)
    _check_regular(os.stat(target), text, what, limit)
    return target


def check_sqlite_file(path: str | os.PathLike[str], *, what: str) -> Path:
    """An existing regular file that starts like an SQLite database; anything else is refused."""
    target = check_input(path, what=what)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DoorError(f"cannot read {shown(path)} ({exc.strerror or exc}).", os.fspath(path)) from exc
    if head != SQLITE_HEADER:
        raise DoorError(f"{shown(path)} is not an Amends database (it is not an SQLite file). "
                        f"Choose {what} from the backups folder; `amends backup list` shows them.",
                        os.fspath(path))
    return target


def _existing(text: str, what: str) -> Path:
    if not text.strip():
        raise DoorError(f"no file name was given ({shown(text)}). Give the path of {what}.", text)
    target = Path(text).expanduser()
    try:
        os.stat(target)
    except FileNotFoundError as exc:
        raise DoorError(f"{shown(text)} does not exist. Check the path of {what}.", text) from exc
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise DoorError(f"the path {shown(text)} is too long for this computer; check it.",
                            text) from exc
        raise DoorError(f"cannot look at {shown(text)} ({exc.strerror or exc}). Check the path "
                        "and that you may read it.", text) from exc
    return target


def _check_regular(info: os.stat_result, text: str, what: str, limit: int | None) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise DoorError(f"{shown(text)} is {kind_of(info.st_mode)}, not a file. Give the path of "
                        f"{what}.", text)
    if limit is not None and info.st_size > limit:
        raise DoorError(_too_big(text, info.st_size, limit, what), text)


def _too_big(text: str, size: int, limit: int, what: str) -> str:
    return (f"{shown(text)} is {_size(size)}, larger than {what} can be ({_size(limit)} at most). "
            "Is it the right file?")


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:,.1f} MB"
    if count >= 1_000:
        return f"{count / 1_000:,.0f} KB"
    return f"{count} bytes"


def _check_name_length(target: Path) -> None:
    name_max, path_max = DEFAULT_NAME_MAX, DEFAULT_PATH_MAX
    folder = target.parent if target.parent.is_dir() else None
    if folder is not None and hasattr(os, "pathconf"):
        try:
            name_max = os.pathconf(folder, "PC_NAME_MAX")
            path_max = os.pathconf(folder, "PC_PATH_MAX")
        except (OSError, ValueError):
            pass
    size = len(os.fsencode(target.name))
    if size > name_max:
        raise DoorError(f"the file name {target.name[:40]}… is {size} bytes long; this disk allows "
                        f"{name_max}. Choose a shorter name.", str(target), errno.ENAMETOOLONG)
    if len(os.fsencode(str(target.absolute()))) >= path_max:
        raise DoorError(f"the path {str(target)[:60]}… is too long for this computer. Choose a "
                        "shorter name or a folder nearer the top.", str(target), errno.ENAMETOOLONG)
