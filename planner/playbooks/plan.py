"""Applying a playbook to an incident: only ever add what is missing, never touch typed text."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.followups.cadence import CadenceStep
from planner.playbooks.model import Attendee, Playbook, RemedyOption


@dataclass(frozen=True)
class CurrentPlan:
    """What the incident already holds; the user's words, which a playbook must not change."""

    agenda: Sequence[str] = ()
    what_to_bring: Sequence[str] = ()
    questions: Sequence[str] = ()
    has_remedy: bool = False  # the remedy part of the apology already has text
    attendees: Sequence[str] = ()  # who is already coming from our side (roles or names)


@dataclass(frozen=True)
class ApplicationPlan:
    """What applying a playbook would add, to show the user before anything changes."""

    playbook_key: str
    agenda: tuple[str, ...]  # agenda items to append, in playbook order
    what_to_bring: tuple[str, ...]
    questions: tuple[str, ...]
    who_to_bring: tuple[Attendee, ...]  # suggested people whose role is not yet coming
    remedy_options: tuple[RemedyOption, ...]  # offered to pick from, never filled in unasked
    remedy_is_empty: bool  # True: a picked option may fill the remedy; False: only on request
    cadence: tuple[CadenceStep, ...]  # to pass to planner.followups.cadence.propose with the anchors
    phrases: tuple[str, ...]

    @property
    def adds_anything(self) -> bool:
        """Whether accepting the plan would change the incident's lists at all."""
        return bool(self.agenda or self.what_to_bring or self.questions or self.who_to_bring)

    def merged(self, current: CurrentPlan) -> CurrentPlan:
        """``current`` with the additions appended after the user's own items, unchanged."""
        coming = [*current.attendees, *(person.role for person in self.who_to_bring)]
        return CurrentPlan(
            agenda=[*current.agenda, *self.agenda],
            what_to_bring=[*current.what_to_bring, *self.what_to_bring],
            questions=[*current.questions, *self.questions],
            has_remedy=current.has_remedy,
            attendees=coming,
        )

    def describe(self) -> list[str]:
        """Lines telling the user what would be added, for a confirmation dialog or the shell."""
        lines: list[str] = []
        for title, items in (
            ("Agenda", self.agenda),
            ("What to bring", self.what_to_bring),
            ("Questions to ask", self.questions),
            ("Who to bring", tuple(f"{p.role} - {p.why}" for p in self.who_to_bring)),
        ):
            if items:
                lines.append(f"{title}: add {len(items)}")
                lines.extend(f"  + {item}" for item in items)
        if not lines:
            lines.append("Nothing to add: the incident already has everything in this playbook.")
        if self.remedy_options:
            where = "to fill the remedy" if self.remedy_is_empty else "beside your own remedy"
            lines.append(f"Remedy options to pick from ({where}): {len(self.remedy_options)}")
        if self.cadence:
            lines.append(f"Follow-ups to propose: {len(self.cadence)}")
        return lines


def plan_application(playbook: Playbook, current: CurrentPlan) -> ApplicationPlan:
    """What applying ``playbook`` to an incident holding ``current`` would add.

    Items are compared ignoring case and spacing, so nothing the user typed is repeated;
    nothing is ever replaced or removed.
    """
    return ApplicationPlan(
        playbook_key=playbook.key,
        agenda=missing_items(playbook.agenda, current.agenda),
        what_to_bring=missing_items(playbook.what_to_bring, current.what_to_bring),
        questions=missing_items(playbook.questions, current.questions),
        who_to_bring=_missing_people(playbook.who_to_bring, current.attendees),
        remedy_options=playbook.remedy_options,
        remedy_is_empty=not current.has_remedy,
        cadence=playbook.cadence,
        phrases=playbook.phrases,
    )


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def missing_items(offered: Iterable[str], present: Iterable[str]) -> tuple[str, ...]:
    """The offered items not yet present (ignoring case and spacing), blanks never, in order."""
    seen = {_norm(item) for item in present}
    added: list[str] = []
    for item in offered:
        if _norm(item) and _norm(item) not in seen:
            seen.add(_norm(item))
            added.append(item)
    return tuple(added)


def _missing_people(offered: Iterable[Attendee], present: Iterable[str]) -> tuple[Attendee, ...]:
    coming = {_norm(name) for name in present}
    return tuple(person for person in offered if _norm(person.role) not in coming)
