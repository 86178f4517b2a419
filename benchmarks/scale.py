"""How every cost grows with the file: 1,000 / 10,000 / 100,000 incidents side by side.

For each size (files from benchmarks/scale_data.py, built once and cached in the temp folder):
  start-up      window shown and ready (list + Today painted), medians of interleaved runs of the
                real `amends` beside a bare PySide6 window (see benchmarks/startup.py);
  after a crash ready when the file was not closed cleanly (the integrity check runs at open);
  Today         the page read again and painted;
  filter        the list's search field, per keystroke: how long the window is busy (the GUI
                thread), how long until the first matching rows are shown, and until all are
                (the count included);
  search        Ctrl+K, per keystroke, the same two figures;
  open incident from Today or search: the list selects it (far down the list) and the
                workspace shows it;
  export        every upcoming follow-up and visit to an .ics file (as of the day the file was
                built), the first time (every event is new) and again;
  file          its size; quick_check (what a check at open costs); the daily backup by page
                copy and by VACUUM INTO, and how long an edit made during the backup takes.
The in-window figures come from a child process per size (a fresh QApplication, offscreen),
once the checker's rules have compiled on their thread (ui/apology/warmup.py).
Run: `.venv/bin/python benchmarks/scale.py [runs] [sizes…]`, e.g. `scale.py 7 1000 10000`.
Exits 1 when a per-keystroke figure passes 50 ms or a start-up target is missed.
"""
from __future__ import annotations

import json
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

SIZES = [1_000, 10_000, 100_000]
RUNS = 9
KEYS = ["h", "ha", "hal", "halv", "halvo", "halvorsen", "halvorsen 1", "halvorsen 12", "", "w", "we",
        "wei", "weiß", "l", "la", "lat", "late", "late o", "late or", "zz", "zzz", "c", ""]
FREEZE_MS = 50.0
START_TARGETS = {1_000: 2.0, 10_000: 2.0, 100_000: 3.0}  # ready, times the bare window


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def wait(app, busy) -> None:  # type: ignore[no-untyped-def]
    while busy():
        app.processEvents()
        time.sleep(0.0005)


