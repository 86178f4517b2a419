"""Cadence: offsets, weekends, the past, duplicates and chained steps."""
from __future__ import annotations

from datetime import date, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.followups.cadence import (
    ANCHORS,
    CHANNELS,
    DEFAULT_CADENCE,
    CadenceStep,
    ExistingFollowUp,
    Offset,
    parse_clock,
    parse_offset,
    propose,
    step_problems,
)

MONDAY = date(2025, 3, 3)
FRIDAY = date(2025, 3, 7)
SATURDAY = date(2025, 3, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P0D", Offset()),
        ("P1D", Offset(days=1)),
        ("P1W", Offset(weeks=1)),
        ("P7D", Offset(days=7)),
        ("P1M", Offset(months=1)),
        ("P1Y2M3W4D", Offset(months=14, weeks=3, days=4)),
        ("p21d", Offset(days=21)),
    ],
)
def test_parse_offset_reads_date_durations(text: str, expected: Offset) -> None:
    assert parse_offset(text) == expected


@pytest.mark.parametrize(
    "text", ["3 weeks", "P", "", "PT1H", "P1.5D", "-P1D", "P1D ", "1D", "P1D2M"]
)
def test_parse_offset_refuses_other_text(text: str) -> None:
    with pytest.raises(ValueError, match=f'^"{text}" is not a duration like P21D$'):
        parse_offset(text)


def test_parse_offset_refuses_far_future() -> None:
    with pytest.raises(ValueError, match="five years"):
        parse_offset("P9999D")


def test_parse_clock() -> None:
    assert parse_clock("09:30") == time(9, 30)
    for bad in ("9:30", "24:00", "12:60", "noon"):
        with pytest.raises(ValueError, match="is not a time of day like 09:30"):
            parse_clock(bad)


def test_months_clamp_to_the_end_of_a_short_month() -> None:
    assert Offset(months=1).apply(date(2024, 1, 31)) == date(2024, 2, 29)
    assert Offset(months=13).apply(date(2025, 1, 31)) == date(2026, 2, 28)


def test_business_days_skip_the_weekend() -> None:
    assert Offset(days=1).apply(FRIDAY, business_days=True) == date(2025, 3, 10)
    assert Offset(days=5).apply(MONDAY, business_days=True) == date(2025, 3, 10)
    assert Offset(days=1).apply(SATURDAY, business_days=True) == date(2025, 3, 10)


def test_default_cadence_after_a_friday_visit() -> None:
    proposals = propose(DEFAULT_CADENCE, {"visit": FRIDAY, "remedy_due": date(2025, 3, 12)})
    assert [(p.date, p.step_index) for p in proposals] == [
        (date(2025, 3, 10), 0),  # one business day after Friday is Monday
        (date(2025, 3, 12), 1),
        (date(2025, 3, 19), 2),
        (date(2025, 4, 7), 3),  # 7 April; a month after the visit
    ]
    assert proposals[3].channel == "visit"


def test_weekend_dates_roll_to_monday() -> None:
    steps = [CadenceStep("remedy_due", "P0D", purpose="Check it arrived", time="10:00")]
    [proposal] = propose(steps, {"remedy_due": SATURDAY})
    assert proposal.date == date(2025, 3, 10)
    assert proposal.time == time(10, 0)
    start = proposal.starts_at(timezone(timedelta(hours=1)))
    assert start is not None and start.utcoffset() == timedelta(hours=1)


def test_missing_anchor_skips_the_step_and_its_chain() -> None:
    steps = [
        CadenceStep("remedy_due", "P0D", purpose="Arrived?"),
        CadenceStep("previous", "P1W", purpose="Still fine?"),
        CadenceStep("visit", "P1D", purpose="How are you?"),
    ]
    proposals = propose(steps, {"visit": MONDAY})
    assert [p.purpose for p in proposals] == ["How are you?"]


def test_previous_counts_from_the_landed_date() -> None:
    steps = [
        CadenceStep("visit", "P0D", purpose="Visit"),
        CadenceStep("previous", "P1D", business_days=True, purpose="Next day"),
    ]
    proposals = propose(steps, {"visit": SATURDAY})
    assert [p.date for p in proposals] == [date(2025, 3, 10), date(2025, 3, 11)]


