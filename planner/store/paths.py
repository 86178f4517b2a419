"""Where Amends keeps its data: platformdirs by default, --data-dir or AMENDS_DATA_DIR to override."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from planner.errors import DataFolderError

APP_NAME = "Amends"
ENV_VAR = "AMENDS_DATA_DIR"
DB_NAME = "amends.db"
BACKUP_FOLDER = "backups"
LOCK_FILE = "amends.lock"  # held by the app (ui.startup.single_instance) while a window is open

# How to point Amends at another folder, for the shell and for a desktop shortcut alike.
ANOTHER_FOLDER = ("start Amends with --data-dir FOLDER, or set AMENDS_DATA_DIR=FOLDER where it is "
                  "started (in a desktop shortcut, say)")


def default_data_dir() -> Path:
    """The per-user data folder for this platform (e.g. ~/.local/share/Amends on Linux)."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        # The XDG rule platformdirs applies there, without its 5 ms import before the first frame.
        base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(base) / APP_NAME
    import platformdirs  # here: --data-dir and AMENDS_DATA_DIR starts need not load it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder chosen by --data-dir, else AMENDS_DATA_DIR, else the platform default."""
    if override is not None:
        if not os.fspath(override).strip():
            # An empty --data-dir must never quietly mean "the usual folder" (think of
            # `customer erase --yes` aimed at a test folder).
            raise DataFolderError(
                "The data folder name is empty. Give a folder with --data-dir, or leave the "
                "option out to use the usual data folder."
            )
        return Path(override).expanduser()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_data_dir()


def ensure_data_dir(folder: Path) -> Path:
    """Create the folder (0700) if missing and check that Amends can write there."""
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
            # mkdir's mode is filtered by the umask; the folder holds customer notes, so be sure.
            folder.chmod(0o700)
    except OSError as exc:
        raise DataFolderError(
            f"Amends could not create its data folder {folder} ({exc.strerror or exc}). "
            f"Fix the permissions, or use a folder you can write to: {ANOTHER_FOLDER}."
        ) from exc
    if not folder.is_dir():
        raise DataFolderError(
            f"{folder} is not a folder. To use another data folder, {ANOTHER_FOLDER}."
        )
    make_folder_private(folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataFolderError(
            f"Amends cannot write to its data folder {folder}. "
            f"Fix the folder's permissions, or use another folder: {ANOTHER_FOLDER}."
        )
    return folder


def database_path(folder: Path) -> Path:
    """The one SQLite file inside a data folder."""
    return folder / DB_NAME


def backups_dir(folder: Path) -> Path:
    """The folder for automatic backups, created 0700 on demand."""
    path = folder / BACKUP_FOLDER
    path.mkdir(mode=0o700, exist_ok=True)
    make_folder_private(path)
    return path


def make_folder_private(folder: Path) -> None:
    """Tighten a folder of ours that others may read (an existing 0755 one) to 0700."""
    try:
        info = folder.stat()
        if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == getattr(os, "getuid", lambda: -1)():
            folder.chmod(stat.S_IMODE(info.st_mode) & 0o700)
    except OSError:
        pass  # not ours to change: the files inside are still 0600


def prepare_private_database(path: Path) -> None:
    """Make the data file and its -wal and -shm 0600 before SQLite opens them.

    SQLite creates the -wal and -shm with the database file's own permissions, so a data file
    that is 0600 before the first open keeps its log private from the first byte (a file
    SQLite created itself would follow the umask: 0644, readable by every user).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        pass
    except OSError:
        return  # the open that follows explains what is wrong with the folder
    else:
        os.close(fd)
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists():
            make_private(file)


def make_private(path: Path) -> None:
    """Restrict a file to its owner (0600); customer notes are nobody else's business."""
    try:
        if stat.S_IMODE(path.stat().st_mode) != 0o600:
            path.chmod(0o600)
    except OSError:
        # A read-only or foreign-owned file is reported by the caller when it tries to write.
        pass
