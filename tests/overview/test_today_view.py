"""The Today view in the real main window, driven by qtbot: opens first, rows open incidents, mark done."""
from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from planner.incidents.model import Status
from planner.overview.today import FollowUpItem
from planner.store.db import open_data_dir
from tests.gui_helpers import show_main_window
from tests.today_data import NOW, add_followup, add_incident, add_visit
from ui.overview import mark_done_dialog
from ui.overview.mark_done_dialog import MarkDoneDialog
from ui.window.main_window import MainWindow


def seed(data_dir: Path) -> dict[str, int]:
    db = open_data_dir(data_dir)
    ids = {
        "late": add_incident(db, "Halvorsen Fitouts", "Late shelving", reported=NOW - timedelta(days=6)),
        "invoice": add_incident(db, "Brightwater Dental", "Invoice charged twice", status=Status.APOLOGIZED),
    }
    ids["overdue"] = add_followup(db, ids["invoice"], date(2026, 11, 23), time(10, 0), "send the credit note")
    ids["soon"] = add_followup(db, ids["late"], date(2026, 11, 26), None, "check the end caps")
    add_visit(db, ids["invoice"], NOW + timedelta(days=2), "Their surgery")
    db.close()
    return ids


def _pin_clock(window: MainWindow) -> None:
    window.nav.today.clock = lambda: NOW


def open_window(qtbot, data_dir: Path) -> MainWindow:
    window = show_main_window(qtbot, data_dir, prepare=_pin_clock)
    window.nav.show_today()
    return window


def test_the_app_opens_on_today(qtbot, data_dir: Path) -> None:
    ids = seed(data_dir)
    window = open_window(qtbot, data_dir)
    today = window.nav.today
    assert window.nav.showing_today() and window.nav.today_button.isChecked()
    assert today.overdue.model.rowCount() == 1 and today.overdue.isVisibleTo(window)
    assert not today.due_today.isVisibleTo(window)  # an empty section is not shown
    assert today.upcoming.model.row_at(0).id == ids["soon"]
    assert today.visits.model.rowCount() == 1
    assert [w.incident_id for w in today.waiting.model._rows] == [ids["late"]]
    assert today.waiting.model.row_at(0).late  # six days: it stands out
    assert "1 follow-up overdue" in today.summary.text() and "(1 late)" in today.summary.text()
    assert not today.empty.isVisibleTo(window)
    assert today.title.text() == "Today — Tuesday 24 November"
    assert window.nav.today_button.text() == "Today  ·  1 due"


@pytest.mark.parametrize(("section", "incident", "step"), [
    ("overdue", "invoice", "followups"), ("upcoming", "late", "followups"),
    ("visits", "invoice", "visit"), ("waiting", "late", "apology"),
])
def test_a_row_opens_its_incident_at_the_right_step(qtbot, data_dir: Path, section: str, incident: str,
                                                     step: str) -> None:
    ids = seed(data_dir)
    window = open_window(qtbot, data_dir)
    view = getattr(window.nav.today, section).view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not window.nav.showing_today()
    assert window.workspace.incident_id == ids[incident]
    assert window.list_panel.current_id() == ids[incident]
    assert window.workspace.current_step() == step


def test_double_click_opens_even_when_the_list_hides_the_incident(qtbot, data_dir: Path) -> None:
    ids = seed(data_dir)
    window = open_window(qtbot, data_dir)
    window.list_panel.search.setText("halvorsen")  # Brightwater is filtered out of the list
    view = window.nav.today.overdue.view
    rect = view.visualRect(view.model().index(0, 2))
    # QTest's double click needs the press of a click before it, as a real one has.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.nav.showing_today()  # a single click only selects
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.workspace.incident_id == ids["invoice"]
    assert window.list_panel.current_id() == ids["invoice"] and window.list_panel.search.text() == ""


