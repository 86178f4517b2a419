"""Dates and times as people type them: "25/11 14:30", "tomorrow 9", "fri 10:00", "+3d".

Pure and locale-neutral: the caller passes today's date, whether a field looks ahead (a visit)
or back (when it happened), and whether the day or the month comes first in numbers such as
11/12. Month and weekday names are read in English; ISO dates (2026-11-25) always work.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Literal

Prefer = Literal["future", "past", "near"]

EXAMPLES = "25/11, 25 Nov 14:30, tomorrow 9, fri 10:00, +3d or 2026-11-25"

_MONTHS = {name: number for number in range(1, 13) for name in (
    calendar.month_name[number].lower(), calendar.month_abbr[number].lower())}
_MONTHS["sept"] = 9
_WEEKDAYS = {name: number for number in range(7) for name in (
    calendar.day_name[number].lower(), calendar.day_abbr[number].lower(),
    calendar.day_name[number].lower()[:2])}
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_UNITS = {"d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "week": "w", "weeks": "w",
          "m": "m", "mo": "m", "month": "m", "months": "m", "y": "y", "yr": "y", "year": "y",
          "years": "y"}
_NAMED_DAYS = {"today": 0, "tod": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "yesterday": -1}
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}

_CLOCK = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a|p)?")
_RELATIVE = re.compile(r"([+-])\s*(\d{1,4})\s*([a-z]*)")
_IN = re.compile(r"in\s+(\d{1,4})\s*([a-z]+)")
_AGO = re.compile(r"(\d{1,4})\s*([a-z]+)\s+ago")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?\.?")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s*([a-z]+)\.?(?:\s+(\d{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d{4}))?")
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


class TypedDateError(ValueError):
    """What was typed is not a date (or time) Amends can read; the message says what to type."""


@dataclass(frozen=True)
class TypedWhen:
    """A typed date, and the time of day when one was typed (None: no time given)."""

    day: date
    clock: time | None = None


def parse_typed(
    text: str, today: date, *, prefer: Prefer = "near", day_first: bool = True,
    with_time: bool = True, now_clock: time | None = None,
) -> TypedWhen:
    """Read ``text`` as a date and optional time.

    A date without a year, or a weekday, is the next one on or after ``today`` when
    ``prefer`` is "future", the last one on or before it when "past", the nearer when "near".
    ``with_time`` False refuses a time of day. ``now_clock`` is the time "now" stands for.
    Raises TypedDateError, whose message says what went wrong and what to type instead.
    """
    words = " ".join(text.replace(",", " ").lower().split())
    if not words:
        raise TypedDateError(f"Type a date, such as {EXAMPLES}.")
    if words == "now":
        if not with_time:
            return TypedWhen(today)
        return TypedWhen(today, (now_clock or time(0)).replace(second=0, microsecond=0))
    date_words, clock = _split_clock(words, today, prefer, day_first, with_time)
    if clock is not None and not with_time:
        raise TypedDateError("Only a date goes here, without a time of day.")
    day = today if not date_words else _day(date_words, today, prefer, day_first)
    if day is None:
        raise TypedDateError(f"“{text.strip()}” is not a date Amends can read. "
                             f"Try {EXAMPLES}.")
    return TypedWhen(day, clock)


def _split_clock(words: str, today: date, prefer: Prefer, day_first: bool,
                 with_time: bool) -> tuple[str, time | None]:
    """The date words and the time at the end of ``words`` (None when there is none)."""
    tokens = words.split()
    if tokens[-1] in ("am", "pm", "a.m.", "p.m.") and len(tokens) > 1:
        tokens = [*tokens[:-2], tokens[-2] + tokens[-1].replace(".", "")]
    last, rest = tokens[-1], tokens[:-1]
    if rest and rest[-1] == "at":
        rest = rest[:-1]
    named = _NAMED_TIMES.get(last)
    if named is not None:
        return " ".join(rest), named
    match = _CLOCK.fullmatch(last)
    if match is None:
        return " ".join(tokens), None
    hour, minute, half = int(match.group(1)), match.group(2), match.group(3)
    explicit = minute is not None or half is not None
    if not explicit:
        # A bare number is a time only after a date ("tomorrow 9", "fri 10") or on its own
        # in a field with a time ("9" is nine o'clock today); otherwise it is a day ("25").
        alone = not rest and with_time and hour <= 23
        after_date = bool(rest) and with_time and hour <= 23 and _is_day(
            " ".join(rest), today, prefer, day_first)
        if not (alone or after_date):
            return " ".join(tokens), None
    # "25.11" is a date (day and month), "9.30" a time: with a dot, it is a time only when
    # it cannot be a date.
    dotted = "." in last and minute is not None and not rest and half is None
    if dotted and _is_day(last, today, prefer, day_first):
        return last, None
    return " ".join(rest), _clock(hour, int(minute or 0), half)


def _is_day(words: str, today: date, prefer: Prefer, day_first: bool) -> bool:
    try:
        return _day(words, today, prefer, day_first) is not None
    except TypedDateError:
        return False


def _clock(hour: int, minute: int, half: str | None) -> time:
    if half is not None:
        if not 1 <= hour <= 12:
            raise TypedDateError(f"{hour} is not an hour on a 12-hour clock; use 1 to 12 with "
                                 "am or pm, or the 24-hour clock (14:30).")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise TypedDateError(f"{hour}:{minute:02d} is not a time of day; use 00:00 to 23:59.")
    return time(hour, minute)


def _day(words: str, today: date, prefer: Prefer, day_first: bool) -> date | None:
    """The date ``words`` name, or None when they are not a date at all."""
    tokens = words.split()
    if len(tokens) > 1 and tokens[0].rstrip(".") in _WEEKDAYS:
        # "Fri 27 Nov 2026" (how Amends writes dates back): the weekday only repeats the date.
        dated = _day(" ".join(tokens[1:]), today, prefer, day_first)
        if dated is not None:
            return dated
    if words in _NAMED_DAYS:
        return today + timedelta(days=_NAMED_DAYS[words])
    weekday = _weekday(tokens, today, prefer)
    if weekday is not None:
        return weekday
    moved = _relative(words, today)
    if moved is not None:
        return moved
    if m := _ISO.fullmatch(words):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _NUMERIC.fullmatch(words):
        first, second = int(m.group(1)), int(m.group(2))
        day, month = (first, second) if day_first else (second, first)
        return _dated(day, month, _year(m.group(3)), today, prefer)
    if (m := _DAY_MONTH.fullmatch(words)) and m.group(2).rstrip(".") in _MONTHS:
        return _dated(int(m.group(1)), _MONTHS[m.group(2).rstrip(".")], _year(m.group(3)), today,
                      prefer)
    if (m := _MONTH_DAY.fullmatch(words)) and m.group(1) in _MONTHS:
        return _dated(int(m.group(2)), _MONTHS[m.group(1)], _year(m.group(3)), today, prefer)
    if m := _DAY.fullmatch(words):
        return _day_of_month(int(m.group(1)), today, prefer)
    return None


def _weekday(tokens: list[str], today: date, prefer: Prefer) -> date | None:
    how = tokens[0] if len(tokens) == 2 and tokens[0] in ("next", "last", "this", "on") else ""
    name = tokens[-1].rstrip(".") if len(tokens) == 1 or how else ""
    if name not in _WEEKDAYS:
        return None
    target = _WEEKDAYS[name]
    ahead = (target - today.weekday()) % 7  # 0: today
    if how == "next":
        return today + timedelta(days=ahead or 7)
    if how == "last":
        return today - timedelta(days=(today.weekday() - target) % 7 or 7)
    if how == "this":
        return today + timedelta(days=target - today.weekday())  # in this Monday-to-Sunday week
    if prefer == "past":
        return today - timedelta(days=(today.weekday() - target) % 7)
    return today + timedelta(days=ahead)


def _relative(words: str, today: date) -> date | None:
    sign, count, unit = 1, None, ""
    if m := _RELATIVE.fullmatch(words):
        sign, count, unit = (-1 if m.group(1) == "-" else 1), int(m.group(2)), m.group(3) or "d"
    elif m := _IN.fullmatch(words):
        count, unit = int(m.group(1)), m.group(2)
    elif m := _AGO.fullmatch(words):
        sign, count, unit = -1, int(m.group(1)), m.group(2)
    if count is None:
        return None
    kind = _UNITS.get(unit)
    if kind is None:
        raise TypedDateError(f"“{unit}” is not a unit Amends knows; use d (days), w (weeks), "
                             "m (months) or y (years), as in +3d.")
    try:
        if kind == "d":
            return today + timedelta(days=sign * count)
        if kind == "w":
            return today + timedelta(weeks=sign * count)
        months = sign * count * (12 if kind == "y" else 1)
    except OverflowError:
        raise TypedDateError("That is further than any calendar goes.") from None
    index = today.year * 12 + today.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise TypedDateError("That is further than any calendar goes.")
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        name = calendar.month_abbr[month] if 1 <= month <= 12 else f"month {month}"
        raise TypedDateError(f"There is no {day} {name} {year} in the calendar.") from None


def _dated(day: int, month: int, year: int | None, today: date, prefer: Prefer) -> date:
    if not 1 <= month <= 12:
        raise TypedDateError(f"{month} is not a month; months run from 1 to 12.")
    if year is not None:
        return _make(year, month, day)
    options = []
    for candidate in (today.year - 1, today.year, today.year + 1):
        try:
            options.append(date(candidate, month, day))
        except ValueError:
            continue  # 29 February, in years without one
    if not options:
        _make(today.year, month, day)  # raises with the reason
    return _choose(options, today, prefer)


def _day_of_month(day: int, today: date, prefer: Prefer) -> date:
    if not 1 <= day <= 31:
        raise TypedDateError(f"{day} is not a day of the month.")
    options = []
    for shift in (-1, 0, 1):
        index = today.year * 12 + today.month - 1 + shift
        year, month = divmod(index, 12)
        if day <= calendar.monthrange(year, month + 1)[1]:
            options.append(date(year, month + 1, day))
    return _choose(options, today, prefer)


def _choose(options: list[date], today: date, prefer: Prefer) -> date:
    if prefer == "future":
        ahead = [d for d in options if d >= today]
        return min(ahead) if ahead else max(options)
    if prefer == "past":
        behind = [d for d in options if d <= today]
        return max(behind) if behind else min(options)
    return min(options, key=lambda d: (abs((d - today).days), d < today))


def relative_words(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 3 days', '2 days ago', 'in 5 weeks' — how far a date is."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    count, unit = (abs(days), "day") if abs(days) < 14 else (round(abs(days) / 7), "week")
    if unit == "week" and count > 8:
        count, unit = round(abs(days) / 30.4), "month"
    words = f"{count} {unit}{'s' * (count != 1)}"
    return f"in {words}" if days > 0 else f"{words} ago"
