"""The phrase rules: run every pattern over a text and return its findings, fast enough to run on
every keystroke (start words and needed words, matching.py, decide which patterns are tried
and where). The findings are judged in the context of the whole apology in analysis.py."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from planner.apology.checker.finding import SEVERITY_RANK, Finding
from planner.apology.checker.matching import Interned, KeyTable, Pattern, Starts, matches
from planner.apology.checker.patterns import compile_guard
from planner.apology.checker.prefilter import Requirement, text_words
from planner.apology.checker.rules import Rule, RuleSet, load_rules
from planner.apology.checker.sentences import Sentences


@dataclass(frozen=True, slots=True)
class _PhraseRule:
    rule: Rule
    patterns: tuple[Pattern, ...]

    @property
    def guarded(self) -> bool:
        rule = self.rule
        return bool(rule.unless or rule.unless_before or rule.unless_after or rule.requires)


@dataclass(frozen=True, slots=True)
class _Compiled:
    # Every phrase pattern with its rule, in rule-file order (the findings do not depend on it).
    entries: tuple[tuple[_PhraseRule, Pattern], ...]
    # A pattern whose matches begin with known start words is picked out by them: key (see
    # matching.KeyTable) -> entries.
    by_key: dict[str, tuple[int, ...]]
    keys: KeyTable
    # The others by the words every match needs: word (or word pair) -> entries; and those
    # whose needed words are only substrings, which are looked at for every text.
    by_word: dict[str, tuple[int, ...]]
    words: frozenset[str]
    unindexed: tuple[int, ...]
    check_rules: tuple[Rule, ...]
    by_id: dict[str, Rule]


@functools.cache
def _compiled() -> _Compiled:
    rules = load_rules().rules
    interned = Interned()
    entries = [
        (_PhraseRule(rule, patterns), pattern)
        for rule in rules
        if rule.check is None
        for patterns in [tuple(Pattern(source, interned) for source in rule.patterns)]
        for pattern in patterns
    ]
    by_key: dict[str, list[int]] = {}
    by_word: dict[str, list[int]] = {}
    unindexed = []
    for number, (_rule, pattern) in enumerate(entries):
        if pattern.anchored:
            for key in pattern.keys:
                by_key.setdefault(key, []).append(number)
            continue
        first = pattern.needs[0] if pattern.needs else None
        if first is None or first.substrings:
            unindexed.append(number)
            continue
        for word in first.words:
            by_word.setdefault(word, []).append(number)
    return _Compiled(
        tuple(entries),
        {key: tuple(numbers) for key, numbers in by_key.items()},
        KeyTable([pattern for _, pattern in entries]),
        {word: tuple(numbers) for word, numbers in by_word.items()},
        frozenset(by_word),
        tuple(unindexed),
        tuple(rule for rule in rules if rule.check is not None),
        {rule.id: rule for rule in rules},
    )


def clear_compiled() -> None:
    """Drop the compiled rules (reload_rules() calls this after re-reading the files)."""
    _compiled.cache_clear()


def reload_rules() -> RuleSet:
    """Forget the cached rules and everything compiled from them, and read the files again."""
    load_rules.cache_clear()
    clear_compiled()
    return load_rules()


def _suppressed(
    rule: _PhraseRule, low: str, sentences: Sentences, start: int, end: int,
    memo: dict[tuple[tuple[str, ...], int, int], bool],
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
    guards = rule.rule
    if guards.unless and _window_has(guards.unless, low, first, following, memo):
        return True
    if guards.requires and not _window_has(guards.requires, low, first, following, memo):
        return True
    if any(compile_guard(g).search(low[first:start]) for g in guards.unless_before):
        return True
    return any(compile_guard(g).search(low[end:last]) for g in guards.unless_after)


def _window_has(
    guards: tuple[str, ...], low: str, first: int, following: int,
    memo: dict[tuple[tuple[str, ...], int, int], bool],
) -> bool:
    key = (guards, first, following)
    if key not in memo:
        window = low[first:following]
        memo[key] = any(compile_guard(guard).search(window) for guard in guards)
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
        message=rule.message_for(text[start:end]),
        suggestion=rule.suggestion,
        rule_id=rule.id,
        reason=rule.reason,
        replacement=_fit_replacement(rule.replacement, text[start:end]),
    )


def _same_words(a: Finding, b: Finding) -> bool:
    """Two findings flag mostly the same words: they overlap by half the shorter one."""
    overlap = min(a.end, b.end) - max(a.start, b.start)
    return overlap > 0 and 2 * overlap >= min(a.end - a.start, b.end - b.start)


def _one_point(findings: list[Finding]) -> list[Finding]:
    """One finding where a stock phrase and a vague sorry flag the same words ("sorry for any
    inconvenience"): the stock phrase's finding says both (it names no harm, and it is form
    language), so the vague one adds nothing but a second underline."""
    return [
        found for found in findings
        if found.category != "vague" or not any(
            other.category == "cliche"
            and SEVERITY_RANK[other.severity] <= SEVERITY_RANK[found.severity]
            and _same_words(found, other)
            for other in findings
        )
    ]


def tidy(findings: list[Finding]) -> list[Finding]:
    """Sort by position, and keep one finding where rules of one category overlap: the one
    that starts first, then the longest, the most severe, one with a one-click fix; and one
    of a stock phrase and a vague sorry on the same words (see _one_point)."""
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
    kept = _one_point(kept)
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
    path (every pattern, fully word-bounded regexes), which the tests compare with the fast
    path."""
    compiled = _compiled()
    findings: list[Finding] = []
    memo: dict[tuple[tuple[str, ...], int, int], bool] = {}
    starts: Starts | None = None
    if prefilter:
        words = text_words(low)
        numbers: Iterable[int] = _candidates(compiled, words)
        starts = Starts(compiled.keys, low)
        # Patterns share needed words (the verbs after a list of parties): each set is
        # tested once per text.
        met: dict[int, bool] = {}
    else:
        numbers = range(len(compiled.entries))
    for number in numbers:
        phrase_rule, pattern = compiled.entries[number]
        rule = phrase_rule.rule
        if part is not None and rule.parts and part not in rule.parts:
            continue
        if not prefilter:
            found: Iterator[re.Match[str]] = pattern.regex.finditer(low)
        elif all(_met(need, words, low, met) for need in pattern.needs):
            found = matches(pattern, low, starts)
        else:
            continue
        for match in found:
            span = match.span("flag") if pattern.has_flag_group else match.span()
            if span[0] < 0 or span[0] == span[1]:
                continue
            if phrase_rule.guarded and _suppressed(
                phrase_rule, low, sentences, match.start(), match.end(), memo
            ):
                continue
            findings.append(_finding(rule, text, *span))
    return findings


