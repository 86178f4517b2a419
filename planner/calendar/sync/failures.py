"""What can go wrong with a calendar server, said so the rep knows which server, what failed and
what to do; and the two answers the sync handles itself (412 changed, 404 gone)."""
from __future__ import annotations

from enum import Enum

from planner.errors import AmendsError


class Failure(str, Enum):
    """What went wrong with the server, so callers can tell offline from a wrong password."""

    AUTH = "auth"
    OFFLINE = "offline"
    TIMEOUT = "timeout"
    CERTIFICATE = "certificate"
    GONE = "gone"
    QUOTA = "quota"
    REFUSED = "refused"
    SERVER = "server"


class SyncError(AmendsError):
    """The server could not be used; the message names it, says what failed and what to do."""

    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure

    @property
    def offline(self) -> bool:
        """True when trying again later may simply work (no network, a time-out)."""
        return self.failure in (Failure.OFFLINE, Failure.TIMEOUT)


class PreconditionFailed(Exception):
    """412: the object changed (or appeared) on the server since we last saw it."""


class Missing(Exception):
    """404: the object (or the calendar) is not on the server."""


def _message(failure: Failure, host: str, detail: str = "") -> str:
    what = {
        Failure.AUTH: ("the server refused the user name or password",
                       "Check them (iCloud and Fastmail need an app password), then connect again."),
        Failure.OFFLINE: ("the server could not be reached",
                          "Check the network and the address; changes wait in Amends and go out "
                          + "when it is reachable."),
        Failure.TIMEOUT: ("the server did not answer in time",
                          "Changes wait in Amends and go out at the next sync."),
        Failure.CERTIFICATE: ("its security certificate could not be verified",
                              "Check the address (a typo can lead to another server). If your "
                              + "company uses its own certificates, install them in the system's "
                              + "trust store."),
        Failure.GONE: ("the calendar is no longer there",
                       "It may have been deleted or renamed; connect again and pick a calendar."),
        Failure.QUOTA: ("the calendar account is full (507 insufficient storage)",
                        "Free some space there or ask whoever runs it; nothing was lost, the "
                        + "changes wait in Amends."),
        Failure.REFUSED: ("the server refused the change",
                          "The calendar may be read-only or shared without write access; pick "
                          + "another one."),
        Failure.SERVER: ("the server reported a problem",
                         "Try again later; the changes wait in Amends."),
    }[failure]
    extra = f" ({detail})" if detail else ""
    return f"{host}: {what[0]}{extra}. {what[1]}"


def describe_failure(exc: BaseException, host: str) -> SyncError:
    """Turn whatever the library raised into a SyncError that says what to do."""
    from caldav.lib import error
    from caldav.lib.http_sync import requests

    exceptions = requests.exceptions
    if isinstance(exc, SyncError):
        return exc
    if isinstance(exc, exceptions.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return SyncError(Failure.CERTIFICATE, _message(Failure.CERTIFICATE, host))
    if isinstance(exc, exceptions.Timeout):
        return SyncError(Failure.TIMEOUT, _message(Failure.TIMEOUT, host))
    if isinstance(exc, (exceptions.ConnectionError, ConnectionError)):
        return SyncError(Failure.OFFLINE, _message(Failure.OFFLINE, host))
    if isinstance(exc, error.AuthorizationError):
        if getattr(exc, "status", None) == 403:
            return SyncError(Failure.REFUSED, _message(Failure.REFUSED, host, "403 forbidden"))
        return SyncError(Failure.AUTH, _message(Failure.AUTH, host))
    if isinstance(exc, error.NotFoundError) or getattr(exc, "status", None) == 404:
        return SyncError(Failure.GONE, _message(Failure.GONE, host))
    status = getattr(exc, "status", None)
    if status == 507:
        return SyncError(Failure.QUOTA, _message(Failure.QUOTA, host))
    if isinstance(exc, (error.DAVError, exceptions.RequestException)):
        return SyncError(Failure.SERVER, _message(Failure.SERVER, host, f"{status or exc}"))
    raise exc


def status_failure(status: int, host: str, what: str) -> SyncError:
    if status == 401:
        return SyncError(Failure.AUTH, _message(Failure.AUTH, host))
    if status == 403:
        return SyncError(Failure.REFUSED, _message(Failure.REFUSED, host, f"403 on {what}"))
    if status == 507:
        return SyncError(Failure.QUOTA, _message(Failure.QUOTA, host))
    return SyncError(Failure.SERVER, _message(Failure.SERVER, host, f"{status} on {what}"))
