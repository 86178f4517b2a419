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
    heavy = ("sqlite_utils", "planner.store.db", "planner.store.backups", "planner.store.daily",
             "ui.incidents.incident_list", "ui.window.navigation", "ui.window.workspace", "ui.window.menus",
             "ui.followups.calendar_export", "planner.apology.checker", "planner.playbooks", "icalendar",
             "PySide6.QtNetwork", "logging.handlers", "dataclasses", "planner.sample")
    loaded = [m for m in heavy if m in sys.modules]
    print("stage", stage, ",".join(loaded) or "-", flush=True)
    report(stage)
ui.startup.recovery.report = ui.startup.first_paint.report = watch
from ui.startup.launcher import main
sys.exit(main(sys.argv[1:]))
"""
# What may load between the frame and the data's first paint (the rest waits until after it).
# Not dataclasses: the module and a dataclass of its own cost the data's first paint 2 ms.
BY_READY = {"planner.store.db", "ui.incidents.incident_list", "ui.window.navigation"}
AFTER_READY = {"sqlite_utils", "ui.window.workspace", "ui.window.menus", "planner.store.daily",
               "PySide6.QtNetwork"}


def run_probe(code: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AMENDS_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, *code, "--data-dir", str(data_dir)], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=60)


def stage_lines(stdout: str) -> dict[str, set[str]]:
    lines = [line.split() for line in stdout.splitlines() if line.startswith("stage")]
    return {line[1]: set() if line[2] == "-" else set(line[2].split(",")) for line in lines}


def test_the_frame_is_on_screen_before_the_database_layer_loads(tmp_path: Path) -> None:
    # The second start is the ordinary one: the sample exists, the file was closed cleanly.
    for _first_then_ordinary in range(2):
        result = run_probe(["-c", WATCH], tmp_path / "data")
        assert result.returncode == 0, result.stderr
    stages = stage_lines(result.stdout)
    assert list(stages) == ["shown", "ready", "interactive"]
    assert stages["shown"] == set()  # none of the heavy modules before the frame is painted
    # The data is painted from plain sqlite3: sqlite-utils, the workspace and menus load after.
    assert stages["ready"] <= BY_READY and "ui.incidents.incident_list" in stages["ready"]
    assert AFTER_READY <= stages["interactive"]


def test_the_probe_reports_each_stage_in_order_and_quits(tmp_path: Path) -> None:
    result = run_probe(["-m", "ui.startup.launcher"], tmp_path / "data")
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("amends-startup")]
    assert [line[1] for line in lines] == ["shown", "ready", "interactive"]
    times = [float(line[2]) for line in lines]
    peaks = [int(line[3]) for line in lines]
    assert times == sorted(times) and 0 < peaks[0] <= peaks[1] <= peaks[2]
    assert (tmp_path / "data" / "amends.db").exists()  # the data was really opened


def test_the_window_shows_opening_then_its_data(
    qapp, qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.startup.gui

    seen: list[tuple[bool, bool, str]] = []
    menus_at_frame: list[list[str]] = []
    at_ready: list[tuple[int, bool, bool]] = []
    icon_sizes: list[int] = []
    real_open = ui.startup.recovery.open_data

    def open_data(folder: Path):  # type: ignore[no-untyped-def]
        [frame] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.append((frame.isVisible(), frame.attached, frame.statusBar().currentMessage()))
        menus_at_frame.append([a.text() for a in frame.menuBar().actions()])
        return real_open(folder)

    def the_window() -> MainWindow:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        return window

    def run_until_finished(app: QApplication) -> int:
        window = the_window()
        qtbot.waitUntil(lambda: all(a.menu().actions() for a in window.menuBar().actions()), timeout=5000)
        [guard] = window.findChildren(startup.SingleInstance)
        qtbot.waitUntil(lambda: guard.server is not None and guard.server.isListening(), timeout=5000)
        qtbot.waitUntil(lambda: largest_icon() == 512, timeout=5000)
        return 0

    def largest_icon() -> int:
        return max((s.width() for s in QApplication.instance().windowIcon().availableSizes()), default=0)

    def watch_ready(stage: str) -> None:
        stages.append(stage)
        if stage == "ready":
            window = the_window()
            at_ready.append((window.list_panel.model.rowCount(), window._workspace is None,
                             window.ctx._db is None))
            icon_sizes.append(largest_icon())

    monkeypatch.setattr(ui.startup.recovery, "open_data", open_data)
    monkeypatch.setattr(QApplication, "exec", run_until_finished)
    from PySide6.QtGui import QIcon

    from ui.branding import brand_application

    QApplication.instance().setWindowIcon(QIcon())  # as a new process has (another test set it)
    brand_application(QApplication.instance())  # as run_gui does before the frame
    monkeypatch.setattr(startup, "install_error_reporter", lambda folder: None)
    stages: list[str] = []
    monkeypatch.setattr(startup, "report", watch_ready)
    monkeypatch.setattr(ui.startup.first_paint, "report", watch_ready)
    try:
        assert startup.run_with_recovery(QApplication.instance(), data_dir) == 0
        window = the_window()
        assert seen == [(True, False, OPENING)]  # visible, empty, saying what it is doing
        assert stages == ["shown", "ready"]
        # Painted with the sample listed, before the workspace and sqlite-utils' Database exist.
        assert at_ready == [(1, True, True)]
        assert window.statusBar().currentMessage() == ""
        # The same menus, in the same places, from the first frame on: nothing shifts.
        assert menus_at_frame == [[a.text() for a in window.menuBar().actions()]] == [["&File", "&Edit", "&Go", "&Help"]]
        assert all(a.menu().actions() for a in window.menuBar().actions())  # and now filled
        # The frame and the data are shown before the icon is set up, then it comes whole.
        assert icon_sizes == [0] and largest_icon() == 512
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


@pytest.mark.parametrize("xdg", [None, "", "   ", "/srv/share"])
def test_the_default_data_folder_is_the_one_platformdirs_names(xdg: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    # Start-up finds it without importing platformdirs (5 ms) where the XDG rule applies.
    import platformdirs

    from planner.store.paths import APP_NAME, default_data_dir

    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert default_data_dir() == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
