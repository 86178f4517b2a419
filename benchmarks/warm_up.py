"""The window while the checker warms up: how long the event loop stalls, and how soon the first
edit is saved, in the seconds after start-up, with the warm-up as it ships and with it at
Python's default thread switch interval (5 ms), side by side.

The checker's rules compile on a background thread after the data is painted (about two seconds
of pure Python on a laptop, ui/apology/warmup.py). Each child process starts Amends on a copy of
the sample's data folder, as `amends` does (offscreen), and from the moment the window is
interactive (the workspace and menus built, the warm-up starting) measures one of
  stall       over the next two seconds, while the rules compile: the longest gap between two
              ticks of a 5 ms timer on the GUI thread (the longest the window could not
              answer), and the 99th percentile;
  first save  an edit typed into the first incident's title at once: how long after the last
              keystroke the autosave (400 ms after typing stops) has stored it;
for the warm-up as shipped, as it was before (Python's 5 ms thread switches, the garbage
collector running while the rules compile), and with no warm-up at all.
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
WATCH_S = 2.0

CHILD = r"""
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
import ui.apology.warmup as warmup
if sys.argv[3] == "before":  # the warm-up as it was: Python's switch interval, collections on
    warmup.WARM_UP_SWITCH_INTERVAL_S = sys.getswitchinterval()
    class Collector:
        isenabled = staticmethod(lambda: False)  # so _warm_up leaves the collector alone
        disable = staticmethod(lambda: None)
    warmup.gc = Collector
if sys.argv[3] == "none":
    warmup.warm_up_later = lambda *a, **k: None
task = sys.argv[5]
from ui.startup.recovery import run_with_recovery

app = QApplication([])
ticks, result = [], {}

def tick():
    ticks.append(time.perf_counter())

def start():
    from ui.startup.session import Session
    windows = [w for w in app.topLevelWidgets() if getattr(w, "attached", False)]
    sessions = windows[0].findChildren(Session) if windows else []
    if not sessions:
        QTimer.singleShot(5, start)
        return
    sessions[0].interactive.connect(lambda: measure(windows[0]))

def measure(window):
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
    # One task a run: the stalls (with no edit, whose own work, opening the incident, is not
    # the warm-up's), or the first save (typed at once, while the warm-up runs).
    watch_ms = int(float(sys.argv[4]) * 1000)
    if task == "save":
        QTimer.singleShot(0, edit)
    QTimer.singleShot(watch_ms, stop_ticks)
    QTimer.singleShot(watch_ms + 1000, finish)

def stop_ticks():
    result["ticks"] = list(ticks)

def finish():
    ticks = result.pop("ticks")
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


def run_child(folder: Path, mode: str, task: str) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("AMENDS_STARTUP_PROBE", None)
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(folder), mode, str(WATCH_S), task], env=env,
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

    modes = ("shipped", "before", "none")
    results: dict[tuple[str, str], list[dict[str, float]]] = {
        (mode, task): [] for mode in modes for task in ("stall", "save")}
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template"
        db = open_data_dir(template)
        add_sample(db)
        db.close()
        for round_no in range(runs):
            turn = round_no % len(modes)
            for mode in modes[turn:] + modes[:turn]:
                for task in ("stall", "save"):
                    folder = Path(tmp) / f"{mode}-{task}-{round_no}"
                    shutil.copytree(template, folder)
                    results[mode, task].append(run_child(folder, mode, task))
    print(f"medians of {runs} starts each, interleaved; from the moment the window is interactive")
    print(f"{'':52}{'longest stall':>14}{'p99 gap':>9}{'first save':>12}")
    failed = False
    for mode, label in (("shipped", "warm-up as shipped"),
                        ("before", "warm-up as before (5 ms switches, collections on)"),
                        ("none", "no warm-up at all (for comparison)")):
        rows, saves = results[mode, "stall"], results[mode, "save"]
        stall = statistics.median(r["stall_ms"] for r in rows)
        p99 = statistics.median(r["p99_ms"] for r in rows)
        save = statistics.median(r.get("save_ms", float("inf")) for r in saves)
        print(f"{label:52}{stall:>11.0f} ms{p99:>6.0f} ms{save:>9.0f} ms")
        if mode == "shipped" and (stall > 50 or save > 1000):
            failed = True
    if failed:
        print("MISSED: a stall over 50 ms or a first save over a second, as shipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
