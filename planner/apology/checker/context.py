"""The conditions a phrase rule may be judged by in context (``quiet_when`` / ``soften_when``).

A rule file names them; planner/apology/checker/analysis.py decides them from the sentence
roles of the whole apology (planner/apology/checker/clauses.py). "Nearby" means the sentence
of the match, the one before it and the one after it.
"""
from __future__ import annotations

CONDITIONS: dict[str, str] = {
    "apology-made": "somewhere in the apology someone says sorry in the first person",
    "apology-here": "the sentence of the match says sorry in the first person",
    "apology-sincere": (
        "somewhere in the apology someone says sorry in the first person, not only for their "
        "feelings and without an if"
    ),
    "owned": "somewhere in the apology someone owns the failure in the first person",
    "owned-nearby": "the sentence of the match, the one before or the one after owns the failure",
    "owned-here": "the sentence of the match owns the failure",
    "owned-here-beside-apology": (
        "the sentence of the match owns the failure, and a sincere sorry is made in the apology"
    ),
    "wrong-named": (
        "the sentence of the match (outside the match) or the one before names what went wrong"
    ),
    "remedy-here": (
        "the sentence of the match offers or reports a concrete fix, or says when we will "
        "check back"
    ),
    "wrong-named-after": "the sentence after the match names what went wrong",
    "wrong-named-nearby": "the sentence of the match, the one before or the one after names what went wrong",
    "full-apology": (
        "someone says sorry in the first person (not only for feelings, without an if) and "
        "someone owns the failure in the first person, anywhere in the apology"
    ),
    "conceded": (
        "after the match, a but, yet or however in the same sentence (or opening the next one) "
        "turns to owning the failure: “demand was high, but I promised five days anyway”"
    ),
    "owned-after": (
        "the rest of the sentence after the match owns the failure: “But most of our "
        "cancellations came after the weather cleared, and they were ours”"
    ),
    "harm-after": (
        "the rest of the sentence after the match tells what it did to them, with no one else "
        "to blame in it: “I told you 2pm, but your booking was for 12 and you came home for "
        "nothing”"
    ),
    "full-apology-nearby": (
        "the apology says sorry in the first person, and a nearby sentence owns the failure"
    ),
}
