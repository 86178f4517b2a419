"""The numbered schema migration chain; every table of the product is born here."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "amends"
Step = TypeVar("Step", bound=Callable[..., None])


class Migration(NamedTuple):
    """One step of the chain: its name (kept in _sqlite_migrations) and what it does."""

    name: str
    fn: Callable[[Database], None]


class MigrationChain:
    """The chain, registered with ``@migrations(name=...)`` and run by sqlite-utils' Migrations.

    sqlite-utils loads only when a file needs migrating: telling that a file is up to date
    needs just the names, which start-up compares with plain sqlite3 (see planner.store.db).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Migration] = []
        self._runner: Migrations | None = None

    def __call__(self, *, name: str) -> Callable[[Step], Step]:
        def register(fn: Step) -> Step:
            if any(step.name == name for step in self._migrations):
                raise ValueError(f"Migration {name!r} is already registered in set {self.name!r}")
            self._migrations.append(Migration(name, fn))
            self._runner = None
            return fn
        return register

    def runner(self) -> Migrations:
        """sqlite-utils' Migrations holding the same chain (imported here, on first need)."""
        from sqlite_utils.migrations import Migrations

        if self._runner is None:
            runner = Migrations(self.name)
            for step in self._migrations:
                runner(name=step.name)(step.fn)
            self._runner = runner
        return self._runner

    def pending(self, db: Database) -> list[Any]:
        return self.runner().pending(db)

    def apply(self, db: Database, **options: Any) -> None:
        self.runner().apply(db, **options)


migrations = MigrationChain(MIGRATION_SET)


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    """Customers, incidents, moments, the apology, visits, follow-ups and user playbooks."""
    _run_statements(db, """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            company TEXT NOT NULL,
            contact_name TEXT NOT NULL DEFAULT '',
            contact_role TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            customer_since TEXT,
            annual_value TEXT NOT NULL DEFAULT '',
            relationship_notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            what_went_wrong TEXT NOT NULL DEFAULT '',
            failure_type TEXT NOT NULL DEFAULT 'general',
            severity TEXT NOT NULL DEFAULT 'medium',
            happened_at TEXT,
            reported_at TEXT,
            impact TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open',
            customer_confirmation TEXT NOT NULL DEFAULT '',
            closed_at TEXT,
            is_sample INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX incidents_customer ON incidents(customer_id);
        CREATE INDEX incidents_status ON incidents(status);
        CREATE TABLE moments (
            id INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            at_text TEXT NOT NULL DEFAULT '',
            what TEXT NOT NULL DEFAULT '',
            feeling TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX moments_incident ON moments(incident_id, position);
        CREATE TABLE apologies (
            incident_id INTEGER PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
            regret TEXT NOT NULL DEFAULT '',
            responsibility TEXT NOT NULL DEFAULT '',
            remedy TEXT NOT NULL DEFAULT '',
            remedy_due TEXT,
            remedy_owner TEXT NOT NULL DEFAULT '',
            check_back TEXT,
            channel TEXT NOT NULL DEFAULT 'in_person',
            planned_for TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE dismissals (
            id INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            rule_id TEXT NOT NULL,
            part TEXT NOT NULL DEFAULT '',
            matched_text TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (incident_id, rule_id, part, matched_text)
        );
        CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            starts_at TEXT NOT NULL,
            tz TEXT NOT NULL DEFAULT 'UTC',
            duration_min INTEGER NOT NULL DEFAULT 60,
            place TEXT NOT NULL DEFAULT '',
            room TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'planned',
            notes TEXT NOT NULL DEFAULT '',
            outcome_said TEXT NOT NULL DEFAULT '',
            outcome_agreed TEXT NOT NULL DEFAULT '',
            ics_uid TEXT NOT NULL UNIQUE,
            ics_sequence INTEGER NOT NULL DEFAULT 0,
            ics_fingerprint TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX visits_incident ON visits(incident_id);
        CREATE INDEX visits_starts ON visits(starts_at);
        CREATE TABLE visit_people (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX visit_people_visit ON visit_people(visit_id, position);
        CREATE TABLE visit_items (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('agenda', 'bring', 'question')),
            position INTEGER NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            done INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX visit_items_visit ON visit_items(visit_id, kind, position);
        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            due_date TEXT NOT NULL,
            due_time TEXT,
            tz TEXT NOT NULL DEFAULT 'UTC',
            channel TEXT NOT NULL DEFAULT 'call',
            purpose TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'pending',
            outcome TEXT NOT NULL DEFAULT '',
            done_at TEXT,
            source TEXT NOT NULL DEFAULT '',
            ics_uid TEXT NOT NULL UNIQUE,
            ics_sequence INTEGER NOT NULL DEFAULT 0,
            ics_fingerprint TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX followups_incident ON followups(incident_id);
        CREATE INDEX followups_due ON followups(status, due_date);
        CREATE TABLE playbooks (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            toml TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """)


