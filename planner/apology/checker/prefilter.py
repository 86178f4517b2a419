"""Cheap tests that decide whether a rule pattern can match at all, derived from the pattern.

Most rules are absent from any one apology, and a regex scan costs far more than a set
lookup. From each compiled pattern we derive requirements: sets of literals of which every
match must contain one. A literal that the pattern puts between word boundaries is checked
as a whole word against the text's words; any other literal as a substring. Derivation must
be sound (never rule out a text the pattern matches); anything unusual yields fewer
requirements, which only costs speed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from planner.apology.checker.regex_tree import (
    Item,
    is_separator,
    is_space_run,
    is_word_bound,
    op_name,
    parse,
)

# More requirements cost more tests than they save; four is plenty.
_MAX_REQUIREMENTS = 4
# A word pair requirement from two alternations is their product. The engine indexes the
# first requirement of each pattern, so even a large set costs little there.
_MAX_PAIRS = 1024
# "apologi[sz]es?" reads as four spellings; past this many, the run is cut there.
_MAX_SPELLINGS = 16
_WORD_CHAR = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
# Words in nearly every apology: a requirement made of them filters nothing, so requirements
# are ranked as if these were absent. (Ranking only; soundness does not depend on it.)
_COMMON = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "for", "have", "i", "in", "is", "it", "me",
        "my", "not", "of", "on", "our", "so", "that", "the", "this", "to", "us", "was", "we",
        "were", "will", "with", "you", "your",
    }
)



@dataclass(frozen=True, slots=True)
class Requirement:
    """Every match contains one of ``words`` (as a whole word) or of ``substrings``."""

    words: frozenset[str]
    substrings: frozenset[str]

    def met(self, words: frozenset[str] | set[str], low: str) -> bool:
        """True if the text (its lower-cased form and its set of words) meets it."""
        if not words.isdisjoint(self.words):
            return True
        return bool(self.substrings) and any(map(low.__contains__, self.substrings))

    def selectivity(self) -> tuple[int, int, tuple[str, ...]]:
        """Sort key, best first: the rarest-looking weakest literal, then fewer literals.

        A whole word is rarer than the same letters as a substring; a very common word is
        no filter at all.
        """
        weakest = min(
            [_gram_score(w) for w in self.words] + [len(sub) for sub in self.substrings]
        )
        literals = self.words | self.substrings
        return (weakest, -len(literals), tuple(sorted(literals)))


def _gram_score(gram: str) -> int:
    """How rare a word (or word pair) looks: common words score 0, pairs get a bonus."""
    parts = gram.split(" ")
    score = sum(0 if part in _COMMON else len(part) + 2 for part in parts)
    return score + 3 * (len(parts) - 1)


def text_words(low: str) -> frozenset[str]:
    """The words (runs of word characters) of a lower-cased text, and every two neighbouring
    words as "a b", as one set for Requirement.met().

    A pattern's word pair needs only whitespace between its words; pairing every neighbour
    (punctuation between them too) gives a few more pairs than that, which keeps the test
    sound and is much cheaper to build.
    """
    words = _WORDS.findall(low)
    grams = set(words)
    grams.update(map(" ".join, pairwise(words)))
    return frozenset(grams)


def requirements(pattern: re.Pattern[str] | str) -> tuple[Requirement, ...]:
    """The most selective requirements every match of ``pattern`` (compiled, or a regex
    source) meets (maybe none)."""
    items = parse(pattern)
    if items is None:
        return ()
    found = {req for req in _sequence(items, False, False).reqs if _useful(req)}
    best = sorted(found, key=Requirement.selectivity, reverse=True)[:_MAX_REQUIREMENTS]
    # The first one is looked up in the engine's index; the rest are tested one by one, so
    # the cheapest tests go first.
    return tuple(best[:1] + sorted(best[1:], key=lambda r: len(r.words) + len(r.substrings)))


def _useful(req: Requirement) -> bool:
    # One-letter substrings are in nearly every text, so they do not pay for the check.
    return all(len(sub) >= 2 for sub in req.substrings)


@dataclass(slots=True)
class _Summary:
    """What a piece of pattern requires, and the whole words its matches begin and end with."""

    reqs: list[Requirement]
    first: frozenset[str] | None = None
    last: frozenset[str] | None = None


def _sequence(items: list[Item], left: bool, right: bool) -> _Summary:
    """Summary of a sequence; ``left``/``right``: a word bound lies just outside it."""
    found: list[Requirement] = []
    edges: list[tuple[frozenset[str] | None, frozenset[str] | None] | None] = []
    run: set[str] = set()  # the spellings of the literal text read so far
    run_left = False
    bounded = left  # whether a word bound lies just before the current position

    def after(index: int) -> bool:
        return _separated(items, index, right)

    for index, item in enumerate(items):
        name = op_name(item)
        spellings = _spellings(item, starting=not run)
        if spellings is not None:
            if not run:
                run_left = bounded
                run = {""}
            run = {text + tail for text in run for tail in spellings}
            bounded = all(_WORD_CHAR.match(text[-1]) is None for text in run if text)
            following = items[index + 1] if index + 1 < len(items) else None
            if len(run) > _MAX_SPELLINGS or following is None or (
                _spellings(following, starting=False) is None
            ):
                piece = _literals(run, run_left, after(index + 1))
                found.extend(piece.reqs)
                edges.append((piece.first, piece.last))
                run = set()
            continue
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            # Zero-width: it may add a bound, and it never removes one.
            bounded = bounded or is_word_bound(item)
            continue
        if name in ("SUBPATTERN", "BRANCH"):
            alternatives = [item[1][3]] if name == "SUBPATTERN" else item[1][1]
            summary = _alternatives(alternatives, bounded, after(index + 1))
            found.extend(summary.reqs)
            edges.append((summary.first, summary.last))
        elif is_space_run(item):
            edges.append(None)  # the gap a word pair needs
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and item[1][0] >= 1:
            # Inside a repeat the neighbours are unknown (another round may precede it).
            found.extend(_sequence(list(item[1][2]), False, False).reqs)
            edges.append((None, None))
        else:
            edges.append((None, None))
        bounded = _bounded_after(item, bounded)
    found.extend(_pairs(edges))
    if not edges or edges[0] is None or edges[-1] is None:
        return _Summary(found)
    return _Summary(found, edges[0][0], edges[-1][1])


def _bounded_after(item: Item, before: bool) -> bool:
    """Whether the character just before the position after ``item`` is a non-word one: after
    a space, after a group every branch of which ends in a space, or after an optional group
    that does (when it is skipped, the position is where it was)."""
    if is_space_run(item):
        return True
    name = op_name(item)
    if name == "SUBPATTERN":
        return _ends_separated(list(item[1][3]))
    if name == "BRANCH":
        return all(_ends_separated(list(alt)) for alt in item[1][1])
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        ends = _ends_separated(list(item[1][2]))
        return ends and (before or item[1][0] >= 1)
    return False


def _ends_separated(items: list[Item]) -> bool:
    """Every match of this sequence ends with a space or a non-word character."""
    if not items:
        return False
    last = items[-1]
    name = op_name(last)
    if name == "LITERAL" or is_space_run(last):
        return is_separator(last)
    if name == "SUBPATTERN":
        return _ends_separated(list(last[1][3]))
    if name == "BRANCH":
        return all(_ends_separated(list(alt)) for alt in last[1][1])
    return False


def _separated(items: list[Item], index: int, right: bool) -> bool:
    """Whether whatever the pattern matches from ``index`` on begins with a separator (or is
    the end, with a word bound after it). An optional group that itself begins with one, such
    as the ``(?: that)?`` in "sorry(?: that)? you", passes the question on to what follows it,
    so the literal before it still counts as a whole word."""
    if index >= len(items):
        return right
    item = items[index]
    if is_separator(item):
        return True
    name = op_name(item)
    if name in ("MAX_REPEAT", "MIN_REPEAT") and item[1][0] == 0:
        inner = list(item[1][2])
        return _begins_separated(inner) and _separated(items, index + 1, right)
    return False


def _begins_separated(items: list[Item]) -> bool:
    """Every non-empty match of this sequence begins with a separator."""
    if not items:
        return False
    first = items[0]
    if is_separator(first):
        return True
    name = op_name(first)
    if name == "SUBPATTERN":
        return _begins_separated(list(first[1][3]))
    if name == "BRANCH":
        return all(_begins_separated(list(alt)) for alt in first[1][1])
    return False


def _pairs(
    edges: list[tuple[frozenset[str] | None, frozenset[str] | None] | None],
) -> list[Requirement]:
    """Word pairs: the last word of one piece, whitespace, the first word of the next."""
    pairs = []
    for before, gap, following in zip(edges, edges[1:], edges[2:], strict=False):
        if gap is not None or before is None or following is None:
            continue
        ends, starts = before[1], following[0]
        if ends and starts and len(ends) * len(starts) <= _MAX_PAIRS:
            grams = frozenset(f"{a} {b}" for a in ends for b in starts)
            pairs.append(Requirement(grams, frozenset()))
    return pairs


def _spellings(item: Item, *, starting: bool) -> list[str] | None:
    """The texts one item can match when it is plain literal text: "a", "[sz]", "l?"."""
    name = op_name(item)
    if name == "LITERAL":
        return [chr(item[1])]
    if name == "IN":
        members = list(item[1])
        if 0 < len(members) <= 4 and all(str(op) == "LITERAL" for op, _ in members):
            return [chr(code) for _, code in members]
    if name == "MAX_REPEAT" and not starting:
        low, high, inner = item[1]
        inner = list(inner)
        if (low, high) == (0, 1) and len(inner) == 1 and op_name(inner[0]) == "LITERAL":
            return ["", chr(inner[0][1])]
    return None


def _literals(texts: set[str], left: bool, right: bool) -> _Summary:
    """A literal run: its spellings as whole words if they are, else as substrings."""
    if len(texts) > 1:
        variants = frozenset(texts)
        if left and right and all(_WORDS.fullmatch(text) for text in texts):
            return _Summary([Requirement(variants, frozenset())], variants, variants)
        return _Summary([Requirement(frozenset(), variants)])
    return _literal(next(iter(texts)), left, right)


def _literal(text: str, left: bool, right: bool) -> _Summary:
    """One literal text as a substring, plus each of its whole words ("mix-up": "mix", "up")."""
    found = [Requirement(frozenset(), frozenset({text}))]
    first = last = None
    for match in _WORDS.finditer(text):
        start, end = match.span()
        if (left if start == 0 else True) and (right if end == len(text) else True):
            word = frozenset({match.group()})
            found.append(Requirement(word, frozenset()))
            first = word if start == 0 else first
            last = word if end == len(text) else last
    if len(found) == 2 and found[1].words == {text}:
        found = found[1:]  # a plain whole word: the substring test would only repeat it
    return _Summary(found, first, last)


def _alternatives(alternatives: list[Any], left: bool, right: bool) -> _Summary:
    """One alternative: all its requirements; several: each one's best, pooled."""
    return _pooled(alternatives, left, right)


def _pooled(alternatives: list[Any], left: bool, right: bool) -> _Summary:
    summaries = [_sequence(list(alternative), left, right) for alternative in alternatives]
    firsts = [s.first for s in summaries]
    lasts = [s.last for s in summaries]
    first = None if None in firsts else frozenset().union(*firsts)  # type: ignore[arg-type]
    last = None if None in lasts else frozenset().union(*lasts)  # type: ignore[arg-type]
    if len(summaries) == 1:
        return _Summary(summaries[0].reqs, first, last)
    words: set[str] = set()
    substrings: set[str] = set()
    for summary in summaries:
        options = [r for r in summary.reqs if _useful(r)]
        if not options:
            return _Summary([], first, last)
        best = max(options, key=Requirement.selectivity)
        words |= best.words
        substrings |= best.substrings
    return _Summary([Requirement(frozenset(words), frozenset(substrings))], first, last)
