"""The CalDAV password in the system keyring; never in the data file, settings, logs or argv."""
from __future__ import annotations

from planner.errors import AmendsError

SERVICE = "Amends CalDAV"


class NoKeyringError(AmendsError):
    """This system has no usable keyring, so the password must be typed at each sync."""


def _key(server_url: str, username: str) -> str:
    return f"{username}@{server_url}"


def keyring_problem() -> str | None:
    """Why the system keyring cannot hold the password, or None when it can."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        return "the keyring module is missing from this installation"
    backend = keyring.get_keyring()
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return "this system has no keyring service (such as GNOME Keyring, KWallet, the macOS Keychain or Windows Credential Manager)"
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return "no keyring service is running on this system"
    return None


def store_password(server_url: str, username: str, password: str) -> None:
    """Keep the password in the keyring; NoKeyringError when there is none to keep it in."""
    problem = keyring_problem()
    if problem is not None:
        raise NoKeyringError(_no_keyring(problem))
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, _key(server_url, username), password)
    except KeyringError as exc:
        raise NoKeyringError(_no_keyring(f"the keyring refused it ({exc})")) from exc


def stored_password(server_url: str, username: str) -> str | None:
    """The password kept for this server and user, or None (none kept, or no keyring)."""
    if keyring_problem() is not None:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, _key(server_url, username))
    except KeyringError:
        return None


def forget_password(server_url: str, username: str) -> None:
    """Remove the kept password, if there is one (disconnecting must not fail over it)."""
    if keyring_problem() is not None:
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, _key(server_url, username))
    except (PasswordDeleteError, KeyringError):
        pass


def _no_keyring(why: str) -> str:
    return (f"The password could not be kept: {why}. Amends will ask for it at each sync "
            "(in the shell, pipe it in with --password-stdin); it is never written to disk.")
