"""Undo and redo in the app, for every kind of edit: typing, moments, agenda, people, visits,
follow-ups, a playbook applied, mark done, deleting an incident; the Edit menu and Ctrl+Z."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMessageBox

from planner.apology.service import get_apology
from planner.followups.service import FollowUp, add_followup, list_followups
from planner.incidents.moments import list_moments
from planner.incidents.service import get_incident, list_incident_summaries
from planner.visits.service import list_visits
from tests.gui_helpers import show_main_window
from ui.followups import dialogs
from ui.overview import mark_done_dialog
from ui.playbooks.offer import ApplyPlaybookDialog
from ui.window.main_window import MainWindow
from ui.window.shortcuts_dialog import _keys, shortcut_rows


@pytest.fixture
def window(qtbot, data_dir: Path) -> MainWindow:
    """The app on its first start: the sample incident open on What happened."""
    window = show_main_window(qtbot, data_dir)
    window.nav.open_incident(window.list_panel.model.row_at(0).id, "what")
    return window


def undo(window: MainWindow) -> None:
    window.edit_actions.undo.trigger()


def redo(window: MainWindow) -> None:
    window.edit_actions.redo.trigger()


def test_typing_is_one_step_and_ctrl_z_in_a_field_reaches_the_history(qtbot, window) -> None:
    page = window.workspace.pages["what"]
    iid = window.workspace.incident_id
    before = get_incident(window.ctx.db, iid).title
    page.title_edit.selectAll()
    qtbot.keyClicks(page.title_edit, "Invoiced twice")
    assert window.ctx.autosaver.flush()
    qtbot.keyClicks(page.title_edit, ", then chased")
    assert window.ctx.autosaver.flush()
    assert window.ctx.history.stack.count() == 1  # one field, typed in a row: one step
    page.c["phone"].setFocus()  # a field with nothing of its own to undo
    window.edit_actions.update()
    assert window.edit_actions.undo.text() == "&Undo changes to Title"
    qtbot.keyClick(page.c["phone"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert get_incident(window.ctx.db, iid).title == before
    assert page.title_edit.text() == before  # the page shows what is stored
    redo(window)
    assert page.title_edit.text() == "Invoiced twice, then chased"


def retitled(qtbot, window: MainWindow) -> tuple[Any, int, Any]:
    """What happened, its incident's id and stored row, after "Invoiced twice" is typed as its title."""
    page = window.workspace.pages["what"]
    iid = window.workspace.incident_id
    stored = get_incident(window.ctx.db, iid)
    page.title_edit.selectAll()
    qtbot.keyClicks(page.title_edit, "Invoiced twice")
    return page, iid, stored


def test_each_field_changed_in_turn_is_its_own_step(qtbot, window) -> None:
    # A new incident as a rep fills it in: one Ctrl+Z takes back only the last thing done.
    page, iid, stored = retitled(qtbot, window)
    assert window.ctx.autosaver.flush()
    other = next(i for i in range(page.failure_type.count())
                 if page.failure_type.itemData(i) != stored.failure_type)
    page.failure_type.setCurrentIndex(other)
    assert window.ctx.autosaver.flush()
    chosen = str(page.failure_type.itemData(other))
    page.what_went_wrong.setPlainText("We billed the March order twice.")
    assert window.ctx.autosaver.flush()
    assert window.ctx.history.stack.count() == 3
    undo(window)  # the text only
    after_one = get_incident(window.ctx.db, iid)
    assert after_one.what_went_wrong == stored.what_went_wrong
    assert (after_one.title, after_one.failure_type) == ("Invoiced twice", chosen)
    undo(window)  # then the failure type
    after_two = get_incident(window.ctx.db, iid)
    assert (after_two.title, after_two.failure_type) == ("Invoiced twice", stored.failure_type)
    redo(window)
    redo(window)
    assert get_incident(window.ctx.db, iid).what_went_wrong == "We billed the March order twice."


def test_moments_added_deleted_and_moved_come_back(window, monkeypatch) -> None:
    iid = window.workspace.incident_id
    window.workspace.show_step("experience")
    page = window.workspace.pages["experience"]
    original = [m.what for m in list_moments(window.ctx.db, iid)]
    page.view.setCurrentIndex(page.model.index(0, 1))
    page.move_selected(+1)
    assert [m.what for m in list_moments(window.ctx.db, iid)][:2] == [original[1], original[0]]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.view.setCurrentIndex(page.model.index(0, 1))
    page.delete_selected()
    page.add()
    window.ctx.save_typing()
    assert len(list_moments(window.ctx.db, iid)) == len(original)
    for _ in range(3):
        undo(window)
    assert [m.what for m in list_moments(window.ctx.db, iid)] == original
    assert [m.what for m in page.model.moments] == original
    redo(window)
    assert [m.what for m in list_moments(window.ctx.db, iid)][:2] == [original[1], original[0]]


