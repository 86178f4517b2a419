"""The checker's rules as data: loaded once from resources/rules/*.toml, validated, cached."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.apology.checker.finding import Part, Severity
from planner.apology.checker.lexicon import Lexicon, LexiconError, read_lexicon
from planner.apology.checker.schema import RuleFileError, read_meta_rule, read_rule
from planner.resources import resource_path

__all__ = ["MetaRule", "Rule", "RuleFileError", "RuleSet", "load_rules"]

# The word lists rule patterns name as {list}; not a rule file itself.
LEXICON_FILE = "lexicon.toml"

# Keys a rule file may hold at its top level; `category` and `severity` are defaults
# for every rule in the file (most files hold one category).
_FILE_KEYS = frozenset({"category", "severity", "rule", "meta"})


# The longest quote of the writer's words a message carries; a longer span is cut at a word.
_QUOTE_CHARS = 48


def quote(words: str) -> str:
    """The writer's flagged words as a message quotes them: one line, first letter capital,
    cut at a word with "…" when long."""
    words = " ".join(words.split()).strip(" ,;:")
    if len(words) > _QUOTE_CHARS:
        cut = words.rfind(" ", 0, _QUOTE_CHARS)
        words = words[: cut if cut > 0 else _QUOTE_CHARS].rstrip(" ,;:") + " …"
    return words[:1].upper() + words[1:]


@dataclass(frozen=True, slots=True)
class Rule:
    """One checker rule: a phrase rule (patterns) or a part-aware check (check names code)."""

    id: str
    category: str
    severity: Severity
    # Without the writer's words ("This wording is form-letter language …"); a finding
    # quotes them through ``quoting`` (see schema.WORDS).
    message: str
    quoting: str | None
    reason: str
    suggestion: str | None
    replacement: str | None
    patterns: tuple[str, ...]
    unless: tuple[str, ...]
    unless_before: tuple[str, ...]
    unless_after: tuple[str, ...]
    requires: tuple[str, ...]
    parts: tuple[Part, ...]
    check: str | None
    quiet_when: tuple[str, ...]
    soften_when: tuple[str, ...]
    pass_examples: tuple[str, ...]
    fail_examples: tuple[str, ...]
    source: str

    def message_for(self, words: str) -> str:
        """The message for a finding on ``words``, quoting them if the rule quotes."""
        if self.quoting is None or not words.strip():
            return self.message
        return self.quoting.replace("{words}", quote(words))

    @property
    def example_part(self) -> Part | None:
        """The part to lint this rule's examples as: its first part, or None for any part."""
        return self.parts[0] if self.parts else None


@dataclass(frozen=True, slots=True)
class MetaRule:
    """The words of one check on the incident (channel, lateness); the logic is in meta.py."""

    id: str
    category: str
    severity: Severity
    message: str
    reason: str
    suggestion: str | None
    source: str


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every rule and meta rule the checker knows, in file order."""

    rules: tuple[Rule, ...]
    meta: tuple[MetaRule, ...]

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; KeyError if there is none."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def meta_rule(self, rule_id: str) -> MetaRule:
        """The meta rule with this id; KeyError if there is none."""
        for rule in self.meta:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def read_rule_file(
    path: Path, source: str, lexicon: Lexicon | None = None
) -> tuple[list[Rule], list[MetaRule]]:
    """Parse and validate one rule file; ``source`` is how errors name it, ``lexicon`` holds the
    word lists its patterns may name."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{source}: cannot read the rule file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{source}: not valid TOML ({exc})") from exc
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise RuleFileError(f"{source}: unknown top-level key(s) {', '.join(unknown)}")
    defaults: dict[str, Any] = {k: data[k] for k in ("category", "severity") if k in data}
    rule_tables = data.get("rule", [])
    meta_tables = data.get("meta", [])
    if not isinstance(rule_tables, list) or not isinstance(meta_tables, list):
        raise RuleFileError(f"{source}: write rules as [[rule]] and [[meta]] tables")
    rules = [
        Rule(**read_rule(table, defaults, source, lexicon), source=source)
        for table in rule_tables
    ]
    metas = [
        MetaRule(**read_meta_rule(table, defaults, source), source=source)
        for table in meta_tables
    ]
    return rules, metas


def read_rule_dir(folder: Path, label: str = "rules") -> RuleSet:
    """Load every ``*.toml`` in ``folder``; rule ids must be unique across files. The word
    lists of ``lexicon.toml`` (if the folder has one) are read first, for every rule file."""
    rules: list[Rule] = []
    metas: list[MetaRule] = []
    seen: dict[str, str] = {}
    lexicon_path = folder / LEXICON_FILE
    lexicon: dict[str, str] = {}
    if lexicon_path.exists():
        try:
            lexicon = read_lexicon(lexicon_path, f"{label}/{LEXICON_FILE}")
        except LexiconError as exc:
            raise RuleFileError(str(exc)) from exc
    for path in sorted(folder.glob("*.toml")):
        if path.name == LEXICON_FILE:
            continue
        source = f"{label}/{path.name}"
        file_rules, file_metas = read_rule_file(path, source, lexicon)
        for rule_id in [r.id for r in file_rules] + [m.id for m in file_metas]:
            if rule_id in seen:
                raise RuleFileError(
                    f"{source}, rule {rule_id!r}: the id is already used in {seen[rule_id]}"
                )
            seen[rule_id] = source
        rules.extend(file_rules)
        metas.extend(file_metas)
    if not rules:
        raise RuleFileError(f"{label}: no rule files found in {folder}. Reinstall Amends.")
    return RuleSet(tuple(rules), tuple(metas))


@functools.cache
def load_rules() -> RuleSet:
    """The bundled rules, read and validated on first use and then kept for the process."""
    return read_rule_dir(resource_path("rules"))
