"""What a failure type's playbook says to the writer: the listening prompts to ask on step 2
and the example sentences shown in the empty parts of the apology (no delivery talk on an
invoice)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planner.playbooks.library import all_playbooks
from planner.playbooks.model import Playbook

if TYPE_CHECKING:
    from planner.playbooks.library import PlaybookStore

# For any failure: the examples shown when the playbook offers none of its own.
NEUTRAL_EXAMPLES: dict[str, str] = {
    "regret": "I am sorry. You counted on us, and we let you down…",
    "responsibility": "We made the mistake: say what we did wrong, in the first person…",
    "remedy": "I will put it right by (a day), and call you on (a day) to check it worked…",
}
_SORRY = re.compile(r"\b(sorry|apologi[sz]e)\b", re.IGNORECASE)
_PROMISE = re.compile(r"\bwill\b", re.IGNORECASE)
_WHEN = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|"
                   r"tomorrow|week|month|noon|morning|\d+(st|nd|rd|th)?|by)\b", re.IGNORECASE)
_OWNS = re.compile(r"\b(i|we|our|ours|my|mine|me)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Guidance:
    """The prompts and example sentences for one incident's kind of failure."""

    failure_type: str  # the label, e.g. "Billing error"; "" when no playbook is chosen
    listening: tuple[str, ...]
    examples: dict[str, str] = field(default_factory=lambda: dict(NEUTRAL_EXAMPLES))


def find_playbook(store: PlaybookStore, key: str) -> Playbook | None:
    """The playbook chosen as an incident's failure type (None: unknown or deleted key)."""
    return next((p for p in all_playbooks(store) if p.key == key), None)


def guidance(playbook: Playbook | None, general_prompts: Sequence[str]) -> Guidance:
    """The playbook's own questions first, then the general prompts it does not repeat; its
    phrases as examples for the three parts where they read as such, neutral ones otherwise."""
    if playbook is None:
        return Guidance("", tuple(general_prompts))
    own = [q for q in playbook.questions if q.strip()]
    seen = {" ".join(q.split()).casefold() for q in own}
    rest = [p for p in general_prompts if " ".join(p.split()).casefold() not in seen]
    return Guidance(playbook.failure_type, (*own, *rest), _examples(playbook.phrases))


def _examples(phrases: Sequence[str]) -> dict[str, str]:
    """Regret: the first phrase that says sorry; remedy: the first that promises with a when;
    responsibility: the first other one that owns it in the first person (not a question)."""
    found = dict(NEUTRAL_EXAMPLES)
    left = [p.strip() for p in phrases if p.strip()]
    regret = next((p for p in left if _SORRY.search(p)), None)
    remedy = next((p for p in left if p != regret and _PROMISE.search(p) and _WHEN.search(p)), None)
    owns = next((p for p in left if p not in (regret, remedy) and _OWNS.search(p)
                 and not p.endswith("?") and not p.casefold().startswith("thank")), None)
    for part, phrase in (("regret", regret), ("responsibility", owns), ("remedy", remedy)):
        if phrase:
            found[part] = phrase
    return found