def _candidates(compiled: _Compiled, words: frozenset[str]) -> list[int]:
    """The entries worth trying on a text with these words (and word pairs)."""
    found = set(compiled.unindexed)
    for word in words & compiled.words:
        found.update(compiled.by_word[word])
    by_key = compiled.by_key
    of = compiled.keys.of
    for word in words:
        if " " not in word:
            for key in of(word):
                numbers = by_key.get(key)
                if numbers:
                    found.update(numbers)
    return sorted(found)


def _met(need: Requirement, words: frozenset[str], low: str, memo: dict[int, bool]) -> bool:
    found = memo.get(id(need))
    if found is None:
        found = memo[id(need)] = need.met(words, low)
    return found


def part_finding(rule: Rule, text: str) -> Finding:
    """A finding about a whole part (or a whole free text): its span leaves out the leading
    and trailing whitespace."""
    start = len(text) - len(text.lstrip())
    return _finding(rule, text, start, len(text.rstrip()))


def check_rules() -> tuple[Rule, ...]:
    """The rules whose check is decided in code (missing-*, undated-remedy)."""
    return _compiled().check_rules


def compile_rules() -> None:
    """Read and compile every rule now (see analysis.warm_up)."""
    _compiled()


def is_warm() -> bool:
    """The rules are compiled and a check costs only itself."""
    return _compiled.cache_info().currsize > 0
