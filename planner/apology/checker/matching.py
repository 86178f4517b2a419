"""Where and how one rule pattern is tried in a text, fast enough for every keystroke.

A pattern is tried only where a word of the text begins with one of its start words (read
from the pattern by anchors.py), and only when the text holds the words every match needs
(prefilter.py). Both are worked out from the pattern's tree, not its compiled regex; the
regex is compiled, and the needed words worked out, the first time a text could hold a match:
most patterns never meet such a text, and doing it for every pattern would slow the start.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from planner.apology.checker.anchors import anchor_words
from planner.apology.checker.patterns import (
    compile_pattern,
    compile_scan,
    reference_source,
    starts_inside_word,
)
from planner.apology.checker.prefilter import Requirement, requirements

# With more possible starts than this, one regex scan of the text beats trying each start.
MAX_STARTS = 32
# A pattern with more start words than this meets the text from the text's side.
_FEW_KEYS = 16
_WORD_RUN = re.compile(r"\w+")


class Interned:
    """One object per distinct requirement, so a text tests each once whatever shares it."""

    def __init__(self) -> None:
        self._known: dict[Requirement, Requirement] = {}

    def __call__(self, found: tuple[Requirement, ...]) -> tuple[Requirement, ...]:
        return tuple(self._known.setdefault(req, req) for req in found)


class Pattern:
    """One rule pattern: its start words at once; the words a match needs and the compiled
    regex when first asked for."""

    __slots__ = (
        "_interned",
        "_needs",
        "_scan",
        "exact",
        "has_flag_group",
        "keys",
        "keyset",
        "leads",
        "source",
    )

    def __init__(self, source: str, interned: Interned) -> None:
        self.source = source
        # Every match begins with one of the words in ``exact`` or with a word beginning with
        # one in ``leads``; both empty when the starts are unknown. The scan form has the same
        # starts (a leading bound moves no start).
        anchors = anchor_words(reference_source(source))
        self.exact = frozenset(lead for lead, whole in anchors if whole)
        self.leads = frozenset(lead for lead, whole in anchors if not whole)
        # The keys its start words are listed under in a text (see Starts).
        self.keys = tuple(sorted(self.leads)) + tuple(sorted("=" + word for word in self.exact))
        self.keyset = frozenset(self.keys)
        self.has_flag_group = "(?P<flag>" in source
        self._interned = interned
        self._needs: tuple[Requirement, ...] | None = None
        self._scan: re.Pattern[str] | None = None

    @property
    def anchored(self) -> bool:
        return bool(self.keys)

    @property
    def needs(self) -> tuple[Requirement, ...]:
        """The most selective sets of words of which every match holds one (maybe none)."""
        if self._needs is None:
            self._needs = self._interned(requirements(reference_source(self.source)))
        return self._needs

    @property
    def regex(self) -> re.Pattern[str]:
        """The reference form, word-bounded on both sides."""
        return compile_pattern(self.source)

    @property
    def scan(self) -> re.Pattern[str]:
        """The fast form: the start bound is checked in Python."""
        if self._scan is None:
            self._scan = compile_scan(self.source)
        return self._scan


class KeyTable:
    """The start words of every pattern, and what each word of a text is listed under: "=word"
    where some pattern starts with that very word, and each start word it begins with."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.exact = frozenset(word for pattern in patterns for word in pattern.exact)
        self.leads = frozenset(lead for pattern in patterns for lead in pattern.leads)
        self.lengths = tuple(sorted({len(lead) for lead in self.leads}))
        # Words recur from text to text and from keystroke to keystroke: each is worked out
        # once, and forgotten with the rules.
        self._of: dict[str, tuple[str, ...]] = {}

    def of(self, word: str) -> tuple[str, ...]:
        keys = self._of.get(word)
        if keys is None:
            keys = tuple(
                word[:size]
                for size in self.lengths
                if size <= len(word) and word[:size] in self.leads
            )
            if word in self.exact:
                keys += ("=" + word,)
            if len(self._of) >= 50_000:
                self._of.clear()
            self._of[word] = keys
        return keys


class Starts:
    """Where each word of one text begins, under every key the word is listed under: a match of
    a pattern can only begin where one of its keys is listed. One pass over the words."""

    def __init__(self, table: KeyTable, low: str) -> None:
        found: dict[str, list[int]] = {}
        of = table.of
        for match in _WORD_RUN.finditer(low):
            keys = of(match.group())
            if keys:
                at = match.start()
                for key in keys:
                    if key in found:
                        found[key].append(at)
                    else:
                        found[key] = [at]
        self.found = found


def matches(pattern: Pattern, low: str, starts: Starts | None) -> Iterator[re.Match[str]]:
    """The pattern's matches. Where every match begins with one of its start words, the regex
    runs only where such a word begins (if there are only a few such places) instead of
    scanning the whole text."""
    if starts is None or not pattern.anchored:
        return _scan(pattern.scan, low)
    found = starts.found
    positions: list[int] = []
    keys = pattern.keys if len(pattern.keys) <= _FEW_KEYS else pattern.keyset.intersection(found)
    for key in keys:
        places = found.get(key)
        if places:
            positions.extend(places)
            if len(positions) > MAX_STARTS:
                return _scan(pattern.scan, low)
    if not positions:
        return iter(())
    return _anchored(
        pattern.scan, low, sorted(at for at in set(positions) if not starts_inside_word(low, at))
    )


def _anchored(regex: re.Pattern[str], low: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """Like finditer(), given every position where a match could start, in order."""
    reached = 0
    for at in starts:
        if at >= reached and (match := regex.match(low, at)) is not None:
            yield match
            reached = max(match.end(), at + 1)


def _scan(regex: re.Pattern[str], low: str) -> Iterator[re.Match[str]]:
    """Like finditer() on the fully bounded pattern, checking the start bound here."""
    pos = 0
    while (match := regex.search(low, pos)) is not None:
        start, end = match.span()
        if starts_inside_word(low, start):
            pos = start + 1
            continue
        yield match
        pos = end if end > start else start + 1
