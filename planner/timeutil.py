"""Timezone-aware time helpers: storage uses ISO 8601 with an offset, the UI shows local time."""
from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def now_utc() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)


def local_tz() -> tzinfo:
    """The machine's local time zone as a fixed-offset tzinfo for 'now'."""
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


def require_aware(value: datetime, field: str = "time") -> datetime:
    """Return value unchanged, or raise ValueError when it has no time zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must carry a time zone")
    return value


def to_iso(value: datetime | None) -> str | None:
    """Store an aware datetime as ISO 8601 text in UTC (sorts correctly as text)."""
    if value is None:
        return None
    return require_aware(value).astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str | None) -> datetime | None:
    """Read ISO 8601 text written by to_iso; naive text is taken as UTC."""
    if not text:
        return None
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def date_to_iso(value: date | None) -> str | None:
    """Store a calendar date as YYYY-MM-DD."""
    return value.isoformat() if value is not None else None


def date_from_iso(text: str | None) -> date | None:
    """Read a YYYY-MM-DD date."""
    return date.fromisoformat(text) if text else None


def is_zone_name(name: str) -> bool:
    """True when name is an IANA zone this machine can resolve."""
    if name == "UTC":
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_zone_name() -> str:
    """The IANA name of the machine's zone (TZ, then /etc/localtime), or 'UTC' if unknown.

    The name goes into the calendar export; times themselves are stored in UTC, so a
    wrong guess here never moves a visit.
    """
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and not name.startswith("/") and is_zone_name(name):
            return name
    return "UTC"
