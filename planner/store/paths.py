"""Where Amends keeps its data: platformdirs by default, --data-dir or AMENDS_DATA_DIR to override."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from planner.errors import DataFolderError

APP_NAME = "Amends"
ENV_VAR = "AMENDS_DATA_DIR"
DB_NAME = "amends.db"
BACKUP_FOLDER = "backups"
LOCK_FILE = "amends.lock"  # held by the app (ui.startup.single_instance) while a window is open


def default_data_dir() -> Path:
    """The per-user data folder for this platform (e.g. ~/.local/share/Amends on Linux)."""
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
            "Choose a folder you can write to with --data-dir, or fix the permissions."
        ) from exc
    if not folder.is_dir():
        raise DataFolderError(
            f"{folder} is not a folder. Choose another data folder with --data-dir."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataFolderError(
            f"Amends cannot write to its data folder {folder}. "
            "Fix the folder's permissions or choose another one with --data-dir."
        )
    return folder


def database_path(folder: Path) -> Path:
    """The one SQLite file inside a data folder."""
    return folder / DB_NAME


def backups_dir(folder: Path) -> Path:
    """The folder for automatic backups, created 0700 on demand."""
    path = folder / BACKUP_FOLDER
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def make_private(path: Path) -> None:
    """Restrict a file to its owner (0600); customer notes are nobody else's business."""
    try:
        if stat.S_IMODE(path.stat().st_mode) != 0o600:
            path.chmod(0o600)
    except OSError:
        # A read-only or foreign-owned file is reported by the caller when it tries to write.
        pass
