"""Follow-up cadence: turn anchor dates and offsets into proposed follow-ups (pure, no I/O)."""
from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Protocol

ANCHORS = ("reported", "visit", "remedy_due", "previous")
CHANNELS = ("call", "visit", "email", "meeting")

# An offset may reach at most this far; a typo such as P300M should not plan 25 years out.
MAX_OFFSET_DAYS = 5 * 366

_DURATION = re.compile(
    r"P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,4})D)?", re.IGNORECASE
)
_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class CadenceStep:
    """One follow-up in a cadence: when (anchor + offset), how (channel) and why (purpose)."""

    anchor: str  # one of ANCHORS; "previous" is the date proposed for the step before
    offset: str  # ISO 8601 duration with Y, M, W and D parts, e.g. "P1D", "P1W", "P1M"
    business_days: bool = False  # count the D part in working days (Monday to Friday)
    channel: str = "call"  # one of CHANNELS
    purpose: str = ""
    time: str | None = None  # "HH:MM" local time; None means an all-day follow-up


@dataclass(frozen=True)
class Offset:
    """A parsed duration: calendar months, then weeks, then (business or calendar) days."""

    months: int = 0
    weeks: int = 0
    days: int = 0

    def apply(self, start: date, business_days: bool = False) -> date:
        """The date this offset reaches from ``start``; weeks are always seven calendar days."""
        moved = _add_months(start, self.months) + timedelta(weeks=self.weeks)
        if not business_days:
            return moved + timedelta(days=self.days)
        remaining = self.days
        while remaining > 0:
            moved += timedelta(days=1)
            if moved.weekday() < 5:
                remaining -= 1
        return moved


def parse_offset(text: str) -> Offset:
    """Parse an ISO 8601 date duration such as ``P21D``, ``P1W`` or ``P1M2D``."""
    match = _DURATION.fullmatch(text)
    if match is None or text.upper() == "P":
        raise ValueError(f'"{text}" is not a duration like P21D')
    years, months, weeks, days = (int(part or 0) for part in match.groups())
    offset = Offset(months=12 * years + months, weeks=weeks, days=days)
    if offset.months * 31 + offset.weeks * 7 + offset.days > MAX_OFFSET_DAYS:
        raise ValueError(f'"{text}" reaches more than five years ahead; choose a shorter duration')
    return offset


def parse_clock(text: str) -> time:
    """Parse a local ``HH:MM`` time of day."""
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValueError(f'"{text}" is not a time of day like 09:30')
    return time(int(match.group(1)), int(match.group(2)))


def step_problems(step: CadenceStep, index: int) -> list[tuple[str, str]]:
    """Every problem with one step, as (field, message) pairs; empty when the step is usable."""
    problems: list[tuple[str, str]] = []
    if step.anchor not in ANCHORS:
        problems.append(("anchor", f'"{step.anchor}" is not one of {", ".join(ANCHORS)}'))
    elif step.anchor == "previous" and index == 0:
        problems.append(("anchor", '"previous" needs an earlier step to count from'))
    for field, text, parse in (
        ("offset", step.offset, parse_offset),
        ("time", step.time, parse_clock),
    ):
        if text is not None:
            try:
                parse(text)
            except ValueError as error:
                problems.append((field, str(error)))
    if step.channel not in CHANNELS:
        problems.append(("channel", f'"{step.channel}" is not one of {", ".join(CHANNELS)}'))
    if not step.purpose.strip():
        problems.append(("purpose", "say what this follow-up is for"))
    return problems


class FollowUpLike(Protocol):
    """Anything with a date and a purpose, such as a stored follow-up."""

    @property
    def date(self) -> date: ...

    @property
    def purpose(self) -> str: ...


@dataclass(frozen=True)
class ExistingFollowUp:
    """A follow-up that is already planned; proposals never repeat one."""

    date: date
    purpose: str
    channel: str = "call"


@dataclass(frozen=True)
class Proposal:
    """A follow-up the cadence suggests; nothing is saved until the user accepts it."""

    date: date
    time: time | None
    channel: str
    purpose: str
    step_index: int  # which CadenceStep it came from

    def starts_at(self, zone: tzinfo) -> datetime | None:
        """The timezone-aware start in the user's zone, or None for an all-day follow-up."""
        return None if self.time is None else datetime.combine(self.date, self.time, zone)

    def as_existing(self) -> ExistingFollowUp:
        """The proposal as it looks once accepted."""
        return ExistingFollowUp(self.date, self.purpose, self.channel)


