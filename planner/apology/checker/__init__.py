"""The apology checker: rule-based, no Qt, with its rules kept as data in resources/rules/."""
from __future__ import annotations

from planner.apology.checker.dates import find_dates, has_date
from planner.apology.checker.delivery import MetaFinding, check_meta
from planner.apology.checker.engine import lint, reload_rules
from planner.apology.checker.finding import (
    CATEGORIES,
    PARTS,
    SEVERITIES,
    Finding,
    Part,
    Severity,
)
from planner.apology.checker.parts import has_action, has_owner, says_sorry
from planner.apology.checker.rules import (
    MetaRule,
    Rule,
    RuleFileError,
    RuleSet,
    load_rules,
)

__all__ = [
    "CATEGORIES",
    "PARTS",
    "SEVERITIES",
    "Finding",
    "MetaFinding",
    "MetaRule",
    "Part",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "Severity",
    "check_meta",
    "find_dates",
    "has_action",
    "has_date",
    "has_owner",
    "lint",
    "load_rules",
    "reload_rules",
    "says_sorry",
]
