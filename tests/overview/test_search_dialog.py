"""Ctrl+K search in the main window: results as you type, arrows and Enter to open, Esc to close."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from planner.store.db import open_data_dir
from tests.gui_helpers import show_main_window
from tests.today_data import add_apology, add_followup, add_incident
from ui.window.main_window import MainWindow


def seed(data_dir: Path) -> tuple[int, int]:
    db = open_data_dir(data_dir)
    first = add_incident(db, "Halvorsen Fitouts", "Crushed shelving units")
    second = add_incident(db, "Brightwater Dental", "Invoice charged twice")
    add_apology(db, second, remedy="A corrected invoice and a shelving discount")
    add_followup(db, first, date(2030, 1, 10), None, "Check the shelving holds")
    db.close()
    return first, second


def open_window(qtbot, data_dir: Path) -> MainWindow:
    return show_main_window(qtbot, data_dir)


def open_search(qtbot, window: MainWindow):
    if not window.isActiveWindow():  # offscreen has no window manager to hand focus back
        with qtbot.waitActive(window):
            window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.nav.search_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.waitUntil(dialog.query.hasFocus, timeout=2000)
    return dialog


def test_results_as_you_type_then_arrows_and_enter_open_the_incident_at_its_step(qtbot, data_dir: Path) -> None:
    first, second = seed(data_dir)
    window = open_window(qtbot, data_dir)
    dialog = open_search(qtbot, window)
    assert "Type a name" in dialog.status.text()
    qtbot.keyClicks(dialog.query, "shel")
    hits = [dialog.model.row_at(r) for r in range(dialog.model.rowCount())]
    assert [(h.incident_id, h.step) for h in hits] == [(first, "what"), (second, "apology"), (first, "followups")]
    assert dialog.view.currentIndex().row() == 0 and "3 matches" in dialog.status.text()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)  # stays on the last one
    qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
    assert dialog.view.currentIndex().row() == 1
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.workspace.incident_id == second and window.workspace.current_step() == "apology"
    assert window.list_panel.current_id() == second and not window.nav.showing_today()


def test_nothing_found_says_so_and_escape_closes(qtbot, data_dir: Path) -> None:
    seed(data_dir)
    window = open_window(qtbot, data_dir)
    dialog = open_search(qtbot, window)
    qtbot.keyClicks(dialog.query, "zebra")
    assert dialog.model.rowCount() == 0 and "Nothing matches “zebra”" in dialog.status.text()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # nothing to open: stays
    assert dialog.isVisible()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and window.nav.showing_today()


def test_a_click_opens_the_hit(qtbot, data_dir: Path) -> None:
    first, _ = seed(data_dir)
    window = open_window(qtbot, data_dir)
    dialog = open_search(qtbot, window)
    qtbot.keyClicks(dialog.query, "halv")
    rect = dialog.view.visualRect(dialog.model.index(0, 0))
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.workspace.incident_id == first and window.workspace.current_step() == "what"


def test_search_finds_what_was_just_typed_in_the_workspace(qtbot, data_dir: Path) -> None:
    first, _ = seed(data_dir)
    window = open_window(qtbot, data_dir)
    window.nav.open_incident(first, "what")
    page = window.workspace.pages["what"]
    page.title_edit.selectAll()
    qtbot.keyClicks(page.title_edit, "Wobbly gantry crane")
    dialog = open_search(qtbot, window)  # Ctrl+K saves pending edits first
    qtbot.keyClicks(dialog.query, "gantry")
    assert [(h.incident_id, h.field) for h in dialog.model._rows] == [(first, "title")]
    qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)
    dialog = open_search(qtbot, window)  # reopened with the last query selected
    assert dialog.query.selectedText() == "gantry" and dialog.model.rowCount() == 1


def test_a_big_files_search_runs_on_the_worker_and_enter_opens_the_newest_answer(
    qtbot, data_dir: Path, monkeypatch
) -> None:
    from ui import read_worker

    first, second = seed(data_dir)
    monkeypatch.setattr(read_worker, "SYNC_UP_TO", 0)  # every file counts as big
    window = open_window(qtbot, data_dir)
    dialog = open_search(qtbot, window)
    qtbot.keyClicks(dialog.query, "invoice")  # one query per key, each newer one wins
    assert dialog.searching() and dialog.model.rowCount() == 0  # typing did not wait for it
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # typed ahead of the answer
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert window.workspace.incident_id == second and window.workspace.current_step() == "what"
    dialog = open_search(qtbot, window)
    dialog.query.setText("shelving")
    qtbot.waitUntil(lambda: not dialog.searching(), timeout=5000)
    assert {h.incident_id for h in dialog.model._rows} == {first, second}
    assert "3 matches" in dialog.status.text()
