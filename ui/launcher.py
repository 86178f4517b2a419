"""The `amends` entry point: the planner's command line plus the GUI as its default."""
from __future__ import annotations

import sys
from collections.abc import Sequence

from planner import cli


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand, or open the app when none is given."""
    from ui import brief_command
    from ui.app import run_gui
    from ui.smoke import add_smoke_option, smoke_or

    return cli.main(argv, default=smoke_or(run_gui), extra=[brief_command.register],
                    parser_hook=add_smoke_option)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