def test_agenda_lines_people_and_a_deleted_visit_come_back(window, monkeypatch) -> None:
    iid = window.workspace.incident_id
    window.workspace.show_step("visit")
    page = window.workspace.pages["visit"]
    [visit] = list_visits(window.ctx.db, iid)
    agenda = [i.text for i in visit.agenda]
    page.form.agenda.view.setCurrentRow(0)
    page.form.agenda.delete_selected()
    assert [i.text for i in list_visits(window.ctx.db, iid)[0].agenda] == agenda[1:]
    people = [p.name for p in visit.people]
    page.form.people.table.setCurrentCell(0, 0)
    page.form.people.delete_selected()
    assert len(list_visits(window.ctx.db, iid)[0].people) == len(people) - 1
    assert window.edit_actions.undo.isEnabled()
    undo(window)
    assert [p.name for p in list_visits(window.ctx.db, iid)[0].people] == people
    undo(window)
    assert [i.text for i in list_visits(window.ctx.db, iid)[0].agenda] == agenda
    assert page.form.agenda.texts() == agenda
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_current()
    assert list_visits(window.ctx.db, iid) == []
    undo(window)
    [back] = list_visits(window.ctx.db, iid)
    assert (back.id, back.ics_uid, [i.text for i in back.agenda]) == (visit.id, visit.ics_uid, agenda)


def test_follow_ups_added_deleted_and_marked_done_come_back(window, monkeypatch) -> None:
    iid = window.workspace.incident_id
    window.workspace.show_step("followups")
    page = window.workspace.pages["followups"]
    before = {(f.id, f.status) for f in list_followups(window.ctx.db, iid)}
    monkeypatch.setattr(dialogs, "edit_followup", lambda _p, f, new, **_: FollowUp(
        incident_id=f.incident_id, due_date=date.today() + timedelta(days=9), purpose="Ring Dana"))
    page.add()
    monkeypatch.setattr(dialogs, "ask_outcome", lambda _p, _f: "Dana is happy")
    pending = next(f for f in page.model.rows if f.status == "pending")
    page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(page.model.row_of_key(pending.id), 0)))
    page.mark_selected_done()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    assert {(f.id, f.status) for f in list_followups(window.ctx.db, iid)} != before
    for _ in range(3):
        undo(window)
    assert {(f.id, f.status) for f in list_followups(window.ctx.db, iid)} == before
    assert {(f.id, f.status) for f in page.model.rows} == before


def test_a_playbook_applied_is_one_step(window, monkeypatch) -> None:
    iid = window.workspace.incident_id
    page = window.workspace.pages["what"]
    visits = [[i.text for i in v.agenda] for v in list_visits(window.ctx.db, iid)]
    followups = len(list_followups(window.ctx.db, iid))
    monkeypatch.setattr(ApplyPlaybookDialog, "exec", lambda _d: QDialog.DialogCode.Accepted)
    index = page.failure_type.findData("billing-error")
    page.failure_type.setCurrentIndex(index)
    page.failure_type.activated.emit(index)
    page.offer_bar.action.click()
    assert len(list_followups(window.ctx.db, iid)) > followups
    assert window.edit_actions.undo.text().startswith("&Undo Apply the “Billing error” playbook")
    undo(window)
    assert [[i.text for i in v.agenda] for v in list_visits(window.ctx.db, iid)] == visits
    assert len(list_followups(window.ctx.db, iid)) == followups


def test_mark_done_from_today_and_a_deleted_incident_come_back(window, monkeypatch) -> None:
    iid = window.workspace.incident_id
    add_followup(window.ctx.db, FollowUp(incident_id=iid, due_date=date.today(), purpose="Ring"))
    window.nav.show_today()
    today = window.nav.today
    section = today.due_today
    monkeypatch.setattr(mark_done_dialog, "ask_outcome", lambda *_a: "Sorted")
    today.mark_done(section, 0)
    assert not any(f.purpose == "Ring" and f.status == "pending"
                   for f in list_followups(window.ctx.db, iid))
    undo(window)
    assert any(f.purpose == "Ring" and f.status == "pending"
               for f in list_followups(window.ctx.db, iid))
    assert window.nav.showing_today()  # undoing there keeps the user there
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.list_panel.view.setFocus()
    window.delete_current()
    assert list_incident_summaries(window.ctx.db) == []
    undo(window)
    assert [r.id for r in list_incident_summaries(window.ctx.db)] == [iid]
    assert window.list_panel.model.rowCount() == 1


