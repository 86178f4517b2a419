"""The apology of an incident in three parts (regret, responsibility, remedy), stored and checked.

One row per incident in the ``apologies`` table. An incident with no row yet has a blank
apology; the first save creates the row. Meta findings (channel, lateness) come from
``planner.apology.checker.delivery`` and are worked out here from the apology and its incident.
The rest of the apology's API sits beside this module: dismissed findings and
``findings_for`` in ``planner.apology.dismissals``, the seven-point ``checklist`` in
``planner.apology.checklist``, the spoken script (``assemble_script``) in
``planner.apology.script``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from planner.apology.checker import MetaFinding, check_meta
from planner.apology.checker.finding import PARTS, Part
from planner.errors import NotFoundError, ValidationError
from planner.incidents.model import Incident
from planner.incidents.service import touch_incident
from planner.incidents.validation import LONG_TEXT, SHORT_TEXT, check_length
from planner.timeutil import date_from_iso, date_to_iso, from_iso, now_utc, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

# The planned channel, as stored; "email_text" is the one the meta check warns about.
CHANNELS: dict[str, str] = {
    "in_person": "In person",
    "video": "Video call",
    "phone": "Phone",
    "email_text": "E-mail or text",
}
DEFAULT_CHANNEL = "in_person"

PART_LABELS: dict[str, str] = {
    "regret": "Regret",
    "responsibility": "Responsibility",
    "remedy": "Remedy",
}

# A spoken apology longer than this is a speech, not an apology; the limit stops runaway pastes.
PART_LIMIT = LONG_TEXT


@dataclass
class Apology:
    """The three parts of one incident's apology and the promise around it."""

    incident_id: int
    regret: str = ""
    responsibility: str = ""
    remedy: str = ""
    remedy_due: date | None = None
    remedy_owner: str = ""
    check_back: date | None = None
    channel: str = DEFAULT_CHANNEL
    planned_for: datetime | None = None
    updated_at: datetime | None = None

    def part(self, part: Part | str) -> str:
        """The text of one part ("regret", "responsibility" or "remedy")."""
        if part not in PARTS:
            raise ValueError(f"part must be one of {', '.join(PARTS)} (got {part!r})")
        return str(getattr(self, part))

    def set_part(self, part: Part | str, text: str) -> None:
        """Replace the text of one part."""
        self.part(part)  # validates the name
        setattr(self, part, text)

    def is_blank(self) -> bool:
        """Nothing written in any of the three parts."""
        return not any(self.part(p).strip() for p in PARTS)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Apology:
        return cls(
            incident_id=row["incident_id"], regret=row["regret"],
            responsibility=row["responsibility"], remedy=row["remedy"],
            remedy_due=date_from_iso(row["remedy_due"]), remedy_owner=row["remedy_owner"],
            check_back=date_from_iso(row["check_back"]), channel=row["channel"],
            planned_for=from_iso(row["planned_for"]), updated_at=from_iso(row["updated_at"]),
        )


def validate_apology(apology: Apology) -> None:
    """Raise ValidationError naming the first field that cannot be stored."""
    for part in PARTS:
        check_length(part, apology.part(part), PART_LIMIT)
    check_length("remedy_owner", apology.remedy_owner, SHORT_TEXT)
    if apology.channel not in CHANNELS:
        raise ValidationError(
            "channel",
            f"“{apology.channel}” is not a channel Amends knows; choose one from the list.",
        )
    if apology.planned_for is not None and apology.planned_for.tzinfo is None:
        raise ValidationError("planned_for", "needs a time zone.")


def _require_incident(db: Database, incident_id: int) -> None:
    if db.execute("SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone() is None:
        raise NotFoundError(f"Incident {incident_id} no longer exists; it may have been deleted.")


def get_apology(db: Database, incident_id: int) -> Apology:
    """The incident's apology; a blank one when nothing was written yet."""
    rows = list(db["apologies"].rows_where("incident_id = ?", [incident_id]))
    if rows:
        return Apology.from_row(rows[0])
    _require_incident(db, incident_id)
    return Apology(incident_id=incident_id)


def save_apology(db: Database, apology: Apology, *, now: datetime | None = None) -> None:
    """Store every field of the apology (creating its row on the first save)."""
    validate_apology(apology)
    _require_incident(db, apology.incident_id)
    apology.updated_at = (now or now_utc()).replace(microsecond=0)
    row = {
        "incident_id": apology.incident_id, "regret": apology.regret,
        "responsibility": apology.responsibility, "remedy": apology.remedy,
        "remedy_due": date_to_iso(apology.remedy_due), "remedy_owner": apology.remedy_owner,
        "check_back": date_to_iso(apology.check_back), "channel": apology.channel,
        "planned_for": to_iso(apology.planned_for), "updated_at": to_iso(apology.updated_at),
    }
    with db.atomic():
        db.table("apologies").upsert(row, pk="incident_id")
        touch_incident(db, apology.incident_id, now=apology.updated_at)


def meta_findings(
    apology: Apology, incident: Incident, *, now: datetime | None = None
) -> list[MetaFinding]:
    """Warnings on how and when the apology is planned: in writing only, or days too late
    (counted in ``now``'s zone; by default the computer's, the user's)."""
    return check_meta(
        apology.channel, incident.reported_at, apology.planned_for, now or now_utc().astimezone()
    )
