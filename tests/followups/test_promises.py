"""The apology's promised dates are follow-ups: created, moved and removed with them."""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlite_utils import Database

from planner.apology.service import get_apology
from planner.followups.cadence import CadenceStep
from planner.followups.plan import propose_for_incident
from planner.followups.promises import (
    CHECK_BACK_SOURCE,
    REMEDY_SOURCE,
    save_apology_and_promises,
)
from planner.followups.service import (
    FollowUpStatus,
    delete_followup,
    list_followups,
    mark_done,
    save_followup,
)
from planner.incidents.service import get_customer, get_incident, new_incident, save_customer
from planner.overview.timeline import PointKind, incident_timeline
from planner.overview.today import today_view

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
DUE, BACK = date(2026, 12, 4), date(2026, 12, 7)


def promise(db: Database, *, due: date | None = DUE, back: date | None = BACK,
            owner: str = "Sam") -> int:
    incident = new_incident(db, now=NOW)
    assert incident.id is not None
    customer = get_customer(db, incident.customer_id)
    customer.contact_name = "Dana Ruiz"
    save_customer(db, customer)
    apology = get_apology(db, incident.id)
    apology.remedy_due, apology.check_back, apology.remedy_owner = due, back, owner
    save_apology_and_promises(db, apology, tz="Europe/London", now=NOW)
    return incident.id


def by_source(db: Database, incident_id: int) -> dict[str, list]:
    found: dict[str, list] = {}
    for followup in list_followups(db, incident_id):
        found.setdefault(followup.source, []).append(followup)
    return found


def test_ticking_the_dates_adds_one_all_day_call_for_each(db: Database) -> None:
    incident_id = promise(db)
    found = by_source(db, incident_id)
    [remedy], [back] = found[REMEDY_SOURCE], found[CHECK_BACK_SOURCE]
    assert (remedy.due_date, remedy.due_time, remedy.channel) == (DUE, None, "call")
    assert remedy.purpose == "Remedy due (Sam): confirm the fix reached them and works"
    assert (back.due_date, back.purpose) == (BACK, "Check back with Dana Ruiz, as promised in the apology")
    assert back.tz == "Europe/London" and back.status == FollowUpStatus.PENDING


def test_moving_a_date_moves_its_follow_up_and_clearing_it_removes_it(db: Database) -> None:
    incident_id = promise(db)
    [before] = by_source(db, incident_id)[CHECK_BACK_SOURCE]
    apology = get_apology(db, incident_id)
    apology.check_back, apology.remedy_owner = date(2026, 12, 9), "Lee"
    save_apology_and_promises(db, apology, now=NOW)
    [after] = by_source(db, incident_id)[CHECK_BACK_SOURCE]
    assert (after.id, after.ics_uid, after.due_date) == (before.id, before.ics_uid, date(2026, 12, 9))
    [remedy] = by_source(db, incident_id)[REMEDY_SOURCE]
    assert remedy.purpose.startswith("Remedy due (Lee):")  # the owner follows while unedited
    apology.check_back = None
    save_apology_and_promises(db, apology, now=NOW)
    assert CHECK_BACK_SOURCE not in by_source(db, incident_id)


def test_a_purpose_the_user_rewrote_and_a_kept_promise_are_left_alone(db: Database) -> None:
    incident_id = promise(db)
    [remedy] = by_source(db, incident_id)[REMEDY_SOURCE]
    remedy.purpose = "Ring Dana about the new shelving"
    save_followup(db, remedy)
    [back] = by_source(db, incident_id)[CHECK_BACK_SOURCE]
    assert back.id is not None
    mark_done(db, back.id, "Dana is happy", NOW)
    apology = get_apology(db, incident_id)
    apology.remedy_owner = "Lee"
    save_apology_and_promises(db, apology, now=NOW)
    found = by_source(db, incident_id)
    assert [f.purpose for f in found[REMEDY_SOURCE]] == ["Ring Dana about the new shelving"]
    assert [f.status for f in found[CHECK_BACK_SOURCE]] == [FollowUpStatus.DONE]
    apology.check_back = None  # a promise kept is history: clearing the date keeps it
    save_apology_and_promises(db, apology, now=NOW)
    assert [f.status for f in by_source(db, incident_id)[CHECK_BACK_SOURCE]] == [FollowUpStatus.DONE]


def test_moving_or_deleting_the_follow_up_changes_the_promise(db: Database) -> None:
    incident_id = promise(db)
    [back] = by_source(db, incident_id)[CHECK_BACK_SOURCE]
    back.due_date = date(2026, 12, 8)
    save_followup(db, back)
    assert get_apology(db, incident_id).check_back == date(2026, 12, 8)
    [remedy] = by_source(db, incident_id)[REMEDY_SOURCE]
    assert remedy.id is not None
    delete_followup(db, remedy.id)
    apology = get_apology(db, incident_id)
    assert apology.remedy_due is None and apology.check_back == date(2026, 12, 8)
    save_apology_and_promises(db, apology, now=NOW)  # saving again brings nothing back
    assert REMEDY_SOURCE not in by_source(db, incident_id)


def test_the_cadence_plans_around_the_promised_dates(db: Database) -> None:
    from zoneinfo import ZoneInfo

    incident_id = promise(db)
    steps = [
        CadenceStep("remedy_due", "P0D", purpose="Confirm the fix arrived"),  # the promise itself
        CadenceStep("remedy_due", "P2D", purpose="Ask how the fix is holding"),  # 7 Dec: promised
        CadenceStep("remedy_due", "P1M", purpose="A month on"),
    ]
    proposals = propose_for_incident(db, incident_id, steps, zone=ZoneInfo("UTC"),
                                     today=NOW.date())
    assert [p.purpose for p in proposals] == ["A month on"]


def test_promises_show_in_today_and_on_the_timeline(db: Database) -> None:
    incident_id = promise(db)
    data = today_view(db, NOW)
    purposes = [item.purpose for item in data.upcoming]
    assert any(p.startswith("Remedy due") for p in purposes)
    assert any(p.startswith("Check back with Dana") for p in purposes)
    points = incident_timeline(db, incident_id, NOW)
    kinds = [p.kind for p in points]
    assert kinds.count(PointKind.REMEDY_DUE) == 1 and PointKind.CHECK_BACK in kinds
    assert PointKind.FOLLOWUP not in kinds  # each promise is drawn once
    assert get_incident(db, incident_id).id == incident_id
