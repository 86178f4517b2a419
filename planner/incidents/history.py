"""Undo and redo as data: what one edit changed in an incident's rows, and putting it back.

An edit is recorded as the incident's rows before and after it (the incident, its customer,
moments, apology, dismissed findings, visits with their people and lists, follow-ups). Undo
writes the "before" rows back, redo the "after" rows, but only over rows that still look as the
edit left them, so nothing changed since (by a sync, another window) is overwritten unseen.
Calendar bookkeeping (UIDs, SEQUENCE, fingerprints) is never rolled back: an event that moves
back is a change the calendar must hear about.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from planner.errors import AmendsError
from planner.timeutil import now_utc, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

Row = dict[str, Any]
RowKey = tuple[str, int]  # (table, primary key)

# Parents before children: rows are inserted in this order and deleted in the reverse.
TABLES: tuple[str, ...] = (
    "customers", "incidents", "apologies", "moments", "dismissals", "visits", "visit_people",
    "visit_items", "followups",
)
PRIMARY_KEY = {"apologies": "incident_id"}
# What undo puts back on a row that still exists. Anything else (calendar UIDs and sequence
# numbers, creation stamps, columns a later version adds) stays as it is now.
CONTENT: dict[str, tuple[str, ...]] = {
    "customers": ("company", "contact_name", "contact_role", "phone", "email", "address",
                  "customer_since", "annual_value", "relationship_notes"),
    "incidents": ("customer_id", "title", "what_went_wrong", "failure_type", "severity",
                  "happened_at", "reported_at", "impact", "status", "customer_confirmation",
                  "closed_at", "is_sample"),
    "apologies": ("regret", "responsibility", "remedy", "remedy_due", "remedy_owner",
                  "check_back", "channel", "planned_for"),
    "moments": ("incident_id", "position", "at_text", "what", "feeling"),
    "dismissals": ("incident_id", "rule_id", "part", "matched_text", "reason"),
    "visits": ("incident_id", "starts_at", "tz", "duration_min", "place", "room", "status",
               "notes", "outcome_said", "outcome_agreed"),
    "visit_people": ("visit_id", "position", "name", "role"),
    "visit_items": ("visit_id", "kind", "position", "text", "done"),
    "followups": ("incident_id", "due_date", "due_time", "tz", "channel", "purpose", "status",
                  "outcome", "done_at", "source"),
}
STAMPED = frozenset({"customers", "incidents", "apologies", "visits", "followups"})


class StaleHistoryError(AmendsError):
    """The rows an undo or redo would write were changed since by something else."""


@dataclass(frozen=True)
class Snapshot:
    """Every row of one incident (and its customer), by table and primary key."""

    incident_id: int
    rows: Mapping[RowKey, Row]


@dataclass(frozen=True)
class Change:
    """The rows one edit changed: how each was before (None: absent) and after."""

    incident_id: int
    before: Mapping[RowKey, Row | None] = field(default_factory=dict)
    after: Mapping[RowKey, Row | None] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not self.before

    def then(self, later: Change) -> Change:
        """This change followed by ``later``, as one; rows they leave as they found drop out."""
        keys = {*self.before, *later.before}
        before = {k: self.before[k] if k in self.before else later.before[k] for k in keys}
        after = {k: later.after[k] if k in later.after else self.after[k] for k in keys}
        moved = {k for k in keys if not _same(k[0], before[k], after[k])}
        return Change(self.incident_id, {k: before[k] for k in moved}, {k: after[k] for k in moved})

    def tables(self) -> set[str]:
        return {table for table, _ in self.before}


def snapshot(db: Database, incident_id: int) -> Snapshot:
    """Read every row that belongs to the incident."""
    rows: dict[RowKey, Row] = {}

    def read(table: str, where: str, params: list[Any]) -> list[Row]:
        cursor = db.execute(f"SELECT * FROM {table} WHERE {where}", params)
        names = [c[0] for c in cursor.description]
        found = [dict(zip(names, values)) for values in cursor.fetchall()]
        for row in found:
            rows[(table, int(row[PRIMARY_KEY.get(table, "id")]))] = row
        return found

    incident = read("incidents", "id = ?", [incident_id])
    if incident:
        read("customers", "id = ?", [incident[0]["customer_id"]])
    for table in ("apologies", "moments", "dismissals", "followups"):
        read(table, "incident_id = ?", [incident_id])
    visits = [row["id"] for row in read("visits", "incident_id = ?", [incident_id])]
    for start in range(0, len(visits), 500):
        batch = visits[start:start + 500]
        marks = ", ".join("?" for _ in batch)
        for table in ("visit_people", "visit_items"):
            read(table, f"visit_id IN ({marks})", batch)
    return Snapshot(incident_id, rows)


def diff(before: Snapshot, after: Snapshot) -> Change:
    """The rows that differ between two snapshots of the same incident."""
    keys = {*before.rows, *after.rows}
    moved = {k for k in keys if not _same(k[0], before.rows.get(k), after.rows.get(k))}
    return Change(before.incident_id, {k: before.rows.get(k) for k in moved},
                  {k: after.rows.get(k) for k in moved})


def undo(db: Database, change: Change, *, now: datetime | None = None) -> None:
    """Put the rows back as they were before the change (StaleHistoryError if they moved on)."""
    _write(db, change.after, change.before, now or now_utc())


def redo(db: Database, change: Change, *, now: datetime | None = None) -> None:
    """Make the change again (StaleHistoryError if the rows are no longer as undo left them)."""
    _write(db, change.before, change.after, now or now_utc())


def _write(db: Database, expected: Mapping[RowKey, Row | None],
           wanted: Mapping[RowKey, Row | None], now: datetime) -> None:
    with db.atomic():
        for key in _ordered(expected):
            current = _read_row(db, key)
            if not _same(key[0], current, expected[key]):
                raise StaleHistoryError(
                    "This step can no longer be undone or redone: what it changed was changed "
                    "again since (by a calendar sync or another window). Nothing was changed now.")
        stamp = to_iso(now)
        for key in reversed(list(_ordered(wanted))):  # children first
            if wanted[key] is None and expected[key] is not None:
                table, pk = key
                db.execute(f"DELETE FROM {table} WHERE {PRIMARY_KEY.get(table, 'id')} = ?", [pk])
        for key in _ordered(wanted):  # parents first
            row, table = wanted[key], key[0]
            if row is None:
                continue
            if expected[key] is None:
                values = dict(row) | ({"updated_at": stamp} if table in STAMPED else {})
                names = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))
            else:
                values = {name: row[name] for name in CONTENT[table] if name in row}
                if table in STAMPED:
                    values["updated_at"] = stamp
                sets = ", ".join(f"{name} = ?" for name in values)
                db.execute(f"UPDATE {table} SET {sets} WHERE {PRIMARY_KEY.get(table, 'id')} = ?",
                           [*values.values(), key[1]])


def _ordered(rows: Mapping[RowKey, Row | None]) -> Iterator[RowKey]:
    rank = {table: n for n, table in enumerate(TABLES)}
    yield from sorted(rows, key=lambda k: (rank[k[0]], k[1]))


def _read_row(db: Database, key: RowKey) -> Row | None:
    table, pk = key
    cursor = db.execute(f"SELECT * FROM {table} WHERE {PRIMARY_KEY.get(table, 'id')} = ?", [pk])
    values = cursor.fetchone()
    return None if values is None else dict(zip([c[0] for c in cursor.description], values))


def _same(table: str, a: Row | None, b: Row | None) -> bool:
    """Equal in what undo restores (bookkeeping columns are not compared)."""
    if a is None or b is None:
        return a is b
    return all(a.get(name) == b.get(name) for name in CONTENT[table])
