"""Identifiers that stay with a follow-up or visit for life, so calendars can match them."""
from __future__ import annotations

from uuid import uuid4


def new_uid() -> str:
    """A fresh UID for a calendar event; the caller stores it and reuses it on every export."""
    return f"{uuid4()}@amends"
