"""`amends agenda [--days N]`: overdue, today's and coming follow-ups and visits, one a line."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from planner.cli.support import open_db
from planner.overview.today import DEFAULT_DAYS_AHEAD, FollowUpItem, VisitItem, today_view

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_DAYS = 366
CHANNEL_WIDTH = 6


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One line of the agenda before it is written out."""

    tag: str  # OVERDUE, TODAY or UPCOMING
    day: date
    starts_at: datetime | None  # None: all day
    kind: str  # the follow-up's channel, or "visit"
    company: str
    text: str
    clash: str = ""  # "Overlaps the visit to …" when two bookings share a time
    incident_id: int = 0  # the number `amends brief` and `export-ics --incident` take


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the agenda subcommand."""
    parser = subparsers.add_parser(
        "agenda", help="list overdue, today's and coming follow-ups and visits",
        description="Overdue, today's and coming follow-ups and visits, in local time.",
    )
    parser.add_argument(
        "--days", type=_days, default=DEFAULT_DAYS_AHEAD, metavar="N",
        help=f"how many days ahead to look (default {DEFAULT_DAYS_AHEAD})",
    )
    parser.set_defaults(func=run)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--days takes a whole number of days, not {text!r}") from None
    if not 0 <= value <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"--days must be between 0 and {MAX_DAYS}")
    return value


def run(args: argparse.Namespace) -> int:
    """Print the agenda for the chosen data folder."""
    db = open_db(args)
    try:
        lines = agenda_text(db, datetime.now().astimezone(), days=args.days)
    finally:
        db.close()
    print("\n".join(lines))
    return 0


def agenda_lines(db: Database, now: datetime, *, days: int = DEFAULT_DAYS_AHEAD) -> list[AgendaLine]:
    """The items, in time order within OVERDUE, then TODAY, then UPCOMING; `now` is local."""
    data = today_view(db, now, days=days, visit_days=days)
    lines = [_followup_line("OVERDUE", f) for f in data.overdue]
    today_visits = [v for v in data.visits if v.starts_at.astimezone(now.tzinfo).date() == data.today]
    later_visits = [v for v in data.visits if v not in today_visits]
    # A visit earlier today that is still "planned" is listed as today's, not as overdue.
    today = [_followup_line("TODAY", f) for f in data.due_today]
    today += [_visit_line("TODAY", v, now) for v in today_visits]
    upcoming = [_followup_line("UPCOMING", f) for f in data.upcoming]
    upcoming += [_visit_line("UPCOMING", v, now) for v in later_visits]

    def key(line: AgendaLine) -> tuple[date, bool, datetime]:
        return (line.day, line.starts_at is not None, line.starts_at or now)

    return lines + sorted(today, key=key) + sorted(upcoming, key=key)


def agenda_text(db: Database, now: datetime, *, days: int = DEFAULT_DAYS_AHEAD) -> list[str]:
    """The agenda as printed: one item a line, or one line saying there is nothing."""
    lines = agenda_lines(db, now, days=days)
    if not lines:
        span = "today" if days == 0 else f"the next {days} day{'s' if days != 1 else ''}"
        return [f"Nothing overdue, and nothing planned for {span}."]
    return [format_line(line, now) for line in lines]


def format_line(line: AgendaLine, now: datetime) -> str:
    """`OVERDUE   Tue 24 Nov 10:00  call    #3 Halvorsen Fitouts — check the end caps arrived`."""
    if line.starts_at is None:
        when = f"{line.day:%a %d %b} all day"
    else:
        when = f"{line.starts_at.astimezone(now.tzinfo):%a %d %b %H:%M}  "
    text = " ".join(line.text.split())  # one item, one line, whatever was typed
    company = " ".join(line.company.split())
    clash = f"  [CLASH: {line.clash}]" if line.clash else ""
    number = f"#{line.incident_id} " if line.incident_id else ""
    return f"{line.tag:<9} {when}  {line.kind:<{CHANNEL_WIDTH}}  {number}{company} — {text}{clash}"


def _followup_line(tag: str, item: FollowUpItem) -> AgendaLine:
    return AgendaLine(tag, item.day, item.starts_at, item.channel, item.company,
                      item.purpose or item.incident_title, item.clash, item.incident_id)


def _visit_line(tag: str, item: VisitItem, now: datetime) -> AgendaLine:
    text = item.incident_title + (f"; at {item.place}" if item.place else "")
    return AgendaLine(tag, item.starts_at.astimezone(now.tzinfo).date(), item.starts_at, "visit",
                      item.company, text, item.clash, item.incident_id)

