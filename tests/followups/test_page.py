"""The Follow-ups step driven like a user: add, mark done, skip, delete, propose, export, close."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox

from planner.followups.service import (
    FollowUp,
    FollowUpStatus,
    add_followup,
    get_followup,
    list_followups,
)
from planner.incidents.model import Status
from planner.incidents.service import get_incident
from tests.gui_helpers import show_main_window, type_date
from ui.followups import calendar_export, dialogs, proposal_dialog
from ui.followups.model import COL_DATE, COL_STATUS, OVERDUE_ROLE, FollowUpListModel
from ui.followups.page import FollowUpsPage
from ui.window.main_window import MainWindow

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # a Friday


def open_page(qtbot, data_dir: Path) -> tuple[MainWindow, FollowUpsPage]:
    window = show_main_window(qtbot, data_dir)
    window.nav.open_incident(window.list_panel.model.row_at(0).id, "followups")
    page = window.workspace.pages["followups"]
    assert isinstance(page, FollowUpsPage)
    page.clock = lambda: NOW
    page.refresh()
    return window, page


def select(page: FollowUpsPage, followup_id: int) -> None:
    row = page.model.row_of_key(followup_id)
    page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(row, 0)))


def test_model_passes_the_model_tester(qapp, qtmodeltester) -> None:
    model = FollowUpListModel()
    qtmodeltester.check(model)
    rows = [FollowUp(1, date(2026, 3, 19), "late", id=1), FollowUp(1, date(2026, 3, 23), "soon", due_time=time(9), id=2),
            FollowUp(1, date(2026, 3, 18), "done", status=FollowUpStatus.DONE, outcome="ok\nfine", id=3)]
    model.set_rows(rows, NOW)
    qtmodeltester.check(model)
    late = model.index(0, COL_DATE)
    assert late.data(OVERDUE_ROLE) and late.data(Qt.ItemDataRole.DecorationRole) is not None
    assert late.data(Qt.ItemDataRole.FontRole).bold()
    assert late.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c0392b"
    assert model.index(0, COL_STATUS).data() == "Overdue" and model.index(1, COL_STATUS).data() == "Pending"
    assert model.index(1, 1).data() == "09:00" and model.index(0, 1).data() == "All day"
    model.set_rows(rows[1:], NOW)
    qtmodeltester.check(model)
    assert model.overdue_count() == 0


def test_add_through_the_real_dialog_and_mark_done_with_an_outcome(qtbot, data_dir: Path, monkeypatch) -> None:
    window, page = open_page(qtbot, data_dir)
    before = len(page.model._rows)

    def fill(parent, followup: FollowUp, *, new: bool, **_checks) -> FollowUp | None:
        dialog = dialogs.FollowUpDialog(followup, new=new, parent=parent)
        qtbot.addWidget(dialog)
        dialog.accept()  # an empty purpose is refused, named, and the dialog stays
        assert dialog.error.isVisibleTo(dialog) and "Purpose" in dialog.error.text()
        qtbot.keyClicks(dialog.purpose, "Ask Dana about the Leeds store")
        dialog.purpose.insert(" — مرحبا 😀")
        type_date(qtbot, dialog.when, f"{followup.due_date:%d/%m/%Y}")  # a date alone: all day
        dialog.accept()
        assert dialog.result() == dialog.DialogCode.Accepted
        return dialog.followup()

    monkeypatch.setattr(dialogs, "edit_followup", fill)
    page.add_button.click()
    assert len(page.model._rows) == before + 1
    added = page.selected()
    assert added is not None and added.purpose == "Ask Dana about the Leeds store — مرحبا 😀"
    stored = get_followup(window.ctx.db, added.id)
    assert stored.all_day and stored.due_date == date(2026, 3, 23)  # tomorrow is a Saturday and stored.ics_uid

    monkeypatch.setattr(dialogs, "ask_outcome", lambda parent, f: "Dana will send the Leeds plans.")
    qtbot.keyClick(page.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    stored = get_followup(window.ctx.db, added.id)
    assert stored.status == FollowUpStatus.DONE and stored.outcome == "Dana will send the Leeds plans."
    assert page.model.index(page.model.row_of_key(added.id), COL_STATUS).data() == "Done"
    assert not page.done_button.isEnabled() and page.skip_button.text() == "Re&open"


def test_outcome_dialog_waits_for_words(qtbot) -> None:
    dialog = dialogs.OutcomeDialog(FollowUp(1, date(2026, 3, 23), "Call"))
    qtbot.addWidget(dialog)
    assert not dialog.done_button.isEnabled()
    qtbot.keyClicks(dialog.outcome, "All sorted")
    assert dialog.done_button.isEnabled() and dialog.text() == "All sorted"


def test_overdue_ones_stand_out_and_skip_delete_work(qtbot, data_dir: Path, monkeypatch) -> None:
    window, page = open_page(qtbot, data_dir)
    incident_id = window.workspace.incident_id
    late = add_followup(window.ctx.db, FollowUp(incident_id, date(2026, 3, 18), "Overdue call", tz="UTC"))
    page.refresh()
    row = page.model.row_of_key(late.id)
    assert page.model.index(row, COL_STATUS).data() == "Overdue"
    assert page.model.index(row, COL_DATE).data(Qt.ItemDataRole.FontRole).bold()
    assert "1 overdue" in page.summary.text()
    select(page, late.id)
    page.skip_button.click()
    assert get_followup(window.ctx.db, late.id).status == FollowUpStatus.SKIPPED
    assert "overdue" not in page.summary.text()
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: next(answers))
    page.delete_selected()
    assert page.model.row_of_key(late.id) >= 0
    page.delete_selected()
    assert page.model.row_of_key(late.id) < 0


def test_propose_shows_first_and_never_duplicates(qtbot, data_dir: Path, monkeypatch) -> None:
    window, page = open_page(qtbot, data_dir)
    db, incident_id = window.ctx.db, window.workspace.incident_id
    db.execute("DELETE FROM followups")
    seen: list[list[str]] = []

    def tick_all_but_last(parent, dialog: proposal_dialog.ProposalDialog):
        qtbot.addWidget(dialog)
        seen.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        if dialog.list.count():
            dialog.list.item(dialog.list.count() - 1).setCheckState(Qt.CheckState.Unchecked)
        return dialog.chosen()

    monkeypatch.setattr(proposal_dialog, "choose_proposals", tick_all_but_last)
    added = page.propose()
    assert added == len(seen[0]) - 1 >= 1 and len(list_followups(db, incident_id)) == added
    assert all(f.due_date.weekday() < 5 for f in list_followups(db, incident_id))
    page.propose()
    assert len(seen[1]) == 1 and seen[1][0] == seen[0][-1]  # only the one left out comes back
    assert len(list_followups(db, incident_id)) == added


def test_export_runs_off_the_gui_thread_and_offers_to_open(qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    window, page = open_page(qtbot, data_dir)
    target = tmp_path / "dana.ics"
    suggested: list[Path] = []
    offered: list[tuple[Path, int]] = []
    threads: list[bool] = []
    real_export = calendar_export.export_calendar

    def export_on_worker(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_export(*args, **kwargs)

    monkeypatch.setattr(calendar_export, "export_calendar", export_on_worker)
    monkeypatch.setattr(calendar_export, "choose_path", lambda parent, path: suggested.append(path) or target)
    monkeypatch.setattr(calendar_export, "offer_to_open", lambda parent, path, count: offered.append((path, count)))
    qtbot.keyClick(page.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(offered), timeout=5000)
    QThreadPool.globalInstance().waitForDone()
    assert threads == [False]
    assert suggested[0].name == f"amends-{page.incident_id}-halvorsen.ics"  # short, with its number
    pending = [f for f in list_followups(window.ctx.db, page.incident_id) if f.status == FollowUpStatus.PENDING]
    assert offered[0][0] == target and offered[0][1] >= len(pending)
    data = target.read_bytes()
    assert all(f.ics_uid.encode() in data for f in pending)

    offered.clear()
    target_all = tmp_path / "all.ics"
    monkeypatch.setattr(calendar_export, "choose_path", lambda parent, path: target_all)
    window.export_all_action.trigger()
    qtbot.waitUntil(lambda: bool(offered), timeout=5000)
    QThreadPool.globalInstance().waitForDone()
    assert target_all.exists() and offered[0][0] == target_all


def test_export_failure_is_reported_not_raised(qtbot, data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    _window, page = open_page(qtbot, data_dir)
    warnings: list[str] = []
    monkeypatch.setattr(calendar_export, "choose_path", lambda parent, path: tmp_path / "no" / "x.ics")
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    page.export()
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
    QThreadPool.globalInstance().waitForDone()
    assert "does not exist" in warnings[0] and not page.exporter.busy()


def test_closing_with_pending_follow_ups_asks_and_records_the_confirmation(qtbot, data_dir: Path, monkeypatch) -> None:
    window, page = open_page(qtbot, data_dir)
    asked: list[int] = []
    monkeypatch.setattr(dialogs, "ask_close", lambda parent, pending, words: asked.append(pending) or None)
    page.close_button.click()
    assert asked == [4] and get_incident(window.ctx.db, page.incident_id).status != Status.CLOSED
    monkeypatch.setattr(dialogs, "ask_close", lambda parent, pending, words: "Dana: all sorted, thanks.")
    page.close_button.click()
    incident = get_incident(window.ctx.db, page.incident_id)
    assert incident.status == Status.CLOSED and incident.customer_confirmation == "Dana: all sorted, thanks."
    assert "0 pending" in page.summary.text()
    what = window.workspace.pages["what"]
    assert what.status.currentData() == Status.CLOSED.value  # no stale "open" left to save back


def test_close_dialog_needs_words_and_consent_to_skip(qtbot) -> None:
    dialog = dialogs.CloseIncidentDialog(2, "")
    qtbot.addWidget(dialog)
    assert not dialog.close_button.isEnabled()
    qtbot.keyClicks(dialog.confirmation, "All good")
    assert not dialog.close_button.isEnabled()
    dialog.skip.setChecked(True)
    assert dialog.close_button.isEnabled()


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin"])
def test_edit_dialog_round_trips_a_follow_up(qtbot, zone: str) -> None:
    original = FollowUp(1, date(2026, 3, 30), "Call", due_time=time(10, 15), tz=zone, channel="email", id=5)
    dialog = dialogs.FollowUpDialog(original, new=False)
    qtbot.addWidget(dialog)
    assert dialog.followup() == original
    assert dialog.when.edit.text() == "Mon 30 Mar 2026, 10:15"
    type_date(qtbot, dialog.when, "30 Mar 2026")  # the date alone: all day
    assert dialog.followup() == replace(original, due_time=None)
    type_date(qtbot, dialog.when, "2026-03-31 9:45")
    assert dialog.followup() == replace(original, due_date=date(2026, 3, 31), due_time=time(9, 45))


def test_proposal_dialog_unticks_a_second_call_on_the_same_day(qtbot) -> None:
    from planner.followups.cadence import DEFAULT_CADENCE, ExistingFollowUp

    visit = date(2026, 3, 20)  # a Friday: the day-after call lands on Monday the 23rd
    existing = [ExistingFollowUp(date(2026, 3, 23), "Check the end caps arrived", "call")]
    dialog = proposal_dialog.ProposalDialog(DEFAULT_CADENCE, {"visit": visit}, existing, visit)
    qtbot.addWidget(dialog)
    first = dialog.list.item(0)
    assert "Mon 23 Mar 2026" in first.text() and "already planned that day" in first.text()
    assert first.checkState() == Qt.CheckState.Unchecked
    assert [p.date for p in dialog.chosen()] == [date(2026, 4, 20)]
