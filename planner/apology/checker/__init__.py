"""The apology checker: rule-based, no Qt, with its rules kept as data in resources/rules/."""
from __future__ import annotations

from planner.apology.checker.analysis import ITEMS, Analysis, analyse, lint, warm_up
from planner.apology.checker.dates import find_dates, has_date
from planner.apology.checker.delivery import MetaFinding, check_meta
from planner.apology.checker.engine import reload_rules
from planner.apology.checker.finding import (
    CATEGORIES,
    PARTS,
    SEVERITIES,
    Finding,
    Part,
    Severity,
)
from planner.apology.checker.rules import (
    MetaRule,
    Rule,
    RuleFileError,
    RuleSet,
    load_rules,
)

__all__ = [
    "CATEGORIES",
    "ITEMS",
    "PARTS",
    "SEVERITIES",
    "Analysis",
    "Finding",
    "MetaFinding",
    "MetaRule",
    "Part",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "Severity",
    "analyse",
    "check_meta",
    "find_dates",
    "has_date",
    "lint",
    "load_rules",
    "reload_rules",
    "warm_up",
]