def keystrokes(app, field, busy, model) -> tuple[list[float], list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Per key: the GUI thread's time in setText, the time until the first rows of the answer
    are shown (the model is filled), and the time until all of it is."""
    gui, first, answer = [], [], []
    resets: list[float] = []
    model.modelReset.connect(lambda: resets.append(time.perf_counter()))
    for text in KEYS:
        resets.clear()
        start = time.perf_counter()
        field.setText(text)
        app.processEvents()
        gui.append(time.perf_counter() - start)
        wait(app, busy)
        app.processEvents()
        done = time.perf_counter()
        answer.append(done - start)
        first.append((resets[0] if resets else done) - start)
    return gui, first, answer


def measure(folder: Path) -> dict[str, float]:
    """The in-window and file figures for one data folder (run in a child process)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import sqlite3
    import threading

    from PySide6.QtWidgets import QApplication
    from scale_data import BUILT_AT

    from planner.calendar.export import export_calendar
    from planner.incidents.listing import page_ids
    from planner.store.backups import backup_connection
    from planner.store.daily import COPIERS
    from planner.store.integrity import quick_check
    from planner.store.paths import database_path
    from ui.startup.gui import open_main_window

    out: dict[str, float] = {}
    path = database_path(folder)
    out["file MiB"] = round(path.stat().st_size / 2**20, 1)
    start = time.perf_counter()
    quick_check(path)
    out["quick_check"] = ms(time.perf_counter() - start)
    writer = sqlite3.connect(path, timeout=10)
    alone = []
    for _ in range(10):
        begin = time.perf_counter()
        writer.execute("INSERT OR REPLACE INTO settings(key, value) VALUES ('bench', ?)", [str(begin)])
        writer.commit()
        alone.append(time.perf_counter() - begin)
    writer.close()
    out["edit, no backup (worst)"] = ms(max(alone))
    for name, copier in COPIERS.items():
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        target = folder / f"bench-{name}.db"
        edit_times: list[float] = []
        done = threading.Event()

        def edit_during(done: threading.Event = done, edit_times: list[float] = edit_times) -> None:
            writer = sqlite3.connect(path, timeout=10)
            while not done.is_set():
                begin = time.perf_counter()
                writer.execute("INSERT OR REPLACE INTO settings(key, value) VALUES ('bench', ?)", [str(begin)])
                writer.commit()
                edit_times.append(time.perf_counter() - begin)
                time.sleep(0.02)
            writer.close()

        editor = threading.Thread(target=edit_during)
        start = time.perf_counter()
        editor.start()
        backup_connection(source, target, copier, gently=True)  # as the daily backup does
        out[f"backup {name}"] = ms(time.perf_counter() - start)
        done.set()
        editor.join()
        source.close()
        out[f"backup {name} MiB"] = round(target.stat().st_size / 2**20, 1)
        out[f"edit during {name} (worst)"] = ms(max(edit_times)) if edit_times else 0.0
        target.unlink()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = open_main_window(folder)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    # The checker compiles its rules on a thread of its own after the window shows, sharing the
    # interpreter for a few hundred ms: measure the steady state, after it.
    from ui.apology import warmup

    deadline = time.perf_counter() + 20
    while (warmup._thread is None or warmup.warming()) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)
    today = window.nav.today
    refreshes = []
    for _ in range(5):
        start = time.perf_counter()
        today.refresh()
        app.processEvents()
        refreshes.append(time.perf_counter() - start)
    out["Today"] = ms(statistics.median(refreshes))

    panel = window.list_panel
    gui, first, answer = keystrokes(app, panel.search, panel.filtering, panel.model)
    out["filter GUI/key median"], out["filter GUI/key worst"] = ms(statistics.median(gui)), ms(max(gui))
    out["filter first rows median"], out["filter first rows worst"] = ms(statistics.median(first)), ms(max(first))
    out["filter all rows median"], out["filter all rows worst"] = ms(statistics.median(answer)), ms(max(answer))
    panel.search.clear()
    app.processEvents()

    window.nav.open_search()
    dialog = window.nav.search_dialog
    assert dialog is not None
    gui, _first, answer = keystrokes(app, dialog.query, dialog.searching, dialog.model)
    out["search GUI/key median"], out["search GUI/key worst"] = ms(statistics.median(gui)), ms(max(gui))
    out["search answer median"], out["search answer worst"] = ms(statistics.median(answer)), ms(max(answer))
    dialog.hide()

    total = panel.model.rowCount()
    opens = []
    for position in (0, total // 2, total - 1, total // 3, (total * 9) // 10):
        [incident_id] = page_ids(window.ctx.conn, position, 1)
        start = time.perf_counter()
        window.nav.open_incident(incident_id, "what")
        app.processEvents()
        opens.append(time.perf_counter() - start)
        window.nav.show_today()
        app.processEvents()
    out["open incident median"], out["open incident worst"] = ms(statistics.median(opens)), ms(max(opens))
    window.close_data()
    window.close()

    from planner.store.db import open_data_dir

    db = open_data_dir(folder)
    for label in ("export first", "export again"):
        start = time.perf_counter()
        count = export_calendar(db, folder / "bench.ics", now=BUILT_AT)
        out[label] = ms(time.perf_counter() - start)
    out["export events"] = count
    db.close()
    return out


def startup_rows(homes: dict[int, Path], runs: int) -> dict[int, dict[str, float]]:
    """Interleaved start-ups of each size beside the bare window; medians, and ratios to bare."""
    from startup import AMENDS, BARE, median, run_child

    results: dict[object, list] = {"bare": [], **{size: [] for size in homes}}  # type: ignore[type-arg]
    for size, home in homes.items():
        run_child(AMENDS, data_home=home)  # the first start (a fresh copy: checked at open)
    crashed = {}
    for size, home in homes.items():  # ready when the last session did not end cleanly
        (home / "Amends" / "integrity.txt").unlink()
        crashed[size] = run_child(AMENDS, data_home=home)["ready"][0]
    children: list[tuple[object, str, Path | None]] = [("bare", BARE, None)] + [
        (size, AMENDS, home) for size, home in homes.items()]
    for round_no in range(runs):
        turn = round_no % len(children)
        for key, code, home in children[turn:] + children[:turn]:
            results[key].append(run_child(code, data_home=home))
    bare = median(results["bare"], "shown", 0)
    rows: dict[int, dict[str, float]] = {}
    for size in homes:
        shown, ready = median(results[size], "shown", 0), median(results[size], "ready", 0)
        rows[size] = {"bare window": ms(bare), "shown": ms(shown), "ready": ms(ready),
                      "ready / bare": round(ready / bare, 2), "ready after a crash": ms(crashed[size]),
                      "memory MiB": round(median(results[size], "ready", 1), 1)}
    return rows


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2]))))
        return 0
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    sizes = [int(a) for a in sys.argv[2:]] or SIZES
    import compileall

    for package in ("planner", "ui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    table: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        homes = {}
        for size in sizes:
            # Built and copied in a child: a big parent's memory would show in every child's peak.
            home = Path(tmp) / f"home-{size}"
            code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
                    "from scale_data import data_folder; data_folder(int(sys.argv[2]), Path(sys.argv[3]))")
            for folder in (home / "Amends", Path(tmp) / f"measure-{size}"):
                subprocess.run([sys.executable, "-c", code, str(ROOT / "benchmarks"), str(size), str(folder)],
                               check=True, cwd=ROOT)
            homes[size] = home
        rows = startup_rows(homes, runs)
        for size in sizes:
            child = subprocess.run([sys.executable, __file__, "--measure", str(Path(tmp) / f"measure-{size}")],
                                   capture_output=True, text=True, env=env, cwd=ROOT, check=True)
            table[size] = {**rows[size], **json.loads(child.stdout.strip().splitlines()[-1])}
    names = list(table[sizes[0]])
    print(f"medians of {runs} interleaved start-ups per size; times in ms (offscreen, this machine)")
    print(f"{'':30}" + "".join(f"{size:>14,}" for size in sizes))
    for name in names:
        print(f"{name:30}" + "".join(f"{table[size][name]:>14,}" for size in sizes))
    missed = [f"{size:,}: {name} {table[size][name]} ms" for size in sizes for name in names
              if ("/key" in name) and table[size][name] > FREEZE_MS]
    missed += [f"{size:,}: ready {table[size]['ready / bare']}x the bare window (target {START_TARGETS[size]}x)"
               for size in sizes if size in START_TARGETS and table[size]["ready / bare"] > START_TARGETS[size]]
    for problem in missed:
        print(f"MISSED: {problem}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
