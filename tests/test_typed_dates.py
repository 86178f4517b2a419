"""Dates and times as people type them, as a table: what is typed, and what it means."""
from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.typed_dates import TypedDateError, TypedWhen, parse_typed, relative_words

TODAY = date(2026, 12, 2)  # a Wednesday

# (typed, prefer, expected date, expected time) with day-first numbers.
TABLE = [
    # the issue's own examples
    ("25/11 14:30", "past", date(2026, 11, 25), time(14, 30)),
    ("25/11 14:30", "future", date(2027, 11, 25), time(14, 30)),
    ("tomorrow 9", "near", date(2026, 12, 3), time(9, 0)),
    ("fri 10:00", "future", date(2026, 12, 4), time(10, 0)),
    ("+3d", "near", date(2026, 12, 5), None),
    # named days, weekdays
    ("today", "near", TODAY, None),
    ("Yesterday 17:05", "past", date(2026, 12, 1), time(17, 5)),
    ("tomorrow at 9am", "future", date(2026, 12, 3), time(9, 0)),
    ("wed", "future", TODAY, None),
    ("wed", "past", TODAY, None),
    ("fri", "past", date(2026, 11, 27), None),
    ("Friday", "future", date(2026, 12, 4), None),
    ("next wed", "near", date(2026, 12, 9), None),
    ("last fri 16:00", "near", date(2026, 11, 27), time(16, 0)),
    ("this mon", "near", date(2026, 11, 30), None),
    ("mon 9.30", "future", date(2026, 12, 7), time(9, 30)),
    # relative
    ("-2d", "near", date(2026, 11, 30), None),
    ("+2w 14:00", "near", date(2026, 12, 16), time(14, 0)),
    ("+1m", "near", date(2027, 1, 2), None),
    ("+1y", "near", date(2027, 12, 2), None),
    ("+3", "near", date(2026, 12, 5), None),
    ("in 3 days", "near", date(2026, 12, 5), None),
    ("in 2 weeks", "near", date(2026, 12, 16), None),
    ("3 days ago", "near", date(2026, 11, 29), None),
    # numbers, day first; the year when given, else the one the field looks towards
    ("25/11", "near", date(2026, 11, 25), None),
    ("25.11.", "past", date(2026, 11, 25), None),
    ("25-11-2026", "near", date(2026, 11, 25), None),
    ("25/11/26 8:15", "near", date(2026, 11, 25), time(8, 15)),
    ("3/1", "future", date(2027, 1, 3), None),
    ("3/1", "past", date(2026, 1, 3), None),
    ("3/1", "near", date(2027, 1, 3), None),
    ("25", "future", date(2026, 12, 25), None),
    ("25", "past", date(2026, 11, 25), None),
    # locale-neutral: ISO, month names either side, ordinals, 12-hour clock, words
    ("2026-11-25", "near", date(2026, 11, 25), None),
    ("2026-11-25 14:30", "near", date(2026, 11, 25), time(14, 30)),
    ("25 Nov", "past", date(2026, 11, 25), None),
    ("Nov 25", "past", date(2026, 11, 25), None),
    ("25th November 2025", "near", date(2025, 11, 25), None),
    ("November 25, 2026 2pm", "near", date(2026, 11, 25), time(14, 0)),
    ("1 Jan", "future", date(2027, 1, 1), None),
    ("Fri 27 Nov 2026, 10:00", "near", date(2026, 11, 27), time(10, 0)),  # as Amends writes it
    ("14:30", "near", TODAY, time(14, 30)),
    ("9", "near", TODAY, time(9, 0)),
    ("12am", "near", TODAY, time(0, 0)),
    ("12 pm", "near", TODAY, time(12, 0)),
    ("noon", "near", TODAY, time(12, 0)),
    ("fri midday", "future", date(2026, 12, 4), time(12, 0)),
]


@pytest.mark.parametrize(("typed", "prefer", "day", "clock"), TABLE)
def test_what_people_type(typed: str, prefer: str, day: date, clock: time | None) -> None:
    assert parse_typed(typed, TODAY, prefer=prefer) == TypedWhen(day, clock)  # type: ignore[arg-type]


@pytest.mark.parametrize(("typed", "day"), [
    ("11/25", date(2026, 11, 25)), ("12/1 10:00", date(2026, 12, 1)), ("2026-11-25", date(2026, 11, 25)),
])
def test_month_first_where_the_user_writes_dates_that_way(typed: str, day: date) -> None:
    assert parse_typed(typed, TODAY, day_first=False, prefer="near").day == day


@pytest.mark.parametrize(("typed", "says"), [
    ("", "Type a date"),
    ("soon", "is not a date Amends can read"),
    ("31/02/2026", "There is no 31 Feb 2026"),
    ("25/13", "13 is not a month"),
    ("tomorrow 25:00", "not a time of day"),
    ("13pm", "not an hour on a 12-hour clock"),
    ("+3 fortnights", "is not a unit"),
    ("+9999y", "further than any calendar"),
    ("42", "not a day of the month"),
])
def test_what_cannot_be_read_says_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(TypedDateError, match=says):
        parse_typed(typed, TODAY)


def test_a_date_only_field_refuses_a_time_and_reads_a_lone_number_as_a_day() -> None:
    with pytest.raises(TypedDateError, match="Only a date"):
        parse_typed("fri 10:00", TODAY, with_time=False)
    assert parse_typed("9", TODAY, with_time=False, prefer="future") == TypedWhen(date(2026, 12, 9))
    assert parse_typed("now", TODAY, now_clock=time(14, 7, 33)) == TypedWhen(TODAY, time(14, 7))


def test_relative_words() -> None:
    assert [relative_words(TODAY.replace(day=d), TODAY) for d in (1, 2, 3, 5, 30)] == [
        "yesterday", "today", "tomorrow", "in 3 days", "in 4 weeks"]
    assert relative_words(date(2026, 9, 2), TODAY) == "3 months ago"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789/.-:+ amptodywfrinuesv", max_size=16),
       st.sampled_from(["future", "past", "near"]), st.booleans())
def test_anything_typed_is_read_or_refused_with_a_reason(text: str, prefer: str, day_first: bool) -> None:
    try:
        parse_typed(text, TODAY, prefer=prefer, day_first=day_first)  # type: ignore[arg-type]
    except TypedDateError as error:
        assert str(error)
