"""Validation of one rule table from a rule file, with errors that name the file and rule id."""
from __future__ import annotations

import re
from typing import Any, cast

from planner.apology.checker.context import CONDITIONS
from planner.apology.checker.finding import (
    CATEGORIES,
    META_CATEGORIES,
    PARTS,
    SEVERITIES,
    Part,
    Severity,
)
from planner.apology.checker.lexicon import Lexicon, expand, names_in
from planner.apology.checker.parts import CHECK_PARTS
from planner.apology.checker.patterns import guard_source, reference_source
from planner.apology.checker.regex_tree import check_source

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RULE_KEYS = frozenset(
    {
        "id", "category", "severity", "message", "reason", "suggestion", "replacement",
        "pattern", "patterns", "unless", "unless_before", "unless_after", "requires", "parts",
        "check",
        "pass", "fail", "quiet_when", "soften_when",
    }
)
_META_KEYS = frozenset({"id", "category", "severity", "message", "reason", "suggestion"})


# A message quotes the writer's own words only through this placeholder, at its start:
# "“{words}” is form-letter language …" shows "“For any inconvenience” is form-letter language …".
# Any other quote in a message would put words in the writer's mouth they may not have used.
WORDS = "“{words}”"
# What stands for the words where there are none (a dismissed finding's rule, say).
WORDS_FALLBACK = "This wording"


class RuleFileError(ValueError):
    """A rule file is broken; the message names the file, the rule id and what to fix."""


class _Table:
    """One [[rule]] table with the file defaults behind it, and error messages that place it."""

    def __init__(self, table: Any, defaults: dict[str, Any], source: str) -> None:
        if not isinstance(table, dict):
            raise RuleFileError(f"{source}: every [[rule]] entry must be a table")
        self.data: dict[str, Any] = {**defaults, **table}
        self.source = source
        rule_id = table.get("id")
        self.label = f"rule {rule_id!r}" if isinstance(rule_id, str) else "a rule without an id"
        # Each pattern with its word lists expanded -> as written, for error messages.
        self.written: dict[str, str] = {}

    def fail(self, problem: str) -> RuleFileError:
        return RuleFileError(f"{self.source}, {self.label}: {problem}")

    def text(self, key: str, *, required: bool = True, one_line: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(f"'{key}' is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string")
        if one_line and "\n" in value.strip():
            raise self.fail(f"'{key}' must be one line")
        return value.strip()

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"'{key}' must be a list of non-empty strings")
        return tuple(value)

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise self.fail(f"'{key}' must be one of {', '.join(allowed)} (got {value!r})")
        return value

    def check_keys(self, allowed: frozenset[str], defaults: dict[str, Any]) -> None:
        unknown = sorted(set(self.data) - allowed - set(defaults))
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(unknown)}")
        rule_id = self.text("id")
        if not _ID.fullmatch(cast(str, rule_id)):
            raise self.fail("'id' must be lower-case words joined by hyphens")


