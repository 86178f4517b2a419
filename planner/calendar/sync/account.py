"""The connected calendar as stored in the data file (never the password), and the rep's name."""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from planner.store.settings import get_setting, set_setting
from planner.timeutil import from_iso, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

REP_NAME_SETTING = "calendar_rep_name"
DEFAULT_CALENDAR_NAME = "Amends follow-ups"


@dataclass
class Account:
    """Where the follow-ups go: the server, the user and the chosen calendar collection."""

    server_url: str
    username: str
    calendar_url: str
    calendar_name: str
    tasks: bool = False  # follow-ups as VTODO, so ticking one off in a task app marks it done
    sync_token: str = ""
    last_sync_at: datetime | None = None
    last_error: str = ""
    # How the server signed in last time ("basic", "digest"): sent with the first request,
    # which spares a refused round trip per sync (Radicale delays each refusal by a second).
    auth_type: str = ""

    @property
    def host(self) -> str:
        """The server's name as people know it, for messages: "cal.example.com"."""
        from urllib.parse import urlsplit

        return urlsplit(self.server_url).netloc or self.server_url


def load_account(db: Database) -> Account | None:
    """The connected calendar, or None when none is connected."""
    row = db.execute(
        "SELECT server_url, username, calendar_url, calendar_name, tasks, sync_token, "
        "last_sync_at, last_error, auth_type FROM calendar_account WHERE id = 1").fetchone()
    if row is None:
        return None
    return Account(row[0], row[1], row[2], row[3], bool(row[4]), row[5], from_iso(row[6]), row[7],
                   row[8])


def save_account(db: Database, account: Account, *, now: datetime) -> None:
    """Store the account (one per data file), replacing any earlier one."""
    with db.atomic():
        db.execute(
            "INSERT INTO calendar_account (id, server_url, username, calendar_url, calendar_name, "
            "tasks, sync_token, last_sync_at, last_error, auth_type, connected_at) "
            "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "server_url = excluded.server_url, username = excluded.username, "
            "calendar_url = excluded.calendar_url, calendar_name = excluded.calendar_name, "
            "tasks = excluded.tasks, sync_token = excluded.sync_token, "
            "last_sync_at = excluded.last_sync_at, last_error = excluded.last_error, "
            "auth_type = excluded.auth_type",
            [account.server_url, account.username, account.calendar_url, account.calendar_name,
             int(account.tasks), account.sync_token, to_iso(account.last_sync_at),
             account.last_error, account.auth_type, to_iso(now)])


def record_outcome(db: Database, *, sync_token: str | None = None, synced_at: datetime | None = None,
                   error: str = "", auth_type: str | None = None) -> None:
    """Remember how the last sync went (and the server's sync token, when it moved on)."""
    with db.atomic():
        if auth_type:
            db.execute("UPDATE calendar_account SET auth_type = ?", [auth_type])
        if sync_token is not None:
            db.execute("UPDATE calendar_account SET sync_token = ?", [sync_token])
        if synced_at is not None:
            db.execute("UPDATE calendar_account SET last_sync_at = ?", [to_iso(synced_at)])
        db.execute("UPDATE calendar_account SET last_error = ?", [error])


def forget_account(db: Database) -> None:
    """Disconnect: the account, what was known of the server's objects and the queue go."""
    with db.atomic():
        for table in ("calendar_outbox", "calendar_objects", "calendar_account"):
            db.execute(f"DELETE FROM {table}")


def os_full_name() -> str:
    """The signed-in user's full name (the GECOS field on Unix), else the login name."""
    login = ""
    try:
        login = getpass.getuser()
    except (OSError, KeyError, ImportError):
        login = os.environ.get("USERNAME", "")
    try:
        import pwd

        gecos = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, OSError):
        gecos = ""
    return gecos or login


def rep_name(db: Database) -> str:
    """The rep's name every synced event carries: the setting, else the OS user's full name."""
    return (get_setting(db, REP_NAME_SETTING) or "").strip() or os_full_name()


def set_rep_name(db: Database, name: str) -> None:
    set_setting(db, REP_NAME_SETTING, " ".join(name.split()))
