"""The playbook model: one recovery protocol per kind of failure, and its file limits."""
from __future__ import annotations

from dataclasses import dataclass

from planner.errors import AmendsError
from planner.followups.cadence import CadenceStep

SCHEMA_VERSION = 1
SEVERITY_LEVELS = ("low", "medium", "high", "critical")

# Limits keep a shared file readable on a phone-sized screen and stop a hostile or broken
# file from filling the database.
MAX_FILE_BYTES = 1_000_000
MAX_NAME_CHARS = 120
MAX_TEXT_CHARS = 4_000
MAX_LIST_ITEMS = 50
MAX_KEY_CHARS = 64
MAX_PURPOSE_CHARS = 200  # a follow-up's purpose becomes a calendar entry's title


@dataclass(frozen=True)
class SeverityLevel:
    """How to recognize one level of severity for this kind of failure."""

    level: str  # one of SEVERITY_LEVELS
    description: str


@dataclass(frozen=True)
class RemedyOption:
    """A fix the rep may offer, what it costs us and who may approve it."""

    title: str
    description: str
    cost: str
    approver: str


@dataclass(frozen=True)
class Attendee:
    """Someone from our side worth bringing into the room, and why."""

    role: str
    why: str


@dataclass(frozen=True)
class Playbook:
    """A recovery protocol for one kind of failure, as shared between colleagues as a file."""

    key: str  # a slug such as "late-delivery"; stable across renames
    name: str
    failure_type: str  # the label shown when choosing what went wrong
    when_to_use: str
    severity_guide: tuple[SeverityLevel, ...] = ()
    remedy_options: tuple[RemedyOption, ...] = ()
    agenda: tuple[str, ...] = ()
    who_to_bring: tuple[Attendee, ...] = ()
    what_to_bring: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    cadence: tuple[CadenceStep, ...] = ()
    schema_version: int = SCHEMA_VERSION
    builtin: bool = False  # shipped with Amends; never written to a file

    def summary(self) -> str:
        """One line for lists: the name first, then the key and where it comes from."""
        origin = "built-in" if self.builtin else "yours"
        return f"{self.name}\t{self.key}\t{origin}\t{self.failure_type}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a playbook file, at a place such as ``cadence[2].offset``."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class PlaybookImportError(AmendsError):
    """A playbook file was refused; ``problems`` lists every reason, each with its place."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        where = f"{source} " if source else ""
        count = len(problems)
        summary = f"{where}is not a usable playbook ({count} problem{'s' if count != 1 else ''})"
        super().__init__("\n".join([summary, *(str(problem) for problem in problems)]))