def test_an_undone_new_incident_is_gone(window) -> None:
    window.new_incident()
    new_id = window.workspace.incident_id
    assert len(list_incident_summaries(window.ctx.db)) == 2
    window.list_panel.view.setFocus()
    undo(window)
    assert new_id not in [r.id for r in list_incident_summaries(window.ctx.db)]
    assert window.workspace.incident_id != new_id


def test_every_shortcut_is_listed_with_what_it_does(window) -> None:
    rows = shortcut_rows(window)
    described = {(keys, what) for _group, keys, what in rows}
    assert all(what != "(no description)" for _g, _k, what in rows), rows
    native = QKeySequence.SequenceFormat.NativeText
    for shortcut in window.findChildren(QShortcut):  # every one of them, on every step
        assert shortcut.key().toString(native) in {k for k, _ in described}
    groups = {group for group, _k, _w in rows}
    assert {"File", "Edit", "Go", "Help", "Step: Their experience", "Step: Follow-ups"} <= groups
    assert any(what.startswith("Undo") for _k, what in described)
    assert ("Ctrl+/", "Keyboard shortcuts") in described



def test_keys_a_laptop_lacks_are_not_listed() -> None:
    # Under X11, Undo is also bound to F14 and the Undo key (old Sun keyboards): not shown.
    bindings = [QKeySequence("Ctrl+Z"), QKeySequence("F14"), QKeySequence("Alt+Backspace")]
    assert _keys(bindings) == "Ctrl+Z or Alt+Backspace"
    assert _keys([QKeySequence("F5")]) == "F5"


def test_each_apology_part_typed_in_turn_is_its_own_step(window) -> None:
    iid = window.workspace.incident_id
    window.workspace.show_step("apology")
    page = window.workspace.pages["apology"]
    stored = get_apology(window.ctx.db, iid)
    page.editors["responsibility"].editor.setPlainText("We sent the wrong caps; that was our error.")
    assert window.ctx.autosaver.flush()
    page.editors["remedy"].editor.setPlainText("I will bring the right caps on Friday at 9.")
    assert window.ctx.autosaver.flush()
    window.edit_actions.update()
    assert window.edit_actions.undo.text() == "&Undo changes to Remedy"
    undo(window)
    back = get_apology(window.ctx.db, iid)
    assert back.remedy == stored.remedy
    assert back.responsibility == "We sent the wrong caps; that was our error."


def test_undoing_a_failure_type_takes_its_playbook_offer_away(window) -> None:
    page = window.workspace.pages["what"]
    iid = window.workspace.incident_id
    before = get_incident(window.ctx.db, iid).failure_type
    index = page.failure_type.findData("billing-error")
    assert index >= 0 and before != "billing-error"
    page.failure_type.setCurrentIndex(index)  # a pick in the open list, as the user makes it
    page.failure_type.activated.emit(index)
    assert page.offer_bar.isVisibleTo(page)  # "Billing error playbook: …"
    undo(window)
    assert get_incident(window.ctx.db, iid).failure_type == before
    assert page.failure_type.currentData() == before
    assert not page.offer_bar.isVisibleTo(page)  # Review… can no longer apply the old offer
    redo(window)
    assert get_incident(window.ctx.db, iid).failure_type == "billing-error"


def test_moving_on_before_the_save_names_both_fields_in_one_step(qtbot, window) -> None:
    page, iid, stored = retitled(qtbot, window)
    # No pause: the next field is typed in before the title's save is due.
    page.what_went_wrong.setPlainText("We billed the March order twice.")
    assert window.ctx.autosaver.flush()
    page.c["phone"].setFocus()
    window.edit_actions.update()
    # One save, one step, and the menu says what it takes back.
    assert window.edit_actions.undo.text() == "&Undo changes to Title, What went wrong"
    undo(window)
    back = get_incident(window.ctx.db, iid)
    assert (back.title, back.what_went_wrong) == (stored.title, stored.what_went_wrong)


def test_each_customer_field_is_its_own_step(qtbot, window) -> None:
    page = window.workspace.pages["what"]
    company, phone = page.c["company"], page.c["phone"]
    before_company = company.text()
    qtbot.keyClicks(company, " Ltd")
    assert window.ctx.autosaver.flush()
    qtbot.keyClicks(phone, "9")
    assert window.ctx.autosaver.flush()
    window.edit_actions.update()
    assert window.ctx.history.stack.count() == 2
    undo(window)
    assert company.text() == before_company + " Ltd"
    undo(window)
    assert company.text() == before_company
