"""Today's contents for a fixed moment: overdue, due today, the week ahead, visits, apologies owed."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from planner.errors import NotFoundError, ValidationError
from planner.incidents.model import Status
from planner.overview.today import complete_followup, today_view
from tests.today_data import LONDON, NOW, add_apology, add_followup, add_incident, add_visit


def purposes(items: list) -> list[str]:
    return [i.purpose for i in items]


def test_followups_fall_into_overdue_today_and_the_next_seven_days(db) -> None:
    iid = add_incident(db)
    add_followup(db, iid, date(2026, 11, 20), time(9, 0), "last week")
    add_followup(db, iid, date(2026, 11, 23), None, "yesterday, all day")
    add_followup(db, iid, date(2026, 11, 24), time(10, 0), "this morning")  # time has passed
    add_followup(db, iid, date(2026, 11, 24), None, "today, all day")
    add_followup(db, iid, date(2026, 11, 24), time(16, 30), "this afternoon")
    add_followup(db, iid, date(2026, 11, 25), time(9, 0), "tomorrow")
    add_followup(db, iid, date(2026, 12, 1), None, "in a week")
    add_followup(db, iid, date(2026, 12, 2), None, "in eight days")
    add_followup(db, iid, date(2026, 11, 21), None, "done already", status="done")
    add_followup(db, iid, date(2026, 11, 24), None, "skipped", status="skipped")
    data = today_view(db, NOW)
    assert purposes(data.overdue) == ["last week", "yesterday, all day", "this morning"]
    assert all(f.overdue for f in data.overdue)
    assert purposes(data.due_today) == ["today, all day", "this afternoon"]
    assert purposes(data.upcoming) == ["tomorrow", "in a week"]
    assert data.overdue[0].company == "Halvorsen Fitouts" and data.overdue[0].incident_id == iid
    assert data.due_today[1].starts_at == datetime(2026, 11, 24, 16, 30, tzinfo=LONDON)


def test_days_ahead_is_a_parameter(db) -> None:
    iid = add_incident(db)
    add_followup(db, iid, date(2026, 12, 10), None, "far")
    assert today_view(db, NOW).upcoming == []
    assert purposes(today_view(db, NOW, days=30).upcoming) == ["far"]


def test_a_timed_followup_is_placed_on_the_day_it_falls_on_where_the_user_is(db) -> None:
    iid = add_incident(db)
    # 09:00 on the 25th in Auckland is 20:00 on the 24th in London: due today, not tomorrow.
    add_followup(db, iid, date(2026, 11, 25), time(9, 0), "call Auckland", tz="Pacific/Auckland")
    data = today_view(db, NOW)
    assert purposes(data.due_today) == ["call Auckland"]
    assert data.due_today[0].day == date(2026, 11, 24)


def test_an_unknown_zone_is_read_as_utc_rather_than_failing(db) -> None:
    iid = add_incident(db)
    add_followup(db, iid, date(2026, 11, 24), time(18, 0), "odd zone", tz="Mars/Olympus")
    assert purposes(today_view(db, NOW).due_today) == ["odd zone"]


def test_visits_planned_in_the_next_fourteen_days(db) -> None:
    iid = add_incident(db)
    add_visit(db, iid, NOW + timedelta(days=2), "Canal Works")
    add_visit(db, iid, NOW - timedelta(hours=3), "earlier today")  # still planned: shown
    add_visit(db, iid, NOW - timedelta(days=2), "last week")
    add_visit(db, iid, NOW + timedelta(days=15), "too far")
    add_visit(db, iid, NOW + timedelta(days=1), "called off", status="cancelled")
    add_visit(db, iid, NOW + timedelta(days=1), "done", status="done")
    data = today_view(db, NOW)
    assert [v.place for v in data.visits] == ["earlier today", "Canal Works"]
    assert [v.place for v in today_view(db, NOW, visit_days=20).visits][-1] == "too far"


def test_incidents_waiting_for_an_apology_with_their_age_and_late_flag(db) -> None:
    old = add_incident(db, "Brightwater Dental", "Invoice charged twice", reported=NOW - timedelta(days=5))
    edge = add_incident(db, "Kestrel Labs", "Wrong part", reported=NOW - timedelta(days=3),
                        status=Status.APOLOGY_PLANNED)
    new = add_incident(db, "Orchard Cafe", "Missed call", reported=NOW - timedelta(hours=2))
    add_incident(db, "Done Ltd", "Already apologized", status=Status.APOLOGIZED)
    add_incident(db, "Closed Ltd", "Closed", status=Status.CLOSED, customer_confirmation="Happy now")
    add_apology(db, edge, planned_for="2026-11-25T10:00:00+00:00")
    data = today_view(db, NOW)
    assert [(w.incident_id, w.age_days, w.late) for w in data.waiting] == [
        (old, 5, True), (edge, 3, False), (new, 0, False)]
    assert data.waiting[1].apology_planned_for == datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
    assert [w.late for w in today_view(db, NOW, late_days=2).waiting] == [True, True, False]


def test_age_counts_calendar_days_in_the_users_zone(db) -> None:
    # Reported at 23:30 the evening before: one day old at 14:00, although fewer than 24 hours.
    iid = add_incident(db, reported=datetime(2026, 11, 23, 23, 30, tzinfo=LONDON))
    assert [(w.incident_id, w.age_days) for w in today_view(db, NOW).waiting] == [(iid, 1)]


def test_empty_database_means_nothing_needs_the_user(db) -> None:
    data = today_view(db, NOW)
    assert data.is_empty() and data.today == date(2026, 11, 24)


def test_now_must_carry_a_time_zone(db) -> None:
    with pytest.raises(ValueError, match="time zone"):
        today_view(db, datetime(2026, 11, 24, 14, 0))


def test_complete_followup_records_the_outcome_and_leaves_today(db) -> None:
    iid = add_incident(db, status=Status.APOLOGIZED)
    fid = add_followup(db, iid, date(2026, 11, 24), None, "check the end caps")
    complete_followup(db, fid, "  They fit. Call again next week.  ", now=NOW)
    row = db.execute("SELECT status, outcome, done_at FROM followups WHERE id = ?", [fid]).fetchone()
    assert row == ("done", "They fit. Call again next week.", "2026-11-24T14:00:00+00:00")
    assert today_view(db, NOW).is_empty()


def test_complete_followup_needs_an_outcome_and_an_existing_followup(db) -> None:
    iid = add_incident(db)
    fid = add_followup(db, iid, date(2026, 11, 24))
    with pytest.raises(ValidationError) as caught:
        complete_followup(db, fid, "   ", now=NOW)
    assert caught.value.field == "outcome"
    with pytest.raises(NotFoundError):
        complete_followup(db, 9999, "done", now=NOW)
