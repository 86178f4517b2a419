"""The numbered schema migration chain; every table of the product is born here."""
from __future__ import annotations

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


def _run_statements(db: Database, script: str) -> None:
    # executescript() would COMMIT mid-migration; one execute per statement keeps it atomic.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


# The chain's length is the schema version kept in PRAGMA user_version.
SCHEMA_VERSION = len(migrations._migrations)
KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)
