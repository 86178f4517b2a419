"""The `amends playbook list|export|import` shell commands."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.playbooks.db_store import DbPlaybookStore
from planner.playbooks.library import (
    ClashMode,
    NameClashError,
    PlaybookStore,
    all_playbooks,
    name_key,
    plan_import,
)
from planner.playbooks.model import MAX_FILE_BYTES, Playbook, PlaybookImportError
from planner.playbooks.toml_format import dump_playbook, parse_playbook
from planner.store.atomic import ExportError, atomic_write_bytes
from planner.store.doors import DoorError, read_input


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `playbook` and its own sub-commands to the main parser's sub-commands."""
    parser = subparsers.add_parser(
        "playbook", help="list, export and import recovery playbooks",
        description="Share recovery playbooks as TOML files.",
    )
    actions = parser.add_subparsers(dest="playbook_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="one playbook a line: name, key, origin, failure type")
    export = actions.add_parser("export", help="write one playbook to a file")
    export.add_argument("name", metavar="NAME", help="the playbook's name (or key)")
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="'-' for stdout")
    load = actions.add_parser("import", help="add a playbook from a file, checking it first")
    load.add_argument("file", metavar="FILE", help="a playbook .toml file ('-' for stdin)")
    clash = load.add_mutually_exclusive_group()
    clash.add_argument(
        "--replace", dest="clash", action="store_const", const="replace",
        help="if a playbook of yours has the same name, replace it",
    )
    clash.add_argument(
        "--keep-both", dest="clash", action="store_const", const="keep-both",
        help='if the name is taken, import it as "Name (2)"',
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, store: PlaybookStore | None = None) -> int:
    """Carry out `amends playbook ...`; returns the exit status (0 done, 1 refused).

    Without ``store`` the user's playbooks come from the data folder ``args`` chose.
    """
    if store is not None:
        return _run(args, store)
    opened = _open_store(args)
    try:
        return _run(args, opened)
    finally:
        opened.db.close()


def _run(args: argparse.Namespace, store: PlaybookStore) -> int:
    action = args.playbook_action
    if action == "list":
        for playbook in all_playbooks(store):
            print(playbook.summary())
        for unreadable in getattr(store, "unreadable", ()):
            print(f"amends: {unreadable.message()}", file=sys.stderr)
        return 0
    if action == "export":
        return _export(all_playbooks(store), args.name, args.output)
    return _import(store, args.file, args.clash)


def _open_store(args: argparse.Namespace) -> DbPlaybookStore:
    """The user's playbooks in the database of the data folder ``args`` chose."""
    from planner.cli.support import open_db  # the database layer only when a command runs

    return DbPlaybookStore(open_db(args))


def _export(library: list[Playbook], wanted: str, output: str) -> int:
    matches = [p for p in library if name_key(p.name) == name_key(wanted) or p.key == wanted]
    if not matches:
        return fail(f'no playbook is named "{wanted}"; "amends playbook list" shows the names.')
    data = dump_playbook(matches[0])
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        atomic_write_bytes(Path(output), data)
    except ExportError as error:
        return fail(f"could not write the playbook: {error}")
    print(f'Exported "{matches[0].name}" to {output}')
    return 0


def _import(store: PlaybookStore, file: str, mode: ClashMode | None) -> int:
    try:
        data = _read_limited(file)
    except DoorError as error:
        return fail(f"{error} Nothing was imported.")
    except OSError as error:
        return fail(f"could not read {file}: {error.strerror or error}. Check the path.")
    try:
        incoming = parse_playbook(data, file)
    except PlaybookImportError as error:
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return fail(f"refused {file}: nothing was imported. Fix the problems above and try again.")
    try:
        plan = plan_import(all_playbooks(store), incoming, mode)
    except NameClashError as clash:
        how = "--keep-both" if clash.builtin else "--replace or --keep-both"
        reason = " (built-in playbooks cannot be replaced)" if clash.builtin else ""
        taken = f'a playbook named "{clash.name}" already exists{reason}'
        return fail(f"{taken}. Run the import again with {how}.")
    store.save(plan.playbook)
    note = "" if plan.playbook.name == incoming.name else f' as "{plan.playbook.name}"'
    if plan.replaces is not None:
        note += f' replacing the earlier "{plan.replaces.name}"'
    print(f'Imported "{incoming.name}"{note} from {file}')
    return 0


def _read_limited(file: str) -> bytes:
    # Read one byte past the limit: enough for the parser to refuse a huge file by its size.
    if file == "-":
        return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    # A named pipe, device or folder is refused before reading; so is a file over the limit.
    return read_input(file, limit=MAX_FILE_BYTES, what="a playbook file (.toml)")


def fail(message: str) -> int:
    # Same shape as planner.cli.support.fail; that module opens databases, this one need not.
    print(f"amends: {message}", file=sys.stderr)
    return 1
