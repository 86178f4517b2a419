"""Applying a playbook to a stored incident: only what was shown is added, typed text is kept."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlite_utils import Database

from planner.apology.checker import lint
from planner.apology.service import get_apology, save_apology
from planner.followups.service import list_followups
from planner.incidents.service import new_incident
from planner.playbooks import Playbook, load_builtin_playbooks
from planner.playbooks.apply import (
    ApplyChoices,
    apply_plan,
    incident_state,
    new_visit_day,
    preview,
    propose_followups,
    waiting_steps,
)
from planner.visits.model import VisitItem, VisitPerson
from planner.visits.service import list_visits, new_visit, save_visit

BUILTINS = load_builtin_playbooks()
LATE = next(p for p in BUILTINS if p.key == "late-delivery")
UTC = ZoneInfo("UTC")
MY_AGENDA = "Bring the flowers from reception"
MY_REMEDY = "I will drive the missing pallets over myself on Friday morning."


@pytest.fixture
def incident_id(db: Database) -> int:
    incident = new_incident(db)
    assert incident.id is not None
    return incident.id


def typed_visit(db: Database, incident_id: int) -> None:
    """A visit holding the user's own words, one of them also in the playbook (other case)."""
    visit = new_visit(db, incident_id, agenda=[MY_AGENDA, LATE.agenda[0].upper()],
                      bring=[], questions=[])
    visit.people.append(VisitPerson(name="Kim", role="Sales manager"))
    save_visit(db, visit)


def test_typed_text_stays_and_exactly_the_previewed_items_are_added(
    db: Database, incident_id: int
) -> None:
    typed_visit(db, incident_id)
    apology = get_apology(db, incident_id)
    apology.remedy = MY_REMEDY
    save_apology(db, apology)
    _state, plan = preview(db, incident_id, LATE)
    assert plan.agenda == LATE.agenda[1:]  # the user already has the first one, in capitals
    assert [p.role for p in plan.who_to_bring] == ["Logistics planner"]
    assert not plan.remedy_is_empty
    proposals = propose_followups(db, incident_id, plan.cadence, UTC)
    result = apply_plan(db, incident_id, plan, ApplyChoices(
        visit_items=True, remedy=LATE.remedy_options[0], followups=proposals[:2], tz="UTC"))

    [visit] = list_visits(db, incident_id)
    agenda = [item.text for item in visit.agenda]
    assert agenda == [MY_AGENDA, LATE.agenda[0].upper(), *plan.agenda]
    assert [i.text for i in visit.bring] == list(plan.what_to_bring)
    assert [i.text for i in visit.questions] == list(plan.questions)
    assert [(p.name, p.role) for p in visit.people] == [("Kim", "Sales manager"),
                                                        ("", "Logistics planner")]
    assert get_apology(db, incident_id).remedy == MY_REMEDY  # never overwritten
    assert not result.remedy_filled and result.notes
    assert [(f.due_date, f.purpose) for f in list_followups(db, incident_id)] == \
        [(p.date, p.purpose) for p in proposals[:2]]
    assert result.items_added == len(plan.agenda + plan.what_to_bring + plan.questions) + 1


def test_applying_twice_adds_nothing_the_second_time(db: Database, incident_id: int) -> None:
    typed_visit(db, incident_id)
    _state, plan = preview(db, incident_id, LATE)
    apply_plan(db, incident_id, plan, ApplyChoices(visit_items=True))
    _state, again = preview(db, incident_id, LATE)
    assert not again.adds_anything
    # Even a stale plan applied again repeats nothing.
    assert apply_plan(db, incident_id, plan, ApplyChoices(visit_items=True)).items_added == 0
    assert len(list_visits(db, incident_id)[0].agenda) == len(LATE.agenda) + 1


def test_without_a_visit_one_is_planned_with_the_playbook_items(
    db: Database, incident_id: int
) -> None:
    state, plan = preview(db, incident_id, LATE)
    assert state.visit is None and plan.agenda == LATE.agenda
    proposals = propose_followups(db, incident_id, plan.cadence, UTC,
                                  visit_day=new_visit_day(UTC))
    assert any(LATE.cadence[p.step_index].anchor == "visit" for p in proposals)
    result = apply_plan(db, incident_id, plan, ApplyChoices(
        visit_items=True, remedy=LATE.remedy_options[1]))
    assert result.visit_created
    [visit] = list_visits(db, incident_id)
    assert [i.text for i in visit.agenda] == list(LATE.agenda)
    assert [p.role for p in visit.people] == [a.role for a in LATE.who_to_bring]
    assert get_apology(db, incident_id).remedy == LATE.remedy_options[1].description


def test_nothing_accepted_changes_nothing(db: Database, incident_id: int) -> None:
    _state, plan = preview(db, incident_id, LATE)
    result = apply_plan(db, incident_id, plan, ApplyChoices())
    assert result.summary() == "Nothing was added."
    assert list_visits(db, incident_id) == [] and list_followups(db, incident_id) == []
    assert get_apology(db, incident_id).remedy == ""
    assert incident_state(db, incident_id).visit is None


def test_a_done_visit_is_left_alone(db: Database, incident_id: int) -> None:
    from planner.visits.model import VisitStatus

    visit = new_visit(db, incident_id, agenda=[MY_AGENDA], bring=[], questions=[])
    visit.status = VisitStatus.DONE
    visit.agenda.append(VisitItem("Noted on the day"))
    save_visit(db, visit)
    _state, plan = preview(db, incident_id, LATE)
    apply_plan(db, incident_id, plan, ApplyChoices(visit_items=True))
    done, planned = sorted(list_visits(db, incident_id), key=lambda v: v.status.value)
    assert [i.text for i in done.agenda] == [MY_AGENDA, "Noted on the day"]
    assert [i.text for i in planned.agenda] == list(LATE.agenda)


@pytest.mark.parametrize("playbook", BUILTINS, ids=lambda p: p.key)
def test_every_builtin_phrase_passes_the_apology_checker(playbook: Playbook) -> None:
    for phrase in playbook.phrases:
        # A phrase is not a whole apology: its words are checked, not what it leaves out.
        errors = [f for f in lint(phrase) if f.severity == "error" and not f.category.startswith(("missing-", "undated-"))]
        assert not errors, (phrase, [(f.category, phrase[f.start:f.end]) for f in errors])


def test_steps_waiting_for_a_date_are_counted(db: Database, incident_id: int) -> None:
    from datetime import date

    steps = LATE.cadence  # visit, remedy_due, remedy_due, visit
    assert waiting_steps(db, incident_id, steps, UTC) == 4
    assert waiting_steps(db, incident_id, steps, UTC, visit_day=date(2030, 1, 7)) == 2
    apology = get_apology(db, incident_id)
    apology.remedy_due = date(2030, 1, 10)
    save_apology(db, apology)
    assert waiting_steps(db, incident_id, steps, UTC, visit_day=date(2030, 1, 7)) == 0
