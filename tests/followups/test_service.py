"""Follow-ups: storage, validation, time zones, overdue, done/skipped, closing, cadence, sample."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.errors import NotFoundError, ValidationError
from planner.followups.cadence import DEFAULT_CADENCE
from planner.followups.plan import apply_proposals, cadence_anchors, propose_for_incident
from planner.followups.service import (
    CLOSED_NOTE,
    PURPOSE_LIMIT,
    FollowUp,
    FollowUpStatus,
    PendingFollowUpsError,
    add_followup,
    close_incident,
    close_incident_check,
    delete_followup,
    get_followup,
    list_followups,
    mark_done,
    mark_skipped,
    overdue,
    reopen,
    save_followup,
)
from planner.incidents.model import Status
from planner.incidents.service import get_incident
from planner.timeutil import to_iso

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def make(incident_id: int, day: date, clock: time | None = None, **fields: object) -> FollowUp:
    values: dict[str, object] = {"purpose": "Check the end caps arrived", "tz": "Europe/Berlin"}
    values.update(fields)
    return FollowUp(incident_id=incident_id, due_date=day, due_time=clock, **values)  # type: ignore[arg-type]


@pytest.fixture
def bare_incident(db, sample_id: int) -> int:
    """The sample incident with its own follow-ups removed, so each test starts clean."""
    db.execute("DELETE FROM followups")
    return sample_id


def test_add_get_list_in_date_order_all_day_first(db, bare_incident: int) -> None:
    late = add_followup(db, make(bare_incident, date(2026, 3, 30), time(9, 0)), now=NOW)
    timed = add_followup(db, make(bare_incident, date(2026, 3, 24), time(14, 30)), now=NOW)
    early = add_followup(db, make(bare_incident, date(2026, 3, 24), time(8, 5)), now=NOW)
    all_day = add_followup(db, make(bare_incident, date(2026, 3, 24)), now=NOW)
    assert [f.id for f in list_followups(db, bare_incident)] == [all_day.id, early.id, timed.id, late.id]
    stored = get_followup(db, timed.id)
    assert (stored.due_date, stored.due_time, stored.tz) == (date(2026, 3, 24), time(14, 30), "Europe/Berlin")
    assert stored.status == FollowUpStatus.PENDING and stored.ics_sequence == 0
    assert stored.ics_uid.endswith("@amends") and len({f.ics_uid for f in list_followups(db, bare_incident)}) == 4


def test_uid_is_kept_for_life(db, bare_incident: int) -> None:
    followup = add_followup(db, make(bare_incident, date(2026, 3, 24)), now=NOW, new_uid=lambda: "fixed@t")
    changed = replace(followup, purpose="Something else", due_date=date(2026, 4, 2), ics_uid="other")
    save_followup(db, changed, now=NOW)
    stored = get_followup(db, followup.id)
    assert stored.ics_uid == "fixed@t" and stored.purpose == "Something else"


@pytest.mark.parametrize(("fields", "field"), [
    ({"channel": "fax"}, "channel"),
    ({"purpose": "   "}, "purpose"),
    ({"purpose": "x" * (PURPOSE_LIMIT + 1)}, "purpose"),
    ({"tz": "Mars/Olympus"}, "tz"),
    ({"tz": "../../etc/passwd"}, "tz"),
    ({"tz": ""}, "tz"),
])
def test_validation_names_the_field(db, bare_incident: int, fields: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        add_followup(db, make(bare_incident, date(2026, 3, 24), **fields), now=NOW)
    assert caught.value.field == field
    assert list_followups(db, bare_incident) == []


def test_timed_follow_up_keeps_its_local_time_across_dst() -> None:
    before = make(1, date(2026, 3, 28), time(10, 0))  # Berlin moves to summer time on 29 March
    after = make(1, date(2026, 3, 30), time(10, 0))
    assert before.starts_at().astimezone(UTC).hour == 9
    assert after.starts_at().astimezone(UTC).hour == 8
    assert after.starts_at().astimezone(BERLIN).time() == time(10, 0)
    assert make(1, date(2026, 3, 30)).starts_at() is None


def test_overdue_is_pending_and_due_before_now() -> None:
    now = datetime(2026, 3, 24, 12, 0, tzinfo=BERLIN)
    past = make(1, date(2026, 3, 24), time(11, 59))
    later = make(1, date(2026, 3, 24), time(12, 1))
    today = make(1, date(2026, 3, 24))  # all day: not overdue until the day is over
    yesterday = make(1, date(2026, 3, 23))
    done = make(1, date(2026, 3, 20), status=FollowUpStatus.DONE)
    skipped = make(1, date(2026, 3, 20), status=FollowUpStatus.SKIPPED)
    assert overdue([past, later, today, yesterday, done, skipped], now) == [past, yesterday]


def test_mark_done_skip_reopen_delete(db, bare_incident: int) -> None:
    followup = add_followup(db, make(bare_incident, date(2026, 3, 24)), now=NOW)
    with pytest.raises(ValidationError) as caught:
        mark_done(db, followup.id, "  ", NOW)
    assert caught.value.field == "outcome"
    done = mark_done(db, followup.id, "  She confirmed the caps fit.  ", NOW)
    stored = get_followup(db, followup.id)
    assert stored == done and stored.status == FollowUpStatus.DONE
    assert (stored.outcome, stored.done_at) == ("She confirmed the caps fit.", NOW)
    assert reopen(db, followup.id, NOW).status == FollowUpStatus.PENDING
    assert get_followup(db, followup.id).done_at is None
    assert mark_skipped(db, followup.id, NOW).status == FollowUpStatus.SKIPPED
    delete_followup(db, followup.id)
    with pytest.raises(NotFoundError):
        get_followup(db, followup.id)
    with pytest.raises(NotFoundError):
        delete_followup(db, followup.id)
    with pytest.raises(NotFoundError):
        save_followup(db, done, now=NOW)


def test_closing_with_pending_follow_ups_needs_confirmation(db, bare_incident: int) -> None:
    first = add_followup(db, make(bare_incident, date(2026, 3, 24)), now=NOW)
    add_followup(db, make(bare_incident, date(2026, 3, 25), outcome="keep me"), now=NOW)
    mark_done(db, add_followup(db, make(bare_incident, date(2026, 3, 23)), now=NOW).id, "ok", NOW)
    assert close_incident_check(db, bare_incident) == 2
    with pytest.raises(PendingFollowUpsError, match="2 follow-ups are still pending") as caught:
        close_incident(db, bare_incident, "Dana said all is well", now=NOW)
    assert caught.value.count == 2
    with pytest.raises(ValidationError):  # no word from the customer: nothing changes
        close_incident(db, bare_incident, " ", skip_pending=True, now=NOW)
    assert close_incident_check(db, bare_incident) == 2
    incident = close_incident(db, bare_incident, "Dana said all is well", skip_pending=True, now=NOW)
    assert incident.status == Status.CLOSED
    stored = get_incident(db, bare_incident)
    assert stored.customer_confirmation == "Dana said all is well" and stored.closed_at == NOW
    outcomes = {f.outcome for f in list_followups(db, bare_incident) if f.status == FollowUpStatus.SKIPPED}
    assert outcomes == {CLOSED_NOTE, "keep me"}
    assert close_incident_check(db, first.incident_id) == 0
    with pytest.raises(NotFoundError):
        close_incident_check(db, 9999)


def test_cadence_anchors_and_proposals_never_duplicate(db, bare_incident: int) -> None:
    reported = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
    db.execute("UPDATE incidents SET reported_at = ? WHERE id = ?", [to_iso(reported), bare_incident])
    for starts, status in ((datetime(2026, 3, 18, 9, tzinfo=UTC), "cancelled"),
                           (datetime(2026, 3, 20, 9, tzinfo=UTC), "planned")):
        db["visits"].insert({"incident_id": bare_incident, "starts_at": to_iso(starts), "tz": "UTC",
                             "status": status, "ics_uid": f"v{status}@t", "created_at": "x", "updated_at": "x"})
    db.execute("INSERT OR REPLACE INTO apologies(incident_id, remedy_due, updated_at) VALUES (?, ?, ?)",
               [bare_incident, "2026-03-25", "x"])
    anchors = cadence_anchors(db, bare_incident, BERLIN)
    assert anchors == {"reported": date(2026, 3, 16), "visit": date(2026, 3, 20), "remedy_due": date(2026, 3, 25)}
    proposals = propose_for_incident(db, bare_incident, DEFAULT_CADENCE, zone=BERLIN, today=date(2026, 3, 20))
    assert [p.date for p in proposals] == [date(2026, 3, 23), date(2026, 3, 25), date(2026, 4, 1), date(2026, 4, 20)]
    assert all(p.date.weekday() < 5 for p in proposals)
    added = apply_proposals(db, bare_incident, proposals[:2], tz="Europe/Berlin", now=NOW)
    assert len(added) == 2 and all(f.source == "cadence" for f in added)
    again = propose_for_incident(db, bare_incident, DEFAULT_CADENCE, zone=BERLIN, today=date(2026, 3, 20))
    assert again == proposals[2:]
    assert apply_proposals(db, bare_incident, proposals, tz="Europe/Berlin", now=NOW)[0].due_date == date(2026, 4, 1)
    assert len(list_followups(db, bare_incident)) == 4


def test_sample_follow_ups_are_honest(db) -> None:
    from planner.sample import add_sample

    now = datetime(2026, 3, 21, 10, 0, tzinfo=UTC)  # a Saturday
    incident_id = add_sample(db, now=now)
    followups = list_followups(db, incident_id)
    past = [f for f in followups if f.due_date < now.date()]
    upcoming = [f for f in followups if f.due_date >= now.date()]
    assert past and all(f.status == FollowUpStatus.DONE and f.outcome and f.done_at <= now for f in past)
    assert len(upcoming) >= 4 and all(f.status == FollowUpStatus.PENDING for f in upcoming)
    assert all(f.due_date.weekday() < 5 for f in upcoming)
    assert overdue(followups, now) == []
    assert any(f.all_day for f in upcoming) and any(not f.all_day for f in upcoming)
    assert (upcoming[-1].due_date - now.date()) > timedelta(days=27)  # a month later
