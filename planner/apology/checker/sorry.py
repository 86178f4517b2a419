"""Each "I'm sorry" of an apology, and whether a finding takes it back.

A text can hold a conditional sorry and a plain one ("I'm sorry if the delay upset you. … I am
sorry again."), or a sorry for their feelings and one for what we did in the same sentence.
The checklist, the score and the spoken preview must agree with the words: "Says sorry" is
ticked when at least one first-person sorry stands with nothing hedging it. A hedging finding
(an if, a sorry for their feelings, a regret or an announcement standing in for the sorry)
belongs to the sorry nearest to it in its sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.apology.checker.clauses import SORRY_ACTS
from planner.apology.checker.finding import Finding

# Findings that take back the sorry they belong to (categories, then rule ids): the checklist
# lists them as the reason "Says sorry" is not ticked while no other sorry stands.
HEDGING_CATEGORIES = frozenset({"conditional", "deflecting", "announcing"})
HEDGING_RULES = frozenset({"regret-we-regret", "regret-i-regret", "regret-i-regret-that"})
# A sorry only for their feelings says no sorry at all (missing-sorry); a conditional one for
# a harm is still said, if weakly (the corpus label rules).
_NOT_SAID = frozenset({"deflecting"})


def hedges(finding: Finding) -> bool:
    """The finding takes back the sorry it belongs to."""
    return finding.category in HEDGING_CATEGORIES or finding.rule_id in HEDGING_RULES


@dataclass(frozen=True, slots=True)
class Sentence:
    """What the sorry reading needs of one sentence: where it is, and its lowered text."""

    key: str | None
    start: int
    end: int
    apologises: bool


@dataclass(frozen=True, slots=True)
class SorryActs:
    """Whether the apology says sorry at all, and whether some sorry stands unhedged."""

    said: bool
    sincere: bool


def read_acts(
    sentences: Iterable[Sentence],
    lows: Mapping[str | None, str],
    findings: Mapping[str | None, Iterable[Finding]],
) -> SorryActs:
    """Attribute every hedging finding to the nearest sorry in its sentence and see what is
    left: ``said`` when some sorry is not only for feelings, ``sincere`` when some sorry has
    nothing hedging it."""
    by_key: dict[str | None, list[Finding]] = {
        key: [f for f in found if hedges(f)] for key, found in findings.items()
    }
    said = sincere = False
    for sentence in sentences:
        if not sentence.apologises:
            continue
        low = lows[sentence.key]
        spans = [
            (sentence.start + match.start(), sentence.start + match.end())
            for match in SORRY_ACTS.finditer(low[sentence.start : sentence.end])
        ]
        if not spans:
            continue
        acts = [start for start, _ in spans]
        taken: dict[int, set[str]] = {at: set() for at in acts}
        for finding in by_key.get(sentence.key, ()):
            if sentence.start <= finding.start < sentence.end:
                if _own_sorry(low, finding, spans):
                    continue  # "I was sorry to read your letter, and I am sorry for ..."
                nearest = min(acts, key=lambda at: (abs(at - finding.start), at))
                taken[nearest].add(finding.category)
        for categories in taken.values():
            said = said or not categories & _NOT_SAID
            sincere = sincere or not categories
    return SorryActs(said, sincere)


_SORRY_WORD = re.compile(r"\bsorry\b")


def _own_sorry(low: str, finding: Finding, acts: list[tuple[int, int]]) -> bool:
    """The finding hedges a "sorry" of its own that is no apology act ("I was sorry to read
    your letter"), so it takes back no other sorry in the sentence."""
    word = _SORRY_WORD.search(low, finding.start, finding.end)
    return word is not None and not any(start <= word.start() < end for start, end in acts)


def first_person(low: str, start: int, end: int) -> bool:
    """An "I" or "we" speaks in ``low[start:end]`` (an apology announced in the first person
    is said, if weakly; one announced for "the company" is not)."""
    return _FIRST_PERSON.search(low, start, end) is not None


_FIRST_PERSON = re.compile(r"\b(?:i|we|i'm|we're|i'd|we'd|my|our)\b")
