"""Small key/value settings kept inside the database (travel with the data file)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# Set once the sample has been offered: a file that has had a session always has it, so start-up
# reads this one row and loads the sample's code only on a new file.
SAMPLE_OFFERED = "sample_offered"


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    """The stored value for key, or default."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    """Store value under key, replacing what was there."""
    with db.atomic():
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
