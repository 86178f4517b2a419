"""The `amends` command line (argparse): subcommands for the shell, the GUI as the default."""
from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from planner import __version__
from planner.cli_support import add_data_dir_option, fail, open_db
from planner.errors import AmendsError

Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]
Default = Callable[[argparse.Namespace], int]


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


def planner_registrars() -> list[Registrar]:
    """The subcommands that need no display, in the order `amends --help` lists them."""
    from planner import agenda_command

    registrars: list[Registrar] = [_register_sample, agenda_command.register]
    from planner import calendar_command
    registrars.append(calendar_command.register)
    from planner import backup_command, customer_command
    registrars += [backup_command.register, customer_command.register]
    from planner.playbooks import command as playbook_command
    registrars.append(playbook_command.register)
    from planner.lint import command as lint_command
    registrars.append(lint_command.register)
    return registrars


def build_parser(extra: Sequence[Registrar] = ()) -> argparse.ArgumentParser:
    """The full parser: global options, then every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="amends",
        description="Plan a sincere apology to a customer, and keep the promises that come with it.",
    )
    parser.add_argument("--version", action="version", version=f"Amends {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in [*planner_registrars(), *extra]:
        register(subparsers)
    add_data_dir_option(parser)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    extra: Sequence[Registrar] = (),
    default: Default | None = None,
    parser_hook: Callable[[argparse.ArgumentParser], None] | None = None,
) -> int:
    """Run one command; `default` runs when no subcommand is given (the GUI launcher's)."""
    parser = build_parser(extra)
    if parser_hook is not None:
        parser_hook(parser)
    args = parser.parse_args(argv)
    func: Default | None = getattr(args, "func", None) or default
    if func is None:
        parser.print_help()
        return 2
    try:
        return func(args)
    except AmendsError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (sqlite3.Error, OSError) as exc:
        # Full disk, read-only or locked file, missing folder: say which path and what to do.
        from planner.environment import describe
        from planner.paths import database_path, resolve_data_dir

        path = database_path(resolve_data_dir(getattr(args, "data_dir", None)))
        if isinstance(exc, OSError):
            path = Path(exc.filename) if exc.filename else path.parent
        return fail(describe(exc, path))


if __name__ == "__main__":  # pragma: no cover - `python -m planner.cli`
    sys.exit(main())
