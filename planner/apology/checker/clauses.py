"""A small clause grammar: what one sentence of an apology does (says sorry, owns, names, fixes).

Patterns alone cannot tell "we apologise" from "we reached out to apologise", or "we sent the
wrong parts" from "the company sent the wrong parts". These rules look at who the subject of
a clause is and what kind of verb follows it, which is enough for the seven components of an
apology. Every function takes one sentence already passed through ``patterns.lowered``.

Why our own grammar and not a parser or a morphology lexicon. Measured on the development
corpus (benchmarks/corpus/dev.toml, 229 texts) with each approach answering the same two
questions, who owns the failure and is a failure told in an agentless passive:

  approach                 ownership   false "nobody   passive   passive on   per 2,000   start-up,
                           recall      owns it"        recall    good texts   characters  memory
  this clause grammar      0.99        9 of 127        0.95      0            ~1.6 ms     0.4 s, 18 MB
  lemminflect (lexicon)    0.97        14 of 127       0.71      0            ~0.9 ms     0.8 s, 127 MB
  spaCy en_core_web_sm     0.97        22 of 127       0.84      2            ~63 ms      0.8-1.2 s, 151 MB

The parser is 40 times too slow for the keystroke path and adds about 250 MB to the bundle
(spaCy, thinc, blis, numpy and a model that the package registry offers only as an unofficial
re-upload); lemminflect needs numpy (about 70 MB) and knows verb forms but not who did what,
which is where the errors are. Neither found anything ours misses, so nothing is added.

Who owns the failure is worked out in ownership.py, the remedy side (a fix, its date, a standing
change, the check-back) in remedies.py; this module puts one sentence's roles together.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from planner.apology.checker import ownership, remedies
from planner.apology.checker.dates import has_date_lowered
from planner.apology.checker.words import ADVERBS as _ADVERBS
from planner.apology.checker.words import I_WE as _I_WE

# --- saying sorry ---------------------------------------------------------------------------

# "sorry to hear / to say" is sympathy or a figure of speech, not an apology.
_NOT_AN_APOLOGY_AFTER = r"(?!\s+(?:to\s+(?:hear|learn|read|see|say|report|inform|tell|announce|bother)|but\s+not)\b)"
SORRY_ACTS = re.compile(
    "|".join(
        (
            # "I'm sorry", "we are truly sorry", "I am so very sorry".
            rf"{_I_WE}(?:'m|'re|\s+am|\s+are){_ADVERBS}\s+sorry\b{_NOT_AN_APOLOGY_AFTER}",
            # "Sorry.", "So sorry about ...", "— sorry, I ..." at the start of a clause.
            (
                rf"(?:^|[,;:—–(\"“]\s*|\b(?:and|so|oh|again|truly|really)\s+)"
                rf"(?:(?:so|very|really|truly|terribly|deeply|awfully)\s+)*sorry\b"
                rf"{_NOT_AN_APOLOGY_AFTER}"
            ),
            # "I apologise", "we sincerely apologize", "I do apologise", "I must apologise".
            rf"{_I_WE}(?:\s+(?:\w+ly|do|also|again|all|both|can\s+only|humbly))*\s+apologi[sz]e\b",
            # "Apologies for the delay", "Sincere apologies, Dana".
            r"(?:^|[,;:—–(\"“]\s*)(?:(?:sincere|many|humble|deepest|profound)\s+)?apologies\b",
            # "My apologies", "our sincere apology", "you have my apology", "please accept our
            # apologies" (a set form that makes the apology it names).
            (
                r"(?:^|[,;:—–(\"“]\s*|\bhave\s+|\baccept\s+)(?:my|our)(?:\s+(?:sincere|sincerest"
                r"|deepest|heartfelt|humble|honest|genuine|unreserved|profound|full|real|personal"
                r"|most))*\s+apolog(?:y|ies)\b"
            ),
        )
    )
)
# "I'm not sorry", "we are never sorry": the opposite of an apology.
_NEGATED_SORRY = re.compile(r"\b(?:not|never|n't)\s+(?:\w+\s+)?sorry\b")


def apologises(sentence: str) -> bool:
    """The sentence makes an apology in the first person ("I'm sorry", "we apologise").

    Reporting an apology ("we called to apologise", "the company apologised", "an apology was
    issued") or announcing one ("I would like to apologise") does not count.
    """
    return SORRY_ACTS.search(sentence) is not None and not _NEGATED_SORRY.search(sentence)


# --- naming what went wrong and what it did to them ----------------------------------------

_WRONG = re.compile(
    r"\b(?:late|later\s+than|delay(?:s|ed)?|wrong|incorrect|damaged|broken|missing|missed|lost"
    r"|twice|double[- ]?(?:charged|billed)|overcharged?|never\s+(?:arrived|came|called|answered)"
    r"|did\s+not\s+(?:arrive|come|call|answer|work|fit|turn\s+up|show)|didn't\s+(?:arrive|come"
    r"|call|answer|work|fit|turn\s+up|show)|failed|leak(?:ed|s)?|outage|crash(?:ed)?|cancell?ed"
    r"|short|faulty|defective|unanswered|ignored|no[- ]show|mistake|error|not\s+(?:arrived|delivered"
    r"|sent|shipped|answered|fixed|working)|stood\s+(?:still|idle)|without|outdated|out\s+of\s+date"
    r"|last\s+(?:year|month|week|season)'s)\b"
)
_HARM = re.compile(
    r"\b(?:you(?:'ve|\s+have|\s+had)?\s+(?:had\s+to|were\s+(?:left|kept|forced|made)|lost|waited"
    r"|could\s+not|couldn't|were\s+unable|spent|paid|stood|went\s+without|ended\s+up|had\s+no"
    r"|were\s+without|missed|needed|counted\s+on|relied\s+on|planned|came|went|drove|travell?ed"
    r"|rushed|hurried|took\s+(?:a|the|time)|stayed|turned\s+up|showed\s+up|gave\s+up|cancell?ed)"
    r"|for\s+nothing|in\s+vain|wasted\s+(?:a|an|the|your|two|three|half|hours|days)|a\s+wasted"
    r"|left\s+you|kept\s+you|cost\s+you|put\s+you|for\s+you\s+and"
    r"|your\s+(?:team|crew|staff|line|customers?|clients?|boss|director|manager|day|evening|weekend"
    r"|deadline|schedule|plans?|reputation|project|production|event|launch|site|workers|fitters"
    r"|patients|guests|shop|store|business|money|time|week|morning|afternoon|trust|family|holiday)"
    r"|wait(?:ed|ing)?|idle|let\s+down"
    r"|overtime|stood\s+(?:around|idle|still)|alone|in\s+the\s+dark|chas(?:e|ed|ing)|out\s+of\s+pocket"
    r"|lost\s+(?:a|an|the|two|three|half|hours|days|money|sales|orders|customers)"
    # Turned away: "there was no room for you".
    r"|no\s+(?:\w+\s+)?(?:room|seat|table|bed|space|place|slot)\s+for\s+(?:you|your))\b"
)


# How it felt: what it did to them, but not what went wrong ("how frustrating this situation
# must have been" names no wrong).
_FEELINGS = re.compile(r"\b(?:embarrass\w*|humiliat\w*|stress\w*|frustrat\w*|worr\w*)")


def names_wrong(sentence: str) -> bool:
    """The sentence says concretely what went wrong or what it did to them."""
    return _WRONG.search(sentence) is not None or _HARM.search(sentence) is not None


def names_harm(sentence: str) -> bool:
    """The sentence says what the failure did to the customer ("your crew waited all day",
    "you were embarrassed in front of your board")."""
    return _HARM.search(sentence) is not None or _FEELINGS.search(sentence) is not None


# --- explaining ------------------------------------------------------------------------------

_EXPLAINS = re.compile(
    r"\b(?:because|since|as\s+a\s+result|which\s+(?:meant|is\s+why)|that\s+is\s+why|that's\s+why"
    r"|the\s+reason|what\s+happened\s+(?:is|was)|here\s+is\s+what|here's\s+what|due\s+to\s+(?:my|our)"
    r"|when\s+(?:i|we)|after\s+(?:i|we)|so\s+(?:the|your|it|they))\b"
)


def explains(sentence: str) -> bool:
    """The sentence says how the failure came about (an ownership clause also explains)."""
    return _EXPLAINS.search(sentence) is not None or ownership.owns(sentence)


_STORY_WORD = re.compile(r"[a-z][a-z'-]{3,}")


def _same_word(a: str, b: str) -> bool:
    """"waiting" ~ "wait", "embarrassed" ~ "embarrassing": a shared stem, not a shared start."""
    short, long = sorted((a, b), key=len)
    size = max(4, len(short) - 2)
    return long.startswith(short[:size])


def mentions_story(sentence: str, story: Collection[str]) -> bool:
    """The sentence uses a distinctive word of the customer's own story (their moments)."""
    stems: dict[str, list[str]] = {}
    for word in story:
        stems.setdefault(word[:4], []).append(word)
    for word in _STORY_WORD.findall(sentence):
        word = word.strip("'-")
        if any(_same_word(word, other) for other in stems.get(word[:4], ())):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Roles:
    """What one sentence does for the apology."""

    apologises: bool
    owns: bool
    names_wrong: bool
    names_harm: bool
    explains: bool
    remedy: bool
    remedy_done: bool
    points_back: bool
    dated: bool
    standing: bool
    check_back: bool
    # A first-person past act ("I said", "we moved the jobs"), and a judgement of whatever the
    # sentence before said ("That was wrong."): together, the second owns the first.
    acts: bool = False
    judges_back: bool = False


def roles(sentence: str) -> Roles:
    """Every role of one lowered sentence."""
    owned = ownership.owns(sentence)
    return Roles(
        apologises=apologises(sentence),
        owns=owned,
        names_wrong=owned or names_wrong(sentence),
        names_harm=names_harm(sentence),
        explains=owned or _EXPLAINS.search(sentence) is not None,
        remedy=(remedy := remedies.offers_remedy(sentence)),
        remedy_done=remedy and remedies.remedy_done(sentence),
        points_back=remedies.points_back(sentence),
        dated=has_date_lowered(sentence) or remedies.date_left_to_them(sentence),
        standing=remedies.standing_change(sentence),
        check_back=remedies.checks_back(sentence),
        acts=ownership.acts(sentence),
        judges_back=ownership.judges_back(sentence),
    )


def linked(previous: Roles | None, current: Roles) -> Roles:
    """``current`` with what it owns by pointing back at ``previous`` ("That was wrong.")."""
    if previous is not None and current.judges_back and previous.acts and not current.owns:
        return replace(current, owns=True, names_wrong=True, explains=True)
    return current
