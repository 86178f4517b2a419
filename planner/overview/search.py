"""Search across customers, incidents, apologies, moments, visits and follow-ups (SQLite FTS5)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.store.migrations import FTS_COLUMNS

if TYPE_CHECKING:
    from sqlite_utils import Database

# Control characters never survive into stored text, so they cannot clash with what users type.
OPEN_MARK, CLOSE_MARK = "\x02", "\x03"
SNIPPET_TOKENS = 12
DEFAULT_LIMIT = 40

# Which step of the workspace shows each table's text, in the order results are listed.
STEP_OF_TABLE = {
    "customers": "what",
    "incidents": "what",
    "apologies": "apology",
    "moments": "experience",
    "visits": "visit",
    "followups": "followups",
}
FIELD_LABELS = {
    "company": "Customer", "contact_name": "Contact", "relationship_notes": "Relationship",
    "title": "Title", "what_went_wrong": "What went wrong", "impact": "What it did to them",
    "regret": "Apology · regret", "responsibility": "Apology · responsibility",
    "remedy": "Apology · remedy", "what": "Moment", "feeling": "Moment · how it felt",
    "notes": "Visit notes", "outcome_said": "Visit · what they said",
    "outcome_agreed": "Visit · what we agreed", "purpose": "Follow-up", "outcome": "Follow-up outcome",
}
PRIMARY_FIELDS = frozenset({"company", "contact_name", "title"})
# How a table's row leads to its incident(s); customers lead to every incident they have.
_INCIDENT_OF = {
    "customers": "SELECT customer_id, id FROM incidents WHERE customer_id IN ({ids}) ORDER BY id DESC",
    "incidents": "SELECT id, id FROM incidents WHERE id IN ({ids})",
    "apologies": "SELECT incident_id, incident_id FROM apologies WHERE incident_id IN ({ids})",
    "moments": "SELECT id, incident_id FROM moments WHERE id IN ({ids})",
    "visits": "SELECT id, incident_id FROM visits WHERE id IN ({ids})",
    "followups": "SELECT id, incident_id FROM followups WHERE id IN ({ids})",
}


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match: the incident it opens, which field matched, and a snippet with its highlights."""

    incident_id: int
    incident_title: str
    company: str
    table: str
    field: str
    snippet: str
    spans: tuple[tuple[int, int], ...]  # (start, end) offsets of matched words in snippet
    row_id: int = 0  # the matching row of `table` (a moment, visit, follow-up), to show it

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def step(self) -> str:
        return STEP_OF_TABLE[self.table]


def match_expression(text: str) -> str | None:
    """The FTS5 MATCH text for what the user typed: every word quoted and prefix-matched.

    Quoting makes FTS5 syntax (AND, NEAR, ^, column:) plain words; words with no letter or
    digit are dropped because FTS5 would find nothing to match. None when nothing is left.
    """
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def parse_snippet(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Split FTS5 snippet output into plain text and the spans between the marks."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, -1
    for ch in marked:
        if ch == OPEN_MARK:
            start = length
        elif ch == CLOSE_MARK:
            if start >= 0:
                spans.append((start, length))
            start = -1
        else:
            out.append(ch)
            length += 1
    return "".join(out), tuple(spans)


def _table_matches(db: Database, table: str, match: str, limit: int) -> list[tuple[int, str, str]]:
    """(rowid, field, marked snippet) of the best-ranked rows of one table."""
    columns = FTS_COLUMNS[table]
    snippets = ", ".join(
        f"snippet({table}_fts, {i}, '{OPEN_MARK}', '{CLOSE_MARK}', '…', {SNIPPET_TOKENS})"
        for i in range(len(columns))
    )
    sql = f"SELECT rowid, {snippets} FROM {table}_fts WHERE {table}_fts MATCH ? ORDER BY rank LIMIT ?"
    found = []
    for row in db.execute(sql, [match, limit]):
        # The first column whose snippet carries a mark is the one that matched.
        index = next((i for i, s in enumerate(row[1:]) if OPEN_MARK in (s or "")), 0)
        found.append((row[0], columns[index], row[1 + index] or ""))
    return found


def search(db: Database, text: str, *, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """Up to `limit` hits for text: names and titles first, then by table in STEP_OF_TABLE's order."""
    match = match_expression(text)
    if match is None:
        return []
    raw: list[tuple[str, int, str, str, int]] = []  # (table, incident, field, snippet, row)
    try:
        for table in STEP_OF_TABLE:
            if len(raw) >= limit:
                break
            matches = _table_matches(db, table, match, limit - len(raw))
            if not matches:
                continue
            ids = ", ".join(str(m[0]) for m in matches)
            incidents: dict[int, list[int]] = {}
            for key, incident_id in db.execute(_INCIDENT_OF[table].format(ids=ids)):
                incidents.setdefault(key, []).append(incident_id)
            for rowid, field, marked in matches:
                raw.extend((table, iid, field, marked, rowid) for iid in incidents.get(rowid, []))
    except sqlite3.OperationalError:
        return []  # a damaged index must not break typing; the incident list still filters
    # Names and titles first: typing "halv" or "shelv" usually means "take me to that one".
    raw.sort(key=lambda r: r[2] not in PRIMARY_FIELDS)
    return _with_titles(db, raw[:limit])


def _with_titles(db: Database, raw: list[tuple[str, int, str, str, int]]) -> list[SearchHit]:
    if not raw:
        return []
    ids = ", ".join(str(iid) for iid in {r[1] for r in raw})
    names = {
        iid: (title, company)
        for iid, title, company in db.execute(
            "SELECT i.id, i.title, c.company FROM incidents i JOIN customers c ON c.id = i.customer_id "
            f"WHERE i.id IN ({ids})"
        )
    }
    hits = []
    for table, iid, field, marked, rowid in raw:
        if iid not in names:
            continue
        snippet, spans = parse_snippet(marked)
        title, company = names[iid]
        hits.append(SearchHit(iid, title, company, table, field, snippet, spans, rowid))
    return hits
