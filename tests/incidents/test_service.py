"""Customers, incidents and moments: validation, status rules, ordering, exact round trips."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import ValidationError
from planner.incidents.model import Customer, Incident, Moment, Severity, Status
from planner.incidents.moments import (
    add_moment,
    delete_moment,
    list_moments,
    move_moment,
    save_moment,
)
from planner.incidents.service import (
    create_customer,
    create_incident,
    filter_summaries,
    get_customer,
    get_incident,
    list_incident_summaries,
    new_incident,
    save_incident,
    set_status,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def make(db, title: str = "Late order", company: str = "Acme", **fields) -> Incident:
    customer = create_customer(db, Customer(company=company, contact_name="Ann"))
    return create_incident(db, Incident(customer_id=customer.id, title=title, **fields))


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("title", {"title": "   "}),
        ("title", {"title": "x" * 201}),
        ("reported_at", {"happened_at": T0, "reported_at": T0 - timedelta(hours=1)}),
        ("impact", {"impact": "y" * 20_001}),
        ("customer_confirmation", {"status": Status.CLOSED}),
    ],
)
def test_validation_errors_name_the_field(db, field: str, change: dict) -> None:
    customer = create_customer(db, Customer(company="Acme"))
    incident = Incident(customer_id=customer.id, title="Late order")
    for key, value in change.items():
        setattr(incident, key, value)
    with pytest.raises(ValidationError) as info:
        create_incident(db, incident)
    assert info.value.field == field
    assert field in str(info.value)
    assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0


def test_customer_validation_names_the_field(db) -> None:
    with pytest.raises(ValidationError) as info:
        create_customer(db, Customer(company=""))
    assert info.value.field == "company"
    with pytest.raises(ValidationError) as info:
        create_customer(db, Customer(company="Acme", email="not an address"))
    assert info.value.field == "email"


def test_closing_needs_the_customers_confirmation(db) -> None:
    incident = make(db)
    with pytest.raises(ValidationError, match="customer_confirmation"):
        set_status(db, incident.id, Status.CLOSED)
    assert get_incident(db, incident.id).status == Status.OPEN
    closed = set_status(db, incident.id, Status.CLOSED, confirmation="Dana: all sorted, thanks", now=T0)
    stored = get_incident(db, incident.id)
    assert stored.status == Status.CLOSED and stored.closed_at == T0
    assert stored.customer_confirmation == "Dana: all sorted, thanks" == closed.customer_confirmation
    reopened = set_status(db, incident.id, Status.REMEDY_IN_PROGRESS)
    assert reopened.closed_at is None


def test_list_puts_what_needs_attention_first(db) -> None:
    make(db, "closed one", status=Status.CLOSED, customer_confirmation="ok", severity=Severity.CRITICAL)
    make(db, "low and open", severity=Severity.LOW)
    make(db, "high, apologized", severity=Severity.HIGH, status=Status.APOLOGIZED)
    make(db, "high, still open, older", severity=Severity.HIGH, reported_at=T0 - timedelta(days=3))
    make(db, "high, still open, newer", severity=Severity.HIGH, reported_at=T0)
    titles = [r.title for r in list_incident_summaries(db)]
    assert titles == [
        "high, still open, older", "high, still open, newer", "high, apologized",
        "low and open", "closed one",
    ]


def test_filter_matches_customer_contact_and_title_words(db) -> None:
    make(db, "Crushed pallets", company="Halvorsen Fitouts")
    make(db, "Invoice twice", company="Brightwater")
    rows = list_incident_summaries(db)
    assert [r.title for r in filter_summaries(rows, "halv")] == ["Crushed pallets"]
    assert [r.title for r in filter_summaries(rows, "INVOICE bright")] == ["Invoice twice"]
    assert len(filter_summaries(rows, "ann")) == 2  # the contact name
    assert filter_summaries(rows, "", Status.CLOSED) == []


def test_moments_keep_their_order_through_insert_move_delete(db) -> None:
    incident = make(db)
    a = add_moment(db, incident.id, Moment(what="a"))
    b = add_moment(db, incident.id, Moment(what="b"))
    add_moment(db, incident.id, Moment(what="first"), position=0)
    assert [m.what for m in list_moments(db, incident.id)] == ["first", "a", "b"]
    move_moment(db, incident.id, b.id, 0)
    assert [m.what for m in list_moments(db, incident.id)] == ["b", "first", "a"]
    delete_moment(db, a.id)
    moments = list_moments(db, incident.id)
    assert [(m.what, m.position) for m in moments] == [("b", 0), ("first", 1)]


def test_new_incident_is_ready_to_fill_in(db) -> None:
    incident = new_incident(db, now=T0)
    stored = get_incident(db, incident.id)
    assert stored.title == "New incident" and stored.reported_at == T0
    assert get_customer(db, stored.customer_id).company == "New customer"


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1, max_size=300,
).filter(lambda s: s.strip())
SAMPLES = st.sampled_from(["Ünïcödé 😀🙏", "مرحبا بالعالم", "She said \"no\"\nthen 'yes'", "tab\tand\r\nCRLF"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(title=st.one_of(TEXT.filter(lambda s: len(s) <= 200), SAMPLES), body=st.one_of(TEXT, SAMPLES),
       company=st.one_of(TEXT.filter(lambda s: len(s) <= 200), SAMPLES))
def test_text_round_trips_exactly(db, title: str, body: str, company: str) -> None:
    incident = make(db, title=title, company=company, what_went_wrong=body, impact=body)
    moment = add_moment(db, incident.id, Moment(at_text="17:05", what=body, feeling=body))
    save_moment(db, moment)
    stored = get_incident(db, incident.id)
    assert (stored.title, stored.what_went_wrong, stored.impact) == (title, body, body)
    assert get_customer(db, stored.customer_id).company == company
    assert (stored.moments[0].what, stored.moments[0].feeling) == (body, body)


def test_times_are_stored_aware_and_come_back_equal(db) -> None:
    from zoneinfo import ZoneInfo

    berlin = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    incident = make(db, happened_at=berlin, reported_at=berlin + timedelta(hours=2))
    stored = get_incident(db, incident.id)
    assert stored.happened_at == berlin and stored.happened_at.tzinfo is not None
    incident.title = "edited"
    save_incident(db, incident)
    assert get_incident(db, incident.id).reported_at == berlin + timedelta(hours=2)
