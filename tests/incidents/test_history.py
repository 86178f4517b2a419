"""Undo and redo as data: an edit's rows put back exactly, never over a newer change."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlite_utils import Database

from planner.followups.service import (
    FollowUp,
    add_followup,
    get_followup,
    list_followups,
    mark_done,
)
from planner.incidents.history import Change, StaleHistoryError, diff, redo, snapshot, undo
from planner.incidents.model import Moment
from planner.incidents.moments import add_moment, delete_moment, list_moments
from planner.incidents.service import delete_incident, get_incident, new_incident, save_incident
from planner.visits.model import VisitItem
from planner.visits.service import get_visit, new_visit, save_visit

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def record(db: Database, incident_id: int, edit) -> Change:  # type: ignore[no-untyped-def]
    before = snapshot(db, incident_id)
    edit()
    return diff(before, snapshot(db, incident_id))


def test_text_moments_visits_and_follow_ups_go_back_and_forth(db: Database) -> None:
    incident = new_incident(db, now=NOW)
    iid = incident.id
    assert iid is not None
    first = add_moment(db, iid, Moment(what="Nobody answered at 17:05"))
    add_moment(db, iid, Moment(what="Had to tell their boss"))
    visit = new_visit(db, iid, now=NOW)
    start = snapshot(db, iid)

    def edits() -> None:
        incident.title = "Invoiced twice"
        save_incident(db, incident, now=NOW)
        assert first.id is not None
        delete_moment(db, first.id)
        visit.agenda.append(VisitItem("Hand over the credit note"))
        save_visit(db, visit, now=NOW)
        add_followup(db, FollowUp(incident_id=iid, due_date=date(2026, 12, 4), purpose="Call"))

    change = record(db, iid, edits)
    assert change.tables() >= {"incidents", "moments", "visit_items", "followups"}
    done = snapshot(db, iid)
    undo(db, change, now=NOW)
    assert diff(start, snapshot(db, iid)).is_empty()
    assert get_incident(db, iid).title == "New incident"
    assert [m.what for m in list_moments(db, iid)] == ["Nobody answered at 17:05", "Had to tell their boss"]
    redo(db, change, now=NOW)
    assert diff(done, snapshot(db, iid)).is_empty()
    assert visit.id is not None and get_visit(db, visit.id).agenda[-1].text == "Hand over the credit note"


def test_deleting_an_incident_with_its_customer_can_be_undone(db: Database) -> None:
    incident = new_incident(db, now=NOW)
    iid = incident.id
    assert iid is not None
    add_followup(db, FollowUp(incident_id=iid, due_date=date(2026, 12, 4), purpose="Call"))
    change = record(db, iid, lambda: delete_incident(db, iid))
    assert db.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
    undo(db, change, now=NOW)
    assert get_incident(db, iid).customer_id == incident.customer_id
    assert [f.purpose for f in list_followups(db, iid)] == ["Call"]


def test_calendar_bookkeeping_is_never_rolled_back(db: Database) -> None:
    iid = new_incident(db, now=NOW).id
    assert iid is not None
    followup = add_followup(db, FollowUp(incident_id=iid, due_date=date(2026, 12, 4), purpose="Call"))
    assert followup.id is not None
    change = record(db, iid, lambda: mark_done(db, followup.id, "Sorted", NOW))
    db.execute("UPDATE followups SET ics_sequence = 3, ics_fingerprint = 'exported' WHERE id = ?",
               [followup.id])
    undo(db, change, now=NOW + timedelta(minutes=5))
    back = get_followup(db, followup.id)
    assert back.status == "pending" and back.outcome == ""
    assert (back.ics_uid, back.ics_sequence, back.ics_fingerprint) == (followup.ics_uid, 3, "exported")


def retitling(db: Database) -> tuple[int, Callable[[str], None]]:
    """A new incident's id, and a function that saves it under another title."""
    incident = new_incident(db, now=NOW)
    assert incident.id is not None

    def retitle(title: str) -> None:
        incident.title = title
        save_incident(db, incident, now=NOW)

    return incident.id, retitle


def test_an_undo_never_overwrites_a_newer_change(db: Database) -> None:
    iid, retitle = retitling(db)
    change = record(db, iid, lambda: retitle("First"))
    retitle("Changed elsewhere")  # not recorded: a sync, another window
    with pytest.raises(StaleHistoryError, match="Nothing was changed"):
        undo(db, change, now=NOW)
    assert get_incident(db, iid).title == "Changed elsewhere"


def test_changes_in_a_row_combine_and_a_round_trip_is_empty(db: Database) -> None:
    iid, retitle = retitling(db)
    typed = record(db, iid, lambda: retitle("Invoiced"))
    more = record(db, iid, lambda: retitle("Invoiced twice"))
    both = typed.then(more)
    assert both.before[("incidents", iid)]["title"] == "New incident"  # type: ignore[index]
    assert both.after[("incidents", iid)]["title"] == "Invoiced twice"  # type: ignore[index]
    back = record(db, iid, lambda: retitle("New incident"))
    assert both.then(back).is_empty()
