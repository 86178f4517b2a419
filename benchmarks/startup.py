"""Start-up time and peak memory: the real `amends` command against a bare PySide6 QMainWindow,
on the sample and on files of 10,000 and 100,000 incidents. Exits 1 when a target is missed.

Two moments are timed for Amends, from just before its process is spawned:
  window shown  the main window's frame has painted (title, menus, "Opening your data…");
  ready         the data file is open and the incident list and Today page have painted their
                rows and labels (AMENDS_STARTUP_PROBE waits for those widgets' own paint events);
and, for information, interactive: the rest of the window (sqlite-utils, the workspace, the
menus) built, a slice per turn of the event loop, after ready.
Amends is started as the desktop starts it, `amends` with no arguments, finding its data in
the platform's data folder (XDG_DATA_HOME points at a temporary one per data set). The big
files come from benchmarks/scale_data.py (built once, cached in the temp folder, copied here).
The bare window is timed to its first exposure and to its first paint; the ratios compare with
its first paint. Runs are interleaved, in an order that rotates each round, so a busy moment on
the shared machine (or the exit of the run before) hits every data set alike; each figure is a
median. Before the timed rounds each data set is started once (the sample: a new file; a big
file: a fresh copy, checked at open as a file Amends did not close cleanly), and after them once
more as on the next morning (the day's check and backup after ready); both on their own lines.
Our sources are byte-compiled first, as an installed or frozen app is.
Run: `.venv/bin/python benchmarks/startup.py [runs]` (offscreen). To time real X11 windows,
start an X server and set BENCH_QPA=xcb, e.g. `xvfb-run -a env BENCH_QPA=xcb .venv/bin/python
benchmarks/startup.py`.
"""
from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
PLATFORM = os.environ.get("BENCH_QPA", "offscreen")
RUNS = 21  # start-up times on a shared 2-core machine spread by ±20 %: many runs, medians

# name, incidents (0: the sample alone), ready-time target, memory target (ratios to bare)
DATA_SETS = [("sample", 0, 1.5, 1.5), ("10k", 10_000, 2.0, None), ("100k", 100_000, 3.0, None)]

# The baseline, timed the way Amends times itself: when its window is exposed, and when its
# first frame has painted (what "shown" means for both).
BARE = """
import resource, sys, time
from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow
def say(stage):
    print("amends-startup", stage, time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
class Watch(QObject):  # on the window only, as ui/startup/first_paint.py watches Amends' window
    painted = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.painted = True
            loop.quit()
        return False
app = QApplication(sys.argv[:1])
loop = QEventLoop()
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1280, 800)
watch = Watch(); w.installEventFilter(watch)
w.show()
QTest.qWaitForWindowExposed(w)
say("exposed")
if not watch.painted:
    loop.exec()
say("shown")
"""

# Exactly what the installed `amends` console script runs.
AMENDS = "import sys\nfrom ui.startup.launcher import main\nsys.exit(main())\n"

Stages = dict[str, tuple[float, float]]  # stage -> (seconds since spawn, peak RSS in MiB)


def run_child(code: str, *args: str, data_home: Path | None = None) -> Stages:
    env = dict(os.environ, QT_QPA_PLATFORM=PLATFORM, PYTHONPATH=str(ROOT), AMENDS_STARTUP_PROBE="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from compiled bytecode
    env.pop("AMENDS_DATA_DIR", None)
    if data_home is not None:
        env["XDG_DATA_HOME"] = str(data_home)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    stages: Stages = {}
    for line in proc.stdout:
        if line.startswith("amends-startup "):
            _, stage, _clock, rss_kib = line.split()
            stages[stage] = (time.perf_counter() - start, int(rss_kib) / 1024)
    if proc.wait() != 0 or "shown" not in stages:
        raise RuntimeError(f"{code!r} {args} exited with {proc.returncode} after {sorted(stages)}")
    return stages


def prepare(home: Path, incidents: int) -> None:
    """The platform data folder under home: the sample alone, or a copy of a cached big file.

    Building a file happens in a process of its own: a child started from a parent that once
    held a big file in memory reports the parent's peak as its own (ru_maxrss survives exec).
    """
    folder = home / "Amends"  # planner.store.paths.APP_NAME
    if not incidents:
        folder.mkdir(parents=True, mode=0o700)  # Amends adds the sample on its first start
        return
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
            "from scale_data import data_folder; data_folder(int(sys.argv[2]), Path(sys.argv[3]))")
    subprocess.run([sys.executable, "-c", code, str(ROOT / "benchmarks"), str(incidents), str(folder)],
                   check=True, cwd=ROOT)


