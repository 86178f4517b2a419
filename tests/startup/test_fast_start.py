"""Start-up shows the window frame before the data file opens, then fills it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui.startup import recovery as startup
from ui.window.main_window import OPENING, MainWindow

ROOT = Path(__file__).resolve().parents[2]
# Reports, at each start-up stage, which heavy modules are loaded by then.
WATCH = """
import sys
import ui.startup.first_paint
import ui.startup.recovery
report = ui.startup.first_paint.report
def watch(stage):
    heavy = ("sqlite_utils", "planner.store.db", "ui.incidents.incident_list", "ui.window.navigation", "ui.window.workspace",
             "planner.apology.checker", "planner.playbooks", "icalendar", "PySide6.QtNetwork", "logging.handlers")
    loaded = [m for m in heavy if m in sys.modules]
    print("stage", stage, ",".join(loaded) or "-", flush=True)
    report(stage)
ui.startup.recovery.report = ui.startup.first_paint.report = watch
from ui.startup.launcher import main
sys.exit(main(sys.argv[1:]))
"""


def run_probe(code: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AMENDS_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, *code, "--data-dir", str(data_dir)], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=60)


def test_the_frame_is_on_screen_before_the_database_layer_loads(tmp_path: Path) -> None:
    result = run_probe(["-c", WATCH], tmp_path / "data")
    assert result.returncode == 0, result.stderr
    stages = [line.split() for line in result.stdout.splitlines() if line.startswith("stage")]
    assert [stage[:2] for stage in stages] == [["stage", "shown"], ["stage", "ready"]]
    assert stages[0][2] == "-"  # none of the heavy modules before the frame is painted
    assert {"sqlite_utils", "planner.store.db", "ui.incidents.incident_list", "ui.window.navigation"} <= set(stages[1][2].split(","))


def test_the_probe_reports_both_stages_in_order_and_quits(tmp_path: Path) -> None:
    result = run_probe(["-m", "ui.startup.launcher"], tmp_path / "data")
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("amends-startup")]
    assert [line[1] for line in lines] == ["shown", "ready"]
    (_, _, shown_at, shown_kib), (_, _, ready_at, ready_kib) = lines
    assert float(shown_at) < float(ready_at) and 0 < int(shown_kib) <= int(ready_kib)
    assert (tmp_path / "data" / "amends.db").exists()  # the data was really opened


def test_the_window_shows_opening_then_its_data(
    qapp, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.startup.gui

    seen: list[tuple[bool, bool, str]] = []
    menus_at_frame: list[list[str]] = []
    real_open = ui.startup.recovery.open_data

    def open_data(folder: Path):  # type: ignore[no-untyped-def]
        [frame] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.append((frame.isVisible(), frame.attached, frame.statusBar().currentMessage()))
        menus_at_frame.append([a.text() for a in frame.menuBar().actions()])
        return real_open(folder)

    monkeypatch.setattr(ui.startup.recovery, "open_data", open_data)
    def one_turn(app: QApplication) -> int:
        app.processEvents()  # the event loop's first turn
        return 0

    monkeypatch.setattr(QApplication, "exec", one_turn)
    monkeypatch.setattr(startup, "install_error_reporter", lambda folder: None)
    stages: list[str] = []
    monkeypatch.setattr(startup, "report", stages.append)
    try:
        assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        assert seen == [(True, False, OPENING)]  # visible, empty, saying what it is doing
        assert stages == ["shown"]
        assert window.attached and window.list_panel.model.rowCount() == 1  # the sample
        assert window.statusBar().currentMessage() == ""
        # The same menus, in the same places, from the first frame on: nothing shifts.
        assert menus_at_frame == [[a.text() for a in window.menuBar().actions()]] == [["&File", "&Go", "&Help"]]
        assert all(a.menu().actions() for a in window.menuBar().actions())  # and now filled
        [guard] = window.findChildren(startup.SingleInstance)
        assert guard.server is not None and guard.server.isListening()  # a second start is answered
    finally:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                for guard in widget.findChildren(startup.SingleInstance):
                    guard.release()
                widget.close()
                widget.deleteLater()


def test_closing_the_frame_before_the_data_opens_quits(qapp, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.startup.gui

    opened: list[Path] = []
    monkeypatch.setattr(ui.startup.recovery, "open_data", opened.append)
    monkeypatch.setattr(QApplication, "exec", lambda self: pytest.fail("no event loop without a window"))
    monkeypatch.setattr(startup, "install_error_reporter", lambda folder: None)
    real_paint = startup.paint_now

    def paint_then_close(window: MainWindow) -> bool:
        painted = real_paint(window)
        window.close()  # the user closes it at once
        return painted

    monkeypatch.setattr(startup, "paint_now", paint_then_close)
    assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
    assert opened == []  # the data was never opened
    again = startup.SingleInstance(data_dir)
    assert again.claim(listen=False).outcome is startup.Outcome.ACQUIRED  # and the folder is free
    again.release()
