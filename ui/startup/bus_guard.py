"""No D-Bus session bus is started just to ask whether the desktop shows a global menu bar.

When Qt makes a menu bar on Linux, it asks the session bus whether a global menu (the
com.canonical.AppMenu.Registrar service) is there. With no session bus in the environment (a
bare X session, `ssh -X`, a test display), libdbus then "autolaunches" one: it forks and runs
`dbus-launch`, which starts a dbus-daemon that outlives Amends where it is installed, and costs
the window's first frame 2 ms where it is not. No session bus means no desktop showing a global
menu, so while the window's menu bar is made the bus address names a socket that does not exist
(the question fails at once), and it is put back right after.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

ADDRESS = "DBUS_SESSION_BUS_ADDRESS"
UNREACHABLE = "unix:path=/nonexistent/amends-no-session-bus"


def would_autolaunch(env: Mapping[str, str] | None = None) -> bool:
    """Whether asking for the session bus here would make libdbus start one (Linux and BSD:
    no bus address is set and none is at the usual place in the user's runtime folder)."""
    env = os.environ if env is None else env
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) or env.get(ADDRESS):
        return False
    runtime = env.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return not os.path.exists(os.path.join(runtime, "bus"))


@contextmanager
def no_bus_autolaunch() -> Iterator[None]:
    """Within the block, a session bus that is not there is not started (see above)."""
    if not would_autolaunch():
        yield
        return
    os.environ[ADDRESS] = UNREACHABLE
    try:
        yield
    finally:
        if os.environ.get(ADDRESS) == UNREACHABLE:
            del os.environ[ADDRESS]
