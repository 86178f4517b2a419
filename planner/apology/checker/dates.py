"""Finding date and time expressions in a promise: "by Friday 10:00", "within 48 hours", "14/03".

The remedy check uses this to tell a dated promise from an open one; the UI can reuse it to
offer the date as a follow-up. It only finds expressions, it does not resolve them to
calendar dates. Deliberately left out: "soon", "asap", "shortly", "in a few days" (they are
exactly the vague promises the checker wants dated).
"""
from __future__ import annotations

import re

from planner.apology.checker.patterns import lowered

_NUMBER_WORDS = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen"
    r"|twenty[- ]four|forty[- ]eight|seventy[- ]two|a\s+couple\s+of)"
)
# A count or a range of them: "3", "three", "3-5", "5 to 7".
_COUNT = rf"(?:(?:\d{{1,3}}\s*(?:-|–|to)\s*)?\d{{1,3}}|{_NUMBER_WORDS}(?:\s+(?:or|to)\s+{_NUMBER_WORDS})?)"
_UNIT = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|fortnight|months?|workdays?)"
_PREP = (
    r"(?:by|on|before|until|till|from|this|next|coming|this\s+coming|every|no\s+later\s+than"
    r"|first\s+thing(?:\s+on)?)"
)
_PERIOD = r"(?:morning|afternoon|evening|night|lunchtime)"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
# A dot after a short name only counts before a number ("Mon. 14"): at the end of a
# sentence it is the full stop.
_ABBREVIATION_DOT = r"(?:\.(?=\s*\d))?"
_WEEKDAY_SHORT = rf"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun){_ABBREVIATION_DOT}"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)"
)
# Short month names are only trusted next to a number ("14 Mar"): "mar" and "may" are words.
_MONTH_ANY = rf"(?:{_MONTH}|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec){_ABBREVIATION_DOT})"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_AMPM = r"(?:am|pm|a\.m\.|p\.m\.)"
_AT = r"(?:at|by|before|until|till|from|around|about|after)"

_EXPRESSIONS = (
    # Weekdays: "Thursday", "by Friday", "next Monday morning", "on Mon".
    rf"(?:{_PREP}\s+)?{_WEEKDAY}(?:\s+{_PERIOD})?",
    rf"{_PREP}\s+{_WEEKDAY_SHORT}",
    # Days relative to today.
    rf"(?:(?:by|until|before|from|later)\s+)?(?:today|tonight|tomorrow(?:\s+{_PERIOD})?)",
    r"the\s+day\s+after\s+tomorrow",
    rf"this\s+(?:{_PERIOD}|week|weekend|month)",
    r"next\s+(?:week|weekend|month)",
    (
        r"(?:(?:by|before|until)\s+)?(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+|this\s+|next\s+)?"
        r"(?:day|week|month|business|play)"
    ),
    r"(?:by\s+)?(?:eod|cob|eow)",
    r"first\s+thing(?:\s+in\s+the\s+morning)?",
    r"(?:(?:on|within)\s+)?the\s+same\s+day|same-day",
    r"in\s+the\s+morning",
    # Durations from now: "within 48 hours", "in two days", "within the hour".
    (
        rf"(?:within|in|inside(?:\s+of)?|under)\s+(?:the\s+next\s+)?{_COUNT}\s*"
        rf"(?:(?:business|working)\s+)?{_UNIT}"
    ),
    r"(?:within|in|inside(?:\s+of)?|under)\s+\d{1,3}\s*h",
    r"within\s+the\s+(?:next\s+)?(?:hour|day|week)",
    r"(?:by|before|over|at|on|this|next)\s+the\s+weekend",
    # Calendar dates: "2026-03-14", "14/03", "14.03.2026", "14 March", "March 14th".
    r"\d{4}-\d{2}-\d{2}",
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?",
    r"\d{1,2}\.\d{1,2}\.\d{2,4}",
    (
        rf"(?:(?:on|by|before|until|from)\s+)?(?:the\s+)?{_ORDINAL}\s+(?:of\s+)?{_MONTH_ANY}"
        r"(?:,?\s+\d{4})?"
    ),
    rf"(?:(?:on|by|before|until|from)\s+)?{_MONTH_ANY}\s+{_ORDINAL}(?:,?\s+\d{{4}})?",
    rf"(?:in|by|before|until|early|mid|late|(?:the\s+)?end\s+of)\s+{_MONTH}",
    r"(?:on|by|before|until|to|for|from)\s+the\s+\d{1,2}(?:st|nd|rd|th)",
    # Times: "at 10:00", "17:05", "10am", "3.30 pm", "by noon", "at 3 o'clock".
    rf"(?:{_AT}\s+)?(?:[01]?\d|2[0-3])[:h][0-5]\d(?:\s*{_AMPM})?",
    rf"{_AT}\s+(?:[01]?\d|2[0-3])\.[0-5]\d(?:\s*{_AMPM})?",
    rf"(?:{_AT}\s+)?(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*{_AMPM}",
    rf"(?:{_AT}\s+)?(?:noon|midday|midnight|lunchtime|lunch\s+time)",
    rf"(?:{_AT}\s+)?(?:1[0-2]|0?[1-9])\s+o'clock",
    rf"(?:{_AT}\s+)?(?:half|quarter)\s+(?:past|to)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|0?[1-9])",
    # A bare hour only at the end of a clause ("call you at 3.") or before what is done then
    # ("I'm coming round at 4 to swap it"), where it cannot be a count.
    rf"{_AT}\s+(?:1[0-2]|0?[1-9])(?=\s*(?:[.,;!?)]|$)|\s+(?:to|and|on|tomorrow|today|tonight)\s)",
)

_DATES = re.compile(
    r"(?<![\w/.:-])(?:" + "|".join(_EXPRESSIONS) + r")(?![\w/-]|[:.]\d)",
)
# Expressions separated only by spaces or commas are one date: "Friday, 14 March at 10:00".
_JOINER = re.compile(r"[\s,]*")
def find_dates_lowered(low: str) -> list[tuple[int, int]]:
    """find_dates() for a text already passed through lowered()."""
    spans: list[tuple[int, int]] = []
    for match in _DATES.finditer(low):
        start, end = match.span()
        if spans and _JOINER.fullmatch(low, spans[-1][1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def find_dates(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the date and time expressions in ``text``, in order, merged.

    Prepositions that make the promise belong to the span ("by Friday", "within 48 hours").
    """
    return find_dates_lowered(lowered(text))


def has_date_lowered(low: str) -> bool:
    """has_date() for a text already passed through lowered(); stops at the first date."""
    return _DATES.search(low) is not None


def has_date(text: str) -> bool:
    """True when ``text`` holds at least one date or time expression."""
    return has_date_lowered(lowered(text))
