"""Connect a calendar, sync it, say how it stands, disconnect: what the shell and the app call."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from planner.calendar.sync.account import (
    DEFAULT_CALENDAR_NAME,
    Account,
    forget_account,
    load_account,
    rep_name,
    save_account,
)
from planner.calendar.sync.engine import SyncReport, sync
from planner.calendar.sync.failures import Failure, PreconditionFailed
from planner.calendar.sync.password import (
    NoKeyringError,
    forget_password,
    store_password,
    stored_password,
)
from planner.calendar.sync.server import CalendarServer, RemoteCalendar
from planner.calendar.sync.state import known_objects, needs_choice, queue_everything, waiting
from planner.errors import AmendsError

if TYPE_CHECKING:
    from sqlite_utils import Database

MakeServer = Callable[..., CalendarServer]


class NotConnectedError(AmendsError):
    """No calendar is connected to this data file."""

    def __init__(self) -> None:
        super().__init__("No calendar is connected. Connect one first (File ▸ Calendar sync ▸ "
                         "Connect a calendar…, or `amends calendar connect URL --user NAME`).")


class PasswordNeededError(AmendsError):
    """No password was given and none is kept in the keyring."""


@dataclass(frozen=True)
class Connected:
    """What connecting did: the chosen calendar, whether it was made, where the password went."""

    account: Account
    created: bool
    queued: int
    password_note: str  # "" when the keyring keeps it; else why it will be asked for


def _server(make_server: MakeServer | None, url: str, user: str, password: str,
            auth_type: str = "") -> CalendarServer:
    if auth_type:
        return (make_server or CalendarServer)(url, user, password, auth_type=auth_type)
    return (make_server or CalendarServer)(url, user, password)


def discover(server_url: str, username: str, password: str, *,
             make_server: MakeServer | None = None) -> list[RemoteCalendar]:
    """The user's calendars on the server (signing in checks the password)."""
    server = _server(make_server, server_url, username, password)
    try:
        return server.calendars()
    finally:
        server.close()


def connect(db: Database, server_url: str, username: str, password: str, *,
            calendar: str | None = None, tasks: bool = False, now: datetime,
            make_server: MakeServer | None = None) -> Connected:
    """Sign in, pick the calendar named ``calendar`` (by name or address) or make it — by
    default "Amends follow-ups" — store the account, queue every follow-up and visit still to
    happen, and keep the password in the keyring where there is one."""
    server_url = server_url.strip()
    if not server_url.lower().startswith(("https://", "http://")):
        raise AmendsError(f"“{server_url}” is not a server address; it starts with https://, "
                          "for example https://cloud.example.com/remote.php/dav/.")
    server = _server(make_server, server_url, username, password)
    try:
        found = server.calendars()
        wanted = (calendar or DEFAULT_CALENDAR_NAME).strip()
        chosen = next((c for c in found if wanted in (c.url, c.url.rstrip("/"))), None) or next(
            (c for c in found if c.name.casefold() == wanted.casefold()), None)
        created = chosen is None
        if chosen is None:
            chosen = server.create_calendar(wanted, tasks=tasks)
        auth_type = server.auth_type
    finally:
        server.close()
    if tasks and "VTODO" not in chosen.components:
        raise AmendsError(f"The calendar “{chosen.name}” takes events only, not tasks. Connect "
                          "without --tasks, or pick a calendar that holds tasks too.")
    previous = load_account(db)
    if previous is not None and previous.calendar_url != chosen.url:
        forget_account(db)  # another calendar: what was known of the old one means nothing
    account = Account(server_url, username, chosen.url, chosen.name, tasks, auth_type=auth_type)
    save_account(db, account, now=now)
    queued = queue_everything(db)
    note = ""
    try:
        store_password(server_url, username, password)
    except NoKeyringError as exc:
        note = str(exc)
    return Connected(account, created, queued, note)


def password_for(account: Account, given: str | None) -> str:
    """The password to use: the one given, else the keyring's; PasswordNeededError if neither."""
    if given:
        return given
    kept = stored_password(account.server_url, account.username)
    if kept:
        return kept
    raise PasswordNeededError(
        f"The password for {account.username} on {account.host} is not in the system keyring. "
        "Type it when asked (in the shell: --password-stdin), or connect again to keep it.")


def sync_now(db: Database, *, now: datetime, password: str | None = None,
             progress: Callable[[int, int], None] | None = None,
             make_server: MakeServer | None = None) -> SyncReport:
    """One sync of the connected calendar; SyncError says what failed on the server."""
    account = load_account(db)
    if account is None:
        raise NotConnectedError
    secret = password_for(account, password)
    server = _server(make_server, account.server_url, account.username, secret, account.auth_type)
    try:
        return sync(db, server, account, now=now, rep=rep_name(db), progress=progress)
    finally:
        server.close()


def disconnect(db: Database, *, remove_events: bool, password: str | None = None,
               make_server: MakeServer | None = None) -> int:
    """Forget the calendar (and its kept password); first delete Amends' events from it when
    asked. Returns how many were deleted. Without removal the events stay as they are."""
    account = load_account(db)
    if account is None:
        raise NotConnectedError
    removed = 0
    if remove_events:
        server = _server(make_server, account.server_url, account.username,
                         password_for(account, password))
        try:
            for obj in known_objects(db).values():
                try:
                    server.delete(obj.href, obj.etag)
                except PreconditionFailed:  # changed there since; it is still ours to remove
                    server.delete(obj.href, "")
                removed += 1
        finally:
            server.close()
    forget_account(db)
    forget_password(account.server_url, account.username)
    return removed


@dataclass(frozen=True)
class SyncStatus:
    """How the connected calendar stands, for the quiet status line and `calendar status`."""

    account: Account | None
    waiting: int
    needs_choice: int

    def text(self, zone: tzinfo | None = None) -> str:
        """ "Synced 10:04", "3 changes waiting — offline", "2 need your choice" …"""
        account = self.account
        if account is None:
            return ""
        parts = []
        if self.waiting:
            noun = "change" if self.waiting == 1 else "changes"
            parts.append(f"{self.waiting} {noun} waiting")
        if self.needs_choice:
            parts.append(f"{self.needs_choice} need{'s' if self.needs_choice == 1 else ''} "
                         "your choice")
        problem = _short_problem(account.last_error)
        if problem and self.waiting:
            return ", ".join(parts) + f" — {problem}"
        if account.last_sync_at is not None and not parts and not problem:
            return f"Synced {account.last_sync_at.astimezone(zone):%H:%M}"
        if problem:
            parts.append(problem)
        return ", ".join(parts) or "Not synced yet"


def _short_problem(error: str) -> str:
    if not error:
        return ""
    for failure, words in ((Failure.AUTH, "password refused"), (Failure.OFFLINE, "offline"),
                           (Failure.TIMEOUT, "offline"), (Failure.QUOTA, "calendar full"),
                           (Failure.GONE, "calendar gone"), (Failure.CERTIFICATE, "certificate")):
        if _MARKERS[failure] in error:
            return words
    return "sync failed"


_MARKERS = {
    Failure.AUTH: "refused the user name or password",
    Failure.OFFLINE: "could not be reached",
    Failure.TIMEOUT: "did not answer in time",
    Failure.QUOTA: "is full",
    Failure.GONE: "no longer there",
    Failure.CERTIFICATE: "certificate could not be verified",
}


def sync_status(db: Database) -> SyncStatus:
    return SyncStatus(load_account(db), waiting(db), needs_choice(db))
