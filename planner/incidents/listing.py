"""The incident list's queries: attention order one page at a time, and the search-as-you-type
filter, both served by the 0004_list_indexes index, so the list reads only what it shows.

Every function takes a plain sqlite3 connection (or anything with its execute()): the list is on
screen before sqlite-utils loads, and the filter also runs on a worker thread's own connection.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from typing import Any, NamedTuple

from planner.incidents.summary import IncidentSummary, Severity, Status
from planner.store.migrations import ATTENTION_ORDER
from planner.timeutil import from_iso

ORDER_BY = ", ".join(ATTENTION_ORDER) + ", i.id"
_TRUE_OR_FALSE = (0, 3)  # the sort keys of ATTENTION_ORDER that are 0 or 1 (closed, no report date)
SUMMARY = ("SELECT i.id, i.title, c.company, c.contact_name, i.status, i.severity, i.reported_at,"
           " i.updated_at, i.is_sample FROM incidents i JOIN customers c ON c.id = i.customer_id")
ACTIVE = "active"  # the status filter's "Not closed"
FOLD = "amends_fold"  # str.casefold, registered on the connection that filters
_STATUSES = {s.value: s for s in Status}
_SEVERITIES = {s.value: s for s in Severity}


class ListQuery(NamedTuple):
    """What the list shows: every word of `text` in the customer, contact or title, and the
    status filter (None: all, ACTIVE: not closed, or a Status value). `keep` is listed whatever
    the filter says (the incident open in the workspace, so an edit never hides it)."""

    text: str = ""
    status: str | None = None
    keep: int | None = None

    @property
    def words(self) -> list[str]:
        return self.text.casefold().split()

    @property
    def filtered(self) -> bool:
        return bool(self.words) or self.status is not None


def count_incidents(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM incidents").fetchone()[0])


def page_ids(conn: sqlite3.Connection, offset: int, limit: int) -> list[int]:
    """The ids of rows offset … offset+limit-1 of the whole list (read from the index alone)."""
    sql = f"SELECT i.id FROM incidents i ORDER BY {ORDER_BY} LIMIT ? OFFSET ?"
    return [row[0] for row in conn.execute(sql, [limit, offset])]


def summaries(conn: sqlite3.Connection, ids: Sequence[int]) -> list[IncidentSummary]:
    """The list rows of these incidents, in the order given (ids that no longer exist are left out)."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    found = {row.id: row for row in map(summary_row, conn.execute(f"{SUMMARY} WHERE i.id IN ({marks})", list(ids)))}
    return [found[i] for i in ids if i in found]


def position(conn: sqlite3.Connection, incident_id: int) -> int:
    """Where an incident stands in the whole list (0 first), or -1 when there is none.

    Counted from the index as the sum of one range per sort key: rows equal on the keys before
    it and lower on it. (A single row-value comparison makes SQLite scan the whole index, 10 ms
    at 100,000 incidents; these ranges take 2-7 ms.)
    """
    keys = _sort_keys(conn, incident_id)
    if keys is None:
        return -1
    return sum(conn.execute(f"SELECT count(*) FROM incidents i INDEXED BY incidents_attention WHERE {where}",
                            params).fetchone()[0] for where, params, _ in _ranges(keys, after=False))


def ids_after(conn: sqlite3.Connection, incident_id: int, limit: int) -> list[int]:
    """The ids of the `limit` rows that follow an incident in the whole list."""
    return ids_around(conn, incident_id, 0, limit)[1:]


def ids_before(conn: sqlite3.Connection, incident_id: int, limit: int) -> list[int]:
    """The ids of the `limit` rows just before an incident in the whole list, in list order."""
    return ids_around(conn, incident_id, limit, 0)[:-1]


def ids_around(conn: sqlite3.Connection, incident_id: int, before: int, after: int) -> list[int]:
    """The ids of up to `before` rows before an incident, the incident, and up to `after` rows
    after it, in list order; [] when there is no such incident."""
    keys = _sort_keys(conn, incident_id)
    if keys is None:
        return []
    return [*_walk(conn, keys, before, after=False)[::-1], incident_id, *_walk(conn, keys, after, after=True)]


def _walk(conn: sqlite3.Connection, keys: Sequence[Any], limit: int, *, after: bool) -> list[int]:
    # The same ranges as position(), nearest to the incident first, each an index seek: rows
    # near the end of a long list cost what rows at its start do (LIMIT … OFFSET walks the
    # index from the start: 5-10 ms at 100,000 incidents).
    ids: list[int] = []
    if limit <= 0:
        return ids
    for where, params, order in _ranges(keys, after=after):
        ids += [row[0] for row in conn.execute(
            f"SELECT i.id FROM incidents i INDEXED BY incidents_attention WHERE {where} "
            f"ORDER BY {order} LIMIT ?", [*params, limit - len(ids)])]
        if len(ids) >= limit:
            break
    return ids


_COLUMNS = (*ATTENTION_ORDER, "i.id")


