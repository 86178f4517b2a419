"""The Visit step and rehearsal mode, driven like a user would: type, reorder, save, rehearse."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from planner.apology.service import get_apology
from planner.incidents.service import get_incident
from planner.visits.brief import gather_brief
from planner.visits.cue_cards import NOT_WRITTEN_CUE, cue_cards
from planner.visits.model import VisitStatus
from planner.visits.service import get_visit, list_visits
from tests.gui_helpers import show_main_window, type_date, typed
from ui.visits.page import VisitPage
from ui.visits.rehearsal import RehearsalWindow
from ui.window.main_window import MainWindow


def open_visit_step(qtbot, data_dir: Path) -> tuple[MainWindow, VisitPage]:
    window = show_main_window(qtbot, data_dir)
    incident_id = window.list_panel.model.row_at(0).id
    nav = getattr(window, "nav", None)  # the window opens on Today where there is one
    if nav is not None:
        nav.open_incident(incident_id, "visit")
    else:
        window.list_panel.select(incident_id)
        window.workspace.show_step("visit")
    page = window.workspace.pages["visit"]
    assert isinstance(page, VisitPage)
    return window, page


def test_the_sample_visit_is_shown_and_edits_are_saved(qtbot, data_dir: Path) -> None:
    window, page = open_visit_step(qtbot, data_dir)
    assert page.visit is not None and page.selector.count() == 1
    assert page.form.people.people()[0].name == "Priya Nair"
    assert page.form.agenda.texts()[0].startswith("Say sorry")
    page.form.room.clear()
    qtbot.keyClicks(page.form.room, "Meeting room 2")
    page.form.bring.view.item(0).setCheckState(Qt.CheckState.Checked)
    window.ctx.autosaver.flush()
    stored = get_visit(window.ctx.db, page.visit.id)
    assert stored.room == "Meeting room 2" and stored.bring[0].done
    assert not page.error.isVisibleTo(page)


def test_several_visits_can_be_added_chosen_and_deleted(qtbot, data_dir: Path, monkeypatch) -> None:
    window, page = open_visit_step(qtbot, data_dir)
    incident_id = window.workspace.incident_id
    first_id = page.visit.id
    page.add_button.click()
    assert page.selector.count() == 2 and page.visit.id != first_id
    assert page.form.place.toPlainText().startswith("Unit 4, Canal Works")  # the customer's address
    type_date(qtbot, page.form.when, typed(page.form.when.value() + timedelta(days=7)))
    window.ctx.autosaver.flush()
    assert len(list_visits(window.ctx.db, incident_id)) == 2
    page.selector.setCurrentIndex(page.selector.findData(first_id))
    assert page.visit.id == first_id and page.form.room.text() == "Dana's office, first floor"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_current()
    assert [v.id for v in list_visits(window.ctx.db, incident_id)] != [first_id]
    assert page.selector.count() == 1


def test_invalid_duration_and_past_start_are_named_and_not_saved(qtbot, data_dir: Path) -> None:
    window, page = open_visit_step(qtbot, data_dir)
    visit_id = page.visit.id
    page.form.duration.setValue(0)
    window.ctx.autosaver.flush()
    assert page.error.isVisibleTo(page) and page.error.text().startswith("Not saved — Duration")
    assert get_visit(window.ctx.db, visit_id).duration_min == 45
    page.form.duration.setValue(60)
    type_date(qtbot, page.form.when, "3 days ago 10:00")
    window.ctx.autosaver.flush()
    assert "Date and start" in page.error.text() and "done" in page.error.text()
    page.form.status.setCurrentIndex(page.form.status.findData(VisitStatus.DONE.value))
    window.ctx.autosaver.flush()
    assert not page.error.isVisibleTo(page)
    assert page.form.outcome_said.isEnabled()  # a done visit gets its outcome
    assert get_visit(window.ctx.db, visit_id).status == VisitStatus.DONE


def test_a_late_visit_shows_a_warning_inline(qtbot, data_dir: Path) -> None:
    window, page = open_visit_step(qtbot, data_dir)
    reported = get_incident(window.ctx.db, window.workspace.incident_id).reported_at
    late = (reported + timedelta(days=8)).astimezone()
    type_date(qtbot, page.form.when, f"{late:%Y-%m-%d} 10:00")
    assert page.warnings.isVisibleTo(page) and "late apology" in page.warnings.text()
    window.ctx.autosaver.flush()
    assert not page.error.isVisibleTo(page)  # a warning, not a refusal


def test_agenda_reorders_by_keys_and_persists(qtbot, data_dir: Path) -> None:
    window, page = open_visit_step(qtbot, data_dir)
    first, second = page.form.agenda.texts()[:2]
    page.form.agenda.view.setCurrentRow(0)
    page.form.agenda.view.setFocus()
    qtbot.keyClick(page.form.agenda.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert page.form.agenda.texts()[:2] == [second, first]
    window.ctx.autosaver.flush()
    assert [i.text for i in get_visit(window.ctx.db, page.visit.id).agenda[:2]] == [second, first]


def test_rehearsal_moves_by_keys_leaves_on_escape_and_changes_nothing(qtbot, data_dir: Path) -> None:
    window, page = open_visit_step(qtbot, data_dir)
    incident_id = window.workspace.incident_id
    before = get_apology(window.ctx.db, incident_id)
    qtbot.keyClick(page, Qt.Key.Key_F5)
    rehearsal = page.rehearsal
    assert isinstance(rehearsal, RehearsalWindow)
    qtbot.waitUntil(rehearsal.isVisible)
    assert rehearsal.isFullScreen() and rehearsal.current().key == "opening"
    assert "Thank Dana" in rehearsal.text_label.text()
    qtbot.keyClick(rehearsal, Qt.Key.Key_Right)
    assert rehearsal.current().key == "regret"
    assert rehearsal.text_label.text() == before.regret.strip()
    qtbot.keyClick(rehearsal, Qt.Key.Key_Space)
    assert rehearsal.text_label.text() == before.responsibility.strip()
    qtbot.keyClick(rehearsal, Qt.Key.Key_Left)
    assert rehearsal.current().key == "regret"
    for _ in range(10):
        qtbot.keyClick(rehearsal, Qt.Key.Key_Right)
    assert rehearsal.current().key == "close" and "Run-through:" in rehearsal.hint_label.text()
    assert rehearsal.step_label.text() == "6 / 6"
    with qtbot.waitSignal(rehearsal.finished):
        qtbot.keyClick(rehearsal, Qt.Key.Key_Escape)
    assert not rehearsal.isVisible()
    assert get_apology(window.ctx.db, incident_id) == before


def test_empty_apology_parts_say_where_to_write_them(qtbot, db, sample_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM apologies WHERE incident_id = ?", [sample_id])
    cards = cue_cards(gather_brief(db, sample_id))
    assert [c.key for c in cards] == [
        "opening", "regret", "responsibility", "remedy", "questions", "close"]
    window = RehearsalWindow(cards, "Halvorsen")
    qtbot.addWidget(window)
    window.start()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.text_label.text() == NOT_WRITTEN_CUE
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert "Monday" in window.text_label.text()  # the sample visit's own questions
    window.close()


def test_save_brief_as_pdf_and_print(qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    _window, page = open_visit_step(qtbot, data_dir)
    target = tmp_path / "my brief"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    page.pdf_button.click()
    written = tmp_path / "my brief.pdf"
    assert len(PdfReader(written).pages) == 1
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    page.print_button.click()  # cancelled: nothing printed, no error


def test_without_visits_the_page_offers_to_add_one(qtbot, data_dir: Path, monkeypatch) -> None:
    _window, page = open_visit_step(qtbot, data_dir)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_current()
    assert page.empty.isVisibleTo(page) and "Add visit" in page.empty.text()
    assert not page.delete_button.isEnabled() and page.add_button.isEnabled()
