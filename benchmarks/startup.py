"""Start-up time and peak memory: Amends on the sample and on 10,000 incidents vs a bare QMainWindow.

Each figure is the median of several fresh processes, measured from just before the process is
spawned to the moment its main window is exposed (and, for Amends, its list and first page are
filled). Our sources are byte-compiled first, as an installed or frozen app is. Run: `.venv/bin/python benchmarks/startup.py`.
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
RUNS = 5

BARE = """
import resource, sys
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtTest import QTest
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1280, 800); w.show()
QTest.qWaitForWindowExposed(w)
print("SHOWN", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""

AMENDS = """
import resource, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
from ui.app import open_main_window
app = QApplication(sys.argv[:1])
w = open_main_window(Path(sys.argv[1])); w.show()
QTest.qWaitForWindowExposed(w)
print("SHOWN", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def run_child(code: str, *args: str) -> tuple[float, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    # An installed app runs from compiled bytecode, as PySide6 and sqlite-utils already do here.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("SHOWN"):
            elapsed = time.perf_counter() - start
            rss_kib = int(line.split()[1])
            proc.wait()
            return elapsed, rss_kib
    raise RuntimeError(f"child exited with {proc.wait()} before showing a window")


def measure(code: str, *args: str) -> tuple[float, float]:
    results = [run_child(code, *args) for _ in range(RUNS)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results) / 1024


def generate(folder: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from planner.db import open_data_dir
    from planner.sample import add_sample_on_first_start
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
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from ui.app import open_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = open_main_window(folder)
    window.show()
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


def main() -> None:
    for package in ("planner", "ui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        sample_dir, big_dir = Path(tmp) / "sample", Path(tmp) / "big"
        generate(sample_dir, 0)
        generate(big_dir, 10_000)
        bare_t, bare_m = measure(BARE)
        amends_t, amends_m = measure(AMENDS, str(sample_dir))
        big_t, big_m = measure(AMENDS, str(big_dir))
        median_ms, worst_ms = filter_latency(big_dir)
    print(f"{'':34}{'time (s)':>10}{'ratio':>8}{'peak RSS (MiB)':>17}{'ratio':>8}")
    print(f"{'bare PySide6 QMainWindow':34}{bare_t:>10.3f}{'1.00':>8}{bare_m:>17.1f}{'1.00':>8}")
    print(f"{'Amends, sample data':34}{amends_t:>10.3f}{amends_t / bare_t:>8.2f}{amends_m:>17.1f}{amends_m / bare_m:>8.2f}"
          "   (targets <= 1.3x time, <= 1.6x memory)")
    print(f"{'Amends, 10,000 incidents':34}{big_t:>10.3f}{big_t / bare_t:>8.2f}{big_m:>17.1f}{big_m / bare_m:>8.2f}"
          "   (target <= 2x time)")
    print(f"list filter per keystroke, 10,000 incidents: median {median_ms:.1f} ms, worst {worst_ms:.1f} ms"
          "   (target <= 50 ms)")


if __name__ == "__main__":
    main()
