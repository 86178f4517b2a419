"""`amends backup list|now|restore|start-empty`: the backups folder from the shell."""
from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.support import fail, open_db
from planner.store.backups import (
    MANUAL,
    BackupInfo,
    backup_problem,
    list_backups,
    newest_good_backup,
    take_backup,
)
from planner.store.doors import check_sqlite_file
from planner.store.integrity import move_aside, quick_check, running_app_pid, start_empty
from planner.store.paths import BACKUP_FOLDER, database_path, ensure_data_dir, resolve_data_dir
from planner.store.restore import restore_backup


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `amends backup` and its four actions."""
    parser = subparsers.add_parser(
        "backup", help="list, take or restore backups of the data file",
        description="Amends backs the data file up on the first open of each day and before "
        "every upgrade; these commands list, take and restore those copies.",
    )
    actions = parser.add_subparsers(dest="backup_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list the backups, newest first, flagging any that cannot be restored").set_defaults(func=run_list)
    actions.add_parser("now", help="take a backup now").set_defaults(func=run_now)
    restore = actions.add_parser(
        "restore", help="replace the data file with a backup (what is there now is backed up first)"
    )
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", type=Path, help="a backup file, or its name in backups/")
    which.add_argument("--newest", action="store_true", help="the newest backup that is intact")
    restore.add_argument("--yes", action="store_true", help="replace existing data without asking")
    restore.set_defaults(func=run_restore)
    actions.add_parser(
        "start-empty", help="after a lost or damaged data file: start again with an empty one",
    ).set_defaults(func=run_start_empty)


def _folder(args: argparse.Namespace) -> Path:
    return resolve_data_dir(getattr(args, "data_dir", None))


def describe_backup(backup: BackupInfo) -> str:
    """One line: local date and time, why it was taken, its size, its file."""
    when = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"{when}  {backup.label:<18} {backup.size / 1024:>9,.0f} KB  {backup.path}"


def run_list(args: argparse.Namespace) -> int:
    """Print every backup, newest first."""
    backups = list_backups(_folder(args))
    if not backups:
        print(f"No backups yet in {_folder(args) / BACKUP_FOLDER}.")
    for backup in backups:
        problem = backup_problem(backup.path)
        print(describe_backup(backup) + ("" if problem is None else f"\n    ⚠ NOT USABLE: {problem}"))
    return 0


def run_now(args: argparse.Namespace) -> int:
    """Take a manual backup."""
    db = open_db(args)
    try:
        backup = take_backup(db.conn, _folder(args), MANUAL)
    finally:
        db.close()
    print(f"Backed up to {backup.path}.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore a chosen or the newest intact backup, keeping a copy of the current data."""
    folder = ensure_data_dir(_folder(args))
    pid = running_app_pid(folder)
    if pid is not None:
        return fail(f"Amends (process {pid}) has {folder} open. Quit it first, or restore from its "
                    "Help > Backups window.")
    backup = _chosen(folder, args)
    if isinstance(backup, int):
        return backup
    live = database_path(folder)
    if live.exists() and live.stat().st_size > 0:
        if not args.yes:
            return fail(f"this replaces the data in {live} with the backup {backup}. Amends keeps a "
                        "copy of the current data in backups/ first. Add --yes to go ahead.")
        finding = quick_check(live)
        if finding is not None:
            moved = move_aside(live)
            print(f"The current data file is damaged ({finding}); it was moved, unchanged, to {moved}.")
    before = restore_backup(None, folder, backup)
    print(f"Restored {backup} into {live}.")
    if before is not None:
        print(f"Your data as it was before is kept in {before.path}.")
    return 0


def _chosen(folder: Path, args: argparse.Namespace) -> Path | int:
    if args.newest:
        newest = newest_good_backup(folder)
        if newest is None:
            return fail(f"there is no intact backup in {folder / BACKUP_FOLDER}.")
        return newest.path
    path: Path = args.file
    if not path.exists() and (folder / BACKUP_FOLDER / path).exists():
        path = folder / BACKUP_FOLDER / path
    # A pipe, a device, a folder or a file that is no database: refused before SQLite opens it.
    return check_sqlite_file(path, what="a backup")


def run_start_empty(args: argparse.Namespace) -> int:
    """Create an empty data file where a lost or damaged one was."""
    folder = ensure_data_dir(_folder(args))
    path = start_empty(folder)
    print(f"Started an empty data file at {path}. Earlier backups stay in {folder / BACKUP_FOLDER}.")
    return 0
