"""Checker findings the user has dismissed for one incident, each with a short reason.

A dismissal is keyed by rule, part and the flagged words (case and spacing ignored), not by
position, so "sorry for any inconvenience" stays dismissed when the user edits a sentence
elsewhere. Whole-part findings (missing-sorry, undated-remedy, …) flag the entire part, so
they are keyed by rule and part alone: dismissing "no date" holds however the remedy changes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from planner.apology.checker import Finding, lint
from planner.apology.checker.finding import PART_CATEGORIES, PARTS
from planner.errors import NotFoundError, ValidationError
from planner.incidents.validation import SHORT_TEXT, check_length
from planner.timeutil import from_iso, now_utc, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

REASON_LIMIT = SHORT_TEXT
_SPACES = re.compile(r"\s+")

# (rule_id, part, matched words normalised); what a dismissal and a finding are compared by.
DismissalKey = tuple[str, str, str]


@dataclass(frozen=True)
class Dismissal:
    """One dismissed finding: which rule, in which part, on which words, and why."""

    id: int
    incident_id: int
    rule_id: str
    part: str
    matched_text: str
    reason: str
    created_at: datetime | None

    @property
    def key(self) -> DismissalKey:
        return (self.rule_id, self.part, self.matched_text)


def normalise_match(text: str) -> str:
    """The flagged words as a dismissal remembers them: lower case, single spaces."""
    return _SPACES.sub(" ", text).strip().casefold()


def finding_key(finding: Finding, part: str, text: str) -> DismissalKey:
    """The key that dismisses ``finding``, found in ``text`` of ``part``."""
    if finding.category in PART_CATEGORIES:
        return (finding.rule_id, part, "")
    return (finding.rule_id, part, normalise_match(text[finding.start:finding.end]))


def without_dismissed(
    findings: Iterable[Finding], part: str, text: str, dismissed: set[DismissalKey]
) -> list[Finding]:
    """The findings that no dismissal covers (pure: the UI calls it on every keystroke)."""
    if not dismissed:
        return list(findings)
    return [f for f in findings if finding_key(f, part, text) not in dismissed]


def _check_part(part: str) -> None:
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)} (got {part!r})")


def dismiss(
    db: Database, incident_id: int, rule_id: str, part: str, matched_text: str, reason: str,
    *, now: datetime | None = None,
) -> Dismissal:
    """Dismiss a finding for this incident; a short reason is required.

    Dismissing the same words again replaces the reason. ``matched_text`` is "" for a
    whole-part finding (see finding_key).
    """
    _check_part(part)
    reason = reason.strip()
    if not reason:
        raise ValidationError("reason", "say in a few words why this finding does not apply.")
    check_length("reason", reason, REASON_LIMIT)
    if db.execute("SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone() is None:
        raise NotFoundError(f"Incident {incident_id} no longer exists; it may have been deleted.")
    matched = normalise_match(matched_text)
    stamp = to_iso(now or now_utc())
    with db.atomic():
        db.execute(
            "INSERT INTO dismissals (incident_id, rule_id, part, matched_text, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (incident_id, rule_id, part, matched_text)"
            " DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at",
            [incident_id, rule_id, part, matched, reason, stamp],
        )
    row = db.execute(
        "SELECT id FROM dismissals WHERE incident_id = ? AND rule_id = ? AND part = ?"
        " AND matched_text = ?", [incident_id, rule_id, part, matched],
    ).fetchone()
    return Dismissal(row[0], incident_id, rule_id, part, matched, reason, from_iso(stamp))


def dismiss_finding(
    db: Database, incident_id: int, finding: Finding, part: str, text: str, reason: str,
    *, now: datetime | None = None,
) -> Dismissal:
    """Dismiss ``finding`` as found in ``text`` of ``part`` (the UI's "Dismiss…")."""
    _rule, _part, matched = finding_key(finding, part, text)
    return dismiss(db, incident_id, finding.rule_id, part, matched, reason, now=now)


def list_dismissals(db: Database, incident_id: int) -> list[Dismissal]:
    """The incident's dismissals, oldest first."""
    return [
        Dismissal(
            r["id"], r["incident_id"], r["rule_id"], r["part"], r["matched_text"], r["reason"],
            from_iso(r["created_at"]),
        )
        for r in db["dismissals"].rows_where("incident_id = ?", [incident_id], order_by="id")
    ]


def dismissed_keys(db: Database, incident_id: int) -> set[DismissalKey]:
    """The keys of every dismissal of the incident, for without_dismissed()."""
    return {d.key for d in list_dismissals(db, incident_id)}


def restore(db: Database, dismissal_id: int) -> None:
    """Undo a dismissal: the finding shows again wherever its words are."""
    with db.atomic():
        cursor = db.execute("DELETE FROM dismissals WHERE id = ?", [dismissal_id])
    if cursor.rowcount == 0:
        raise NotFoundError("That dismissal was already restored.")


def findings_for(db: Database, incident_id: int, part: str, text: str) -> list[Finding]:
    """The checker's findings on ``text`` of ``part``, minus those dismissed for the incident."""
    _check_part(part)
    return without_dismissed(lint(text, part), part, text, dismissed_keys(db, incident_id))