def _sort_keys(conn: sqlite3.Connection, incident_id: int) -> tuple[Any, ...] | None:
    row = conn.execute(f"SELECT {ORDER_BY} FROM incidents i WHERE i.id = ?", [incident_id]).fetchone()
    return tuple(row) if row is not None else None


def _ranges(keys: Sequence[Any], *, after: bool) -> list[tuple[str, list[Any], str]]:
    """The rows after (or before) the row with these sort keys, as index ranges, nearest first:
    equal on the first n keys and past it on key n, for n from the last key to the first; with
    each, its order going away from the row (by the keys the range does not fix, which SQLite
    reads straight from the index)."""
    ranges = []
    for n in reversed(range(len(_COLUMNS))):
        where = [f"{before} = ?" for before in _COLUMNS[:n]]
        params = list(keys[:n])
        column, free = _COLUMNS[n], n
        if n in _TRUE_OR_FALSE:  # SQLite will not range-scan a 0/1 expression: "past 0" is "= 1"
            if bool(keys[n]) is after:
                continue  # nothing is past 1 going on, or past 0 going back
            where.append(f"{column} = {1 if after else 0}")
            free = n + 1  # fixed too: ordering by it would make SQLite sort the range itself
        else:
            where.append(f"{column} {'>' if after else '<'} ?")
            params.append(keys[n])
        order = ", ".join(c if after else f"{c} DESC" for c in _COLUMNS[free:])
        ranges.append((" AND ".join(where), params, order))
    return ranges


def matching_ids(conn: sqlite3.Connection, query: ListQuery, limit: int | None = None) -> list[int]:
    """The ids the filter lets through, in list order (the first `limit` of them, if given).

    A word matches where `word in field.casefold()` would (see haystack in service.py):
    LIKE does it in C for text that is all ASCII (where casefolding is lower-casing), and
    casefold itself is asked only about fields holding other letters ("Weiß", "MÜLLER").
    """
    conn.create_function(FOLD, 1, str.casefold, deterministic=True)
    where: list[str] = []
    params: list[object] = []
    for word in query.words:
        company, p1 = _contains("company", word)
        contact, p2 = _contains("contact_name", word)
        title, p3 = _contains("i.title", word)
        if limit is None:  # every row is read: match the customers once, then look them up
            customers = f"i.customer_id IN (SELECT id FROM customers WHERE {company} OR {contact})"
        else:  # the first rows only: each row's own customer, so the walk can stop early
            customers = (f"EXISTS (SELECT 1 FROM customers WHERE id = i.customer_id AND "
                         f"({company} OR {contact}))")
        where.append(f"({customers} OR {title})")
        params += p1 + p2 + p3
    if query.status == ACTIVE:
        where.append("i.status != 'closed'")
    elif query.status is not None:
        where.append("i.status = ?")
        params.append(query.status)
    condition = " AND ".join(where) or "1"
    if query.keep is not None:
        condition = f"({condition}) OR i.id = ?"
        params.append(query.keep)
    sql = (f"SELECT i.id FROM incidents i INDEXED BY incidents_attention WHERE {condition} "
           f"ORDER BY {ORDER_BY} LIMIT ?")
    return [row[0] for row in conn.execute(sql, [*params, -1 if limit is None else limit])]


def first_matching_ids(conn: sqlite3.Connection, query: ListQuery, limit: int,
                       within: float) -> list[int] | None:
    """The first `limit` matches if they are found within `within` seconds, else None.

    A word that most rows hold finds its first screenful after a few rows (1 ms at 100,000
    incidents); a rare one would walk the whole list row by row, slower than matching_ids.
    """
    deadline = time.perf_counter() + within
    late = False

    def too_late() -> bool:
        nonlocal late
        late = time.perf_counter() > deadline
        return late

    conn.set_progress_handler(too_late, 20_000)
    try:
        return matching_ids(conn, query, limit)
    except sqlite3.OperationalError:
        if late:
            return None
        raise  # interrupted for another reason (a newer query): not ours to swallow
    finally:
        conn.set_progress_handler(None, 0)


def _contains(column: str, word: str) -> tuple[str, list[object]]:
    """SQL that is true when column.casefold() contains word (already casefolded)."""
    # length() counts characters and the BLOB's length bytes: they differ only for non-ASCII text.
    other_letters = f"length({column}) != length(CAST({column} AS BLOB))"
    folded = f"instr({FOLD}({column}), ?) > 0"
    if not word.isascii():  # only text with other letters can fold to contain it
        return f"({other_letters} AND {folded})", [word]
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return (f"({column} LIKE ? ESCAPE '\\' OR ({other_letters} AND {folded}))",
            [f"%{escaped}%", word])


def summary_row(row: tuple[Any, ...]) -> IncidentSummary:
    iid, title, company, contact, status, severity, reported, updated, sample = row
    return IncidentSummary(iid, title, company, contact, _STATUSES[status], _SEVERITIES[severity],
                           from_iso(reported), from_iso(updated), bool(sample))
