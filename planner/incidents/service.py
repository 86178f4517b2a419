"""Service functions for customers and incidents: create, read, save, list, delete."""
from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from planner.errors import NotFoundError, ValidationError
from planner.incidents.listing import ORDER_BY, SUMMARY, summary_row
from planner.incidents.model import Customer, Incident, IncidentSummary, Status
from planner.incidents.moments import list_moments
from planner.incidents.validation import validate_customer, validate_incident
from planner.timeutil import date_to_iso, now_utc, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database


def _id(record_id: int | None) -> int:
    """The id of a stored record; saving one that was never created is a programming error."""
    if record_id is None:
        raise ValueError("this record has not been stored yet; create it first")
    return record_id


def _customer_row(customer: Customer) -> dict[str, Any]:
    return {
        "company": customer.company, "contact_name": customer.contact_name,
        "contact_role": customer.contact_role, "phone": customer.phone, "email": customer.email,
        "address": customer.address, "customer_since": date_to_iso(customer.customer_since),
        "annual_value": customer.annual_value, "relationship_notes": customer.relationship_notes,
    }


def _incident_row(incident: Incident) -> dict[str, Any]:
    return {
        "customer_id": incident.customer_id, "title": incident.title,
        "what_went_wrong": incident.what_went_wrong, "failure_type": incident.failure_type,
        "severity": incident.severity.value, "happened_at": to_iso(incident.happened_at),
        "reported_at": to_iso(incident.reported_at), "impact": incident.impact,
        "status": incident.status.value, "customer_confirmation": incident.customer_confirmation,
        "closed_at": to_iso(incident.closed_at), "is_sample": int(incident.is_sample),
    }


def create_customer(db: Database, customer: Customer, *, now: datetime | None = None) -> Customer:
    """Store a new customer and return it with its id."""
    validate_customer(customer)
    stamp = to_iso(now or now_utc())
    with db.atomic():
        row = _customer_row(customer) | {"created_at": stamp, "updated_at": stamp}
        customer.id = db.table("customers").insert(row).last_pk
    return customer


def save_customer(db: Database, customer: Customer, *, now: datetime | None = None) -> None:
    """Write every field of an existing customer."""
    validate_customer(customer)
    with db.atomic():
        row = _customer_row(customer) | {"updated_at": to_iso(now or now_utc())}
        db.table("customers").update(_id(customer.id), row)