def _add_months(start: date, months: int) -> date:
    # Clamp to the month's last day: a month after 31 January is 28 (or 29) February.
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_weekday(day: date) -> date:
    """``day`` itself from Monday to Friday, otherwise the Monday after it."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def purpose_key(purpose: str) -> str:
    """How purposes are compared: case and spacing do not make two follow-ups different."""
    return " ".join(purpose.split()).casefold()


PROMISE_NEAR_DAYS = 2


def _is_pending_promise(item: FollowUpLike) -> bool:
    # Stored follow-ups carry a source and a status; plain ExistingFollowUps are never promises.
    source = str(getattr(item, "source", ""))
    status: object = getattr(item, "status", "pending")  # a str Enum compares equal to its value
    return source.startswith("promise:") and status == "pending"


def propose(
    steps: Sequence[CadenceStep],
    anchors: Mapping[str, date],
    existing: Iterable[FollowUpLike] = (),
    today: date | None = None,
) -> list[Proposal]:
    """Propose follow-ups for ``steps`` counted from ``anchors``, sorted by date.

    A step whose anchor is not in ``anchors`` is skipped (and so is a "previous" step after
    it). A date on a weekend moves to the Monday after. With ``today`` given, a date in the
    past moves to today, or to the next Monday when today is a weekend day: a missed check-in
    is still worth making, late rather than never.

    Nothing already planned is proposed again. A proposal on the same date with the same
    purpose as an existing follow-up, or as an earlier proposal, is dropped; so is one whose
    purpose an existing follow-up on another day already carries (it was planned, then moved),
    each existing follow-up standing for one step. The cadence also plans around the dates the
    apology promised: a proposal within PROMISE_NEAR_DAYS of a pending promise follow-up (its
    source starts "promise:") is left out, since that promised contact is the one the customer
    expects. Chained ("previous") steps count from the
    date the earlier step lands on even when that one is dropped, so accepting proposals and
    proposing again yields nothing new. Raises ValueError for a step with an unreadable offset
    or time.
    """
    planned = list(existing)
    candidates: list[Proposal] = []
    previous: date | None = None
    for index, step in enumerate(steps):
        start = previous if step.anchor == "previous" else anchors.get(step.anchor)
        if start is None:
            previous = None
            continue
        day = next_weekday(parse_offset(step.offset).apply(start, step.business_days))
        if today is not None and day < today:
            day = next_weekday(today)
        clock = None if step.time is None else parse_clock(step.time)
        previous = day
        candidates.append(Proposal(day, clock, step.channel, step.purpose, index))
    promised = [item.date for item in planned if _is_pending_promise(item)]
    exact = Counter((item.date, purpose_key(item.purpose)) for item in planned)
    spare = Counter(purpose_key(item.purpose) for item in planned)
    covered: set[int] = set()
    for number, candidate in enumerate(candidates):
        key = (candidate.date, purpose_key(candidate.purpose))
        if exact[key] > 0:  # the very follow-up, as planned
            exact[key] -= 1
            spare[key[1]] -= 1
            covered.add(number)
    seen: set[tuple[date, str]] = set()
    proposals: list[Proposal] = []
    for number, candidate in enumerate(candidates):
        key = (candidate.date, purpose_key(candidate.purpose))
        if number in covered or key in seen:
            seen.add(key)
            continue
        seen.add(key)
        if spare[key[1]] > 0:  # planned for this step, then moved to another day
            spare[key[1]] -= 1
            continue
        if any(abs((candidate.date - day).days) <= PROMISE_NEAR_DAYS for day in promised):
            continue
        proposals.append(candidate)
    return sorted(proposals, key=lambda proposal: (proposal.date, proposal.step_index))


DEFAULT_CADENCE: tuple[CadenceStep, ...] = (
    CadenceStep("visit", "P1D", True, "call", "Call to ask how they are after the visit"),
    CadenceStep("remedy_due", "P0D", False, "call", "Confirm the fix arrived and works for them"),
    CadenceStep("remedy_due", "P1W", False, "call", "Check the fix is still holding a week on"),
    CadenceStep("visit", "P1M", False, "visit", "Make sure the relationship is back on track"),
)
