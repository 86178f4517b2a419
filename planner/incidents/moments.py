"""The customer's experience as an ordered list of moments: add, edit, reorder, delete."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.errors import NotFoundError
from planner.incidents.model import Moment
from planner.incidents.validation import validate_moment

if TYPE_CHECKING:
    from sqlite_utils import Database


def list_moments(db: Database, incident_id: int) -> list[Moment]:
    """The incident's moments in their story order."""
    return [
        Moment.from_row(r)
        for r in db["moments"].rows_where("incident_id = ?", [incident_id], order_by="position, id")
    ]


def add_moment(db: Database, incident_id: int, moment: Moment, position: int | None = None) -> Moment:
    """Insert a moment at position (default: at the end) and renumber the rest."""
    validate_moment(moment)
    with db.atomic():
        ids = [m.id for m in list_moments(db, incident_id)]
        row = {"incident_id": incident_id, "position": len(ids), "at_text": moment.at_text,
               "what": moment.what, "feeling": moment.feeling}
        new_id = db.table("moments").insert(row).last_pk
        index = len(ids) if position is None else max(0, min(position, len(ids)))
        ids.insert(index, new_id)
        _renumber(db, ids)
    moment.id, moment.incident_id, moment.position = new_id, incident_id, index
    return moment


def save_moment(db: Database, moment: Moment) -> None:
    """Write the text of an existing moment."""
    validate_moment(moment)
    with db.atomic():
        if moment.id is None:
            raise ValueError("this moment has not been stored yet; add it first")
        db.table("moments").update(
            moment.id, {"at_text": moment.at_text, "what": moment.what, "feeling": moment.feeling}
        )


def delete_moment(db: Database, moment_id: int) -> None:
    """Remove one moment; the others close up."""
    row = db.execute("SELECT incident_id FROM moments WHERE id = ?", [moment_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Moment {moment_id} no longer exists.")
    with db.atomic():
        db.execute("DELETE FROM moments WHERE id = ?", [moment_id])
        _renumber(db, [m.id for m in list_moments(db, row[0])])


def reorder_moments(db: Database, incident_id: int, ordered_ids: list[int]) -> None:
    """Put the incident's moments in exactly this order."""
    current = {m.id for m in list_moments(db, incident_id)}
    if set(ordered_ids) != current or len(ordered_ids) != len(current):
        raise ValueError("reorder_moments needs every moment of the incident exactly once")
    with db.atomic():
        _renumber(db, ordered_ids)


def move_moment(db: Database, incident_id: int, moment_id: int, new_index: int) -> None:
    """Move one moment to new_index in the story."""
    ids = [m.id for m in list_moments(db, incident_id)]
    ids.remove(moment_id)
    ids.insert(max(0, min(new_index, len(ids))), moment_id)
    with db.atomic():
        _renumber(db, [i for i in ids if i is not None])


def _renumber(db: Database, ids: Sequence[int | None]) -> None:
    db.conn.executemany(
        "UPDATE moments SET position = ? WHERE id = ?", [(i, mid) for i, mid in enumerate(ids)]
    )
