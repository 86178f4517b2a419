"""What every subcommand shares: the --data-dir option, opening the database, clean failures."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from planner.store.doors import check_output, data_dir_text

if TYPE_CHECKING:
    from sqlite_utils import Database


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    """Accept --data-dir on this parser and, recursively, on all its subcommands."""
    if not any("--data-dir" in a.option_strings for a in parser._actions):
        parser.add_argument(
            "--data-dir", metavar="DIR", default=argparse.SUPPRESS, type=data_dir_text,
            help="use this data folder instead of the default (or set AMENDS_DATA_DIR)",
        )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                add_data_dir_option(sub)


def open_db(args: argparse.Namespace, *, daily_backup: bool = True) -> Database:
    """Open the database of the data folder the command line chose (see open_data_dir)."""
    # Imported here: building the parser (every start of the app) needs no database layer.
    from planner.store.db import open_data_dir
    from planner.store.paths import resolve_data_dir

    db = open_data_dir(resolve_data_dir(getattr(args, "data_dir", None)), daily_backup=daily_backup)
    for notice in getattr(db.conn, "notices", ()):  # e.g. a damaged log kept aside
        print(f"amends: {notice}", file=sys.stderr)
    return db


def check_output_option(args: argparse.Namespace) -> None:
    """Refuse a bad ``-o`` (a folder, a pipe, a device, an empty or over-long name) before the
    command opens anything; ``-`` (standard output) is left to the command."""
    output = getattr(args, "output", None)
    if output is not None and str(output) != "-":
        check_output(output)


def file_names_in_output() -> None:
    """Print paths exactly as the file system has them, even when they are not UTF-8.

    Python reads such a name as text with stand-ins for the odd bytes; printing it in a UTF-8
    terminal would raise and turn a finished erase or restore into a reported failure.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="surrogateescape")


def fail(message: str, status: int = 1) -> int:
    """Print a one-line error for the shell and return the exit status to use."""
    print(f"amends: {message}", file=sys.stderr)
    return status


SQLITE_MAX_INTEGER = 2**63 - 1


def record_id(text: str) -> int:
    """An argparse type for a record id: a whole number SQLite can hold, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not an id; ids are whole numbers") from None
    if not 1 <= value <= SQLITE_MAX_INTEGER:
        raise argparse.ArgumentTypeError(f"{text} is not an id; ids are whole numbers from 1 up")
    return value


def record_ref(text: str) -> str:
    """An argparse type for an incident or customer: its number (12 or #12) or words of its
    title or name, checked against the data once it is open (find_incident, find_customer)."""
    ref = " ".join(text.split())
    if not ref:
        raise argparse.ArgumentTypeError("give the incident's number, or a word of its title or customer")
    if len(ref) > 200:
        raise argparse.ArgumentTypeError("that is too long for an incident's number or a word of it")
    number = ref.removeprefix("#").strip()
    if number.lstrip("-").isdigit():
        return str(record_id(number))  # a number SQLite cannot hold is a usage error
    return ref


incident_ref = record_ref


def find_incident(db: Database, ref: str) -> int:
    """The incident ``ref`` names: its number ("12", "#12"), or the one incident whose title,
    company or contact holds every word of it. Raises LookupError with a message that lists
    the matches when several fit, or says how to find the numbers when none does."""
    number = ref.removeprefix("#").strip()
    if number.isdigit():
        value = int(number)
        if not 1 <= value <= SQLITE_MAX_INTEGER:
            raise LookupError(f"{ref} is not an incident number; numbers are whole numbers from 1 up.")
        if db.execute("SELECT 1 FROM incidents WHERE id = ?", [value]).fetchone() is None:
            raise LookupError(f"there is no incident #{value} in this data folder. "
                              "`amends agenda` and the app show the numbers.")
        return value
    words = ref.casefold().split()
    rows = db.execute(
        "SELECT i.id, i.title, c.company, c.contact_name FROM incidents i "
        "JOIN customers c ON c.id = i.customer_id ORDER BY i.id").fetchall()
    found = [(iid, title, company) for iid, title, company, contact in rows
             if all(w in f"{title}\n{company}\n{contact}".casefold() for w in words)]
    if len(found) == 1:
        return int(found[0][0])
    if not found:
        raise LookupError(f"no incident's title or customer contains “{ref}”. Give its number "
                          "(`amends agenda` and the app show them) or another word.")
    listed = "; ".join(f"#{iid} {title} ({company})" for iid, title, company in found[:8])
    more = f"; and {len(found) - 8} more" if len(found) > 8 else ""
    raise LookupError(f"“{ref}” fits {len(found)} incidents: {listed}{more}. Give the number, "
                      "or more words.")


def find_customer(db: Database, ref: str) -> int:
    """The customer ``ref`` names: their id, or the one customer whose company or contact holds
    every word of it (LookupError listing the matches, or saying there is none)."""
    if ref.strip().isdigit():
        return int(ref)
    words = ref.casefold().split()
    rows = db.execute("SELECT id, company, contact_name FROM customers ORDER BY id").fetchall()
    found = [(cid, company) for cid, company, contact in rows
             if all(w in f"{company}\n{contact}".casefold() for w in words)]
    if len(found) == 1:
        return int(found[0][0])
    if not found:
        raise LookupError(f"no customer's company or contact contains “{ref}”. "
                          "`amends customer list` shows them with their ids.")
    listed = "; ".join(f"{cid} {company}" for cid, company in found[:8])
    raise LookupError(f"“{ref}” fits {len(found)} customers: {listed}. Give the id, or more words.")
