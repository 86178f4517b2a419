"""The `amends` entry point: the planner's command line plus the GUI as its default."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand, or open the app when none is given."""
    from ui.startup.smoke_option import add_smoke_option, smoke_or

    return cli.main(argv, default=smoke_or(open_app), extra=UI_COMMANDS,
                    parser_hook=add_smoke_option)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
