"""`amends --smoke-test`: open the app on a throw-away data folder and use every bundled part once.

Made for checking a frozen build (PyInstaller leaves out what it cannot see imported), and
just as useful from source. Each step names what it proves; the first failure stops the run
with the step's name, and the exit status is 0 only when every step passed.
"""
from __future__ import annotations

import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from planner import __version__
from ui.startup.smoke_steps import SmokeFailure, SmokeRun


def emit(line: str, *, error: bool = False) -> None:
    """Print a report line; a windowed build may have no console at all."""
    stream = sys.stderr if error else sys.stdout
    if stream is not None:
        print(line, file=stream, flush=True)


def run_smoke_test() -> int:
    """Run every step in order, print the report, and return the exit status (0 or 1)."""
    started = time.perf_counter()
    frozen = "frozen build" if getattr(sys, "frozen", False) else "from source"
    with tempfile.TemporaryDirectory(prefix="amends-smoke-") as folder:
        run = SmokeRun(Path(folder) / "data", Path(folder))
        emit(f"Amends {__version__} smoke test ({frozen}, {run.prepare_display()})")
        failed = _run_steps(run)
        run.cleanup()
    for message in run.qt_messages:
        emit(f"  note  Qt said: {message}")
    if failed:
        return 1
    emit(f"Smoke test passed in {time.perf_counter() - started:.2f} s.")
    return 0


def _run_steps(run: Any) -> bool:
    """True when a step failed (after reporting it)."""
    for name, step in run.steps():
        try:
            detail = step()
        except Exception as exc:  # noqa: BLE001 - a smoke test reports every failure by step
            where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            place = f" [{Path(where.filename).name}:{where.lineno}]" if where else ""
            message = str(exc) if isinstance(exc, SmokeFailure) else f"{type(exc).__name__}: {exc}"
            emit(f"  FAIL  {name:<12} {message}{place}")
            emit(f"amends: the smoke test failed at step '{name}': {message}", error=True)
            return True
        emit(f"  ok    {name:<12} {detail}")
    return False
