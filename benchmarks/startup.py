"""Start-up time and peak memory: the real `amends` command against a bare PySide6 QMainWindow.

Two moments are timed for Amends, from just before its process is spawned:
  window shown  the main window's frame has painted (title, menus, "Opening your data…");
  ready         the data file is open and the incident list and Today page are painted.
Amends is started as the desktop starts it, `amends` with no arguments, finding its data in
the platform's data folder (XDG_DATA_HOME points at a temporary one per data set).
The bare window is timed to its first exposure and to its first paint; the ratios compare
with its first paint, as Amends' "window shown" is its frame's first paint. Runs are interleaved, in an order that rotates
each round, so a busy moment on the machine (or the exit of the run before) hits all three
alike; each figure is a median.
Amends reports its stages itself (AMENDS_STARTUP_PROBE=1, see ui/startup/first_paint.py) and quits.
Our sources are byte-compiled first, as an installed or frozen app is.
Run: `.venv/bin/python benchmarks/startup.py [runs]` (offscreen). To time real X11 windows,
start an X server and set BENCH_QPA=xcb, e.g. `xvfb-run -a env BENCH_QPA=xcb .venv/bin/python
benchmarks/startup.py`.
"""
from __future__ import annotations

import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = os.environ.get("BENCH_QPA", "offscreen")
RUNS = 21  # start-up times on a shared 2-core machine spread by ±20 %: many runs, medians

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


def generate(folder: Path, count: int) -> None:
    """A data folder with the sample plus `count` generated incidents, one customer each."""
    sys.path.insert(0, str(ROOT))
    from planner.sample import add_sample_on_first_start
    from planner.store.db import open_data_dir
    from planner.timeutil import now_utc, to_iso

    db = open_data_dir(folder)
    add_sample_on_first_start(db)
    rng = random.Random(7)
    stamp = to_iso(now_utc())
    with db.atomic():
        for start in range(0, count, 500):
            customers = [{"company": f"Customer {i} Ltd", "contact_name": f"Contact {i}",
                          "created_at": stamp, "updated_at": stamp} for i in range(start, start + 500)]
            db["customers"].insert_all(customers)
        ids = [r[0] for r in db.execute("SELECT id FROM customers WHERE company LIKE 'Customer %'")]
        db["incidents"].insert_all(
            {"customer_id": cid, "title": f"Incident {n}: {rng.choice(['late', 'damaged', 'wrong'])} order",
             "status": rng.choice(["open", "apologized", "closed"]), "severity": rng.choice(["low", "high"]),
             "reported_at": stamp, "customer_confirmation": "ok", "created_at": stamp, "updated_at": stamp}
            for n, cid in enumerate(ids)
        )
    db.close()


def filter_latency(folder: Path) -> tuple[float, float]:
    """Median and worst time for the list to answer one keystroke (in this process)."""
    os.environ["QT_QPA_PLATFORM"] = PLATFORM
    from PySide6.QtWidgets import QApplication

    from ui.startup.gui import open_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = open_main_window(folder)
    window.show()
    app.processEvents()
    search = window.list_panel.search
    timings = []
    for text in ["c", "cu", "cus", "cust", "custo", "customer 1", "customer 12", "customer 123", "", "late",
                 "damaged", "incident 99", "zzz", ""] * 3:
        start = time.perf_counter()
        search.setText(text)
        app.processEvents()
        timings.append((time.perf_counter() - start) * 1000)
    window.close()
    return statistics.median(timings), max(timings)


def median(runs: list[Stages], stage: str, index: int) -> float:
    return statistics.median(run[stage][index] for run in runs)


def best(runs: list[Stages], stage: str) -> float:
    return min(run[stage][0] for run in runs)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    for package in ("planner", "ui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    sys.path.insert(0, str(ROOT))
    from planner.store.paths import APP_NAME

    with tempfile.TemporaryDirectory() as tmp:
        homes = {"sample": Path(tmp) / "sample", "big": Path(tmp) / "big"}
        sample_dir, big_dir = homes["sample"] / APP_NAME, homes["big"] / APP_NAME  # the default folder there
        generate(sample_dir, 0)
        generate(big_dir, 10_000)
        results: dict[str, list[Stages]] = {"bare": [], "sample": [], "big": []}
        children = {"bare": (BARE, None), "sample": (AMENDS, homes["sample"]), "big": (AMENDS, homes["big"])}
        for round_no in range(runs):
            # Rotate the order: a start right after another app's exit runs measurably slower.
            keys = list(children)
            for key in keys[round_no % 3:] + keys[:round_no % 3]:
                code, home = children[key]
                results[key].append(run_child(code, data_home=home))
        median_ms, worst_ms = filter_latency(big_dir)
    bare_t, bare_m = median(results["bare"], "shown", 0), median(results["bare"], "shown", 1)
    bare_best = best(results["bare"], "shown")
    print(f"Qt platform {PLATFORM}; medians of {runs} fresh processes each, interleaved "
          "(best: the fastest run, and its ratio)")
    print(f"{'':44}{'time (s)':>9}{'ratio':>7}{'best (s)':>10}{'ratio':>7}{'peak RSS (MiB)':>16}{'ratio':>7}")

    def row(label: str, key: str, stage: str, target: str = "") -> None:
        seconds, mib, fastest = median(results[key], stage, 0), median(results[key], stage, 1), best(results[key], stage)
        print(f"{label:44}{seconds:>9.3f}{seconds / bare_t:>7.2f}{fastest:>10.3f}{fastest / bare_best:>7.2f}"
              f"{mib:>16.1f}{mib / bare_m:>7.2f}  {target}")

    row("bare PySide6 QMainWindow, first exposed", "bare", "exposed")
    row("bare PySide6 QMainWindow, first painted", "bare", "shown", "(the baseline)")
    for key, name, target in (("sample", "sample data", "<= 1.3x time, <= 1.6x memory"),
                              ("big", "10,000 incidents", "<= 2x time")):
        row(f"Amends, {name}: window shown", key, "shown", f"(targets {target})")
        row(f"Amends, {name}: ready (list + Today)", key, "ready")
    print(f"list filter per keystroke, 10,000 incidents: median {median_ms:.1f} ms, worst {worst_ms:.1f} ms"
          "   (target <= 50 ms)")


if __name__ == "__main__":
    main()
