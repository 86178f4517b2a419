"""The phrase rules: run every pattern over a text and return its findings, fast enough to run on
every keystroke (a cheap literal prefilter decides which patterns need a regex scan at all).
The findings are judged in the context of the whole apology in planner/apology/checker/analysis.py."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from planner.apology.checker.finding import SEVERITY_RANK, Finding
from planner.apology.checker.patterns import (
    compile_guard,
    compile_pattern,
    compile_scan,
    starts_inside_word,
)
from planner.apology.checker.prefilter import (
    Requirement,
    anchor_lead,
    anchor_literals,
    requirements,
    text_words,
)
from planner.apology.checker.rules import Rule, RuleSet, load_rules
from planner.apology.checker.sentences import Sentences


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]  # the reference form, word-bounded on both sides
    scan: re.Pattern[str]  # the fast form: the start bound is checked in Python
    requirements: tuple[Requirement, ...]  # what the text must hold before a scan
    anchors: tuple[str, ...]  # every match starts with one of these; () when unknown or common
    # The anchors by the word characters they start with: only those a word of the text
    # begins with can start a match there.
    by_lead: dict[str, tuple[str, ...]]
    leads: frozenset[str]
    has_flag_group: bool


@dataclass(frozen=True, slots=True)
class _PhraseRule:
    rule: Rule
    patterns: tuple[_Pattern, ...]
    unless: tuple[re.Pattern[str], ...]
    unless_before: tuple[re.Pattern[str], ...]
    unless_after: tuple[re.Pattern[str], ...]
    requires: tuple[re.Pattern[str], ...]

    @property
    def guarded(self) -> bool:
        return bool(self.unless or self.unless_before or self.unless_after or self.requires)


@dataclass(frozen=True, slots=True)
class _Compiled:
    # Every phrase pattern with its rule and the requirements left to test once the index
    # has picked it (as numbers into `requirements`), in rule-file order (the findings do
    # not depend on the order).
    entries: tuple[tuple[_PhraseRule, _Pattern, tuple[int, ...]], ...]
    requirements: tuple[Requirement, ...]
    # Every start-literal lead of every pattern, and their lengths: a word of the text is
    # looked up once for the leads it begins with.
    leads: frozenset[str]
    lead_lengths: tuple[int, ...]
    # Word (or word pair) -> entries whose most selective requirement names it; an entry is
    # only looked at when one of its words is in the text, or if it is in `unindexed`.
    index: dict[str, tuple[int, ...]]
    index_words: frozenset[str]
    unindexed: tuple[int, ...]
    check_rules: tuple[Rule, ...]
    by_id: dict[str, Rule]


def _compile_rule(rule: Rule) -> _PhraseRule:
    patterns = []
    for source in rule.patterns:
        regex = compile_pattern(source)
        scan = compile_scan(source)
        # The same starts as the scan form (a leading bound moves no start), read from the
        # tree requirements() has just parsed.
        anchors = anchor_literals(regex)
        by_lead: dict[str, list[str]] = {}
        for literal in anchors:
            by_lead.setdefault(anchor_lead(literal), []).append(literal)
        if "" in by_lead:  # a literal that starts with punctuation: no word to look for
            by_lead = {}
            anchors = ()
        patterns.append(
            _Pattern(
                regex,
                scan,
                requirements(regex),
                anchors,
                {lead: tuple(found) for lead, found in by_lead.items()},
                frozenset(by_lead),
                "flag" in regex.groupindex,
            )
        )
    return _PhraseRule(
        rule,
        tuple(patterns),
        tuple(map(compile_guard, rule.unless)),
        tuple(map(compile_guard, rule.unless_before)),
        tuple(map(compile_guard, rule.unless_after)),
        tuple(map(compile_guard, rule.requires)),
    )


@functools.cache
def _compiled() -> _Compiled:
    rules = load_rules().rules
    pairs = [
        (phrase_rule, pattern)
        for phrase_rule in (_compile_rule(rule) for rule in rules if rule.check is None)
        for pattern in phrase_rule.patterns
    ]
    entries = []
    index: dict[str, list[int]] = {}
    unindexed = []
    numbered: dict[Requirement, int] = {}

    def numbers(found: tuple[Requirement, ...]) -> tuple[int, ...]:
        return tuple(numbered.setdefault(req, len(numbered)) for req in found)

    for number, (phrase_rule, pattern) in enumerate(pairs):
        key = pattern.requirements[0] if pattern.requirements else None
        if key is None or key.substrings:
            unindexed.append(number)
            entries.append((phrase_rule, pattern, numbers(pattern.requirements)))
            continue
        for word in key.words:
            index.setdefault(word, []).append(number)
        entries.append((phrase_rule, pattern, numbers(pattern.requirements[1:])))
    leads = frozenset(lead for _, pattern in pairs for lead in pattern.leads)
    return _Compiled(
        tuple(entries),
        tuple(numbered),
        leads,
        tuple(sorted({len(lead) for lead in leads})),
        {word: tuple(numbers) for word, numbers in index.items()},
        frozenset(index),
        tuple(unindexed),
        tuple(rule for rule in rules if rule.check is not None),
        {rule.id: rule for rule in rules},
    )


def clear_compiled() -> None:
    """Drop the compiled rules (reload_rules() calls this after re-reading the files)."""
    _compiled.cache_clear()
    _LEADS_OF.clear()


def reload_rules() -> RuleSet:
    """Forget the cached rules and everything compiled from them, and read the files again."""
    load_rules.cache_clear()
    clear_compiled()
    return load_rules()


def _suppressed(
    rule: _PhraseRule, low: str, sentences: Sentences, start: int, end: int,
    memo: dict[tuple[tuple[re.Pattern[str], ...], int, int], bool],
) -> bool:
    """An ``unless`` guard reads the match's sentence and the next one: "Our warehouse sent the
    wrong size. That is my responsibility." owns the mistake as clearly as one sentence would.
    A ``requires`` guard reads the same two sentences, and the match stands only if it is
    found there. The sentences are capped in length, so a guard never reads more than two."""
    number = sentences.index_at(start)
    first, last = sentences.spans[number]
    # A match may run into the next sentence ("Sorry. But ..."): what follows it is read to
    # the end of the sentence where the match ends.
    last = max(sentences.spans[sentences.index_at(max(start, end - 1))][1], end)
    following = sentences.spans[number + 1][1] if number + 1 < len(sentences) else last
    following = max(following, last)
    # The same guards over the same two sentences give the same answer: a long text with many
    # matches reads each window once per set of guards.
    if rule.unless and _window_has(rule.unless, low, first, following, memo):
        return True
    if rule.requires and not _window_has(rule.requires, low, first, following, memo):
        return True
    if any(guard.search(low[first:start]) for guard in rule.unless_before):
        return True
    return any(guard.search(low[end:last]) for guard in rule.unless_after)


def _window_has(
    guards: tuple[re.Pattern[str], ...], low: str, first: int, following: int,
    memo: dict[tuple[tuple[re.Pattern[str], ...], int, int], bool],
) -> bool:
    key = (guards, first, following)
    if key not in memo:
        window = low[first:following]
        memo[key] = any(guard.search(window) for guard in guards)
    return memo[key]


def _fit_replacement(replacement: str | None, original: str) -> str | None:
    """Match the replacement to the writer's spelling and capitalisation."""
    if replacement is None:
        return None
    if "apologiz" in replacement and "apologis" in original.lower():
        replacement = replacement.replace("apologiz", "apologis")
    if original[:1].isupper() and replacement[:1].islower():
        replacement = replacement[0].upper() + replacement[1:]
    return replacement


