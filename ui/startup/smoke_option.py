"""The `--smoke-test` flag, kept apart from the smoke test so that every start need not load it."""
from __future__ import annotations

import argparse
from collections.abc import Callable


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
            from ui.startup import smoke

            return smoke.run_smoke_test()
        return gui(args)
    return run
