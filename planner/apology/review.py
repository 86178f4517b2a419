"""An incident's apology judged as a whole, once: its three parts, the customer's story and the
promise fields go in, one Analysis comes out for the findings, the checklist and the script.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from planner.apology.checker import PARTS, Analysis, analyse
from planner.apology.checker.patterns import lowered
from planner.apology.dismissals import DismissalKey, finding_key
from planner.apology.service import Apology
from planner.incidents.model import Moment

DismissalKeys = set[DismissalKey] | frozenset[DismissalKey]

_WORD = re.compile(r"[a-z][a-z'-]{3,}")
# Words too common in a story about an order to show that the apology names *their* harm.
_COMMON = frozenset(
    ["about", "after", "again", "also", "been", "before", "being", "could", "didn", "does", "doing", "down", "from", "have", "having", "here", "into", "just", "like", "made", "make", "more", "most", "much", "nobody", "only", "other", "over", "same", "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "very", "what", "when", "where", "which", "while", "with", "would", "your", "yours", "you'd", "you'll", "you're", "we'll", "we're", "i'll", "i'm", "were", "will", "want", "went", "order", "orders", "ordered", "delivery", "deliveries", "problem", "problems", "issue", "issues", "thing", "things", "today", "yesterday", "tomorrow", "sorry", "apologise", "apologize", "apology", "called", "told", "said", "asked", "back", "time", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "afternoon", "evening", "week"]
)


def _words(text: str) -> set[str]:
    return {w.strip("'-") for w in _WORD.findall(lowered(text))} - _COMMON


@functools.lru_cache(maxsize=16)
def _story(text: str, failure: str) -> frozenset[str]:
    # The page asks on every pause in typing; the story only changes on another page.
    return frozenset(_words(text) - _words(failure))


def story_words(moments: Sequence[Moment], impact: str = "", failure: str = "") -> frozenset[str]:
    """The distinctive words of the customer's story: their moments and what it did to them.

    Words of the failure itself (``failure``, what went wrong) are left out: "sorry the caps
    were the wrong size" names our mistake, not what it did to them.
    """
    text = " ".join([impact, *(f"{m.what} {m.feeling}" for m in moments)])
    return _story(text, failure)


def analyse_apology(
    apology: Apology, moments: Sequence[Moment] = (), *, impact: str = "", failure: str = "",
    dismissed: DismissalKeys | None = None,
) -> Analysis:
    """The three parts judged together, with the findings the user dismissed left out.

    ``impact`` and ``failure`` are the incident's "what it did to them" and "what went wrong";
    with the moments they say which words name the customer's harm.
    """
    texts: Mapping[str | None, str] = {part: apology.part(part) for part in PARTS}
    analysis = analyse(
        texts,
        story=story_words(moments, impact, failure),
        remedy_due=apology.remedy_due is not None,
        check_back=apology.check_back is not None,
    )
    if not dismissed:
        return analysis
    return analysis.without(
        lambda part, finding: finding_key(finding, str(part), texts[part]) in dismissed
    )