def _finding(rule: Rule, text: str, start: int, end: int) -> Finding:
    return Finding(
        category=rule.category,
        severity=rule.severity,
        start=start,
        end=end,
        message=rule.message,
        suggestion=rule.suggestion,
        rule_id=rule.id,
        reason=rule.reason,
        replacement=_fit_replacement(rule.replacement, text[start:end]),
    )


def tidy(findings: list[Finding]) -> list[Finding]:
    """Sort by position, and keep one finding where rules of one category overlap: the one
    that starts first, then the longest, the most severe, one with a one-click fix."""
    findings.sort(
        key=lambda f: (
            f.start, -f.end, SEVERITY_RANK[f.severity], f.replacement is None, f.rule_id
        )
    )
    reach: dict[str, int] = {}
    kept = []
    for found in findings:
        if found.start < reach.get(found.category, -1):
            continue
        reach[found.category] = found.end
        kept.append(found)
    kept.sort(key=lambda f: (f.start, f.end, SEVERITY_RANK[f.severity], f.category))
    return kept


def rule_by_id(rule_id: str) -> Rule:
    """The compiled rule set's rule with this id (KeyError if none)."""
    return _compiled().by_id[rule_id]


def phrase_findings(
    text: str, low: str, sentences: Sentences, part: str | None, *, prefilter: bool = True
) -> list[Finding]:
    """Every phrase rule's findings in ``text`` (lowered as ``low``), before any judgement in
    context and before overlaps are tidied; ``prefilter=False`` takes the plain reference
    path (no literal tests, fully word-bounded regexes), which the tests compare with the
    fast path."""
    compiled = _compiled()
    findings: list[Finding] = []
    memo: dict[tuple[tuple[re.Pattern[str], ...], int, int], bool] = {}
    # Patterns of one rule often share a requirement (the verbs after a list of parties):
    # each is tested once per text.
    met: list[bool | None] = [None] * len(compiled.requirements)
    # Where the words begin, by the start-literal leads they begin with (made when needed).
    starts: list[dict[str, list[int]]] = []
    if prefilter:
        words = text_words(low)
        candidates = set(compiled.unindexed)
        for word in words & compiled.index_words:
            candidates.update(compiled.index[word])
        numbers: Iterable[int] = sorted(candidates)
    else:
        numbers = range(len(compiled.entries))
    for number in numbers:
        phrase_rule, pattern, checks = compiled.entries[number]
        rule = phrase_rule.rule
        if part is not None and rule.parts and part not in rule.parts:
            continue
        if not prefilter:
            matches: Iterator[re.Match[str]] = pattern.regex.finditer(low)
        elif all(_met(req, compiled, words, low, met) for req in checks):
            if pattern.anchors and not starts:
                starts.append(_lead_starts(compiled, low))
            matches = _matches(pattern, low, starts[0] if starts else {})
        else:
            continue
        for match in matches:
            span = match.span("flag") if pattern.has_flag_group else match.span()
            if span[0] < 0 or span[0] == span[1]:
                continue
            if phrase_rule.guarded and _suppressed(
                phrase_rule, low, sentences, match.start(), match.end(), memo
            ):
                continue
            findings.append(_finding(rule, text, *span))
    return findings


