"""The `amends` entry point: the planner's command line plus the GUI as its default."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from planner.cli import main as cli

# Commands that need Qt; imported only when the command line names them (see cli.LazyCommand).
UI_COMMANDS = [
    cli.LazyCommand("brief", "write the one-page visit brief of an incident as a PDF",
                    "ui.visits.brief_command:register"),
]


def open_app(args: argparse.Namespace) -> int:
    """The default command: the GUI, whose modules a shell command never needs to import."""
    from ui.startup.gui import run_gui

    return run_gui(args)


def add_smoke_option(parser: argparse.ArgumentParser) -> None:
    """The global --smoke-test flag (a parser_hook for planner.cli.main.main)."""
    parser.add_argument(
        "--smoke-test", action="store_true", default=False,
        help="open the app on a temporary data folder, use every part once, print a report, "
             "exit 0 when all is well (checks a built app)",
    )


def smoke_or(gui: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The default command: the smoke test when --smoke-test is given, else the GUI."""
    def run(args: argparse.Namespace) -> int:
        if getattr(args, "smoke_test", False):
            from ui.startup import smoke  # only for --smoke-test

            return smoke.run_smoke_test()
        return gui(args)
    return run


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand, or open the app when none is given."""
    return cli.main(argv, default=smoke_or(open_app), extra=UI_COMMANDS,
                    parser_hook=add_smoke_option)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
