"""The window while the checker warms up: how long the event loop stalls, and how soon the first
edit is saved, in the seconds after start-up, with the warm-up as it ships and with it at
Python's default thread switch interval (5 ms), side by side.

The checker's rules compile on a background thread after the data is painted (about two seconds
of pure Python on a laptop, ui/apology/warmup.py). Each child process starts Amends on a copy of
the sample's data folder, as `amends` does (offscreen), then for three seconds after the list and
Today are on screen:
  stall       the longest gap between two ticks of a 5 ms timer on the GUI thread (the longest
              the window could not answer), and the 99th percentile;
  first save  an edit typed into the first incident's title as soon as the workspace is up: how
              long after the last keystroke the autosave (400 ms after typing stops) has stored it.
Run: `.venv/bin/python benchmarks/warm_up.py [runs]`. Exits 1 when a stall passes 50 ms or the
first save takes over a second, as shipped.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
WATCH_S = 3.0

CHILD = r"""
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
import ui.apology.warmup as warmup
if sys.argv[3] == "default":
    warmup.WARM_UP_SWITCH_INTERVAL_S = sys.getswitchinterval()
from ui.startup.recovery import run_with_recovery

app = QApplication([])
ticks, result = [], {}

def tick():
    ticks.append(time.perf_counter())

def start():
    windows = [w for w in app.topLevelWidgets() if getattr(w, "attached", False)]
    if not windows:
        QTimer.singleShot(5, start)
        return
    window = windows[0]
    timer = QTimer(window, interval=5)
    timer.timeout.connect(tick)
    timer.start()
    tick()
    def saved(*_):
        result.setdefault("save_ms", (time.perf_counter() - result["typed"]) * 1000)
    window.ctx.autosaver.saved.connect(saved)
    def edit():
        window.list_panel.select(window.list_panel.model.row_at(0).id)
        window.nav.show_workspace()
        field = window.workspace.pages["what"].title_edit
        field.setFocus()
        field.end(False)
        QTest.keyClicks(field, " (edited)")
        result["typed"] = time.perf_counter()
    QTimer.singleShot(0, edit)
    QTimer.singleShot(int(float(sys.argv[4]) * 1000), finish)

def finish():
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]
    gaps.sort()
    result["stall_ms"] = gaps[-1]
    result["p99_ms"] = gaps[int(len(gaps) * 0.99)]
    result.pop("typed", None)
    print("RESULT " + json.dumps(result), flush=True)
    app.closeAllWindows()
    app.quit()

QTimer.singleShot(0, start)
run_with_recovery(app, Path(sys.argv[2]))
"""


def run_child(folder: Path, mode: str) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("AMENDS_STARTUP_PROBE", None)
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(folder), mode, str(WATCH_S)], env=env,
                         capture_output=True, text=True, timeout=60, check=False).stdout
    line = next((line for line in out.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"the {mode} child reported nothing")
    return dict(json.loads(line[len("RESULT "):]))


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    sys.path.insert(0, str(ROOT))
    from planner.sample import add_sample
    from planner.store.db import open_data_dir

    results: dict[str, list[dict[str, float]]] = {"shipped": [], "default": []}
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template"
        db = open_data_dir(template)
        add_sample(db)
        db.close()
        for round_no in range(runs):
            for mode in ("shipped", "default") if round_no % 2 else ("default", "shipped"):
                folder = Path(tmp) / f"{mode}-{round_no}"
                shutil.copytree(template, folder)
                results[mode].append(run_child(folder, mode))
    print(f"medians of {runs} starts each, interleaved; the {WATCH_S:.0f} s after the data is painted")
    print(f"{'':44}{'longest stall':>14}{'p99 gap':>9}{'first save':>12}")
    failed = False
    for mode, label in (("shipped", "warm-up as shipped (0.2 ms switch interval)"),
                        ("default", "warm-up at Python's default 5 ms")):
        rows = results[mode]
        stall = statistics.median(r["stall_ms"] for r in rows)
        p99 = statistics.median(r["p99_ms"] for r in rows)
        save = statistics.median(r.get("save_ms", float("inf")) for r in rows)
        print(f"{label:44}{stall:>11.0f} ms{p99:>6.0f} ms{save:>9.0f} ms")
        if mode == "shipped" and (stall > 50 or save > 1000):
            failed = True
    if failed:
        print("MISSED: a stall over 50 ms or a first save over a second, as shipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