def read_rule(
    table: Any, defaults: dict[str, Any], source: str, lexicon: Lexicon | None = None
) -> dict[str, Any]:
    """The validated fields of a [[rule]] table (every Rule field except ``source``).

    ``{name}`` in a pattern or guard is replaced by that word list of ``lexicon``.
    """
    t = _Table(table, defaults, source)
    t.check_keys(_RULE_KEYS, defaults)
    category = t.choice("category", CATEGORIES)
    patterns = _expanded(t, t.strings("patterns") + t.strings("pattern"), lexicon or {})
    check = t.text("check", required=False)
    parts = cast(tuple[Part, ...], t.strings("parts"))
    for part in parts:
        if part not in PARTS:
            raise t.fail(f"'parts' may only hold {', '.join(PARTS)} (got {part!r})")
    if check is None:
        if not patterns:
            raise t.fail("a phrase rule needs 'patterns' (or a 'check' for a part-aware rule)")
    else:
        if patterns:
            raise t.fail("give either 'patterns' or 'check', not both")
        if check not in CHECK_PARTS:
            raise t.fail(f"unknown check {check!r}; known: {', '.join(sorted(CHECK_PARTS))}")
        if check != category:
            raise t.fail(f"a '{check}' check belongs in category {check!r}")
        expected = (CHECK_PARTS[check],)
        if parts and parts != expected:
            raise t.fail(f"the '{check}' check only applies to parts = {list(expected)}")
        parts = expected
    replacement = t.data.get("replacement")
    if replacement is not None and (not isinstance(replacement, str) or check is not None):
        raise t.fail("'replacement' must be a string, and only phrase rules can have one")
    guards = {
        key: _expanded(t, t.strings(key), lexicon or {})
        for key in ("unless", "unless_before", "unless_after", "requires")
    }
    for key, sources in (("patterns", patterns), *guards.items()):
        for pattern in sources:
            written = t.written.get(pattern, pattern)
            try:
                # Checked by reading the regex, not compiling it: the engine compiles each
                # pattern the first time a text holds its words.
                empty = check_source(
                    reference_source(pattern) if key == "patterns" else guard_source(pattern)
                )
            except re.error as exc:
                raise t.fail(f"{key} entry {written!r} is not a valid regex ({exc})") from exc
            if key == "patterns" and empty:
                raise t.fail(f"pattern {written!r} matches empty text; it must match words")
    context = {key: t.strings(key) for key in ("quiet_when", "soften_when")}
    for key, names in context.items():
        for name in names:
            if name not in CONDITIONS:
                raise t.fail(f"'{key}' may only hold {', '.join(CONDITIONS)} (got {name!r})")
        if names and check is not None:
            raise t.fail(f"'{key}' is for phrase rules; a part check judges the whole text")
    pass_examples, fail_examples = t.strings("pass"), t.strings("fail")
    if not pass_examples or not fail_examples:
        raise t.fail("give at least one 'pass' and one 'fail' example; the tests run them")
    message, quoting = _message(t)
    return {
        "id": t.text("id"),
        "category": category,
        "severity": cast(Severity, t.choice("severity", SEVERITIES)),
        "message": message,
        "quoting": quoting,
        "reason": t.text("reason", one_line=True),
        "suggestion": t.text("suggestion", required=False),
        "replacement": replacement,
        "patterns": patterns,
        "parts": parts,
        "check": check,
        "pass_examples": pass_examples,
        "fail_examples": fail_examples,
        **guards,
        **context,
    }


def _expanded(t: _Table, sources: tuple[str, ...], lexicon: Lexicon) -> tuple[str, ...]:
    for source in sources:
        unknown = [name for name in names_in(source) if name not in lexicon]
        if unknown:
            known = ", ".join(f"{{{name}}}" for name in sorted(lexicon)) or "none"
            raise t.fail(f"no word list called {{{unknown[0]}}} (the lexicon has {known})")
    expanded = tuple(expand(source, lexicon) for source in sources)
    t.written.update(zip(expanded, sources, strict=True))
    return expanded


def read_meta_rule(table: Any, defaults: dict[str, Any], source: str) -> dict[str, Any]:
    """The validated fields of a [[meta]] table (every MetaRule field except ``source``)."""
    t = _Table(table, defaults, source)
    t.check_keys(_META_KEYS, defaults)
    category = t.choice("category", META_CATEGORIES)
    return {
        "id": t.text("id"),
        "category": category,
        "severity": cast(Severity, t.choice("severity", SEVERITIES)),
        "message": t.text("message"),
        "reason": t.text("reason", one_line=True),
        "suggestion": t.text("suggestion", required=False),
    }


def _message(t: _Table) -> tuple[str, str | None]:
    """The rule's message without the writer's words, and its template quoting them (None when
    it quotes nothing). Quotes of anything else are refused: the rep would read words they
    never wrote presented as theirs."""
    message = t.text("message") or ""
    template = message if message.startswith(WORDS) else None
    rest = message[len(WORDS):] if template else message
    if "{" in rest or "}" in rest:
        raise t.fail(f"'message' may hold {WORDS} only at its start")
    if "“" in rest or "”" in rest:
        raise t.fail(
            f"'message' must not quote words the writer may not have used; start it with"
            f" {WORDS} to quote the flagged words, or say it without quotes"
        )
    if template is None:
        return message, None
    return WORDS_FALLBACK + rest, template
