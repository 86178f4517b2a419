"""Where the sentences of an apology begin and end, found in one pass and never longer than a cap.

Every judgement the checker makes in context ("the same sentence owns it", "the wrong was named
just before") looks at a sentence and its neighbours. Finding those once, in linear time, and
capping a sentence's length keeps the whole check linear in the text: a pasted report with no
full stops is cut into clause-sized pieces instead of being one 200,000-character sentence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Longer runs are cut at a clause break (or a space) near this length.
MAX_SENTENCE = 360

# End punctuation (with closing quotes or brackets) before a space or the end, or a line break.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
# Short words that a full stop follows without ending the sentence ("Ms. Keller", "e.g. this").
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "no", "nr", "vs", "e.g", "i.e", "etc", "approx", "incl",
     "ref", "dept", "co", "ltd", "inc", "tel", "mt", "jr", "sr", "prof", "fig", "p.s", "a.m",
     "p.m"}
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# Where to cut a run-on sentence, best first: a semicolon, a dash, a colon, a comma, a joiner.
_CLAUSE_BREAKS = (
    re.compile(r"[;:]\s"),
    re.compile(r"\s[—–-]\s"),
    re.compile(r",\s"),
    re.compile(r"\s(?:and|but|so|because|which|while|then)\s"),
    re.compile(r"\s"),
)
# A wrapped line (long, ending mid-sentence, the next one starting in lower case) goes on.
_WRAP_WIDTH = 40


@dataclass(frozen=True, slots=True)
class Sentences:
    """The sentence spans of one text, in order, with a quick lookup by offset."""

    spans: tuple[tuple[int, int], ...]
    _starts: tuple[int, ...]

    def index_at(self, offset: int) -> int:
        """The number of the sentence that holds ``offset`` (the last one past the end)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def __len__(self) -> int:
        return len(self.spans)


def _is_abbreviation(low: str, at: int) -> bool:
    """A single full stop at ``at`` that ends a short title or abbreviation, not a sentence."""
    if low[at] != "." or (at + 1 < len(low) and low[at + 1] == "."):
        return False
    match = _WORD_BEFORE.search(low, max(0, at - 8), at)
    return match is not None and match.group(1) in _ABBREVIATIONS


def _wrapped(low: str, at: int) -> bool:
    """A line break inside a hard-wrapped paragraph, not the end of a line of its own."""
    line_start = low.rfind("\n", max(0, at - 200), at) + 1
    line = low[line_start:at].rstrip()
    if len(line) < _WRAP_WIDTH or not line or not (line[-1].isalnum() or line[-1] in ",'’"):
        return False
    following = low[at + 1 : at + 2]
    return following.isalpha() and following.islower()


def _cut(low: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append [start, end) as sentences no longer than MAX_SENTENCE, cut at clause breaks."""
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        floor = start + MAX_SENTENCE // 3
        cut = -1
        for breaks in _CLAUSE_BREAKS:
            found = [m.end() for m in breaks.finditer(low, floor, limit)]
            if found:
                cut = found[-1]
                break
        if cut <= start:
            cut = limit
        out.append((start, cut))
        start = cut
    if end > start:
        out.append((start, end))


def split_sentences(low: str) -> Sentences:
    """The sentences of a text already lowered (patterns.lowered), each without its leading
    whitespace; a sentence includes its end punctuation."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(low):
        at = match.start()
        if match.group() == "\n":
            if _wrapped(low, at):
                continue
            end = at
        else:
            if _is_abbreviation(low, at):
                continue
            end = match.end()
        _add(low, start, end, spans)
        start = match.end()
    _add(low, start, len(low), spans)
    if not spans:
        spans.append((0, len(low)))
    return Sentences(tuple(spans), tuple(s for s, _ in spans))


def _add(low: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and low[start].isspace():
        start += 1
    while end > start and low[end - 1].isspace():
        end -= 1
    if end > start:
        _cut(low, start, end, spans)
