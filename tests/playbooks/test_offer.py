"""Choosing a failure type on the What happened page offers its playbook; typed text is kept."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlite_utils import Database

from planner.apology.service import get_apology, save_apology
from planner.followups.service import list_followups
from planner.incidents.service import get_incident, new_incident, save_incident
from planner.playbooks import load_builtin_playbooks
from planner.playbooks.db_store import DbPlaybookStore
from planner.visits.service import list_visits, new_visit
from tests.gui_helpers import show_main_window
from ui.context import AppContext
from ui.incidents.what_happened_page import WhatHappenedPage
from ui.playbooks.offer import ApplyPlaybookDialog
from ui.window.workspace import IncidentWorkspace

LATE = next(p for p in load_builtin_playbooks() if p.key == "late-delivery")
MY_AGENDA = "Bring the signed delivery note"
MY_REMEDY = "I will bring the missing pallets myself on Friday at 8."


@pytest.fixture
def page(qtbot, db: Database, data_dir: Path) -> WhatHappenedPage:
    """The page inside a real workspace, which offers the playbook the page asks for."""
    workspace = IncidentWorkspace(AppContext(db, data_dir))
    qtbot.addWidget(workspace)
    page = workspace.pages["what"]
    assert isinstance(page, WhatHappenedPage)
    return page


def open_in_workspace(page: WhatHappenedPage, incident_id: int | None) -> None:
    """Open the incident the way the window does: in the workspace that holds the page."""
    workspace = page.window()
    assert isinstance(workspace, IncidentWorkspace)
    workspace.load(incident_id)


def choose(page: WhatHappenedPage, key: str) -> None:
    """What a user's pick in the drop-down does: change the index, then report it activated."""
    index = page.failure_type.findData(key)
    assert index >= 0
    page.failure_type.setCurrentIndex(index)
    page.failure_type.activated.emit(index)


def review(page: WhatHappenedPage) -> None:
    """Press "Review…" in the offer bar that choosing a type showed."""
    assert page.offer_bar.isVisibleTo(page), "choosing a type shows the offer bar"
    page.offer_bar.action.click()


def test_the_combo_lists_every_playbook_and_keeps_unknown_keys(
    page: WhatHappenedPage, db: Database
) -> None:
    mine = dataclasses.replace(LATE, key="team-late", name="Team late delivery", builtin=False)
    DbPlaybookStore(db).save(mine)
    incident = new_incident(db)
    incident.failure_type = "retired-playbook"
    save_incident(db, incident)
    open_in_workspace(page, incident.id)
    combo = page.failure_type
    labels = [combo.itemText(i) for i in range(combo.count())]
    keys = [combo.itemData(i) for i in range(combo.count())]
    assert labels[:2] == ["Billing error", "Could not reach us (unanswered calls)"]
    assert labels[7:] == ["Something else went wrong", "Team late delivery", "retired-playbook"]
    assert combo.currentData() == "retired-playbook" and "team-late" in keys


def test_the_preview_is_what_gets_added_and_typed_text_stays(
    page: WhatHappenedPage, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = new_incident(db)
    assert incident.id is not None
    new_visit(db, incident.id, agenda=[MY_AGENDA], bring=[], questions=[])
    open_in_workspace(page, incident.id)
    shown: list[str] = []
    offered: list[int] = []

    def accept(dialog: ApplyPlaybookDialog) -> int:
        shown.extend(dialog.preview.item(i).text() for i in range(dialog.preview.count()))
        assert all(b.isEnabled() for b in dialog.remedy_buttons.buttons())  # remedy is empty
        dialog.remedy_buttons.button(2).setChecked(True)
        dialog.followups.item(0).setCheckState(Qt.CheckState.Unchecked)
        offered.append(dialog.followups.count())  # no remedy date yet: the visit steps only
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ApplyPlaybookDialog, "exec", accept)
    choose(page, "late-delivery")
    review(page)
    assert get_incident(db, incident.id).failure_type == "late-delivery"
    [visit] = list_visits(db, incident.id)
    added = [i.text for i in visit.agenda[1:] + visit.bring + visit.questions] + \
        [f"{p.role} - {a.why}" for p, a in zip(visit.people, LATE.who_to_bring)]
    assert visit.agenda[0].text == MY_AGENDA
    assert [line[4:] for line in shown if line.startswith("  + ")] == added
    assert get_apology(db, incident.id).remedy == LATE.remedy_options[2].description
    assert offered[0] == 2 and len(list_followups(db, incident.id)) == offered[0] - 1


def test_a_typed_remedy_is_never_replaced(
    page: WhatHappenedPage, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = new_incident(db)
    assert incident.id is not None
    apology = get_apology(db, incident.id)
    apology.remedy = MY_REMEDY
    save_apology(db, apology)
    open_in_workspace(page, incident.id)
    seen: list[bool] = []

    def accept(dialog: ApplyPlaybookDialog) -> int:
        seen.extend(b.isEnabled() for b in dialog.remedy_buttons.buttons())
        dialog.remedy_buttons.button(0).setChecked(True)  # even if it were somehow picked
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ApplyPlaybookDialog, "exec", accept)
    choose(page, "late-delivery")
    review(page)
    assert seen == [True] + [False] * len(LATE.remedy_options)
    assert get_apology(db, incident.id).remedy == MY_REMEDY


