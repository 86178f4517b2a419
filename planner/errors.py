"""Errors a user can act on: each names what went wrong and what to do about it."""
from __future__ import annotations


class AmendsError(Exception):
    """Base for problems shown to the user; str(error) is the full, user-facing message."""


class DataFolderError(AmendsError):
    """The data folder cannot be created, read or written."""


class DataFileError(AmendsError):
    """The database file is unusable: not SQLite, corrupt, too new, or locked."""


class ValidationError(AmendsError):
    """One field of a form holds a value Amends cannot store."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(AmendsError):
    """A record asked for by id does not exist (any more)."""
