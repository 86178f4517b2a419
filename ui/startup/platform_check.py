"""When Qt cannot start on Linux: name the missing system package or the unreachable display,
instead of letting Qt abort (SIGABRT, with a hint about xcb-cursor0 that is wrong when the
display is the problem).

The checks that name the problem (loading the xcb libraries, asking the display) cost the
window 4-5 ms, so start-up runs them only if Qt fails: `calm_platform_failure` catches Qt's
fatal message before it aborts, says what to install or set, and exits with status 1.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Libraries the xcb platform plugin loads (by these names), and the Debian/Ubuntu package of each.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libEGL.so.1": "libegl1",
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
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if not loadable(lib)]


def loadable(soname: str) -> bool:
    """True when the dynamic loader finds the library, exactly as Qt's plugin will look for it.

    Loading it is quick (Qt loads it next anyway), where ctypes.util.find_library would run
    ldconfig once per library: tens of milliseconds on every start.
    """
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def no_desktop() -> str | None:
    """A message when there is no desktop to open a window on at all (looked up in the
    environment: the one check cheap enough to make on every start)."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            return ("Amends needs a graphical desktop, and none was found (DISPLAY is not set). "
                    "Start it from your desktop session; the shell commands (amends --help) "
                    "work without one.")
    return None


def display_problem() -> str | None:
    """A message that says what to install or set, or None when a window can open."""
    no_window = no_desktop()
    if no_window:
        return no_window
    missing = missing_system_packages()
    if missing:
        return ("Amends cannot open its window because some system libraries are missing. "
                f"Install them with:\n    sudo apt-get install {' '.join(missing)}\n"
                "then start Amends again.")
    return unreachable_display()


# xcb_connection_has_error() codes that say the DISPLAY value itself is wrong.
_XCB_BAD_NAME = {5: "is not a display name Amends understands", 6: "names a screen that does not exist"}


def unreachable_display() -> str | None:
    """A message when the X display cannot be reached, asked the way Qt will ask (libxcb)."""
    if not uses_xcb():
        return None
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None  # Qt will name what is missing
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    screen = ctypes.c_int(0)
    connection = xcb.xcb_connect(None, ctypes.byref(screen))  # None: $DISPLAY, as Qt does
    try:
        error = int(xcb.xcb_connection_has_error(connection))
    finally:
        xcb.xcb_disconnect(connection)
    if error == 0:
        return None
    shown = os.environ.get("DISPLAY", "")
    if error in _XCB_BAD_NAME:
        return (f"Amends cannot open its window: DISPLAY={shown!r} {_XCB_BAD_NAME[error]}. "
                "Start Amends from your desktop session, or set DISPLAY to your display "
                "(e.g. :0). The shell commands (amends --help) work without a display.")
    return (f"Amends cannot open its window: no display answers at DISPLAY={shown!r} (the "
            "desktop session may have ended, or this is an ssh session without X forwarding). "
            "Start Amends from your desktop, connect with ssh -X, or set DISPLAY to a running "
            "display. The shell commands (amends --help) work without a display.")


@contextmanager
def calm_platform_failure() -> Iterator[None]:
    """Around the creation of the QApplication: should Qt fail to start its platform plugin,
    print what to install or set (display_problem) and exit 1 instead of aborting. Qt's own
    messages meanwhile are printed once it has started, or left out for ours if it cannot."""
    from PySide6.QtCore import qInstallMessageHandler

    held: list[str] = []

    def on_message(kind: Any, _context: Any, message: str) -> None:
        from PySide6.QtCore import QtMsgType  # only when Qt says something

        if kind != QtMsgType.QtFatalMsg:
            held.append(message)
            return
        problem = display_problem() or message.strip()
        print(f"amends: {problem}", file=sys.stderr, flush=True)
        os._exit(1)  # before Qt aborts; nothing is open or written yet

    previous = qInstallMessageHandler(on_message)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        for message in held:
            print(message, file=sys.stderr)
