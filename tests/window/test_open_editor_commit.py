"""Text in a table or list cell still being edited is saved by Ctrl+N, switching and closing."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner.incidents.moments import list_moments
from planner.visits.service import list_visits
from tests.gui_helpers import show_main_window


def test_moment_cell_being_typed_is_stored_by_ctrl_n(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    inc = window.list_panel.model.row_at(0).id
    window.nav.open_incident(inc, "experience")
    page = window.workspace.pages["experience"]
    index = page.model.index(0, 1)  # "What happened"
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not page.view
    editor.selectAll()
    qtbot.keyClicks(editor, "They had to ring three times")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.incident_id != inc
    assert list_moments(window.ctx.db, inc)[0].what == "They had to ring three times"
    window.close()


def test_agenda_item_being_typed_is_stored_on_close(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    inc = window.list_panel.model.row_at(0).id
    window.nav.open_incident(inc, "visit")
    page = window.workspace.pages["visit"]
    page.form.agenda.add()
    qtbot.keyClicks(QApplication.focusWidget(), "Bring the logistics planner")
    window.close()
    assert [i.text for i in list_visits(window.ctx.db, inc)[0].agenda][-1] == "Bring the logistics planner"


def test_moment_cell_being_typed_is_stored_when_switching(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    inc = window.list_panel.model.row_at(0).id
    window.new_incident()
    window.nav.open_incident(inc, "experience")
    page = window.workspace.pages["experience"]
    index = page.model.index(0, 2)
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Furious")
    window.list_panel.select(window.list_panel.model.row_at(0).id if window.list_panel.model.row_at(0).id != inc
                             else window.list_panel.model.row_at(1).id)
    assert window.workspace.incident_id != inc
    assert list_moments(window.ctx.db, inc)[0].feeling == "Furious"
    window.close()
