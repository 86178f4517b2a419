"""Before Qt starts on Linux: name the missing system package instead of letting Qt abort."""
from __future__ import annotations

import ctypes.util
import os
import sys

# Libraries the xcb platform plugin loads, and the Debian/Ubuntu package that provides each.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
    "xcb-randr": "libxcb-randr0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-image": "libxcb-image0",
    "EGL": "libegl1",
}


def uses_xcb() -> bool:
    """True when Qt is about to open an X11 window."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return not os.environ.get("WAYLAND_DISPLAY") and bool(os.environ.get("DISPLAY"))


def missing_system_packages() -> list[str]:
    """Debian package names for the xcb libraries that cannot be found."""
    if not uses_xcb():
        return []
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def display_problem() -> str | None:
    """A message that says what to install or set, or None when a window can open."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            return ("Amends needs a graphical desktop, and none was found (DISPLAY is not set). "
                    "Start it from your desktop session; the shell commands (amends --help) "
                    "work without one.")
    missing = missing_system_packages()
    if missing:
        return ("Amends cannot open its window because some system libraries are missing. "
                f"Install them with:\n    sudo apt-get install {' '.join(missing)}\n"
                "then start Amends again.")
    return None
