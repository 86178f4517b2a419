"""The Today page with more rows than it lists: the 'more' line, true totals, and mark done refilling."""
from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from planner.incidents.model import Status
from planner.overview.today import TODAY_SECTION_LIMIT, today_view
from planner.store.db import open_data_dir
from tests.gui_helpers import show_main_window
from tests.overview.today_bulk import add_followups, add_waiting
from tests.today_data import NOW, add_incident
from ui.overview import mark_done_dialog
from ui.overview.today_models import WaitingModel
from ui.overview.today_section import TodaySection
from ui.window.main_window import MainWindow

TODAY = NOW.date()
OVERDUE = TODAY_SECTION_LIMIT + 7


def seed(data_dir: Path) -> None:
    db = open_data_dir(data_dir)
    iid = add_incident(db, "Brightwater Dental", "Invoice charged twice", status=Status.APOLOGIZED)
    add_followups(db, iid, [(TODAY - timedelta(days=90 - n), None, "Europe/London", f"overdue {n:02}")
                            for n in range(OVERDUE)])
    add_followups(db, iid, [(TODAY, time(15 + n, 0), "Europe/London", f"today {n}") for n in range(3)])
    # 56 down to 2 days old: the 53 older than three days are late, though only 50 are listed.
    add_waiting(db, [NOW - timedelta(days=56 - n) for n in range(55)])
    db.close()


def open_window(qtbot, data_dir: Path) -> MainWindow:
    def pin_clock(window: MainWindow) -> None:
        window.nav.today.clock = lambda: NOW

    window = show_main_window(qtbot, data_dir, prepare=pin_clock)
    window.nav.show_today()
    return window


def test_sections_list_the_first_rows_and_say_how_many_more(qtbot, data_dir: Path) -> None:
    seed(data_dir)
    window = open_window(qtbot, data_dir)
    today = window.nav.today
    assert today.overdue.model.rowCount() == TODAY_SECTION_LIMIT
    assert today.overdue.model.row_at(0).purpose == "overdue 00"  # the most overdue first
    assert today.overdue.count.text() == f"({OVERDUE})"
    assert today.overdue.more.isVisibleTo(window)
    assert today.overdue.more.text().startswith(f"Showing the {TODAY_SECTION_LIMIT} most overdue of {OVERDUE} — ")
    assert today.due_today.model.rowCount() == 3 and not today.due_today.more.isVisibleTo(window)
    assert today.waiting.model.rowCount() == TODAY_SECTION_LIMIT and today.waiting.count.text() == "(55)"
    assert today.waiting.more.text().startswith(f"Showing the {TODAY_SECTION_LIMIT} waiting longest of 55 — ")
    assert "filter the incident list" in today.waiting.more.text()
    assert today.summary.text() == f"{OVERDUE} follow-ups overdue · 3 due today · 55 apologies owed (53 late)"
    assert window.nav.today_button.text() == f"Today  ·  {OVERDUE + 3} due"


def test_mark_done_refills_the_section_and_keeps_the_keyboard_place(qtbot, data_dir: Path,
                                                                     monkeypatch) -> None:
    seed(data_dir)
    window = open_window(qtbot, data_dir)
    monkeypatch.setattr(mark_done_dialog, "ask_outcome", lambda parent, item: f"Called about {item.purpose}")
    today = window.nav.today
    section = today.overdue
    section.view.selectRow(0)
    assert section.action is not None
    section.action.click()
    assert section.model.rowCount() == TODAY_SECTION_LIMIT  # the next one moved up
    assert section.model.row_at(0).purpose == "overdue 01"
    assert section.model.row_at(TODAY_SECTION_LIMIT - 1).purpose == f"overdue {TODAY_SECTION_LIMIT:02}"
    assert section.count.text() == f"({OVERDUE - 1})" and f"of {OVERDUE - 1} —" in section.more.text()
    assert window.nav.today_button.text() == f"Today  ·  {OVERDUE + 2} due"
    # The change also refreshes Today a moment later: the place stays on the row that moved up.
    qtbot.waitUntil(lambda: not today._refresh_soon.isActive(), timeout=2000)
    assert section.current_row() == 0 and section.action.isEnabled()
    assert section.model.row_at(0).purpose == "overdue 01"
    qtbot.keyClick(section.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    done = window.ctx.db.execute("SELECT purpose FROM followups WHERE status = 'done' ORDER BY id").fetchall()
    assert [row[0] for row in done] == ["overdue 00", "overdue 01"]
    assert section.model.row_at(0).purpose == "overdue 02" and section.count.text() == f"({OVERDUE - 2})"
    qtbot.keyClick(section.view, Qt.Key.Key_Down)
    assert section.view.currentIndex().row() == 1


def test_a_section_keeps_the_selected_item_when_rows_come_in_above_it(qtbot, db) -> None:
    ids = add_waiting(db, [NOW - timedelta(days=9 - n) for n in range(6)])
    rows = today_view(db, NOW).waiting
    section = TodaySection("Waiting", WaitingModel(), "apology", more_text="{shown} of {total}; see the list.")
    qtbot.addWidget(section)
    section.set_rows(rows[1:4], total=5)
    assert section.more.text() == "3 of 5; see the list." and not section.more.isHidden()
    section.view.selectRow(1)
    assert section.model.row_at(1).incident_id == ids[2]
    section.set_rows(rows[:4], total=6)  # one older came in above: the selection follows its item
    assert section.current_row() == 2 and section.model.row_at(2).incident_id == ids[2]
    section.set_rows(rows[:2], total=2)  # everything listed: no 'more' line
    assert section.more.isHidden() and section.count.text() == "(2)"
    assert section.current_row() == 1  # its item left; the place stays in range
