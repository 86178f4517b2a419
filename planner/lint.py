"""The apology checker's public face: ``planner.lint.lint(text, part=None)`` and its types."""
from __future__ import annotations

from planner.apology.checker import (
    CATEGORIES,
    PARTS,
    SEVERITIES,
    Finding,
    Part,
    Severity,
    lint,
)

__all__ = ["CATEGORIES", "PARTS", "SEVERITIES", "Finding", "Part", "Severity", "lint"]
