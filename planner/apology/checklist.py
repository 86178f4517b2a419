"""The apology's checklist: the seven components of a sincere apology, read off one Analysis.

The seven: says sorry; names their harm; owns it in the first person; explains without
excusing; offers a remedy; dates it; says when we will check back. Each tick is
``Analysis.done``: the component is in the words (or the promise fields) and no finding says
otherwise, so the checklist and the underlines never disagree.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.apology.checker import ITEMS, Analysis
from planner.apology.review import DismissalKeys, analyse_apology
from planner.apology.service import Apology
from planner.incidents.model import Moment

# key: (label, what to do while it is missing). The spoken script uses the same hints as cues.
LABELS: dict[str, tuple[str, str]] = {
    "sorry": ("Says sorry", "Say “I am sorry” plainly: no if, no but, no “I would like to”."),
    "harm": ("Names their harm", "Say what it did to them, in the words of their moments."),
    "owns": ("Owns it in the first person", "Say what “I” or “we” did wrong."),
    "explains": (
        "Explains without excusing", "Say what happened as our failure; leave out excuses and blame."
    ),
    "remedy": ("Offers a remedy", "Say what you will do to put it right."),
    "dated": ("Dates the remedy", "Give the remedy a day (or set its due date)."),
    "check_back": (
        "Says when we will check back", "Say when you will check back (or set the check-back date)."
    ),
}
assert tuple(LABELS) == ITEMS


@dataclass(frozen=True)
class ChecklistItem:
    """One component of a sincere apology, whether it is there, and what to do if not."""

    key: str
    label: str
    done: bool
    hint: str


class Checklist(list[ChecklistItem]):
    """The seven checklist items, in order, with their score."""

    @property
    def score(self) -> int:
        return sum(item.done for item in self)

    @property
    def total(self) -> int:
        return len(self)

    def score_text(self) -> str:
        """The score as the page shows it, e.g. "5/7"."""
        return f"{self.score}/{self.total}"


def checklist_of(analysis: Analysis) -> Checklist:
    """The seven items as the analysis judges them."""
    return Checklist(
        ChecklistItem(key, LABELS[key][0], analysis.done(key), LABELS[key][1]) for key in ITEMS
    )


def checklist(
    apology: Apology, moments: Sequence[Moment], *, impact: str = "", failure: str = "",
    dismissed: DismissalKeys | None = None,
) -> Checklist:
    """Score the apology against the seven components (see analyse_apology for the inputs)."""
    return checklist_of(
        analyse_apology(apology, moments, impact=impact, failure=failure, dismissed=dismissed)
    )
