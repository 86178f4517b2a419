"""Checks on what the user typed, each error naming the field it belongs to."""
from __future__ import annotations

import re

from planner.errors import ValidationError
from planner.incidents.model import Customer, Incident, Moment, Status

# Generous limits: they stop a pasted novel or a runaway script, not a detailed note.
SHORT_TEXT = 200
LONG_TEXT = 20_000
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_length(field: str, value: str, limit: int) -> None:
    """Refuse text longer than limit characters, naming the field."""
    if len(value) > limit:
        raise ValidationError(field, f"is {len(value):,} characters long; it can be at most {limit:,}.")


def require(field: str, value: str) -> None:
    """Refuse a blank required field."""
    if not value.strip():
        raise ValidationError(field, "is required.")


def validate_customer(customer: Customer) -> None:
    """Raise ValidationError for the first field of the customer that cannot be stored."""
    require("company", customer.company)
    for name in ("company", "contact_name", "contact_role", "phone", "email", "annual_value"):
        check_length(name, getattr(customer, name), SHORT_TEXT)
    for name in ("address", "relationship_notes"):
        check_length(name, getattr(customer, name), LONG_TEXT)
    if customer.email.strip() and not EMAIL_RE.match(customer.email.strip()):
        raise ValidationError("email", f"“{customer.email}” does not look like an e-mail address.")


def validate_incident(incident: Incident) -> None:
    """Raise ValidationError for the first field of the incident that cannot be stored."""
    require("title", incident.title)
    check_length("title", incident.title, SHORT_TEXT)
    check_length("failure_type", incident.failure_type, SHORT_TEXT)
    for name in ("what_went_wrong", "impact", "customer_confirmation"):
        check_length(name, getattr(incident, name), LONG_TEXT)
    for name in ("happened_at", "reported_at"):
        value = getattr(incident, name)
        if value is not None and value.tzinfo is None:
            raise ValidationError(name, "needs a time zone.")
    if (
        incident.happened_at is not None
        and incident.reported_at is not None
        and incident.reported_at < incident.happened_at
    ):
        raise ValidationError(
            "reported_at", "cannot be before the time it happened; check both dates."
        )
    if incident.status == Status.CLOSED and not incident.customer_confirmation.strip():
        raise ValidationError(
            "customer_confirmation",
            "record what the customer said to confirm they are satisfied before closing.",
        )


def validate_moment(moment: Moment) -> None:
    """Raise ValidationError for a moment field that cannot be stored."""
    check_length("at_text", moment.at_text, SHORT_TEXT)
    check_length("what", moment.what, LONG_TEXT)
    check_length("feeling", moment.feeling, LONG_TEXT)