def _met(
    number: int, compiled: _Compiled, words: frozenset[str], low: str, memo: list[bool | None]
) -> bool:
    found = memo[number]
    if found is None:
        found = memo[number] = compiled.requirements[number].met(words, low)
    return found


# Word -> the start-literal leads it begins with; words recur from text to text and from
# keystroke to keystroke, so each is worked out once (and forgotten when the rules reload).
_LEADS_OF: dict[str, tuple[str, ...]] = {}
_MAX_REMEMBERED_WORDS = 50_000
_WORD_RUN = re.compile(r"\w+")


def _lead_starts(compiled: _Compiled, low: str) -> dict[str, list[int]]:
    """Where each word of the text begins, listed under every start-literal lead the word
    begins with: a match of a pattern can only begin where one of its leads is listed."""
    found: dict[str, list[int]] = {}
    known = compiled.leads
    lengths = compiled.lead_lengths
    for match in _WORD_RUN.finditer(low):
        word = match.group()
        hits = _LEADS_OF.get(word)
        if hits is None:
            hits = tuple(
                word[:size] for size in lengths if size <= len(word) and word[:size] in known
            )
            if len(_LEADS_OF) >= _MAX_REMEMBERED_WORDS:
                _LEADS_OF.clear()
            _LEADS_OF[word] = hits
        for lead in hits:
            found.setdefault(lead, []).append(match.start())
    return found


def part_finding(rule: Rule, text: str) -> Finding:
    """A finding about a whole part (or a whole free text): its span leaves out the leading
    and trailing whitespace."""
    start = len(text) - len(text.lstrip())
    return _finding(rule, text, start, len(text.rstrip()))


def check_rules() -> tuple[Rule, ...]:
    """The rules whose check is decided in code (missing-*, undated-remedy)."""
    return _compiled().check_rules


# With more possible starts than this, one regex scan of the text beats trying each start.
_MAX_STARTS = 32


def _matches(
    pattern: _Pattern, low: str, lead_starts: dict[str, list[int]]
) -> Iterator[re.Match[str]]:
    """The pattern's matches. Where every match begins with one of its start literals, the
    regex runs only where a word begins with one of them (if there are only a few such
    places: ``lead_starts`` lists them) instead of scanning the whole text."""
    if not pattern.anchors:
        return _scan(pattern.scan, low)
    positions: set[int] = set()
    for lead in pattern.leads.intersection(lead_starts):
        positions.update(lead_starts[lead])
        if len(positions) > _MAX_STARTS:
            return _scan(pattern.scan, low)
    return _anchored(pattern.scan, low, sorted(at for at in positions if not starts_inside_word(low, at)))


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


def compile_rules() -> None:
    """Read and compile every rule now (see analysis.warm_up)."""
    _compiled()


def is_warm() -> bool:
    """The rules are compiled and a check costs only itself."""
    return _compiled.cache_info().currsize > 0
