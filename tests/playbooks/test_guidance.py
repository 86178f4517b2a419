"""Prompts and example sentences per failure type, from its playbook: a billing error is never
talked about as a late delivery."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.apology.phrases import listening_prompts
from planner.incidents.service import new_incident
from planner.playbooks import load_builtin_playbooks
from planner.playbooks.guidance import NEUTRAL_EXAMPLES, guidance
from planner.visits.service import follow_address, list_visits, new_visit
from tests.gui_helpers import show_main_window

DELIVERY = re.compile(r"deliver|lorry|crew|end caps|shipped|order", re.IGNORECASE)
BUILTIN = {p.key: p for p in load_builtin_playbooks()}


def test_the_general_prompts_and_examples_fit_any_failure() -> None:
    assert not [p for p in listening_prompts() if DELIVERY.search(p)]
    assert not [e for e in NEUTRAL_EXAMPLES.values() if DELIVERY.search(e)]


@pytest.mark.parametrize("key", sorted(BUILTIN))
def test_each_playbook_gives_its_own_questions_first_and_an_example_per_part(key: str) -> None:
    playbook = BUILTIN[key]
    advice = guidance(playbook, listening_prompts())
    assert advice.listening[: len(playbook.questions)] == playbook.questions
    assert len(advice.listening) == len(set(advice.listening))
    assert re.search(r"\bsorry\b", advice.examples["regret"], re.IGNORECASE)
    assert re.search(r"\bwill\b", advice.examples["remedy"], re.IGNORECASE)
    assert not advice.examples["responsibility"].endswith("?")
    assert all(text in playbook.phrases for text in advice.examples.values())


def test_a_billing_error_speaks_of_invoices() -> None:
    advice = guidance(BUILTIN["billing-error"], listening_prompts())
    assert not [text for text in [*advice.listening, *advice.examples.values()]
                if DELIVERY.search(text)]
    assert "invoice" in advice.examples["regret"]


def test_without_a_playbook_the_neutral_examples_stay() -> None:
    assert guidance(None, listening_prompts()).examples == NEUTRAL_EXAMPLES


def test_a_visit_planned_before_the_address_gets_it(db) -> None:
    incident = new_incident(db)
    assert incident.id is not None
    visit = new_visit(db, incident.id)
    assert visit.place == ""
    assert follow_address(db, incident.id, "", "Unit 7, Mill Lane, Leeds") == 1
    assert list_visits(db, incident.id)[0].place == "Unit 7, Mill Lane, Leeds"
    moved = list_visits(db, incident.id)[0]
    db.execute("UPDATE visits SET place = 'Their Bristol office' WHERE id = ?", [moved.id])
    assert follow_address(db, incident.id, "Unit 7, Mill Lane, Leeds", "Unit 8") == 0  # typed


def test_in_the_app_a_billing_error_gets_invoice_prompts_and_examples(qtbot, data_dir: Path) -> None:
    window = show_main_window(qtbot, data_dir)
    window.new_incident()
    incident_id = window.workspace.incident_id
    window.workspace.show_step("visit")
    visit_page = window.workspace.pages["visit"]
    visit_page.add_visit()  # planned before anyone typed the customer's address
    assert visit_page.form.place.toPlainText() == ""
    window.workspace.show_step("what")
    page = window.workspace.pages["what"]
    page.failure_type.setCurrentIndex(page.failure_type.findData("billing-error"))
    page.c["address"].setPlainText("Unit 7, Mill Lane, Leeds")
    assert window.ctx.autosaver.flush()
    window.workspace.show_step("experience")
    prompts = window.workspace.pages["experience"].prompts
    shown = [prompts.item(i).text() for i in range(prompts.count())]
    assert shown[0] == BUILTIN["billing-error"].questions[0]
    assert not [p for p in shown if DELIVERY.search(p)]
    assert "Billing error" in window.workspace.pages["experience"].prompts_title.text()
    window.workspace.show_step("apology")
    editors = window.workspace.pages["apology"].editors
    assert "invoice" in editors["regret"].editor.placeholderText()
    assert not [e for e in editors.values() if DELIVERY.search(e.editor.placeholderText())]
    window.workspace.show_step("visit")
    assert visit_page.form.place.toPlainText() == "Unit 7, Mill Lane, Leeds"
    assert list_visits(window.ctx.db, incident_id)[0].place == "Unit 7, Mill Lane, Leeds"
    visit_page.form.room.setText("Second floor")  # a later save keeps the new place
    assert window.ctx.autosaver.flush()
    assert list_visits(window.ctx.db, incident_id)[0].place == "Unit 7, Mill Lane, Leeds"