def test_declining_changes_nothing_but_the_failure_type(
    page: WhatHappenedPage, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = new_incident(db)
    open_in_workspace(page, incident.id)
    monkeypatch.setattr(ApplyPlaybookDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    choose(page, "billing-error")
    review(page)
    assert get_incident(db, incident.id).failure_type == "billing-error"
    assert list_visits(db, incident.id) == []
    assert get_apology(db, incident.id).remedy == ""


def test_in_the_app_unsaved_typing_is_kept_and_every_page_shows_the_result(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    window = show_main_window(qtbot, data_dir)
    window.new_incident()
    incident_id = window.workspace.incident_id
    visit_page = window.workspace.pages["visit"]
    visit_page.add_visit()
    visit_page.form.agenda.add()
    visit_page.form.agenda.view.currentItem().setText(MY_AGENDA)  # typed, not yet saved
    window.workspace.show_step("apology")
    apology_page = window.workspace.pages["apology"]
    apology_page.editors["remedy"].editor.insertPlainText(MY_REMEDY)  # typed, not yet saved
    assert window.ctx.autosaver.has_pending()

    def accept(dialog: ApplyPlaybookDialog) -> int:
        dialog.remedy_buttons.button(0).setChecked(True)  # disabled: the remedy has text
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ApplyPlaybookDialog, "exec", accept)
    window.workspace.show_step("what")
    choose(window.workspace.pages["what"], "late-delivery")
    review(window.workspace.pages["what"])

    [visit] = list_visits(window.ctx.db, incident_id)
    texts = [item.text for item in visit.agenda]
    assert MY_AGENDA in texts and texts[-1] == LATE.agenda[-1]
    assert texts.index(MY_AGENDA) < texts.index(LATE.agenda[1])
    assert get_apology(window.ctx.db, incident_id).remedy == MY_REMEDY
    assert visit_page.form.agenda.texts() == texts  # the open page shows what is stored
    assert apology_page.editors["remedy"].text() == MY_REMEDY
    assert window.workspace.pages["what"].failure_type.currentData() == "late-delivery"
    assert "Playbook applied" in window.statusBar().currentMessage()
    window.close()


def test_arrow_keys_on_the_failure_type_commit_nothing_and_open_no_dialog(
    qtbot, page: WhatHappenedPage, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = new_incident(db)
    assert incident.id is not None
    open_in_workspace(page, incident.id)
    page.window().show()
    opened: list[object] = []
    monkeypatch.setattr(ApplyPlaybookDialog, "exec", lambda d: opened.append(d) or 0)
    activated: list[int] = []
    combo = page.failure_type
    combo.activated.connect(activated.append)
    popups: list[bool] = []
    # The offscreen platform cannot show a pop-up list; record that the keys ask for it.
    monkeypatch.setattr(combo, "showPopup", lambda: popups.append(True))
    combo.setFocus()
    before = combo.currentIndex()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_End):
        qtbot.keyClick(combo, key)
    qtbot.keyClick(combo, "b")  # a letter highlights in the open list, chooses nothing
    assert len(popups) == 5
    assert combo.view().currentIndex().data() == "Billing error"
    assert combo.currentIndex() == before and activated == []
    assert page.window().ctx.autosaver.flush()
    assert get_incident(db, incident.id).failure_type == "general"
    assert opened == [] and not page.offer_bar.isVisibleTo(page)


def test_choosing_a_type_offers_its_playbook_in_a_bar_and_not_now_changes_nothing(
    page: WhatHappenedPage, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = new_incident(db)
    assert incident.id is not None
    open_in_workspace(page, incident.id)
    monkeypatch.setattr(ApplyPlaybookDialog, "exec",
                        lambda _d: pytest.fail("choosing a type must not open a dialog"))
    choose(page, "late-delivery")
    bar = page.offer_bar
    assert bar.isVisibleTo(page)
    text = bar.text.text()
    assert text.startswith("Late delivery playbook: ")
    assert f"{len(LATE.agenda)} agenda items" in text and "follow-up" in text
    bar.later.click()
    assert not bar.isVisibleTo(page)
    assert get_incident(db, incident.id).failure_type == "late-delivery"
    assert list_visits(db, incident.id) == [] and list_followups(db, incident.id) == []


def test_choosing_the_type_again_offers_only_what_is_still_missing(
    page: WhatHappenedPage, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = new_incident(db)
    assert incident.id is not None
    open_in_workspace(page, incident.id)
    monkeypatch.setattr(ApplyPlaybookDialog, "exec", lambda _d: QDialog.DialogCode.Accepted)
    choose(page, "late-delivery")
    review(page)
    planned = list_followups(db, incident.id)
    assert planned
    # The user moves a follow-up to another day; it is still the one the playbook planned.
    moved = planned[0]
    moved.due_date = moved.due_date.replace(day=min(moved.due_date.day + 1, 28))
    from planner.followups.service import save_followup

    save_followup(db, moved)
    seen: list[int] = []

    def count(dialog: ApplyPlaybookDialog) -> int:
        seen.append(dialog.followups.count())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ApplyPlaybookDialog, "exec", count)
    choose(page, "late-delivery")
    if page.offer_bar.isVisibleTo(page):
        assert "agenda" not in page.offer_bar.text.text()
        review(page)
        assert seen == [0]
    assert len(list_followups(db, incident.id)) == len(planned)