def as_if_yesterday(home: Path) -> Path:
    """Make the data folder under home look as it does on the next morning: closed cleanly,
    last checked yesterday, no daily backup taken today."""
    from datetime import date, timedelta

    folder = home / "Amends"
    record = folder / "integrity.txt"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    lines = [f"checked_on {yesterday}" if line.startswith("checked_on") else line
             for line in record.read_text(encoding="utf-8").splitlines()]
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for backup in (folder / "backups").glob("*-daily.db"):
        backup.unlink()
    return home


def median(runs: list[Stages], stage: str, index: int) -> float:
    return statistics.median(run[stage][index] for run in runs)


def best(runs: list[Stages], stage: str) -> float:
    return min(run[stage][0] for run in runs)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    for package in ("planner", "ui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        homes = {name: Path(tmp) / name for name, *_ in DATA_SETS}
        for name, incidents, *_ in DATA_SETS:
            prepare(homes[name], incidents)
        first = {name: run_child(AMENDS, data_home=homes[name]) for name, *_ in DATA_SETS}
        results: dict[str, list[Stages]] = {"bare": [], **{name: [] for name, *_ in DATA_SETS}}
        children = {"bare": (BARE, None), **{name: (AMENDS, homes[name]) for name, *_ in DATA_SETS}}
        for round_no in range(runs):
            # Rotate the order: a start right after another app's exit runs measurably slower.
            keys = list(children)
            turn = round_no % len(keys)
            for key in keys[turn:] + keys[:turn]:
                code, home = children[key]
                results[key].append(run_child(code, data_home=home))
        next_day = {name: run_child(AMENDS, data_home=as_if_yesterday(homes[name])) for name, *_ in DATA_SETS}
    bare_t, bare_m = median(results["bare"], "shown", 0), median(results["bare"], "shown", 1)
    bare_best = best(results["bare"], "shown")
    print(f"Qt platform {PLATFORM}; medians of {runs} fresh processes each, interleaved "
          "(best: the fastest run, and its ratio)")
    print(f"{'':56}{'time (s)':>9}{'ratio':>7}{'best (s)':>10}{'ratio':>7}{'peak RSS (MiB)':>16}{'ratio':>7}")
    missed: list[str] = []

    def row(label: str, key: str, stage: str, target: str = "") -> tuple[float, float]:
        seconds, mib, fastest = median(results[key], stage, 0), median(results[key], stage, 1), best(results[key], stage)
        print(f"{label:56}{seconds:>9.3f}{seconds / bare_t:>7.2f}{fastest:>10.3f}{fastest / bare_best:>7.2f}"
              f"{mib:>16.1f}{mib / bare_m:>7.2f}  {target}")
        return seconds / bare_t, mib / bare_m

    row("bare PySide6 QMainWindow, first exposed", "bare", "exposed")
    row("bare PySide6 QMainWindow, first painted", "bare", "shown", "(the baseline)")
    for name, incidents, time_target, memory_target in DATA_SETS:
        label = "sample data" if not incidents else f"{incidents:,} incidents"
        row(f"Amends, {label}: window shown", name, "shown")
        goal = f"target <= {time_target}x time" + (f", <= {memory_target}x memory" if memory_target else "")
        ratio, memory = row(f"Amends, {label}: ready (list + Today painted)", name, "ready", f"({goal})")
        row(f"Amends, {label}: interactive (workspace, menus)", name, "interactive", "(for information)")
        if ratio > time_target:
            missed.append(f"{label}: ready {ratio:.2f}x the bare window (target {time_target}x)")
        if memory_target and memory > memory_target:
            missed.append(f"{label}: memory {memory:.2f}x the bare window (target {memory_target}x)")
    print("one run each: the very first start (the sample: a new file; a big file: a fresh copy, so no")
    print("clean close on record and the integrity check at open), and the first start of a day after a")
    print("clean close (the day's check and backup on a worker thread after ready):")
    for name, incidents, *_ in DATA_SETS:
        label = "sample data" if not incidents else f"{incidents:,} incidents"
        seconds, again = first[name]["ready"][0], next_day[name]["ready"][0]
        print(f"  Amends, {label}: first start {seconds:.3f} s = {seconds / bare_t:.2f}x, "
              f"first of a day {again:.3f} s = {again / bare_t:.2f}x")
    for problem in missed:
        print(f"MISSED: {problem}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
