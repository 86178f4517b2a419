"""Regex fragments the clause grammar shares: who the first person is, and what may stand
between a subject and its verb."""
from __future__ import annotations

# Words that may stand between a subject and its verb without changing who does it.
ADVERBS = (
    r"(?:\s+(?:\w+ly|so|very|all|both|also|just|again|truly|then|first|even|ever|still|do|did"
    r"|personally|once|clearly|simply|,))*"
)
# "I" or "we", with an aside allowed after it ("we, the whole team, ...").
I_WE = r"\b(?:i|we)(?:\s*,[^,.;]{1,40},)?"
# A promise in the first person or any other: "will", "'ll", "am going to".
COMMIT = r"(?:will|'ll|shall|am\s+going\s+to|are\s+going\s+to|'m\s+going\s+to|'re\s+going\s+to)"
