"""One CalDAV calendar on a server, reached through the caldav library; failures said plainly."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from planner.calendar.sync.failures import (
    Missing,
    PreconditionFailed,
    describe_failure,
    status_failure,
)

_PLAIN_UID = re.compile(r"[A-Za-z0-9_.-]{1,80}(@[A-Za-z0-9.-]{1,40})?")
TIMEOUT_S = 20  # per request: a hotel Wi-Fi that swallows packets must not hang a sync
MULTIGET_BATCH = 200  # objects fetched per calendar-multiget REPORT


@dataclass(frozen=True)
class RemoteCalendar:
    """A calendar collection the user may pick."""

    url: str
    name: str
    components: tuple[str, ...]  # "VEVENT", "VTODO" …


@dataclass(frozen=True)
class Changes:
    """What changed on the server since ``token``: (href, etag) pairs and removed hrefs.

    ``complete`` means ``changed`` lists every object (a first sync, or a server without
    sync tokens): any object we know of that is not listed was deleted there.
    """

    changed: list[tuple[str, str]]
    removed: set[str]
    token: str
    complete: bool


def object_href(calendar_url: str, uid: str) -> str:
    """Where a UID's object lives: fixed by the UID, so a retry can never make a second copy.

    Amends' own UIDs ("<uuid>@amends") are used as they are; any other spelling becomes a
    hash, since servers refuse paths with characters such as ":" or "+" (Radicale does).
    """
    name = quote(uid, safe="-_.") if _PLAIN_UID.fullmatch(uid) else (
        "x-" + hashlib.sha256(uid.encode("utf-8")).hexdigest()[:40])
    return urljoin(calendar_url if calendar_url.endswith("/") else calendar_url + "/",
                   name + ".ics")


class CalendarServer:
    """A signed-in connection to one server; each method is one or a few requests."""

    def __init__(self, server_url: str, username: str, password: str, *,
                 timeout: int = TIMEOUT_S, auth_type: str = "") -> None:
        from caldav import DAVClient

        counter = self

        class CountingClient(DAVClient):  # type: ignore[misc,valid-type]
            """Counts the requests sent, for the status report and the benchmark."""

            def request(self, *args: Any, **kwargs: Any) -> Any:
                counter.requests += 1
                return super().request(*args, **kwargs)

        self.requests = 0
        self.server_url = server_url
        self.host = urlsplit(server_url).netloc or server_url
        with self._said():
            # TLS certificates are verified (ssl_verify_cert=True) against the system's store.
            self.client = CountingClient(url=server_url, username=username, password=password,
                                         timeout=timeout, ssl_verify_cert=True,
                                         enable_rfc6764=False, auth_type=auth_type or None)

    @property
    def auth_type(self) -> str:
        """How the server took the password ("basic", "digest"), once it has; else ""."""
        name = type(getattr(self.client, "auth", None)).__name__
        return {"HTTPBasicAuth": "basic", "HTTPDigestAuth": "digest"}.get(name, "")

    def close(self) -> None:
        self.client.close()

    @contextmanager
    def _said(self) -> Iterator[None]:
        try:
            yield
        except (PreconditionFailed, Missing):
            raise
        except Exception as exc:
            raise describe_failure(exc, self.host) from exc

    # Discovery -----------------------------------------------------------------------------

    def calendars(self) -> list[RemoteCalendar]:
        """The user's calendars (shared ones too, where the server lists them)."""
        with self._said():
            found = []
            for calendar in self.client.principal().calendars():
                try:
                    components = tuple(calendar.get_supported_components())
                except Exception:  # noqa: BLE001 - some servers do not say; assume events
                    components = ("VEVENT",)
                name = calendar.get_display_name() or str(calendar.url).rstrip("/").split("/")[-1]
                found.append(RemoteCalendar(str(calendar.url), str(name), components))
            return found

    def create_calendar(self, name: str, *, tasks: bool) -> RemoteCalendar:
        """Make a new calendar called ``name`` in the user's home."""
        components = ["VEVENT", "VTODO"] if tasks else ["VEVENT"]
        with self._said():
            calendar = self.client.principal().make_calendar(
                name=name, supported_calendar_component_set=components)
            return RemoteCalendar(str(calendar.url), name, tuple(components))

    def check_calendar(self, calendar_url: str) -> None:
        """Raise SyncError(GONE) when the calendar is no longer on the server."""
        with self._said():
            self.client.calendar(url=calendar_url).get_display_name()

    # Reading -------------------------------------------------------------------------------

    def changes(self, calendar_url: str, token: str) -> Changes:
        """What changed since ``token`` ("" for everything), by the server's sync token."""
        from caldav.lib import error

        calendar = self.client.calendar(url=calendar_url)
        with self._said():
            try:
                found = calendar.get_objects_by_sync_token(sync_token=token or None,
                                                           load_objects=False)
            except error.DAVError as exc:
                if not token or getattr(exc, "status", None) in (401, 404, 507):
                    raise
                # The token expired (RFC 6578 3.2): start again from a full listing.
                return self.changes(calendar_url, "")
            removed = {str(url) for url in found.deleted_urls}
            changed = [(str(obj.url), str(obj.etag or "")) for obj in found
                       if str(obj.url) not in removed and str(obj.url).rstrip("/") !=
                       calendar_url.rstrip("/")]
            new_token = str(found.sync_token or "")
            complete = not token or new_token.startswith("fake-")
            return Changes(changed, removed, new_token, complete)

    def fetch(self, calendar_url: str, hrefs: list[str]) -> dict[str, tuple[str, str]]:
        """href -> (etag, iCalendar text) for these objects; missing ones are left out."""
        from caldav.elements import dav
        from caldav.lib.url import URL

        calendar = self.client.calendar(url=calendar_url)
        found: dict[str, tuple[str, str]] = {}
        with self._said():
            for first in range(0, len(hrefs), MULTIGET_BATCH):
                batch = hrefs[first:first + MULTIGET_BATCH]
                urls = [URL.objectify(href) for href in batch]
                for obj in calendar.multiget(urls, raise_notfound=False):
                    etag = (obj.props or {}).get(dav.GetEtag.tag, "")
                    found[str(obj.url)] = (str(etag or ""), str(obj.data or ""))
        return found

    def get(self, href: str) -> tuple[str, str]:
        """(etag, text) of one object; Missing when it is not there."""
        with self._said():
            response = self.client.request(href, "GET", "", {"Accept": "text/calendar"})
        if response.status == 404:
            raise Missing(href)
        if response.status >= 400:
            raise status_failure(response.status, self.host, "reading an event")
        return _etag(response), _text(response)

    # Writing -------------------------------------------------------------------------------

    def put(self, href: str, text: str, *, etag: str | None) -> str:
        """Create (etag None: If-None-Match *) or replace (If-Match etag); the new ETag.

        PreconditionFailed when the object exists already (create) or changed since ``etag``
        (replace); Missing when a replaced object is gone. The ETag may be "" when the server
        sends none (it then comes with the next listing).
        """
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        headers.update({"If-None-Match": "*"} if etag is None else {"If-Match": etag or "*"})
        return self._conditional("PUT", href, text, headers, "saving an event")

    def delete(self, href: str, etag: str) -> None:
        """Delete one object if it is still the version ``etag`` (If-Match); gone counts as done."""
        try:
            self._conditional("DELETE", href, "", {"If-Match": etag or "*"}, "deleting an event")
        except Missing:
            return

    def _conditional(self, method: str, href: str, body: str, headers: dict[str, str],
                     what: str) -> str:
        from caldav.lib import error

        with self._said():
            try:
                response = self.client.request(href, method, body, headers)
            except error.DAVError as exc:
                status = getattr(exc, "status", None)
                if status == 412:
                    raise PreconditionFailed(href) from exc
                if status == 404:
                    raise Missing(href) from exc
                raise
        if response.status == 412:
            raise PreconditionFailed(href)
        if response.status in (404, 410):
            raise Missing(href)
        if response.status >= 400:
            raise status_failure(response.status, self.host, what)
        return _etag(response)


def _etag(response: Any) -> str:
    headers = getattr(response, "headers", None) or {}
    etag = headers.get("ETag") or headers.get("Etag") or ""
    return str(etag) if not str(etag).startswith("W/") else ""  # a weak one never matches


def _text(response: Any) -> str:
    raw = getattr(response, "raw", "")
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
