"""Visits: several per incident persist with their lists; checks name the field; warnings advise."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from planner.errors import NotFoundError, ValidationError
from planner.incidents.service import get_customer, get_incident
from planner.timeutil import local_zone_name
from planner.visits.model import (
    DEFAULT_AGENDA,
    DEFAULT_QUESTIONS,
    VisitItem,
    VisitPerson,
    VisitStatus,
    default_start,
    next_business_day,
)
from planner.visits.service import (
    create_visit,
    delete_visit,
    get_visit,
    list_visits,
    new_visit,
    save_visit,
    validate_visit,
    visit_warnings,
)

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)  # a Wednesday


def uids():
    counter = iter(range(1000))
    return lambda: f"uid-{next(counter)}@test"


def test_a_new_visit_starts_with_sensible_defaults(db, sample_id: int) -> None:
    visit = new_visit(db, sample_id, now=NOW, new_uid=uids())
    incident = get_incident(db, sample_id)
    assert visit.starts_at > NOW and visit.starts_at.astimezone().hour == 10
    assert visit.starts_at.astimezone().weekday() < 5
    assert visit.place == get_customer(db, incident.customer_id).address
    assert [i.text for i in visit.agenda] == list(DEFAULT_AGENDA)
    assert [i.text for i in visit.questions] == list(DEFAULT_QUESTIONS)
    assert visit.ics_uid == "uid-0@test" and visit.status == VisitStatus.PLANNED
    assert visit.tz == local_zone_name()


def test_several_visits_persist_with_people_and_ordered_lists(db, sample_id: int) -> None:
    make = uids()
    before = [v.id for v in list_visits(db, sample_id)]  # the sample may bring its own visit
    first = new_visit(db, sample_id, now=NOW, new_uid=make)
    second = new_visit(db, sample_id, now=NOW, agenda=["Walk the site"], bring=[], questions=[],
                       new_uid=make)
    second.starts_at = first.starts_at + timedelta(days=7)
    second.people = [VisitPerson("Priya Nair", "Operations manager"), VisitPerson("Me", "Rep")]
    second.bring = [VisitItem("Replacement end caps", done=True), VisitItem("Order papers")]
    second.agenda.insert(0, VisitItem("Say sorry"))
    second.outcome_said = ""
    save_visit(db, second, now=NOW)
    visits = [v for v in list_visits(db, sample_id) if v.id not in before]
    assert [v.id for v in visits] == [first.id, second.id]
    again = get_visit(db, second.id)
    assert [(p.name, p.role) for p in again.people] == [
        ("Priya Nair", "Operations manager"), ("Me", "Rep")]
    assert [(i.text, i.done) for i in again.bring] == [
        ("Replacement end caps", True), ("Order papers", False)]
    assert [i.text for i in again.agenda] == ["Say sorry", "Walk the site"]
    assert again.ics_uid == "uid-1@test"  # kept across saves
    delete_visit(db, first.id)
    assert [v.id for v in list_visits(db, sample_id) if v.id not in before] == [second.id]
    with pytest.raises(NotFoundError):
        get_visit(db, first.id)


def test_done_visit_keeps_its_outcome(db, sample_id: int) -> None:
    visit = new_visit(db, sample_id, now=NOW, new_uid=uids())
    visit.status = VisitStatus.DONE
    visit.outcome_said = "Dana said the crew lost a day and a half."
    visit.outcome_agreed = "Replacement end caps by Friday; I call Thursday."
    save_visit(db, visit, now=visit.starts_at + timedelta(hours=2))
    stored = get_visit(db, visit.id)
    assert stored.status == VisitStatus.DONE and stored.outcome_agreed.startswith("Replacement")


@pytest.mark.parametrize("minutes", [0, -15])
def test_non_positive_duration_is_refused_naming_the_field(db, sample_id: int, minutes: int) -> None:
    visit = new_visit(db, sample_id, now=NOW, new_uid=uids())
    visit.duration_min = minutes
    with pytest.raises(ValidationError) as caught:
        save_visit(db, visit, now=NOW)
    assert caught.value.field == "duration_min" and "end" in caught.value.message
    assert get_visit(db, visit.id).duration_min == 45


def test_a_planned_visit_in_the_past_is_refused_but_a_done_one_is_kept(db, sample_id: int) -> None:
    visit = new_visit(db, sample_id, now=NOW, new_uid=uids())
    visit.starts_at = NOW - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        save_visit(db, visit, now=NOW)
    assert caught.value.field == "starts_at" and "done" in caught.value.message
    visit.status = VisitStatus.DONE
    save_visit(db, visit, now=NOW)
    assert get_visit(db, visit.id).starts_at == NOW - timedelta(days=1)


def test_a_planned_visit_whose_time_has_come_can_still_take_notes(db, sample_id: int) -> None:
    visit = new_visit(db, sample_id, now=NOW, new_uid=uids())
    later = visit.starts_at + timedelta(minutes=30)
    visit.notes = "Dana asked for the director's number."
    save_visit(db, visit, now=later)  # the start did not move, so no refusal
    warnings = visit_warnings(visit, get_incident(db, sample_id), later)
    assert any("has passed" in w for w in warnings)


def test_other_fields_are_named(db, sample_id: int) -> None:
    visit_id = new_visit(db, sample_id, now=NOW, new_uid=uids()).id
    for field, value in (("starts_at", datetime(2026, 5, 1)), ("tz", "Mars/Olympus"),
                         ("room", "x" * 500)):
        visit = get_visit(db, visit_id)
        setattr(visit, field, value)
        with pytest.raises(ValidationError) as caught:
            validate_visit(visit, NOW)
        assert caught.value.field == field


def test_a_visit_long_after_the_report_warns_but_saves(db, sample_id: int) -> None:
    incident = get_incident(db, sample_id)
    visit = new_visit(db, sample_id, now=NOW, new_uid=uids())
    visit.people = [VisitPerson("Priya Nair", "Operations manager")]
    visit.starts_at = incident.reported_at + timedelta(days=2)
    assert visit_warnings(visit, incident, incident.reported_at) == []
    visit.starts_at = incident.reported_at + timedelta(days=6)
    warnings = visit_warnings(visit, incident, incident.reported_at)
    assert len(warnings) == 1 and "6 days after they told us" in warnings[0]
    assert "late apology" in warnings[0]
    save_visit(db, visit, now=incident.reported_at)
    visit.status = VisitStatus.CANCELLED
    assert visit_warnings(visit, incident, incident.reported_at) == []


def test_nobody_from_our_side_is_a_gentle_hint(db, sample_id: int) -> None:
    visit = new_visit(db, sample_id, now=NOW, new_uid=uids())
    incident = get_incident(db, sample_id)
    incident.reported_at = visit.starts_at
    assert visit_warnings(visit, incident, NOW) == [
        "Nobody from our side is listed. Bring the person who can fix it."]


def test_next_business_day_skips_the_weekend() -> None:
    friday = datetime(2026, 3, 6).date()
    assert next_business_day(friday).isoformat() == "2026-03-09"
    start = default_start(NOW)
    assert start.tzinfo is not None and (start.hour, start.minute) == (10, 0)


def test_create_refuses_a_planned_visit_in_the_past(db, sample_id: int) -> None:
    from planner.visits.model import Visit

    before = list_visits(db, sample_id)
    with pytest.raises(ValidationError) as caught:
        create_visit(db, Visit(incident_id=sample_id, starts_at=NOW - timedelta(hours=1)), now=NOW)
    assert caught.value.field == "starts_at"
    assert list_visits(db, sample_id) == before
