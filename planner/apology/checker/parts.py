"""Part-aware checks: does the regret say sorry, does the responsibility have an owner, does the
remedy promise a concrete action, and is that action dated?

The words the user sees for these checks live in resources/rules/missing-*.toml and
undated-remedy.toml; this module only decides whether the problem is there. Each check leans
towards silence: a false "you never said sorry" on a real apology is worse than a miss.
The CHECKS functions take text already passed through ``patterns.lowered``; the public
helpers (says_sorry, has_owner, has_action) take raw text and also feed the UI's checklist.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

from planner.apology.checker.dates import has_date_lowered
from planner.apology.checker.finding import Part
from planner.apology.checker.patterns import lowered

_SORRY = re.compile(r"\b(?:sorry|apologi[sz](?:e[sd]?|ing)|apolog(?:y|ies))\b")

_FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|myself|we|us|our|ours|ourselves)\b")
# "I'm sorry" and "we apologise" say sorry; they do not say who did what, so a first person
# that only appears inside them does not count as ownership.
_SORRY_FORMULA = re.compile(
    r"\b(?:i|we)(?:'m|'re|\s+am|\s+are)\s+(?:(?:so|very|truly|really|deeply|terribly)\s+)?sorry\b"
    r"|\b(?:i|we)\s+(?:(?:sincerely|truly|deeply)\s+)?apologi[sz]e\b"
)

# Verbs of a concrete fix or follow-up, in any form (stems end in \w* where that is safe).
_ACTION = (
    r"(?:replac\w*|sen[dt]s?|sending|re-?sen[dt]\w*|ship\w*|deliver\w*|bring\w*|brought"
    r"|call\w*|phon\w*|ring|rang|visit\w*|refund\w*|credit\w*|reimburs\w*|pay|pays|paid|paying"
    r"|repair\w*|fix\w*|collect\w*|pick\w*\s+up|swap\w*|exchang\w*|book\w*|arrang\w*|driv\w*"
    r"|drove|install\w*|correct\w*|re-?issu\w*|issu\w*|waiv\w*|e-?mail\w*|giv\w*|gave"
    r"|hand\w*|meet\w*|met|come|comes|coming|came|expedit\w*|courier\w*|dispatch\w*|rush\w*"
    r"|upgrad\w*|remak\w*|return\w*|cancel\w*|train\w*|assign\w*|set\s+up|schedul\w*"
    r"|reserv\w*|order\w*|text\w*|post\w*|updat\w*|chang\w*|confirm\w*|escort\w*|refit\w*"
    r"|rebuil\w*|redo\w*|re-?run\w*|re-?pack\w*|pack\w*|load\w*|cover\w*|absorb\w*|speak\w*"
    r"|spoke|talk\w*|flag\w*|put\w*|add\w*|sit|sat|check\s+(?:in|back)|double[- ]?check\w*"
    r"|check\w*\s+(?:every|each|all|your)"
    r"|be\s+(?:there|with\s+you|on\s+site|at\s+your))"
)
_REMEDY_SIGNALS = (
    # Someone on our side does it: "I will bring", "we have booked", "our driver will collect".
    re.compile(
        r"\b(?:i|we|our\s+\w+)(?:'ll|'ve|'m|'re|'d)?(?:\s+\w+){0,3}?\s+" + _ACTION + r"\b"
    ),
    # A promised action with no named owner: "new parts will be delivered on Friday".
    re.compile(r"\b(?:will|'ll|shall|going\s+to)(?:\s+\w+){0,2}?\s+" + _ACTION + r"\b"),
    # A remedy named as a thing: "a full refund", "a credit note", "a replacement".
    re.compile(
        r"\b(?:refund|credit\s+note|replacement|re-?delivery|discount|voucher"
        r"|free\s+of\s+charge|at\s+no\s+(?:cost|charge))\b"
    ),
    # A change in how we work: "from now on every order gets a second check".
    re.compile(r"\b(?:from\s+now\s+on|from\s+today|going\s+forward|in\s+future)\b"),
)


def _says_sorry(low: str) -> bool:
    return _SORRY.search(low) is not None


def _has_owner(low: str) -> bool:
    for pronoun in _FIRST_PERSON.finditer(low):
        formula = _SORRY_FORMULA.match(low, pronoun.start())
        if formula is None:
            return True
    return False


@functools.lru_cache(maxsize=8)
def _has_action(low: str) -> bool:
    # Cached: missing-remedy and undated-remedy both ask, one after the other.
    return any(signal.search(low) for signal in _REMEDY_SIGNALS)


def says_sorry(text: str) -> bool:
    """The text says sorry or apologises, in any form (for the UI's checklist)."""
    return _says_sorry(lowered(text))


def has_owner(text: str) -> bool:
    """The text has a first-person owner ("I", "we", "our") outside a bare "I'm sorry"."""
    return _has_owner(lowered(text))


def has_action(text: str) -> bool:
    """The text promises or reports a concrete action (not "we will look into it")."""
    return _has_action(lowered(text))


def _missing_sorry(low: str) -> bool:
    return not _says_sorry(low)


def _missing_ownership(low: str) -> bool:
    return not _has_owner(low)


def _missing_remedy(low: str) -> bool:
    return not _has_action(low)


# A standing change has its "when" in it: "next time", "from now on", "on every order".
_STANDING = re.compile(
    r"\b(?:next\s+time|from\s+now\s+on|from\s+today|going\s+forward|in\s+(?:the\s+)?future"
    r"|every\s+time|each\s+time|(?:on|with)\s+every\s+order)\b"
)


def _undated_remedy(low: str) -> bool:
    # Without an action, missing-remedy already speaks; one finding per problem is enough.
    return _has_action(low) and not has_date_lowered(low) and not _STANDING.search(low)


# Check name (which is also its category) -> the part it belongs to.
CHECK_PARTS: dict[str, Part] = {
    "missing-sorry": "regret",
    "missing-ownership": "responsibility",
    "missing-remedy": "remedy",
    "undated-remedy": "remedy",
}

CHECKS: dict[str, Callable[[str], bool]] = {
    "missing-sorry": _missing_sorry,
    "missing-ownership": _missing_ownership,
    "missing-remedy": _missing_remedy,
    "undated-remedy": _undated_remedy,
}


def problem_present(check: str, text: str) -> bool:
    """Run one part check on raw text (for tools and tests; the engine passes lowered text)."""
    return CHECKS[check](lowered(text))
