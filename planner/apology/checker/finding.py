"""What the apology checker reports: the Finding record and the fixed vocabularies around it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Severity = Literal["error", "warning", "suggestion"]
Part = Literal["regret", "responsibility", "remedy"]

SEVERITIES: tuple[Severity, ...] = get_args(Severity)
PARTS: tuple[Part, ...] = get_args(Part)

# Most serious first; the CLI and the UI sort and colour by this.
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "suggestion": 2}

# The 18 categories of PRODUCT.md, in the order the product lists them.
PHRASE_CATEGORIES: tuple[str, ...] = (
    "conditional",
    "deflecting",
    "but",
    "passive",
    "hedge",
    "minimizing",
    "cliche",
    "regret-not-sorry",
    "announcing",
    "vague",
    "blame-customer",
    "blame-others",
    "excuse",
    "forgiveness-push",
)
PART_CATEGORIES: tuple[str, ...] = (
    "missing-sorry",
    "missing-ownership",
    "missing-remedy",
    "undated-remedy",
)
CATEGORIES: tuple[str, ...] = PHRASE_CATEGORIES + PART_CATEGORIES

# Categories of the checks on the incident itself (planner.apology.checker.delivery), not on a text.
META_CATEGORIES: tuple[str, ...] = ("channel", "late")

# The exact keys of the public JSON shape (PRODUCT.md, "Interfaces").
JSON_KEYS: tuple[str, ...] = ("category", "severity", "start", "end", "message", "suggestion")


@dataclass(frozen=True, slots=True)
class Finding:
    """One weak spot in a text: text[start:end] is the flagged span.

    Part-aware findings (the ``missing-*`` and ``undated-remedy`` categories) are about the
    whole part, so they span the text with its leading and trailing whitespace left out.
    """

    category: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None
    rule_id: str
    reason: str
    # Exact text to put in place of text[start:end] for a one-click fix; None if no
    # mechanical fix exists (the writer has to rephrase).
    replacement: str | None = None

    def to_json(self) -> dict[str, object]:
        """The public JSON shape: exactly the six keys PRODUCT.md names, nothing more."""
        return {
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "suggestion": self.suggestion,
        }

    def apply(self, text: str) -> str:
        """``text`` with this finding's replacement applied; raises ValueError if it has none."""
        if self.replacement is None:
            raise ValueError(f"the {self.rule_id} finding has no one-click replacement")
        return text[: self.start] + self.replacement + text[self.end :]