def test_past_dates_move_to_today_or_the_next_weekday() -> None:
    steps = [CadenceStep("visit", "P1D", purpose="Call")]
    assert propose(steps, {"visit": MONDAY}, today=date(2025, 3, 12))[0].date == date(2025, 3, 12)
    assert propose(steps, {"visit": MONDAY}, today=SATURDAY)[0].date == date(2025, 3, 10)
    assert propose(steps, {"visit": MONDAY}, today=MONDAY)[0].date == date(2025, 3, 4)


def test_existing_follow_up_with_same_purpose_is_not_repeated() -> None:
    steps = [CadenceStep("visit", "P1D", purpose="Call to ask how they are")]
    existing = [ExistingFollowUp(date(2025, 3, 4), "  call to ASK how  they are ", "email")]
    assert propose(steps, {"visit": MONDAY}, existing) == []
    other = [ExistingFollowUp(date(2025, 3, 4), "Send the credit note")]
    assert len(propose(steps, {"visit": MONDAY}, other)) == 1


def test_a_follow_up_planned_then_moved_is_not_proposed_again() -> None:
    steps = [CadenceStep("visit", "P1D", purpose="Call to ask how they are"),
             CadenceStep("visit", "P1W", purpose="Call to ask how they are")]
    moved = [ExistingFollowUp(date(2025, 3, 6), "Call to ask how they are")]  # not on the 4th
    [left] = propose(steps, {"visit": MONDAY}, moved)
    assert left.step_index == 1  # one moved follow-up stands for one step, not for both
    assert propose(steps, {"visit": MONDAY}, [*moved, left.as_existing()]) == []


def test_two_steps_never_coincide() -> None:
    steps = [
        CadenceStep("visit", "P0D", purpose="Check in"),
        CadenceStep("remedy_due", "P0D", channel="email", purpose="check  IN"),
    ]
    proposals = propose(steps, {"visit": MONDAY, "remedy_due": MONDAY})
    assert [p.step_index for p in proposals] == [0]


def test_step_problems() -> None:
    step = CadenceStep("later", "3 weeks", channel="fax", purpose=" ", time="25:00")
    fields = [field for field, _ in step_problems(step, 1)]
    assert fields == ["anchor", "offset", "time", "channel", "purpose"]
    assert step_problems(CadenceStep("previous", "P1D", purpose="x"), 0)[0][0] == "anchor"
    assert all(step_problems(step, i) == [] for i, step in enumerate(DEFAULT_CADENCE))


def test_bad_offset_in_propose_raises_value_error() -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        propose([CadenceStep("visit", "soon", purpose="x")], {"visit": MONDAY})


offsets = st.builds(
    lambda m, w, d: f"P{m}M{w}W{d}D", st.integers(0, 13), st.integers(0, 6), st.integers(0, 40)
)
steps_strategy = st.lists(
    st.builds(
        CadenceStep,
        anchor=st.sampled_from(ANCHORS),
        offset=offsets,
        business_days=st.booleans(),
        channel=st.sampled_from(CHANNELS),
        purpose=st.sampled_from(["Call", "call ", "Check the fix", "Visit", "CHECK the fix"]),
        time=st.none() | st.sampled_from(["09:00", "16:30"]),
    ),
    max_size=8,
)
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
anchor_maps = st.dictionaries(st.sampled_from(ANCHORS[:3]), days)
existing_lists = st.lists(
    st.builds(ExistingFollowUp, date=days, purpose=st.sampled_from(["Call", "Visit", "Other"])),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(steps_strategy, anchor_maps, existing_lists, st.none() | days)
def test_cadence_properties(
    steps: list[CadenceStep],
    anchors: dict[str, date],
    existing: list[ExistingFollowUp],
    today: date | None,
) -> None:
    proposals = propose(steps, anchors, existing, today)
    assert all(p.date.weekday() < 5 for p in proposals), "never a Saturday or Sunday"
    if today is not None:
        assert all(p.date >= today for p in proposals)
    keys = [(p.date, " ".join(p.purpose.split()).casefold()) for p in proposals]
    taken = {(e.date, " ".join(e.purpose.split()).casefold()) for e in existing}
    assert len(keys) == len(set(keys)), "no two proposals coincide"
    assert not taken & set(keys), "nothing that is already planned"
    assert [p.date for p in proposals] == sorted(p.date for p in proposals)
    accepted = existing + [p.as_existing() for p in proposals]
    assert propose(steps, anchors, accepted, today) == [], "idempotent once accepted"
    fresh = propose(steps, anchors, (), today)
    assert propose(steps, anchors, [p.as_existing() for p in fresh], today) == []