def get_customer(db: Database, customer_id: int) -> Customer:
    """The customer with this id, or NotFoundError."""
    row = db.execute("SELECT * FROM customers WHERE id = ?", [customer_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Customer {customer_id} no longer exists.")
    columns = [c[0] for c in db.execute("SELECT * FROM customers LIMIT 0").description]
    return Customer.from_row(dict(zip(columns, row)))


def list_customers(db: Database) -> list[Customer]:
    """All customers by company name."""
    return [Customer.from_row(r) for r in db["customers"].rows_where(order_by="company, id")]


def create_incident(db: Database, incident: Incident, *, now: datetime | None = None) -> Incident:
    """Store a new incident for an existing customer."""
    validate_incident(incident)
    stamp = now or now_utc()
    incident.created_at = incident.updated_at = stamp
    with db.atomic():
        row = _incident_row(incident) | {"created_at": to_iso(stamp), "updated_at": to_iso(stamp)}
        incident.id = db.table("incidents").insert(row).last_pk
    return incident


def new_incident(db: Database, *, now: datetime | None = None) -> Incident:
    """A blank incident with its own new customer, ready for the user to fill in (Ctrl+N)."""
    moment = now or now_utc()
    with db.atomic():
        customer = create_customer(db, Customer(company="New customer"), now=moment)
        assert customer.id is not None
        # Until the user says otherwise it happened when they told us: a later "They told us"
        # must never be refused because "Happened" defaulted to some other moment.
        incident = Incident(customer_id=customer.id, title="New incident", happened_at=moment,
                            reported_at=moment)
        return create_incident(db, incident, now=moment)


def get_incident(db: Database, incident_id: int) -> Incident:
    """The incident with its moments, or NotFoundError."""
    rows = list(db["incidents"].rows_where("id = ?", [incident_id]))
    if not rows:
        raise NotFoundError(f"Incident {incident_id} no longer exists; it may have been deleted.")
    incident = Incident.from_row(rows[0])
    incident.moments = list_moments(db, incident_id)
    return incident


def save_incident(db: Database, incident: Incident, *, now: datetime | None = None) -> None:
    """Write every field of an existing incident (not its moments)."""
    validate_incident(incident)
    if incident.status == Status.CLOSED and incident.closed_at is None:
        incident.closed_at = now or now_utc()
    if incident.status != Status.CLOSED:
        incident.closed_at = None
    incident.updated_at = now or now_utc()
    with db.atomic():
        row = _incident_row(incident) | {"updated_at": to_iso(incident.updated_at)}
        db.table("incidents").update(_id(incident.id), row)


def set_status(
    db: Database, incident_id: int, status: Status, *, confirmation: str = "",
    now: datetime | None = None,
) -> Incident:
    """Move an incident to status; closing records the customer's confirmation."""
    incident = get_incident(db, incident_id)
    if status == Status.CLOSED:
        if not confirmation.strip() and not incident.customer_confirmation.strip():
            raise ValidationError(
                "customer_confirmation",
                "record what the customer said to confirm they are satisfied before closing.",
            )
        if confirmation.strip():
            incident.customer_confirmation = confirmation.strip()
    incident.status = status
    save_incident(db, incident, now=now)
    return incident


def delete_incident(db: Database, incident_id: int) -> None:
    """Delete an incident and everything under it; its customer goes too if left alone."""
    incident = get_incident(db, incident_id)
    with db.atomic():
        db.execute("DELETE FROM incidents WHERE id = ?", [incident_id])
        others = db.execute(
            "SELECT count(*) FROM incidents WHERE customer_id = ?", [incident.customer_id]
        ).fetchone()[0]
        if not others:
            db.execute("DELETE FROM customers WHERE id = ?", [incident.customer_id])


def touch_incident(db: Database, incident_id: int, *, now: datetime | None = None) -> None:
    """Mark an incident as edited (its moments, apology or plan changed)."""
    with db.atomic():
        db.execute(
            "UPDATE incidents SET updated_at = ? WHERE id = ?", [to_iso(now or now_utc()), incident_id]
        )


def list_incident_summaries(db: Database, *, around: Collection[int] | None = None) -> list[IncidentSummary]:
    """Every incident as a list row, in the order that needs attention first (attention_key).

    With `around`: only those incidents and the other incidents of their customers (a changed
    company or contact name shows on every row of that customer), for refreshing a few rows.
    The app's list reads a page at a time instead (planner/incidents/listing.py).
    """
    where, params = "", list(around or ())
    if around is not None:
        where = (f"WHERE i.customer_id IN (SELECT customer_id FROM incidents WHERE id IN "
                 f"({', '.join('?' for _ in params)}))")
    return [summary_row(r) for r in db.execute(f"{SUMMARY} {where} ORDER BY {ORDER_BY}", params)]


def attention_key(row: IncidentSummary) -> tuple[int, int, int, float, int]:
    """Open and severe first; within that, what is still waiting for an apology, oldest first
    (then by id, as list_incident_summaries sorts)."""
    reported = row.reported_at.timestamp() if row.reported_at else float("inf")
    return (row.status == Status.CLOSED, -row.severity.weight, row.status.rank, reported, row.id)


def haystack(row: IncidentSummary) -> str:
    """The lower-case text a list search looks in: customer, contact and title."""
    return f"{row.company}\n{row.contact_name}\n{row.title}".casefold()


def filter_summaries(
    rows: list[IncidentSummary], query: str = "", status: Status | None = None
) -> list[IncidentSummary]:
    """Rows whose customer, contact or title contain every word of query, with that status."""
    words = query.casefold().split()
    return [
        r for r in rows
        if (status is None or r.status == status) and all(w in haystack(r) for w in words)
    ]
