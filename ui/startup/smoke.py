"""`amends --smoke-test`: open the app on a throw-away data folder and use every bundled part once.

Made for checking a frozen build (PyInstaller leaves out what it cannot see imported), and
just as useful from source. Each step names what it proves; the first failure stops the run
with the step's name, and the exit status is 0 only when every step passed.
"""
from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from planner import __version__
from planner.resources import resources_root
from ui.startup.smoke_option import add_smoke_option, smoke_or

__all__ = ["SmokeFailure", "add_smoke_option", "run_smoke_test", "smoke_or"]

# Every resource folder the app reads, each of which must hold at least one file.
RESOURCE_FOLDERS = ("rules", "playbooks", "phrases", "icons", "sample")
# A lame apology that the checker must flag (conditional, deflecting, "but", blame).
LAME_APOLOGY = "We're sorry if you feel upset, but the courier lost the parcel."
WINDOW_TIMEOUT_S = 20.0


class SmokeFailure(Exception):
    """A smoke step found something wrong; the message says what."""


def need(module: str) -> ModuleType:
    """Import a module the app is built from; its absence is a broken build, said plainly."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise SmokeFailure(f"the module {module} is missing from this build ({exc}).") from exc


def process_age() -> float | None:
    """Seconds since this process started (Linux /proc), or None where that is unknown."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(fields[19]) / ticks  # field 22 of stat: start time in ticks
    except (OSError, ValueError, IndexError):
        return None


def emit(line: str, *, error: bool = False) -> None:
    """Print a report line; a windowed build may have no console at all."""
    stream = sys.stderr if error else sys.stdout
    if stream is not None:
        print(line, file=stream, flush=True)


def run_smoke_test() -> int:
    """Run every step in order, print the report, and return the exit status (0 or 1)."""
    from ui.startup.smoke_steps import SmokeRun

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


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def resources_summary() -> str:
    """Check that every resource folder is there and holds files; say how many."""
    root = resources_root()
    counts = {}
    for folder in RESOURCE_FOLDERS:
        path = root / folder
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
        if not files:
            raise SmokeFailure(f"the resource folder {path} is missing or empty.")
        counts[folder] = len(files)
    listed = ", ".join(f"{n} {name}" for name, n in counts.items())
    return f"{sum(counts.values())} files ({listed}) in {root}"


def import_every_module() -> str:
    """Import every module of planner and ui: a module the build left out fails here."""
    import pkgutil  # here: every start of the app imports this module (for --smoke-test)

    count = 0
    for package in ("planner", "ui"):
        root = need(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            need(info.name)
            count += 1
    if count < 20:
        raise SmokeFailure(f"only {count} modules were found; the build looks incomplete.")
    return f"all {count} modules of planner and ui import"