# What search looks in, per table. Changing this needs a new migration (enable_fts(replace=True)).
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": ("company", "contact_name", "relationship_notes"),
    "incidents": ("title", "what_went_wrong", "impact"),
    "apologies": ("regret", "responsibility", "remedy"),
    "moments": ("what", "feeling"),
    "visits": ("notes", "outcome_said", "outcome_agreed"),
    "followups": ("purpose", "outcome"),
}


@migrations(name="0002_search_and_today")
def m0002_search_and_today(db: Database) -> None:
    """Full-text search kept current by triggers, and an index for the Today view's visits."""
    # sqlite-utils runs enable_fts statement by statement inside a transaction, so this stays
    # all-or-nothing; "remove_diacritics 2" lets "cafe" find "café".
    for table, columns in FTS_COLUMNS.items():
        db.table(table).enable_fts(
            list(columns), create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )
    db.execute("CREATE INDEX visits_status_starts ON visits(status, starts_at)")


# The calendar sync queues a change whenever any of these columns changes (they are what an
# event shows); the export's own ics_* columns are left out so exporting queues nothing.
_FOLLOWUP_EVENT_COLUMNS = "incident_id, due_date, due_time, tz, channel, purpose, status, outcome, done_at"
_VISIT_EVENT_COLUMNS = "incident_id, starts_at, tz, duration_min, place, room, status"
_CONNECTED = "EXISTS (SELECT 1 FROM calendar_account)"
_OF_CUSTOMER = ("FROM {table} f JOIN incidents i ON i.id = f.incident_id "
                "WHERE i.customer_id = new.id")


def _queue(kind: str, uid: str, rows: str = "") -> str:
    """SQL that queues objects to be sent; a second change before one goes only counts up.

    ``rows`` is a FROM … WHERE … clause for many rows at once; its WHERE is required, as it
    tells SQLite that the ON which follows starts the upsert, not a join.
    """
    stamp = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"
    source = f"SELECT {uid}, '{kind}', 'put', {stamp} {rows}" if rows else (
        f"VALUES ({uid}, '{kind}', 'put', {stamp})")
    return (f"INSERT INTO calendar_outbox (uid, kind, op, queued_at) {source} ON CONFLICT(uid) "
            "DO UPDATE SET op = 'put', version = version + 1, queued_at = excluded.queued_at;")


