"""One sync: take the calendar's changes in, then send the queue out, each write conditional on ETags."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from planner.calendar.sync.account import Account, record_outcome
from planner.calendar.sync.failures import Missing, PreconditionFailed, SyncError
from planner.calendar.sync.items import LocalItem, apply_schedule, load_items
from planner.calendar.sync.objects import RemoteItem, Schedule, fingerprint, parse_object
from planner.calendar.sync.server import CalendarServer, object_href
from planner.calendar.sync.state import (
    KnownObject,
    Queued,
    done_with,
    forget_object,
    known_objects,
    note_failure,
    put_back,
    queue,
    queued_version,
    remember,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 25


@dataclass
class SyncReport:
    """What one sync did, for the status line and the shell."""

    sent: int = 0
    deleted: int = 0
    taken_in: int = 0  # changes from the calendar applied in Amends
    conflicts: int = 0
    removed_there: int = 0
    requests: int = 0
    moved: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.sent} sent", f"{self.deleted} deleted there",
                 f"{self.taken_in} taken in from the calendar"]
        if self.conflicts:
            parts.append(f"{self.conflicts} changed on both sides (choose which to keep)")
        if self.removed_there:
            parts.append(f"{self.removed_there} deleted in the calendar (choose what to do)")
        return ", ".join(parts)


def href_key(href: str) -> str:
    """The path of an object, unquoted: servers differ in how they spell "@" and host names."""
    return unquote(urlsplit(href).path)


def merge(base: Schedule, local: Schedule, remote: Schedule) -> Schedule | None:
    """Field by field: a side's change wins where the other kept the base; None on a clash."""
    merged = []
    for mine, theirs, was in zip((local.start, local.end, local.done),
                                 (remote.start, remote.end, remote.done),
                                 (base.start, base.end, base.done)):
        if theirs == was or theirs == mine:
            merged.append(mine)
        elif mine == was:
            merged.append(theirs)
        else:
            return None
    return Schedule(str(merged[0]), str(merged[1]), bool(merged[2]))


def as_seen(remote: RemoteItem, item: LocalItem, base: Schedule) -> Schedule:
    """The remote schedule in the item's terms: an event cannot say "done"; a follow-up has
    no end of its own."""
    seen = remote.schedule
    if remote.component != "VTODO" or item.kind == "visit":
        seen = replace(seen, done=base.done)
    if item.kind == "followup":
        seen = replace(seen, end="")
    return seen


