"""The face-to-face visit as records: the visit, who comes, its agenda, bring-list and questions."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

# local_zone_name lives with the other time helpers; callers of this module find it here too.
from planner.timeutil import from_iso, local_zone_name

# The order PRODUCT.md gives for a recovery meeting, until a playbook supplies its own.
DEFAULT_AGENDA: tuple[str, ...] = (
    "Say sorry first, plainly, before anything else",
    "Let them tell it; listen, do not interrupt",
    "Play back what they went through",
    "Own it: what we got wrong, with no excuses",
    "The remedy: what, by when, and who does it",
    "What we change so it does not happen again",
    "Agree the next contact: when, how and who",
    "Close: say sorry again and thank them",
)
DEFAULT_QUESTIONS: tuple[str, ...] = (
    "Can you help me understand what this meant for you and your team?",
    "What was the hardest part of it for you?",
    "What would a good outcome look like for you now?",
    "How would you like us to keep you posted until it is put right?",
)
DEFAULT_BRING: tuple[str, ...] = (
    "The order or job papers, and a short timeline of what went wrong",
    "Your calendar, to book the follow-ups before you leave",
)
DEFAULT_DURATION_MIN = 45
DEFAULT_HOUR = 10


class VisitStatus(str, Enum):
    """Where a visit stands: still to come, happened (with an outcome), or called off."""

    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ItemKind(str, Enum):
    """The three ordered lists of a visit (the CHECK constraint of visit_items)."""

    AGENDA = "agenda"
    BRING = "bring"
    QUESTION = "question"


@dataclass
class VisitPerson:
    """Someone from our side who comes along, ideally the person who can fix it."""

    name: str = ""
    role: str = ""
    id: int | None = None


@dataclass
class VisitItem:
    """One line of the agenda, the bring-list (with its tick) or the questions."""

    text: str = ""
    done: bool = False
    id: int | None = None


@dataclass
class Visit:
    """One meeting with the customer; starts_at is aware, shown in the zone named by tz."""

    incident_id: int
    starts_at: datetime
    duration_min: int = DEFAULT_DURATION_MIN
    tz: str = "UTC"
    place: str = ""
    room: str = ""
    status: VisitStatus = VisitStatus.PLANNED
    notes: str = ""
    outcome_said: str = ""
    outcome_agreed: str = ""
    people: list[VisitPerson] = field(default_factory=list)
    agenda: list[VisitItem] = field(default_factory=list)
    bring: list[VisitItem] = field(default_factory=list)
    questions: list[VisitItem] = field(default_factory=list)
    ics_uid: str = ""
    ics_sequence: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_min)

    def items(self, kind: ItemKind) -> list[VisitItem]:
        """The list of this kind (the same list object, so callers may edit it)."""
        return {ItemKind.AGENDA: self.agenda, ItemKind.BRING: self.bring,
                ItemKind.QUESTION: self.questions}[kind]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Visit:
        starts = from_iso(row["starts_at"])
        assert starts is not None  # the column is NOT NULL
        return cls(
            id=row["id"], incident_id=row["incident_id"], starts_at=starts, tz=row["tz"],
            duration_min=row["duration_min"], place=row["place"], room=row["room"],
            status=VisitStatus(row["status"]), notes=row["notes"],
            outcome_said=row["outcome_said"], outcome_agreed=row["outcome_agreed"],
            ics_uid=row["ics_uid"], ics_sequence=row["ics_sequence"],
            created_at=from_iso(row["created_at"]), updated_at=from_iso(row["updated_at"]),
        )


def next_business_day(today: date) -> date:
    """The next day after today that is not a Saturday or Sunday."""
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def default_start(now: datetime, hour: int = DEFAULT_HOUR) -> datetime:
    """The next business day at hour, local time: soon, and in working hours."""
    day = next_business_day(now.astimezone().date())
    # A naive local time made aware by astimezone() gets that date's own DST offset.
    return datetime(day.year, day.month, day.day, hour, 0).astimezone()


def visit_from_table(
    incident_id: int, table: Mapping[str, Any], *, place: str, now: datetime
) -> Visit:
    """A visit written as data (the sample's [[visits]]): "days" from now, on a weekday.

    "time" is local "HH:MM"; place defaults to the given one (the customer's address).
    """
    day = now.astimezone().date() + timedelta(days=int(table.get("days", 1)))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    hour, minute = (int(x) for x in str(table.get("time", f"{DEFAULT_HOUR}:00")).split(":"))
    return Visit(
        incident_id=incident_id, tz=local_zone_name(),
        starts_at=datetime(day.year, day.month, day.day, hour, minute).astimezone(),
        duration_min=int(table.get("duration_min", DEFAULT_DURATION_MIN)),
        place=str(table.get("place", place)), room=str(table.get("room", "")),
        notes=str(table.get("notes", "")),
        people=[VisitPerson(str(p.get("name", "")), str(p.get("role", "")))
                for p in table.get("people", [])],
        agenda=[VisitItem(str(t)) for t in table.get("agenda", DEFAULT_AGENDA)],
        bring=[VisitItem(str(t)) for t in table.get("bring", DEFAULT_BRING)],
        questions=[VisitItem(str(t)) for t in table.get("questions", DEFAULT_QUESTIONS)],
    )
