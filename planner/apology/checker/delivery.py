"""Checks on the incident around the apology: is it said in person, and is it said in time?

The words come from resources/rules/meta.toml; ``{days}`` in a message or suggestion becomes
"4 days" (or "1 day") and ``{max_days}`` the limit, written the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planner.apology.checker.finding import Severity
from planner.apology.checker.rules import MetaRule, load_rules
from planner.incidents.lateness import LATE_APOLOGY_DAYS, days_after_report

# Channels that put the apology in writing only. The UI stores "email_text"; the others are
# spellings a playbook file or an older record might hold.
WRITTEN_CHANNELS = frozenset(
    {"email", "e_mail", "text", "sms", "email_text", "email_or_text", "text_message", "letter"}
)

DEFAULT_MAX_DAYS = LATE_APOLOGY_DAYS


@dataclass(frozen=True, slots=True)
class MetaFinding:
    """One problem with how or when the apology is planned (not with its words)."""

    rule_id: str
    category: str  # "channel" or "late"
    severity: Severity
    message: str
    suggestion: str | None
    reason: str
    # For "late": how many calendar days lie between the report and the apology.
    days: int | None = None


def _normalised_channel(channel: str) -> str:
    cleaned = channel.strip().lower()
    for separator in (" / ", "/", " or ", "-", " "):
        cleaned = cleaned.replace(separator, "_")
    return cleaned


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _fill(template: str | None, days: int, max_days: int) -> str | None:
    if template is None:
        return None
    return template.replace("{days}", _days(days)).replace("{max_days}", _days(max_days))


def _finding(rule: MetaRule, days: int | None = None, max_days: int = 0) -> MetaFinding:
    count = days or 0
    return MetaFinding(
        rule_id=rule.id,
        category=rule.category,
        severity=rule.severity,
        message=_fill(rule.message, count, max_days) or rule.message,
        suggestion=_fill(rule.suggestion, count, max_days),
        reason=rule.reason,
        days=days,
    )


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware (got {value.isoformat()})")


def check_meta(
    channel: str | None,
    reported_at: datetime | None,
    apology_planned_at: datetime | None,
    now: datetime,
    max_days: int = DEFAULT_MAX_DAYS,
) -> list[MetaFinding]:
    """Warnings about the apology's channel and timing.

    - ``channel`` "email", "text" or "email_text" (any case or separator): say it in person.
    - The apology is planned more than ``max_days`` calendar days after the customer reported
      the problem; or none is planned and ``now`` is already past that point. Days are
      counted in ``now``'s time zone (planner.incidents.lateness).
    All datetimes must be timezone-aware; ValueError otherwise.
    """
    for name, value in (
        ("reported_at", reported_at),
        ("apology_planned_at", apology_planned_at),
        ("now", now),
    ):
        _require_aware(name, value)
    if max_days < 0:
        raise ValueError(f"max_days must be zero or more (got {max_days})")
    rules = load_rules()
    findings: list[MetaFinding] = []
    if channel is not None and _normalised_channel(channel) in WRITTEN_CHANNELS:
        findings.append(_finding(rules.meta_rule("channel-written")))
    if reported_at is not None:
        if apology_planned_at is not None:
            days = days_after_report(reported_at, apology_planned_at, now.tzinfo)
            rule_id = "late-apology"
        else:
            days = days_after_report(reported_at, now, now.tzinfo)
            rule_id = "late-unplanned"
        if days > max_days:
            findings.append(_finding(rules.meta_rule(rule_id), days, max_days))
    return findings
