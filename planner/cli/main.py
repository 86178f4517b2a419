"""The `amends` command line (argparse): subcommands for the shell, the GUI as the default."""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from planner import __version__
from planner.cli.support import (
    add_data_dir_option,
    check_output_option,
    fail,
    file_names_in_output,
    open_db,
)
from planner.errors import AmendsError

Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]
Default = Callable[[argparse.Namespace], int]


class LazyCommand(NamedTuple):
    """A subcommand whose module is imported only when the command line names it.

    Opening the app (no subcommand) then costs no imports of command modules; `amends --help`
    still lists the command through a placeholder with the same name and help.
    """

    name: str
    help: str  # must match the help its register() gives (tests/cli/test_lazy.py checks)
    target: str  # "package.module:register"

    def load(self) -> Registrar:
        """Import the command's module and return its register function."""
        module, _, attribute = self.target.partition(":")
        registrar: Registrar = getattr(importlib.import_module(module), attribute)
        return registrar


# A plain registrar is always loaded (it may add any name); a LazyCommand only when named.
Command = Registrar | LazyCommand


def _register_sample(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("sample", help="add the sample incident to the data file")
    parser.set_defaults(func=_run_sample)


def _run_sample(args: argparse.Namespace) -> int:
    from planner.sample import add_sample

    db = open_db(args)
    try:
        incident_id = add_sample(db)
    finally:
        db.close()
    print(f"Added the sample incident (id {incident_id}).")
    return 0


def planner_registrars() -> list[Command]:
    """The subcommands that need no display, in the order `amends --help` lists them.

    Add a new command as a LazyCommand, so that opening the app does not import it.
    """
    return [
        _register_sample,
        LazyCommand("agenda", "list overdue, today's and coming follow-ups and visits",
                    "planner.cli.agenda:register"),
        LazyCommand("export-ics",
                    "write follow-ups and visits to an .ics file that any calendar imports",
                    "planner.cli.export_ics:register"),
        LazyCommand("calendar",
                    "connect a CalDAV calendar and sync follow-ups and visits with it",
                    "planner.cli.calendar:register"),
        LazyCommand("backup", "list, take or restore backups of the data file",
                    "planner.cli.backup:register"),
        LazyCommand("customer", "list customers, export or erase everything about one",
                    "planner.cli.customer:register"),
        LazyCommand("playbook", "list, export and import recovery playbooks",
                    "planner.cli.playbook:register"),
        LazyCommand("lint", "check an apology text for weak spots", "planner.cli.lint:register"),
    ]


def _add_command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Command,
    names: frozenset[str] | None,
) -> None:
    """Register `command` for real, or as a help-only placeholder when argv cannot reach it."""
    if not isinstance(command, LazyCommand):
        command(subparsers)
    elif names is None or command.name in names:
        command.load()(subparsers)
    else:
        # argparse picks a subcommand only by an argv token equal to its name (no prefixes),
        # so a command whose name is not in argv is never run: its name and help suffice.
        subparsers.add_parser(command.name, help=command.help)


def build_parser(
    extra: Sequence[Command] = (), argv: Sequence[str] | None = None
) -> argparse.ArgumentParser:
    """The parser: global options, then every subcommand.

    Without argv every subcommand is loaded. With argv only the lazy ones it names are; the
    others are placeholders, enough for `amends --help` and for parsing that same argv.
    """
    parser = argparse.ArgumentParser(
        prog="amends",
        description="Plan a sincere apology to a customer, and keep the promises that come with it.",
    )
    parser.add_argument("--version", action="version", version=f"Amends {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = None if argv is None else frozenset(argv)
    if argv is None or names_a_command(argv):
        for command in [*planner_registrars(), *extra]:
            _add_command(subparsers, command, names)
    add_data_dir_option(parser)
    return parser


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether argv can select a subcommand or ask for help (else: options for the app only).

    Opening the app then skips building a parser per subcommand (a few milliseconds of start-up).
    Any other word, even a misspelt command, builds them all, so argparse names the choices.
    """
    tokens = iter(argv)
    for token in tokens:
        if token == "--data-dir":
            next(tokens, None)  # its value, whatever it looks like
        elif token in ("-h", "--help") or not token.startswith("-") or token == "--":
            return True
    return False


def main(
    argv: Sequence[str] | None = None,
    *,
    extra: Sequence[Command] = (),
    default: Default | None = None,
    parser_hook: Callable[[argparse.ArgumentParser], None] | None = None,
) -> int:
    """Run one command; `default` runs when no subcommand is given (the GUI launcher's)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    file_names_in_output()
    if not argv and default is not None:
        # A plain `amends` (how the desktop starts it) has nothing to parse: argparse's first
        # use costs start-up a few milliseconds, and every option has its default anyway.
        return _run(default, argparse.Namespace(command=None))
    parser = build_parser(extra, argv)
    if parser_hook is not None:
        parser_hook(parser)
    args = parser.parse_args(argv)
    func: Default | None = getattr(args, "func", None) or default
    if func is None:
        parser.print_help()
        return 2
    return _run(func, args)


def _run(func: Default, args: argparse.Namespace) -> int:
    """Run a command; errors the user can act on become one line and an exit status."""
    try:
        check_output_option(args)  # every -o is checked before a command reads or writes
        return func(args)
    except AmendsError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # sqlite3 is imported only now: the GUI's first frame is painted before it is needed.
        import sqlite3

        if not isinstance(exc, (sqlite3.Error, OSError)):
            raise
        # Full disk, read-only or locked file, missing folder: say which path and what to do.
        from planner.store.environment import describe
        from planner.store.paths import database_path, resolve_data_dir

        path = database_path(resolve_data_dir(getattr(args, "data_dir", None)))
        if isinstance(exc, OSError):
            path = Path(exc.filename) if exc.filename else path.parent
        return fail(describe(exc, path))


if __name__ == "__main__":  # pragma: no cover - `python -m planner.cli.main`
    sys.exit(main())
