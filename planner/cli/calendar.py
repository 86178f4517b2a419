"""`amends calendar`: connect a CalDAV calendar, sync it, see how it stands, disconnect."""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from planner.cli.support import fail, open_db
from planner.timeutil import local_tz, now_utc

if TYPE_CHECKING:
    from sqlite_utils import Database

HELP = "connect a CalDAV calendar and sync follow-ups and visits with it"
DESCRIPTION = """\
Keep follow-ups and visits in a calendar on a CalDAV server (Nextcloud, iCloud with an app
password, Fastmail, Radicale, Baikal, SOGo, mailbox.org, a team's shared calendar). Changes go
both ways: a follow-up moved in the phone's calendar moves in Amends. The password is kept in
the system keyring, never in the data file; where there is no keyring, give it at each sync.
"""
PASSWORD_HELP = ("read the password from standard input (so it never shows in the process list "
                 "or the shell's history)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `calendar` with its connect, sync, status and disconnect subcommands."""
    parser = subparsers.add_parser("calendar", help=HELP, description=DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    connect = commands.add_parser(
        "connect", help="sign in and choose (or make) the calendar to sync with",
        description="Sign in to the server at URL, find your calendars, and pick the one "
                    "called NAME (default: “Amends follow-ups”, made if it is not there).")
    connect.add_argument("url", metavar="URL", help="the server's CalDAV address, https://…")
    connect.add_argument("--user", required=True, metavar="NAME", help="your user name there")
    connect.add_argument("--calendar", metavar="NAME",
                         help="the calendar's name or address (made if there is none by that name)")
    connect.add_argument("--tasks", action="store_true",
                         help="send follow-ups as tasks, so ticking one off marks it done here")
    connect.add_argument("--password-stdin", action="store_true", help=PASSWORD_HELP)
    connect.set_defaults(func=run_connect)
    sync = commands.add_parser("sync", help="send what changed here and take in what changed there")
    sync.add_argument("--password-stdin", action="store_true", help=PASSWORD_HELP)
    sync.set_defaults(func=run_sync)
    status = commands.add_parser("status", help="say which calendar is connected and how it stands")
    status.set_defaults(func=run_status)
    disconnect = commands.add_parser("disconnect", help="stop syncing with the calendar")
    disconnect.add_argument("--remove-events", action="store_true",
                            help="first delete the events Amends put in the calendar")
    disconnect.add_argument("--password-stdin", action="store_true", help=PASSWORD_HELP)
    disconnect.set_defaults(func=run_disconnect)


def read_password(args: argparse.Namespace, prompt: str, *, needed: bool) -> str | None:
    """The password from standard input (--password-stdin) or typed at a terminal; None when
    it is not needed (the keyring has it) and was not given."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        return line.rstrip("\r\n") or None
    if not needed:
        return None
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def _db(args: argparse.Namespace) -> Database:
    return open_db(args)


def run_connect(args: argparse.Namespace) -> int:
    from planner.calendar.sync.service import connect

    password = read_password(args, f"Password for {args.user}: ", needed=True)
    if not password:
        return fail("no password was given. Type it when asked, or pipe it in with "
                    "--password-stdin.")
    db = _db(args)
    try:
        done = connect(db, args.url, args.user, password, calendar=args.calendar,
                       tasks=args.tasks, now=now_utc())
    finally:
        db.close()
    account = done.account
    made = " (made it there)" if done.created else ""
    kind = "tasks and events" if account.tasks else "events"
    print(f"Connected to “{account.calendar_name}” on {account.host}{made} as {account.username}; "
          f"follow-ups go there as {kind}. {done.queued} follow-up(s) and visit(s) are queued: "
          "run `amends calendar sync` to send them.")
    if done.password_note:
        print(done.password_note)
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from planner.calendar.sync.account import load_account
    from planner.calendar.sync.password import stored_password
    from planner.calendar.sync.service import NotConnectedError, sync_now

    db = _db(args)
    try:
        account = load_account(db)
        if account is None:
            raise NotConnectedError
        kept = stored_password(account.server_url, account.username)
        password = read_password(args, f"Password for {account.username} on {account.host}: ",
                                 needed=not kept)
        report = sync_now(db, now=now_utc(), password=password or kept)
        waiting = _waiting_choices(db)
    finally:
        db.close()
    print(f"Synced with “{account.calendar_name}”: {report.summary()} ({report.requests} "
          "requests).")
    for moved in report.moved:
        print(f"  moved in the calendar, moved here too: {moved}")
    if waiting:
        print(f"{waiting} item(s) need your choice; open Amends (File ▸ Calendar sync ▸ Calendar choices waiting…).")
    return 0


def _waiting_choices(db: Database) -> int:
    from planner.calendar.sync.state import needs_choice

    return needs_choice(db)


def run_status(args: argparse.Namespace) -> int:
    from planner.calendar.sync.password import keyring_problem, stored_password
    from planner.calendar.sync.service import sync_status

    db = _db(args)
    try:
        status = sync_status(db)
    finally:
        db.close()
    account = status.account
    if account is None:
        print("No calendar is connected. Connect one with `amends calendar connect URL --user NAME`.")
        return 0
    kind = "tasks and events" if account.tasks else "events"
    print(f"Connected to “{account.calendar_name}” on {account.host} as {account.username} "
          f"(follow-ups as {kind}).")
    print(f"Calendar address: {account.calendar_url}")
    print(f"Status: {status.text(local_tz())}")
    if account.last_sync_at is not None:
        print(f"Last sync: {account.last_sync_at.astimezone(local_tz()):%Y-%m-%d %H:%M}")
    if account.last_error:
        print(f"Last problem: {account.last_error}")
    problem = keyring_problem()
    if problem is not None:
        print(f"Password: not kept ({problem}); give it at each sync with --password-stdin.")
    elif stored_password(account.server_url, account.username) is None:
        print("Password: not in the keyring; give it at the next sync, or connect again.")
    else:
        print("Password: kept in the system keyring.")
    return 0


def run_disconnect(args: argparse.Namespace) -> int:
    from planner.calendar.sync.account import load_account
    from planner.calendar.sync.password import stored_password
    from planner.calendar.sync.service import NotConnectedError, disconnect

    db = _db(args)
    try:
        account = load_account(db)
        if account is None:
            raise NotConnectedError
        password = None
        if args.remove_events:
            kept = stored_password(account.server_url, account.username)
            password = read_password(args, f"Password for {account.username}: ",
                                     needed=not kept) or kept
        removed = disconnect(db, remove_events=args.remove_events, password=password)
    finally:
        db.close()
    if args.remove_events:
        print(f"Disconnected from “{account.calendar_name}”; {removed} event(s) Amends had put "
              "there were deleted.")
    else:
        print(f"Disconnected from “{account.calendar_name}”. The events stay in the calendar; "
              "Amends no longer changes them.")
    return 0