class Sync:
    """One run against one server, on one database connection."""

    def __init__(self, db: Database, server: CalendarServer, account: Account, *, now: datetime,
                 rep: str, progress: Progress | None = None) -> None:
        self.db, self.server, self.account, self.now, self.rep = db, server, account, now, rep
        self.progress = progress or (lambda done, total: None)
        self.report = SyncReport()

    def run(self) -> SyncReport:
        """Pull, then push; the server's failures are recorded and raised as SyncError."""
        # One commit per object sent: NORMAL spares each its own disk flush. Safe here: what a
        # power cut could lose is only the note that an object was sent, and sending it again
        # finds it there (If-None-Match) and takes it up instead of copying it.
        previous = int(self.db.execute("PRAGMA synchronous").fetchone()[0])
        self.db.execute("PRAGMA synchronous=NORMAL")
        try:
            self.pull()
            if self.push():
                # Move the sync token past our own writes. Without this, an object created
                # here and deleted there before the next sync could be missed: a server may
                # leave out of its report what was both made and removed since the token.
                self.pull()
        except SyncError as exc:
            record_outcome(self.db, error=str(exc))
            raise
        finally:
            self.report.requests = self.server.requests
            self.db.execute(f"PRAGMA synchronous={previous}")
        record_outcome(self.db, synced_at=self.now, auth_type=self.server.auth_type)
        return self.report

    # Changes from the calendar -----------------------------------------------------------

    def pull(self) -> None:
        account = self.account
        changes = self.server.changes(account.calendar_url, account.sync_token)
        known = known_objects(self.db)
        by_href = {href_key(obj.href): obj for obj in known.values()}
        listed = {href_key(href) for href, _ in changes.changed}
        local_uids: dict[str, str] | None = None
        wanted = []
        for href, etag in changes.changed:
            obj = by_href.get(href_key(href))
            if obj is not None:
                if not etag or etag != obj.etag or obj.state == "removed":
                    wanted.append(href)
                continue
            if local_uids is None:  # only now: most syncs see no object they do not know
                local_uids = {href_key(object_href(account.calendar_url, uid)): uid
                              for uid in self._all_uids()}
            if href_key(href) in local_uids:  # ours, but not remembered: a sync cut short
                wanted.append(href)
        fetched = self.server.fetch(account.calendar_url, wanted) if wanted else {}
        with self.db.atomic():
            for href, (etag, text) in fetched.items():
                obj = by_href.get(href_key(href))
                uid = obj.uid if obj is not None else (local_uids or {}).get(href_key(href))
                if uid is not None:
                    self.take_in(href, etag, text, obj, uid)
            gone = {href_key(h) for h in changes.removed}
            if changes.complete:
                gone |= set(by_href) - listed
            for key in gone:
                obj = by_href.get(key)
                if obj is not None:
                    self.removed_there(obj)
            record_outcome(self.db, sync_token=changes.token)
        self.account = replace(self.account, sync_token=changes.token)

    def _all_uids(self) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT ics_uid FROM followups UNION ALL SELECT ics_uid FROM visits")]

    def take_in(self, href: str, etag: str, text: str, obj: KnownObject | None, uid: str) -> str:
        """Take in the server's version of the object of ``uid``: "ok", "conflict" or "foreign"."""
        item = load_items(self.db, [uid]).get(uid)
        if item is None:
            if obj is not None:  # deleted here; the queued delete goes to this new version
                remember(self.db, obj.uid, obj.kind, obj.href, etag, fingerprint="",
                         base=obj.base or Schedule("", "", False), now=self.now)
            return "foreign"
        remote = parse_object(text, item.zone)
        if remote is None or remote.uid != item.uid:
            return "foreign"  # not what Amends put there; leave it alone
        if obj is None:  # adopt it: Amends' version goes out again with this ETag
            remember(self.db, item.uid, item.kind, href, etag, fingerprint="",
                     base=as_seen(remote, item, item.schedule), now=self.now)
            put_back(self.db, item.uid, item.kind)
            return "ok"
        base = obj.base or item.schedule
        theirs = as_seen(remote, item, base)
        merged = merge(base, item.schedule, theirs)
        if merged is None:
            remember(self.db, item.uid, item.kind, obj.href, etag, fingerprint=obj.fingerprint,
                     base=base, state="conflict", remote=theirs, now=self.now)
            self.report.conflicts += 1
            return "conflict"
        if merged != item.schedule:
            before = queued_version(self.db, item.uid)
            apply_schedule(self.db, item, merged, now=self.now)
            self.report.taken_in += 1
            self.report.moved.append(item.event.summary)
            if before is None:  # the move itself is no change to send back
                self.db.execute("DELETE FROM calendar_outbox WHERE uid = ?", [item.uid])
        # The server now holds ``theirs``; its text may differ from ours (an edited title), so
        # the fingerprint is only kept when the schedule is unchanged.
        kept = obj.fingerprint if theirs == base else ""
        remember(self.db, item.uid, item.kind, obj.href, etag, fingerprint=kept, base=theirs,
                 now=self.now)
        return "ok"

    def removed_there(self, obj: KnownObject) -> None:
        if obj.state == "removed":
            return  # asked already
        pending = self.db.execute("SELECT op FROM calendar_outbox WHERE uid = ?",
                                  [obj.uid]).fetchone()
        if pending is not None and pending[0] == "delete" or not load_items(self.db, [obj.uid]):
            # Deleted on both sides: nothing left to do or to ask.
            forget_object(self.db, obj.uid)
            self.db.execute("DELETE FROM calendar_outbox WHERE uid = ?", [obj.uid])
            return
        remember(self.db, obj.uid, obj.kind, obj.href, "", fingerprint="",
                 base=obj.base or Schedule("", "", False), state="removed", now=self.now)
        self.report.removed_there += 1

    # Changes from Amends -----------------------------------------------------------------

    def push(self) -> bool:
        """Send the queue; True when anything was written to the server.

        Each object's bookkeeping is committed before the next request, so no write lock is
        held while waiting for the network (the app's own saves never queue behind a sync).
        """
        entries = queue(self.db)
        held = {uid for uid, obj in known_objects(self.db).items() if obj.state != "ok"}
        entries = [e for e in entries if e.uid not in held]
        total = len(entries)
        self.progress(0, total)
        for done, entry in enumerate(entries, 1):
            try:
                self.send(entry)
            except SyncError as exc:
                note_failure(self.db, entry.uid, str(exc))
                raise
            finally:
                self.db.conn.commit()
            if done % PROGRESS_EVERY == 0 or done == total:
                self.progress(done, total)
        return bool(self.report.sent or self.report.deleted)

    def send(self, entry: Queued) -> None:
        obj = known_objects(self.db, [entry.uid]).get(entry.uid)
        if entry.op == "delete":
            if obj is not None:
                if not self.delete(obj):
                    return  # changed there again and again: stays queued for the next sync
                forget_object(self.db, entry.uid)
                self.report.deleted += 1
            done_with(self.db, entry)
            return
        item = load_items(self.db, [entry.uid]).get(entry.uid)
        if item is None or (obj is None and not item.belongs):
            done_with(self.db, entry)  # gone meanwhile, or never meant for a calendar
            return
        text = item.text(rep=self.rep, tasks=self.account.tasks, now=self.now)
        printed = fingerprint(text)
        if obj is not None and obj.fingerprint == printed and obj.etag:
            done_with(self.db, entry)  # the server holds this very text already
            return
        href = obj.href if obj is not None else object_href(self.account.calendar_url, item.uid)
        try:
            etag = self.server.put(href, text, etag=obj.etag if obj is not None else None)
        except PreconditionFailed:
            # Changed there since (or, for a new one, put there by a sync cut short).
            try:
                their_etag, their_text = self.server.get(href)
            except Missing:
                return  # it vanished between the two requests: the next sync sorts it out
            outcome = self.take_in(href, their_etag, their_text, obj, entry.uid)
            self.db.conn.commit()  # before the next request
            if outcome != "ok":
                return
            item = load_items(self.db, [entry.uid])[entry.uid]
            text = item.text(rep=self.rep, tasks=self.account.tasks, now=self.now)
            printed = fingerprint(text)
            try:
                etag = self.server.put(href, text, etag=their_etag)
            except PreconditionFailed:
                return  # changed again just now: stays queued for the next sync
            entry = replace(entry, version=queued_version(self.db, entry.uid) or entry.version)
        except Missing:
            assert obj is not None
            self.removed_there(obj)
            return
        remember(self.db, item.uid, item.kind, href, etag, fingerprint=printed,
                 base=item.schedule, now=self.now)
        done_with(self.db, entry)
        self.report.sent += 1

    def delete(self, obj: KnownObject) -> bool:
        """Delete it there; True once it is gone. Deleting in Amends wins over a change made
        there meanwhile (an erased customer must leave the calendar), so a 412 is retried
        with the ETag of the version now there."""
        etag = obj.etag
        for _ in range(3):
            try:
                if not etag:
                    etag, _text = self.server.get(obj.href)
                self.server.delete(obj.href, etag)
                return True
            except PreconditionFailed:
                etag = ""
            except Missing:
                return True
        return False


def sync(db: Database, server: CalendarServer, account: Account, *, now: datetime, rep: str,
         progress: Progress | None = None) -> SyncReport:
    """Run one sync; see :class:`Sync`."""
    return Sync(db, server, account, now=now, rep=rep, progress=progress).run()