def test_mark_done_with_an_outcome_right_there(qtbot, data_dir: Path, monkeypatch) -> None:
    ids = seed(data_dir)
    window = open_window(qtbot, data_dir)
    asked: list[FollowUpItem] = []
    answers = iter([None, "Credit note sent; Sam confirmed by phone."])

    def fake_ask(parent, item):
        asked.append(item)
        return next(answers)

    monkeypatch.setattr(mark_done_dialog, "ask_outcome", fake_ask)
    section = window.nav.today.overdue
    # Today focuses its first row for the keyboard without selecting it: nothing looks chosen.
    assert section.view.hasFocus() and section.view.currentIndex().row() == 0
    assert section.action is not None and not section.action.isEnabled()
    section.view.selectRow(0)
    assert section.action.isEnabled()
    section.action.click()  # cancelled: nothing changes
    assert section.model.rowCount() == 1
    section.action.click()
    assert [a.id for a in asked] == [ids["overdue"], ids["overdue"]]
    row = window.ctx.db.execute("SELECT status, outcome FROM followups WHERE id = ?", [ids["overdue"]]).fetchone()
    assert row == ("done", "Credit note sent; Sam confirmed by phone.")
    assert not section.isVisibleTo(window) and window.nav.showing_today()
    assert window.nav.today_button.text() == "Today"
    assert "Done: send the credit note" in window.statusBar().currentMessage()


def test_ctrl_d_marks_the_current_followup_done(qtbot, data_dir: Path, monkeypatch) -> None:
    ids = seed(data_dir)
    window = open_window(qtbot, data_dir)
    monkeypatch.setattr(mark_done_dialog, "ask_outcome", lambda parent, item: f"done {item.id}")
    view = window.nav.today.upcoming.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    row = window.ctx.db.execute("SELECT status, outcome FROM followups WHERE id = ?", [ids["soon"]]).fetchone()
    assert row == ("done", f"done {ids['soon']}")


def test_the_mark_done_dialog_waits_for_an_outcome(qtbot) -> None:
    item = FollowUpItem(1, 2, "Late shelving", "Halvorsen", "call", "check the caps", date(2026, 11, 24), None, False)
    dialog = MarkDoneDialog(item)
    qtbot.addWidget(dialog)
    assert not dialog.done_button.isEnabled()
    qtbot.keyClicks(dialog.outcome, "   ")
    assert not dialog.done_button.isEnabled()
    qtbot.keyClicks(dialog.outcome, "They fit.")
    assert dialog.done_button.isEnabled() and dialog.outcome_text() == "They fit."


def test_empty_state_says_nothing_needs_you(qtbot, data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    add_incident(db, status=Status.APOLOGIZED)
    db.close()
    window = open_window(qtbot, data_dir)
    today = window.nav.today
    assert today.empty.isVisibleTo(window) and "Nothing needs you today" in today.empty.text()
    assert not any(s.isVisibleTo(window) for s in today.sections)


def test_ctrl_t_comes_back_to_today_and_a_click_in_the_list_leaves_it(qtbot, data_dir: Path) -> None:
    ids = seed(data_dir)
    window = open_window(qtbot, data_dir)
    view = window.list_panel.view
    row = window.list_panel.model.row_of_key(ids["late"])
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(row, 0)).center())
    assert not window.nav.showing_today() and window.workspace.incident_id == ids["late"]
    assert window.workspace.timeline.isVisibleTo(window) and window.workspace.timeline.points
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.showing_today()
    window.refresh_list()  # a list refresh re-selects the same row: Today stays
    assert window.nav.showing_today()


def test_today_follows_changes_made_elsewhere(qtbot, data_dir: Path) -> None:
    ids = seed(data_dir)
    window = open_window(qtbot, data_dir)
    with window.ctx.db.atomic():
        window.ctx.db.execute("UPDATE followups SET status = 'done' WHERE id = ?", [ids["overdue"]])
    window.ctx.incident_changed.emit(ids["invoice"])
    qtbot.waitUntil(lambda: window.nav.today.overdue.model.rowCount() == 0, timeout=2000)


def test_today_has_one_highlighted_row_and_delete_acts_only_on_it(qtbot, data_dir: Path) -> None:
    ids = seed(data_dir)
    window = open_window(qtbot, data_dir)
    today = window.nav.today
    today.focus_first()  # at start: the keyboard is on the first table, no row drawn chosen
    window.list_panel.view.clearFocus()
    assert today.current_incident() is None  # so Delete asks the user to choose one first
    overdue, visits = today.overdue.view, today.visits.view
    overdue.setCurrentIndex(overdue.model().index(0, 1))
    assert today.current_incident() == ids["invoice"]
    visits.setCurrentIndex(visits.model().index(0, 1))  # a row chosen in another table...
    assert not overdue.selectionModel().hasSelection()  # ...is the only one highlighted
    upcoming = today.upcoming.view
    upcoming.setFocus()
    upcoming.setCurrentIndex(upcoming.model().index(0, 1))
    assert today.current_incident() == ids["late"]
    assert not visits.selectionModel().hasSelection()
