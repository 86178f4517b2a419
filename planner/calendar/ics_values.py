"""RFC 5545 value formatting for the .ics export: text escaping, UTC times, durations, folding."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

FOLD_AT = 75  # a physical line holds at most 75 octets, the CRLF excluded
CRLF = b"\r\n"
# RFC 5545 TEXT allows no control characters but tab; ics-py refuses a file holding one.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})  # Word's soft break, form feed


def is_aware(value: datetime) -> bool:
    """True when ``value`` carries a usable time zone."""
    return value.tzinfo is not None and value.utcoffset() is not None


def clean_text(text: str) -> str:
    """``text`` as it can be stored in TEXT: line breaks as ``\\n``, other controls dropped.

    Trailing spaces and tabs go too: they mean nothing in a calendar, and when folding leaves
    them alone on the last continuation line, ics-py drops that line.
    """
    if not text.isprintable():  # cheap test; most text takes this branch only for newlines
        text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS))
    return text.rstrip(" \t")


def escape_text(text: str) -> str:
    """TEXT escaping (backslash, semicolon, comma, line break) after :func:`clean_text`.

    Written here rather than taken from icalendar 7.3, whose escaping turns a typed
    backslash followed by ``N`` (``C:\\New``) into a line break.
    """
    return (
        clean_text(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def to_utc(value: datetime) -> datetime:
    """``value`` in UTC to the second; raises ValueError for a naive datetime."""
    if not is_aware(value):
        raise ValueError(f"{value} has no time zone; pass an aware datetime.")
    return value.astimezone(UTC).replace(microsecond=0)


def utc_value(value: datetime) -> str:
    """An aware datetime as a UTC DATE-TIME value, e.g. ``20260328T090000Z``."""
    u = to_utc(value)
    return f"{u.year:04}{u.month:02}{u.day:02}T{u.hour:02}{u.minute:02}{u.second:02}Z"


def when(value: datetime | date) -> str:
    """The ``;params:value`` tail of DTSTART/DTEND: UTC for a time, VALUE=DATE for a day."""
    if isinstance(value, datetime):
        return ":" + utc_value(value)
    return f";VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"


def trigger_offset(offset: timedelta) -> str:
    """A relative TRIGGER ``offset`` from the start: negative is before, positive after.

    Spelled as icalendar spells a duration (``-PT15M``, ``PT9H``, ``-P1DT5M``, ``P0D``).
    """
    if not offset:
        return "P0D"
    sign = "-" if offset < timedelta(0) else ""
    size = abs(offset)
    days, seconds = size.days, size.seconds
    clock = ""
    if seconds:
        hours, minutes, secs = seconds // 3600, seconds % 3600 // 60, seconds % 60
        clock = "T" + (f"{hours}H" if hours else "")
        clock += f"{minutes}M" if minutes or (hours and secs) else ""
        clock += f"{secs}S" if secs else ""
    return f"{sign}P{clock}" if not days else f"{sign}P{days}D{clock}"


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded below 75 octets.

    Never splits a multi-byte character, and never folds right after a backslash or
    caret (some readers mis-join an escape split across lines; icalendar avoids it too).
    Byte-for-byte the folding of icalendar 7.3, but without its per-character loop.
    """
    data = line.encode("utf-8")
    if len(data) < FOLD_AT:
        return data
    parts = []
    start = 0
    while len(data) - start >= FOLD_AT:
        cut = start + FOLD_AT - 1
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back up to the start
            cut -= 1
        if cut - start > 1 and data[cut - 1] in b"\\^":
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def fold_lines(lines: list[str]) -> bytes:
    """Content lines folded and joined, each ending in CRLF."""
    return CRLF.join([fold(line) for line in lines]) + CRLF
