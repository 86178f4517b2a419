"""`amends export-ics`: the app's "Export to calendar" from the shell."""
from __future__ import annotations

import argparse
from pathlib import Path

from planner.calendar.export import export_calendar
from planner.cli.support import fail, find_incident, incident_ref, open_db
from planner.errors import NotFoundError
from planner.timeutil import now_utc

HELP = "write follow-ups and visits to an .ics file that any calendar imports"
DESCRIPTION = """\
Write follow-ups and planned visits as an .ics calendar file (Outlook, Google, Apple,
Thunderbird). --incident ID writes that incident's pending follow-ups and visits, whatever
their date; --all (the default) writes everything from today on for incidents that are not
closed. Exporting again keeps each event's identity, so a calendar updates it instead of
adding a copy; events exported before that were since done, skipped, cancelled or closed
are written again (as done, or cancelled) so calendars drop their reminders, and ones
that were exported and later deleted go out as cancelled events with no personal data.
With nothing to export no file is written (an empty calendar file is not valid).
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the export-ics subcommand."""
    parser = subparsers.add_parser(
        "export-ics", help=HELP, description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--incident", type=incident_ref, metavar="INCIDENT",
                       help="only this incident: its number (shown by the app and `amends "
                            "agenda`), or a word of its title or customer that fits only it")
    which.add_argument("--all", action="store_true",
                       help="everything upcoming, across incidents (the default)")
    parser.add_argument("--include-done", action="store_true",
                        help="also write follow-ups and visits that are already done")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", type=Path,
                        help="the .ics file to write (replaced in one step if it exists)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export and say how many events went where; errors come back as one clear line."""
    output: Path = args.output
    if output.is_dir():
        return fail(f"{output} is a folder. Give a file name, e.g. {output / 'follow-ups.ics'}.")
    db = open_db(args)
    try:
        incident_id = None if args.incident is None else find_incident(db, args.incident)
        count = export_calendar(db, output, incident_id=incident_id,
                                include_done=args.include_done, now=now_utc())
    except LookupError as exc:
        return fail(f"{exc} Or leave out --incident to export everything upcoming.")
    except NotFoundError:
        return fail(f"there is no incident {args.incident} in this data folder. "
                    "Check the number, or leave out --incident to export everything upcoming.")
    finally:
        db.close()
    if count == 0:
        scope = (f"incident {args.incident} has no pending follow-ups or planned visits"
                 if args.incident else "there are no upcoming follow-ups or visits")
        print(f"Nothing to export: {scope}, so no file was written. Plan a follow-up or a "
              "visit first" + ("" if args.include_done else ", or add --include-done") + ".")
        return 0
    noun = "event" if count == 1 else "events"
    print(f"Wrote {count} {noun} to {output}. Import it into your calendar; "
          "exporting again updates the same events.")
    return 0