def _on_delete(kind: str, table: str, starts: str) -> str:
    """The triggers of a deleted follow-up or visit: a tombstone, and a queued delete."""
    return f"""
        CREATE TRIGGER {table}_removed AFTER DELETE ON {table}
        WHEN old.ics_fingerprint != '' OR EXISTS (SELECT 1 FROM calendar_objects WHERE uid = old.ics_uid)
        BEGIN
            INSERT OR REPLACE INTO calendar_tombstones
                (uid, kind, incident_id, sequence, starts, tz, exported, deleted_at)
            VALUES (old.ics_uid, '{kind}', old.incident_id, old.ics_sequence + 1, {starts}, old.tz,
                    old.ics_fingerprint != '', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'));
        END;
        CREATE TRIGGER {table}_unqueued AFTER DELETE ON {table} BEGIN
            DELETE FROM calendar_outbox WHERE uid = old.ics_uid
                AND NOT EXISTS (SELECT 1 FROM calendar_objects WHERE uid = old.ics_uid);
            INSERT INTO calendar_outbox (uid, kind, op, queued_at)
                SELECT old.ics_uid, '{kind}', 'delete', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
                WHERE EXISTS (SELECT 1 FROM calendar_objects WHERE uid = old.ics_uid)
                ON CONFLICT(uid) DO UPDATE SET op = 'delete', version = version + 1;
            UPDATE calendar_objects SET remote = '' WHERE uid = old.ics_uid;
        END"""


@migrations(name="0003_calendar_sync")
def m0003_calendar_sync(db: Database) -> None:
    """Tombstones for the export, and the connected calendar with its objects and queue."""
    _run_statements(db, f"""
        CREATE TABLE calendar_tombstones (
            uid TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('followup', 'visit')),
            incident_id INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            starts TEXT NOT NULL,
            tz TEXT NOT NULL,
            exported INTEGER NOT NULL,
            deleted_at TEXT NOT NULL
        );
        CREATE TABLE calendar_account (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            server_url TEXT NOT NULL,
            username TEXT NOT NULL,
            calendar_url TEXT NOT NULL,
            calendar_name TEXT NOT NULL,
            tasks INTEGER NOT NULL DEFAULT 0,
            auth_type TEXT NOT NULL DEFAULT '',
            sync_token TEXT NOT NULL DEFAULT '',
            last_sync_at TEXT,
            last_error TEXT NOT NULL DEFAULT '',
            connected_at TEXT NOT NULL
        );
        CREATE TABLE calendar_objects (
            uid TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('followup', 'visit')),
            href TEXT NOT NULL UNIQUE,
            etag TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL DEFAULT '',
            base TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'conflict', 'removed')),
            remote TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        );
        CREATE TABLE calendar_outbox (
            uid TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('followup', 'visit')),
            op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
            version INTEGER NOT NULL DEFAULT 1,
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT ''
        );
        CREATE TRIGGER followups_added AFTER INSERT ON followups WHEN {_CONNECTED}
        BEGIN {_queue('followup', 'new.ics_uid')} END;
        CREATE TRIGGER followups_changed AFTER UPDATE OF {_FOLLOWUP_EVENT_COLUMNS} ON followups
        WHEN {_CONNECTED} BEGIN {_queue('followup', 'new.ics_uid')} END;
        CREATE TRIGGER visits_added AFTER INSERT ON visits WHEN {_CONNECTED}
        BEGIN {_queue('visit', 'new.ics_uid')} END;
        CREATE TRIGGER visits_changed AFTER UPDATE OF {_VISIT_EVENT_COLUMNS} ON visits
        WHEN {_CONNECTED} BEGIN {_queue('visit', 'new.ics_uid')} END;
        CREATE TRIGGER incidents_changed_calendar AFTER UPDATE OF title, status, customer_id
        ON incidents WHEN {_CONNECTED} BEGIN
            {_queue('followup', 'f.ics_uid', 'FROM followups f WHERE f.incident_id = new.id')}
            {_queue('visit', 'v.ics_uid', 'FROM visits v WHERE v.incident_id = new.id')}
        END;
        CREATE TRIGGER customers_changed_calendar AFTER UPDATE OF company, contact_name,
        contact_role, phone, email, address ON customers WHEN {_CONNECTED} BEGIN
            {_queue('followup', 'f.ics_uid', _OF_CUSTOMER.format(table='followups'))}
            {_queue('visit', 'f.ics_uid', _OF_CUSTOMER.format(table='visits'))}
        END;
        {_on_delete('followup', 'followups',
                    "CASE WHEN old.due_time IS NULL THEN old.due_date "
                    "ELSE old.due_date || 'T' || old.due_time END")};
        {_on_delete('visit', 'visits', 'old.starts_at')}
        """)


