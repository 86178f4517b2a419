"""The apology's checklist: which of the seven components of a sincere apology are present.

The seven: says sorry; names their harm; owns it in the first person; explains without
excusing; offers a remedy; dates it; says when we will check back. Each test reuses the
checker's own helpers (planner.apology.checker), so the checklist and the underlines never disagree.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planner.apology.checker import (
    Finding,
    find_dates,
    has_action,
    has_date,
    has_owner,
    lint,
    says_sorry,
)
from planner.apology.checker.finding import PARTS
from planner.apology.checker.patterns import lowered
from planner.apology.service import Apology
from planner.incidents.model import Moment

# Findings that mean the apology excuses or blames instead of explaining.
EXCUSING_CATEGORIES = frozenset({"excuse", "blame-others", "blame-customer", "but"})

_WORD = re.compile(r"[a-z][a-z'-]{3,}")
# Words too common in a story about an order to show that the apology names *their* harm.
_COMMON = frozenset(["about", "after", "again", "also", "been", "before", "being", "could", "didn", "does", "doing", "down", "from", "have", "having", "here", "into", "just", "like", "made", "make", "more", "most", "much", "nobody", "only", "other", "over", "same", "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "very", "what", "when", "where", "which", "while", "with", "would", "your", "yours", "you'd", "you'll", "you're", "we'll", "we're", "i'll", "i'm", "were", "will", "want", "went", "order", "orders", "ordered", "delivery", "deliveries", "problem", "problems", "issue", "issues", "thing", "things", "today", "yesterday", "tomorrow", "sorry", "apologise", "apologize", "apology", "again", "called", "told", "said", "asked", "back", "time", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "afternoon", "evening", "week"])
# Words that name what a failure does to a customer, even when the moments are not written.
_HARM = re.compile(
    r"\b(?:you\s+had\s+to|left\s+you|kept\s+you|cost\s+you|put\s+you|for\s+you\s+and"
    r"|your\s+(?:team|crew|staff|fitters|drivers|client|customers?|boss|director|manager|day"
    r"|evening|weekend|deadline|line|schedule|plans?|reputation|project)"
    r"|wait(?:ed|ing)?|idle|embarrass\w*|humiliat\w*|stress\w*|frustrat\w*|let\s+down|worr\w*"
    r"|overtime|stood\s+(?:around|idle)|alone|in\s+the\s+dark|chas(?:e|ed|ing))\b"
)
# Words of getting back in touch; with a date in the same sentence they make a check-back.
_CHECK_BACK = re.compile(
    r"\b(?:check(?:ing)?\s+(?:back|in|on|with|that|whether|if)|call\w*|ring|phone|visit\w*"
    r"|come\s+(?:back|by|round)|drop\s+(?:by|in)|follow(?:ing)?\s+up|be\s+in\s+touch"
    r"|get\s+back|touch\s+base|catch\s+up|speak|talk)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+")


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


def _stem_keys(words: Iterable[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[:4], []).append(word)
    return index


def _same_word(a: str, b: str) -> bool:
    """"waiting" ~ "wait", "embarrassed" ~ "embarrassing": a shared stem, not a shared start."""
    short, long = sorted((a, b), key=len)
    size = max(4, len(short) - 2)
    return long.startswith(short[:size])


def _words(text: str) -> set[str]:
    return {w.strip("'-") for w in _WORD.findall(lowered(text))} - _COMMON


def story_words(moments: Sequence[Moment], impact: str = "", failure: str = "") -> set[str]:
    """The distinctive words of the customer's story: their moments and what it did to them.

    Words of the failure itself (``failure``, what went wrong) are left out: "sorry the caps
    were the wrong size" names our mistake, not what it did to them.
    """
    text = " ".join([impact, *(f"{m.what} {m.feeling}" for m in moments)])
    return set(_story(text, failure))


@functools.lru_cache(maxsize=16)
def _story(text: str, failure: str) -> frozenset[str]:
    # The checklist runs as the user types; the story only changes on another page.
    return frozenset(_words(text) - _words(failure))


def names_harm(text: str, story: set[str]) -> bool:
    """The text names something the customer went through (from their story or harm words)."""
    low = lowered(text)
    if _HARM.search(low):
        return True
    index = _stem_keys(story)
    for word in _WORD.findall(low):
        word = word.strip("'-")
        if word in _COMMON:
            continue
        if any(_same_word(word, other) for other in index.get(word[:4], ())):
            return True
    return False


def has_dated_check_back(text: str) -> bool:
    """Some sentence promises to get back in touch and says when ("I will call you Thursday")."""
    low = lowered(text)
    return any(
        _CHECK_BACK.search(sentence.group()) and find_dates(sentence.group())
        for sentence in _SENTENCE.finditer(low)
    )


def checklist(
    apology: Apology, moments: Sequence[Moment], *, impact: str = "", failure: str = "",
    findings: Mapping[str, Sequence[Finding]] | None = None,
) -> Checklist:
    """Score the apology against the seven components.

    ``impact`` and ``failure`` are the incident's "what it did to them" and "what went wrong".
    ``findings`` (part -> findings, dismissed ones already left out) saves linting again when
    the caller has them; without it every part is linted here.
    """
    if findings is None:
        findings = {part: lint(apology.part(part), part) for part in PARTS}
    regret, responsibility, remedy = apology.regret, apology.responsibility, apology.remedy
    excusing = any(
        f.category in EXCUSING_CATEGORIES for part in PARTS for f in findings.get(part, ())
    )
    everything = f"{regret}\n{responsibility}\n{remedy}"
    items = [
        ("sorry", "Says sorry", says_sorry(regret),
         "Say “I am sorry” in the regret, plainly."),
        ("harm", "Names their harm", names_harm(f"{regret}\n{responsibility}",
                                                 story_words(moments, impact, failure)),
         "Say what it did to them, in the words of their moments."),
        ("owns", "Owns it in the first person", has_owner(responsibility),
         "Say what “I” or “we” did wrong."),
        ("explains", "Explains without excusing", bool(responsibility.strip()) and not excusing,
         "Say what happened as our failure; leave out excuses and blame."),
        ("remedy", "Offers a remedy", has_action(remedy),
         "Say what you will do to put it right."),
        ("dated", "Dates the remedy",
         has_action(remedy) and (apology.remedy_due is not None or has_date(remedy)),
         "Give the remedy a day (or set its due date)."),
        ("check_back", "Says when we will check back",
         apology.check_back is not None or has_dated_check_back(everything),
         "Say when you will check back (or set the check-back date)."),
    ]
    return Checklist(ChecklistItem(key, label, bool(done), hint)
                     for key, label, done, hint in items)
