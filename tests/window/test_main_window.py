"""The real main window, driven by qtbot: create, type, add moments, close, reopen, find it all."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui_helpers import show_main_window, type_date, typed
from ui.window.main_window import MainWindow


def open_window(qtbot, data_dir: Path) -> MainWindow:
    return show_main_window(qtbot, data_dir)


def test_title_and_sample_on_first_start(qtbot, data_dir: Path) -> None:
    window = open_window(qtbot, data_dir)
    # Qt adds "— Amends" (the display name) itself: the title never says it a second time.
    assert "Amends" not in window.windowTitle()
    assert window.windowTitle() == "Today"  # the app opens on Today
    window.nav.show_workspace()
    number = window.workspace.incident_id
    assert window.windowTitle().startswith(f"#{number} ") and "Halvorsen" in window.windowTitle()
    assert f"#{number}" in window.workspace.header.text()
    model = window.list_panel.model
    assert model.rowCount() == 1 and model.row_at(0).is_sample
    assert window.workspace.incident_id == model.row_at(0).id
    window.close()


def test_create_type_add_moments_and_find_everything_after_reopening(qtbot, data_dir: Path) -> None:
    window = open_window(qtbot, data_dir)
    sample_id = window.workspace.incident_id
    qtbot.keyClick(window.list_panel.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.workspace.pages["what"]
    new_id = window.workspace.incident_id
    assert new_id not in (None, sample_id)
    assert page.title_edit.hasFocus() and page.title_edit.selectedText() == "New incident"
    qtbot.keyClicks(page.title_edit, "Invoice charged twice")
    page.title_edit.insert(" — مرحبا 😀")  # QTest.keyClicks only types Latin-1
    page.c["company"].clear()
    qtbot.keyClicks(page.c["company"], "Brightwater Dental")
    qtbot.keyClicks(page.c["contact_name"], "Sam Okafor")
    qtbot.keyClicks(page.impact, "Their finance lead")
    qtbot.keyClick(page.impact, Qt.Key.Key_Return)
    qtbot.keyClicks(page.impact, "had to chase it")
    window.workspace.show_step("experience")
    exp = window.workspace.pages["experience"]
    for what in ("Opened the invoice", "Called us twice"):
        exp.add_button.click()
        row = len(exp.model.moments) - 1
        exp.model.setData(exp.model.index(row, 1), what)
    exp.model.setData(exp.model.index(0, 2), "Annoyed")
    qtbot.waitUntil(lambda: "Saved" in window.saved_label.text(), timeout=3000)
    window.close()

    again = open_window(qtbot, data_dir)
    again.list_panel.search.setText("brightwater")
    assert again.list_panel.model.rowCount() == 1
    again.list_panel.select(new_id)
    page = again.workspace.pages["what"]
    assert page.title_edit.text() == "Invoice charged twice — مرحبا 😀"
    assert page.c["contact_name"].text() == "Sam Okafor"
    assert page.impact.toPlainText() == "Their finance lead\nhad to chase it"
    moments = again.workspace.pages["experience"].model.moments
    assert [(m.what, m.feeling) for m in moments] == [("Opened the invoice", "Annoyed"), ("Called us twice", "")]
    again.close()


def test_search_filters_as_you_type_and_shows_an_empty_state(qtbot, data_dir: Path) -> None:
    window = open_window(qtbot, data_dir)
    panel = window.list_panel
    qtbot.keyClicks(panel.search, "halvorsen")
    assert panel.model.rowCount() == 1
    qtbot.keyClicks(panel.search, " zzz")
    assert panel.model.rowCount() == 0
    assert panel.empty.isVisibleTo(window) and "No incident matches" in panel.empty.text()
    panel.search.clear()
    assert panel.model.rowCount() == 1


def test_invalid_input_is_named_and_kept_not_saved(qtbot, data_dir: Path) -> None:
    window = open_window(qtbot, data_dir)
    window.nav.show_workspace()  # the app opens on Today
    page = window.workspace.pages["what"]
    type_date(qtbot, page.reported_at, typed(page.happened_at.value() - timedelta(days=2)))
    window.ctx.autosaver.flush()
    assert page.error.isVisibleTo(window)
    assert "They told us" in page.error.text()
    from planner.incidents.service import get_incident

    stored = get_incident(window.ctx.db, window.workspace.incident_id)
    assert stored.reported_at > stored.happened_at  # the bad value never reached the file
    window.ctx.autosaver.discard_invalid()  # closing would otherwise ask about the refused edit


def test_delete_asks_first(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, data_dir)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []

    def fake_question(*args, **kwargs):
        asked.append(args[2])
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", fake_question)
    window.list_panel.view.setFocus()
    window.delete_current()
    assert window.list_panel.model.rowCount() == 1
    window.delete_current()
    assert window.list_panel.model.rowCount() == 0
    assert len(asked) == 2 and "Undo (Ctrl+Z) brings it back" in asked[0]
    assert window.workspace.placeholder.isVisibleTo(window)


def test_moments_reorder_by_keys_and_persist(qtbot, data_dir: Path) -> None:
    window = open_window(qtbot, data_dir)
    window.workspace.show_step("experience")
    exp = window.workspace.pages["experience"]
    first, second = exp.model.moments[0].what, exp.model.moments[1].what
    exp.view.setCurrentIndex(exp.model.index(0, 1))
    exp.move_selected(+1)
    assert [m.what for m in exp.model.moments[:2]] == [second, first]
    from planner.incidents.moments import list_moments

    assert [m.what for m in list_moments(window.ctx.db, window.workspace.incident_id)[:2]] == [second, first]


def test_window_size_and_splitter_are_remembered(qtbot, data_dir: Path) -> None:
    window = open_window(qtbot, data_dir)
    window.resize(1200, 720)
    window.splitter.setSizes([420, 780])
    sizes = window.splitter.sizes()
    window.close()
    again = open_window(qtbot, data_dir)
    assert (again.width(), again.height()) == (1200, 720)
    assert again.splitter.sizes() == sizes


def test_adding_the_sample_again_offers_the_one_there(qtbot, data_dir: Path, monkeypatch) -> None:
    window = open_window(qtbot, data_dir)
    sample = window.list_panel.model.row_at(0).id
    window.new_incident()
    asked: list[str] = []

    def answer(*args, **_kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.add_sample()
    assert window.list_panel.model.rowCount() == 2  # no second copy
    assert f"#{sample}" in asked[0] and "no second copy" in asked[0]
    assert window.workspace.incident_id == sample  # opened, as offered
