"""Hypothesis drives random sequences of incident, visit and follow-up edits against an in-memory model.

After every step the database, read back through the service functions, must equal the model;
now and then the file is closed and reopened, so what is compared is what was really stored.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from planner.followups.cadence import CHANNELS
from planner.followups.service import (
    FollowUp,
    FollowUpStatus,
    add_followup,
    delete_followup,
    get_followup,
    list_followups,
    mark_done,
    save_followup,
)
from planner.incidents.model import Customer, Incident
from planner.incidents.service import (
    create_customer,
    create_incident,
    delete_incident,
    get_incident,
    list_customers,
    save_incident,
)
from planner.store.db import open_data_dir
from planner.visits.model import Visit, VisitItem, VisitPerson
from planner.visits.service import create_visit, delete_visit, get_visit, list_visits, save_visit

NOW = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)
# Everything a user can type, bar lone surrogates (not text) and control characters (never typed).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
REQUIRED = TEXT.filter(lambda t: t.strip() != "")
LINES = st.lists(REQUIRED, max_size=4)


@dataclass
class IncidentModel:
    title: str
    what: str = ""
    visits: dict[int, dict[str, Any]] = field(default_factory=dict)
    followups: dict[int, dict[str, Any]] = field(default_factory=dict)


class EditsMachine(RuleBasedStateMachine):
    """The user's edits, in any order; the model is the truth the database must match."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="amends-stateful-"))
        self.db = open_data_dir(self.folder)
        self.model: dict[int, IncidentModel] = {}

    def teardown(self) -> None:
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _visits(self) -> list[tuple[int, int]]:
        return sorted((i, v) for i, m in self.model.items() for v in m.visits)

    def _followups(self) -> list[tuple[int, int]]:
        return sorted((i, f) for i, m in self.model.items() for f in m.followups)

    @rule(company=REQUIRED, title=REQUIRED)
    def add_incident(self, company: str, title: str) -> None:
        customer = create_customer(self.db, Customer(company=company))
        assert customer.id is not None
        incident = create_incident(self.db, Incident(customer_id=customer.id, title=title))
        assert incident.id is not None
        self.model[incident.id] = IncidentModel(title)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), title=REQUIRED, what=TEXT)
    def edit_incident(self, data: st.DataObject, title: str, what: str) -> None:
        incident_id = data.draw(st.sampled_from(sorted(self.model)))
        incident = get_incident(self.db, incident_id)
        incident.title, incident.what_went_wrong = title, what
        save_incident(self.db, incident)
        self.model[incident_id].title, self.model[incident_id].what = title, what

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def remove_incident(self, data: st.DataObject) -> None:
        incident_id = data.draw(st.sampled_from(sorted(self.model)))
        delete_incident(self.db, incident_id)
        del self.model[incident_id]

    @precondition(lambda self: self.model)
    @rule(data=st.data(), place=TEXT, people=LINES, agenda=LINES, days=st.integers(1, 90))
    def add_visit(self, data: st.DataObject, place: str, people: list[str], agenda: list[str], days: int) -> None:
        incident_id = data.draw(st.sampled_from(sorted(self.model)))
        visit = create_visit(self.db, Visit(
            incident_id=incident_id, starts_at=NOW + timedelta(days=days), place=place,
            people=[VisitPerson(name) for name in people], agenda=[VisitItem(t) for t in agenda],
        ), now=NOW)
        assert visit.id is not None
        self.model[incident_id].visits[visit.id] = {"place": place, "notes": "", "people": people, "agenda": agenda}

    @precondition(lambda self: self._visits())
    @rule(data=st.data(), place=TEXT, notes=TEXT, agenda=LINES)
    def edit_visit(self, data: st.DataObject, place: str, notes: str, agenda: list[str]) -> None:
        incident_id, visit_id = data.draw(st.sampled_from(self._visits()))
        visit = get_visit(self.db, visit_id)
        visit.place, visit.notes, visit.agenda = place, notes, [VisitItem(t) for t in agenda]
        save_visit(self.db, visit, now=NOW)
        self.model[incident_id].visits[visit_id].update(place=place, notes=notes, agenda=agenda)

    @precondition(lambda self: self._visits())
    @rule(data=st.data())
    def remove_visit(self, data: st.DataObject) -> None:
        incident_id, visit_id = data.draw(st.sampled_from(self._visits()))
        delete_visit(self.db, visit_id)
        del self.model[incident_id].visits[visit_id]

    @precondition(lambda self: self.model)
    @rule(data=st.data(), purpose=REQUIRED, day=st.integers(0, 400), channel=st.sampled_from(CHANNELS))
    def add_followup(self, data: st.DataObject, purpose: str, day: int, channel: str) -> None:
        purpose = purpose[:300]
        incident_id = data.draw(st.sampled_from(sorted(self.model)))
        due = date(2031, 1, 1) + timedelta(days=day)
        followup = add_followup(self.db, FollowUp(incident_id=incident_id, due_date=due, purpose=purpose, channel=channel))
        assert followup.id is not None
        self.model[incident_id].followups[followup.id] = {
            "purpose": purpose.strip(), "due": due, "channel": channel, "status": "pending", "outcome": "",
        }

    @precondition(lambda self: self._followups())
    @rule(data=st.data(), purpose=REQUIRED, day=st.integers(0, 400))
    def edit_followup(self, data: st.DataObject, purpose: str, day: int) -> None:
        incident_id, followup_id = data.draw(st.sampled_from(self._followups()))
        followup = get_followup(self.db, followup_id)
        followup.purpose, followup.due_date = purpose, date(2031, 1, 1) + timedelta(days=day)
        save_followup(self.db, followup)
        self.model[incident_id].followups[followup_id].update(purpose=purpose.strip(), due=followup.due_date)

    @precondition(lambda self: self._followups())
    @rule(data=st.data(), outcome=REQUIRED)
    def complete_followup(self, data: st.DataObject, outcome: str) -> None:
        incident_id, followup_id = data.draw(st.sampled_from(self._followups()))
        mark_done(self.db, followup_id, outcome, NOW)
        self.model[incident_id].followups[followup_id].update(status="done", outcome=outcome.strip())

    @precondition(lambda self: self._followups())
    @rule(data=st.data())
    def remove_followup(self, data: st.DataObject) -> None:
        incident_id, followup_id = data.draw(st.sampled_from(self._followups()))
        delete_followup(self.db, followup_id)
        del self.model[incident_id].followups[followup_id]

    @rule()
    def reopen(self) -> None:
        self.db.close()
        self.db = open_data_dir(self.folder)

    @invariant()
    def database_matches_model(self) -> None:
        stored = {row[0] for row in self.db.execute("SELECT id FROM incidents")}
        assert stored == set(self.model)
        assert len(list_customers(self.db)) >= len(self.model)
        for incident_id, expected in self.model.items():
            incident = get_incident(self.db, incident_id)
            assert (incident.title, incident.what_went_wrong) == (expected.title, expected.what)
            visits = {v.id: v for v in list_visits(self.db, incident_id)}
            assert set(visits) == set(expected.visits)
            for visit_id, want in expected.visits.items():
                got = visits[visit_id]
                assert (got.place, got.notes) == (want["place"], want["notes"])
                assert [p.name for p in got.people] == want["people"]
                assert [i.text for i in got.agenda] == want["agenda"]
            followups = {f.id: f for f in list_followups(self.db, incident_id)}
            assert set(followups) == set(expected.followups)
            for followup_id, want in expected.followups.items():
                got_f = followups[followup_id]
                assert (got_f.purpose, got_f.due_date, got_f.channel, got_f.outcome) == (
                    want["purpose"], want["due"], want["channel"], want["outcome"])
                assert got_f.status == FollowUpStatus(want["status"])
        assert self.db.execute("PRAGMA foreign_key_check").fetchall() == []


EditsMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)
TestEdits = EditsMachine.TestCase
