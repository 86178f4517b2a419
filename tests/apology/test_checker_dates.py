"""Date and time expressions in promises: what counts as a date, and the spans found."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.apology.checker import find_dates, has_date


def _found(text: str) -> list[str]:
    return [text[start:end] for start, end in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I will call you Thursday.", ["Thursday"]),
        ("The parts arrive by Friday.", ["by Friday"]),
        ("I can come on Mon.", ["on Mon"]),
        ("I can come on Mon. 16 March.", ["on Mon. 16 March"]),
        ("next Monday morning", ["next Monday morning"]),
        ("I will ring you today.", ["today"]),
        ("I will ring you tonight.", ["tonight"]),
        ("Tomorrow afternoon works.", ["Tomorrow afternoon"]),
        ("We will sort it next week.", ["next week"]),
        ("I'll call this afternoon.", ["this afternoon"]),
        ("You will have it by the end of the day.", ["by the end of the day"]),
        ("The refund follows within 48 hours.", ["within 48 hours"]),
        ("The refund follows within 48h.", ["within 48h"]),
        ("It ships in two days.", ["in two days"]),
        ("It ships in 3 working days.", ["in 3 working days"]),
        ("I will visit on 14 March.", ["on 14 March"]),
        ("I will visit on the 14th of March 2026.", ["on the 14th of March 2026"]),
        ("I will visit March 14.", ["March 14"]),
        ("I will visit on 14/03.", ["14/03"]),
        ("I will visit on 14.03.2026.", ["14.03.2026"]),
        ("I will visit on 2026-03-14.", ["2026-03-14"]),
        ("I will call at 10:00.", ["at 10:00"]),
        ("I will call at 10am.", ["at 10am"]),
        ("I will call at 3.30 pm.", ["at 3.30 pm"]),
        ("I will call by noon.", ["by noon"]),
        ("I will call at 3 o'clock.", ["at 3 o'clock"]),
        ("I will call at 3.", ["at 3"]),
        ("We deliver by the 20th.", ["by the 20th"]),
        ("We deliver by March.", ["by March"]),
        ("first thing tomorrow", ["first thing tomorrow"]),
    ],
)
def test_date_expressions_are_found_with_their_preposition(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


def test_neighbouring_expressions_merge_into_one_date() -> None:
    text = "I will bring them on Friday, 14 March at 10:00 and call you Thursday."
    assert _found(text) == ["on Friday, 14 March at 10:00", "Thursday"]


@pytest.mark.parametrize(
    "text",
    [
        "I will send them as soon as possible.",
        "We will refund you shortly.",
        "It will take a few days.",
        "I sat down with the team.",
        "We may send a technician.",
        "The part costs 10.30 EUR.",
        "We have 3 sites and 12 pallets.",
        "I will mar the finish if I rush it.",
        "The ratio is 3:1.",
        "Order 4471-22 is ready.",
    ],
)
def test_non_dates_are_not_dates(text: str) -> None:
    assert find_dates(text) == []
    assert not has_date(text)


def test_curly_apostrophes_and_capitals_do_not_matter() -> None:
    assert _found("I’LL CALL YOU ON FRIDAY AT 3 O’CLOCK.") == ["ON FRIDAY AT 3 O’CLOCK"]


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_find_dates_never_crashes_and_spans_are_ordered(text: str) -> None:
    spans = find_dates(text)
    assert spans == sorted(spans)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
    assert has_date(text) == bool(spans)


@pytest.mark.parametrize(
    "text",
    [
        "You should see it within 3-5 business days.",
        "The refund will land in 5 to 7 working days.",
        "Expect it within the next hour.",
        "It will be with you by the weekend.",
        "I'll come round at half past nine.",
        "I will phone you in a fortnight.",
    ],
)
def test_ranges_weekends_and_spoken_times_are_dates(text: str) -> None:
    assert has_date(text)
