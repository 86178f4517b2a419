"""The on-screen name of every field a save can refuse, shared by the pages and the window."""
from __future__ import annotations

from collections.abc import Mapping

from planner.errors import ValidationError

# One name per field, in the words the user sees next to it on screen.
FIELD_LABELS = {
    # customer and incident (What happened)
    "company": "Company", "contact_name": "Contact", "contact_role": "Role", "phone": "Phone",
    "email": "E-mail", "address": "Address", "annual_value": "Worth to us",
    "relationship_notes": "Relationship", "title": "Title", "what_went_wrong": "What went wrong",
    "happened_at": "Happened", "reported_at": "They told us", "impact": "What it did to them",
    "customer_confirmation": "Customer's confirmation", "failure_type": "Failure type",
    # moments (Their experience)
    "what": "What happened to them", "feeling": "How it felt to them", "at_text": "When",
    # the apology
    "regret": "Regret", "responsibility": "Responsibility", "remedy": "Remedy",
    "remedy_owner": "Owner", "channel": "Channel", "planned_for": "Planned for",
    # the visit
    "starts_at": "Date and start", "duration_min": "Duration", "tz": "Time zone",
    "status": "Status", "place": "Place", "room": "Room", "notes": "Notes",
    "outcome_said": "What they said", "outcome_agreed": "What was agreed",
    "people": "Who comes", "agenda": "Agenda", "bring": "What to bring", "question": "Questions",
    # follow-ups
    "purpose": "Purpose", "outcome": "Outcome", "due_date": "Date", "due_time": "Time",
}


def field_label(field: str) -> str:
    """The on-screen name of a validated field."""
    return FIELD_LABELS.get(field) or field.replace("_", " ").capitalize()


def describe(exc: ValidationError) -> str:
    """'E-mail does not look like an address…': the field's label, then what is wrong."""
    return f"{field_label(exc.field)} {exc.message}".strip()


def not_saved(exc: ValidationError, what: str = "") -> str:
    """The line a page shows under its form when a save was refused; ``what`` names all that
    waits with it ("the apology") when one field holds back a whole record."""
    waiting = f"Nothing in {what} is saved until then. " if what else ""
    return f"Not saved — {describe(exc)} {waiting}Your text is kept."


def edit_step(kind: str, record_id: int, before: Mapping[str, object],
              after: Mapping[str, object]) -> tuple[str, str]:
    """The undo step's label and merge key for a save of one record (``kind`` "incident",
    "apology"…): saves of the same fields in a row are one step, and a change to another
    field (a failure type chosen, a date typed) starts the next, so one Ctrl+Z never takes
    back more than the last thing the user did."""
    changed = sorted(name for name in after if before.get(name) != after[name])
    names = ", ".join(field_label(name) for name in changed) or "the form"
    return f"changes to {names}", f"{kind}:{record_id}:{','.join(changed)}"