# The incident list's order, most in need of attention first: not closed, more severe, earlier
# in the flow, longest waiting, then by number. The list queries (planner/incidents/listing.py)
# order by exactly these expressions, so SQLite walks 0004's index instead of sorting the table.
ATTENTION_ORDER = (
    "status = 'closed'",
    ("CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2"
     " WHEN 'low' THEN 3 ELSE 4 END"),
    ("CASE status WHEN 'open' THEN 0 WHEN 'apology_planned' THEN 1 WHEN 'apologized' THEN 2"
     " WHEN 'remedy_in_progress' THEN 3 WHEN 'closed' THEN 4 ELSE 5 END"),
    "reported_at IS NULL",
    "ifnull(reported_at, '')",
)


@migrations(name="0004_list_indexes")
def m0004_list_indexes(db: Database) -> None:
    """The incident list reads one screenful at a time in attention order, and filters by
    customer, contact and title, from this index alone (id, customer and title ride along)."""
    db.execute(f"CREATE INDEX incidents_attention ON incidents({', '.join(ATTENTION_ORDER)}, "
               "id, customer_id, title)")


@migrations(name="0005_promise_followups")
def m0005_promise_followups(db: Database) -> None:
    """The dates an apology promises (remedy due, check back) become follow-ups of their own.

    From this version the app keeps them in step; this gives the promises already made in
    open incidents their follow-up, so they show in Today, the timeline and the calendar.
    """
    # Self-contained on purpose: a shipped migration must not change when the code around it does.
    from planner.timeutil import local_zone_name, now_utc, to_iso
    from planner.uids import new_uid

    stamp, tz = to_iso(now_utc()), local_zone_name()
    rows = db.execute("""
        SELECT a.incident_id, a.remedy_due, a.remedy_owner, a.check_back, c.company, c.contact_name
        FROM apologies a JOIN incidents i ON i.id = a.incident_id
        JOIN customers c ON c.id = i.customer_id
        WHERE i.status != 'closed' AND (a.remedy_due IS NOT NULL OR a.check_back IS NOT NULL)
    """).fetchall()
    for incident_id, remedy_due, owner, check_back, company, contact in rows:
        owner = " ".join((owner or "").split())[:60]
        who = " ".join((contact or "").split())[:80] or " ".join(company.split())[:80]
        for source, day, purpose in (
            ("promise:remedy_due", remedy_due,
             f"Remedy due{f' ({owner})' if owner else ''}: confirm the fix reached them and works"),
            ("promise:check_back", check_back,
             f"Check back with {who or 'the customer'}, as promised in the apology"),
        ):
            taken = db.execute("SELECT 1 FROM followups WHERE incident_id = ? AND source = ?",
                               [incident_id, source]).fetchone()
            if day and not taken:
                db.execute(
                    "INSERT INTO followups (incident_id, due_date, due_time, tz, channel, purpose, "
                    "status, outcome, source, ics_uid, created_at, updated_at) "
                    "VALUES (?, ?, NULL, ?, 'call', ?, 'pending', '', ?, ?, ?, ?)",
                    [incident_id, day, tz, purpose, source, new_uid(), stamp, stamp])


def _run_statements(db: Database, script: str) -> None:
    # executescript() would COMMIT mid-migration; one execute per statement keeps it atomic.
    # A statement ends at a ";" that completes it (a trigger's body holds several).
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                db.execute(statement)
            statement = ""
    if statement.strip(" \n;"):
        raise ValueError(f"An incomplete statement in a migration: {statement[:80]}…")


# The chain's length is the schema version kept in PRAGMA user_version.
SCHEMA_VERSION = len(migrations._migrations)
KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)
