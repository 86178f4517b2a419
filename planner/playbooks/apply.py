"""Applying a playbook to a stored incident: read what it holds, add only what is missing."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from planner.apology.service import get_apology, save_apology
from planner.followups.cadence import CadenceStep, Proposal, propose
from planner.followups.plan import CADENCE_SOURCE, apply_proposals, cadence_anchors, settle_times
from planner.followups.service import list_followups
from planner.playbooks import ApplicationPlan, CurrentPlan, Playbook, RemedyOption, plan_application
from planner.playbooks.plan import missing_items
from planner.timeutil import now_utc
from planner.visits.model import (
    DEFAULT_DURATION_MIN,
    Visit,
    VisitItem,
    VisitPerson,
    VisitStatus,
    default_start,
)
from planner.visits.service import list_visits, new_visit, save_visit
from planner.visits.slots import first_free

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class IncidentState:
    """What an incident already holds, and the visit a playbook's lists would go into."""

    current: CurrentPlan
    visit: Visit | None  # the first visit still planned; None when there is none


@dataclass(frozen=True)
class ApplyChoices:
    """What the user accepted in the preview; everything defaults to adding nothing."""

    visit_items: bool = False  # add the agenda, bring-list, questions and people
    remedy: RemedyOption | None = None  # fills the remedy only while it is still empty
    followups: Sequence[Proposal] = ()
    tz: str = "UTC"  # IANA zone for the new follow-ups


@dataclass
class ApplyResult:
    """What applying changed, for the status bar."""

    visit_id: int | None = None
    visit_created: bool = False
    items_added: int = 0
    remedy_filled: bool = False
    followups_added: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence saying what was added, or that nothing was."""
        parts = []
        if self.visit_created:
            parts.append("planned a visit")
        if self.items_added:
            parts.append(f"added {self.items_added} visit item{'s' * (self.items_added != 1)}")
        if self.remedy_filled:
            parts.append("filled in the remedy")
        if self.followups_added:
            parts.append(f"proposed {self.followups_added} follow-up"
                         f"{'s' * (self.followups_added != 1)}")
        return ("Playbook applied: " + ", ".join(parts) + ".") if parts else "Nothing was added."


def planned_visit(db: Database, incident_id: int) -> Visit | None:
    """The incident's earliest visit that is still planned."""
    return next((v for v in list_visits(db, incident_id) if v.status == VisitStatus.PLANNED), None)


def incident_state(db: Database, incident_id: int) -> IncidentState:
    """Read the incident's planned visit and apology as a CurrentPlan."""
    visit = planned_visit(db, incident_id)
    remedy = get_apology(db, incident_id).remedy
    if visit is None:
        return IncidentState(CurrentPlan(has_remedy=bool(remedy.strip())), None)
    people = [text for p in visit.people for text in (p.role, p.name) if text.strip()]
    current = CurrentPlan(
        agenda=[item.text for item in visit.agenda],
        what_to_bring=[item.text for item in visit.bring],
        questions=[item.text for item in visit.questions],
        has_remedy=bool(remedy.strip()),
        attendees=people,
    )
    return IncidentState(current, visit)


def preview(db: Database, incident_id: int, playbook: Playbook) -> tuple[IncidentState, ApplicationPlan]:
    """The incident's state and what ``playbook`` would add to it."""
    state = incident_state(db, incident_id)
    return state, plan_application(playbook, state.current)


def propose_followups(
    db: Database, incident_id: int, steps: Sequence[CadenceStep], zone: ZoneInfo, *,
    visit_day: date | None = None, today: date | None = None,
) -> list[Proposal]:
    """Follow-ups the cadence suggests, minus those the incident has already, at free times.

    ``visit_day`` stands in for the visit anchor when the visit is yet to be created.
    """
    anchors = cadence_anchors(db, incident_id, zone)
    if visit_day is not None:
        anchors.setdefault("visit", visit_day)
    day = today or now_utc().astimezone(zone).date()
    return settle_times(db, propose(steps, anchors, list_followups(db, incident_id), today=day), zone)


def waiting_steps(
    db: Database, incident_id: int, steps: Sequence[CadenceStep], zone: ZoneInfo, *,
    visit_day: date | None = None,
) -> int:
    """How many steps count from a date the incident does not have yet (say, the remedy's)."""
    known = set(cadence_anchors(db, incident_id, zone)) | ({"visit"} if visit_day else set())
    waiting, previous_waits = 0, False
    for step in steps:
        # A "previous" step waits exactly when the step it follows does.
        waits = previous_waits if step.anchor == "previous" else step.anchor not in known
        waiting += waits
        previous_waits = waits
    return waiting


def new_visit_day(zone: ZoneInfo, now: datetime | None = None, db: Database | None = None) -> date:
    """The day a visit created now would be planned for (as new_visit does: with ``db``, the
    first free slot from the next working day at 10:00)."""
    start = default_start(now or now_utc())
    if db is not None:
        start = first_free(db, start, DEFAULT_DURATION_MIN)
    return start.astimezone(zone).date()


def apply_plan(
    db: Database, incident_id: int, plan: ApplicationPlan, choices: ApplyChoices, *,
    now: datetime | None = None,
) -> ApplyResult:
    """Add the accepted parts of ``plan`` in one transaction; nothing typed is changed.

    Items are appended after the user's own ones and skipped when already present, so
    applying twice adds nothing the second time. The remedy is only filled while empty.
    """
    moment = now or now_utc()
    result = ApplyResult()
    with db.atomic():
        state = incident_state(db, incident_id)
        if choices.visit_items and plan.adds_anything:
            result.visit_id, result.visit_created, result.items_added = _add_to_visit(
                db, incident_id, state.visit, plan, moment
            )
        if choices.remedy is not None:
            apology = get_apology(db, incident_id)
            if apology.remedy.strip():
                result.notes.append("Your remedy text was kept; the option was not filled in.")
            else:
                apology.remedy = choices.remedy.description
                save_apology(db, apology, now=moment)
                result.remedy_filled = True
        if choices.followups:
            added = apply_proposals(
                db, incident_id, choices.followups, tz=choices.tz, source=CADENCE_SOURCE,
                now=moment,
            )
            result.followups_added = len(added)
    return result


def _add_to_visit(
    db: Database, incident_id: int, visit: Visit | None, plan: ApplicationPlan, now: datetime
) -> tuple[int | None, bool, int]:
    created = visit is None
    if visit is None:
        visit = new_visit(db, incident_id, now=now, agenda=(), bring=(), questions=())
    added = 0
    for items, extra in (
        (visit.agenda, plan.agenda), (visit.bring, plan.what_to_bring),
        (visit.questions, plan.questions),
    ):
        new = missing_items(extra, (item.text for item in items))
        items.extend(VisitItem(text) for text in new)
        added += len(new)
    coming = [p.role for p in visit.people] + [p.name for p in visit.people]
    for role in missing_items((person.role for person in plan.who_to_bring), coming):
        visit.people.append(VisitPerson(name="", role=role))
        added += 1
    save_visit(db, visit, now=now)
    return visit.id, created, added
