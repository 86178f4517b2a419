"""What says "Amends" on screen: the application's names, its icon and the About text."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from planner import __version__
from planner.resources import resource_path

APP_NAME = "Amends"
# The PNG sizes rendered from resources/icons/amends.svg by packaging/render_icons.py.
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
# The .desktop file name (packaging/amends.desktop): the Wayland app id, which docks use
# to group the window with its launcher (X11 matches StartupWMClass=Amends instead).
DESKTOP_FILE = "amends"
LICENSE = "MIT License"


# The sizes a window's title bar and task bar use. On X11 every size of the window icon is
# decoded and sent to the X server when the window first shows (the 256 and 512 px ones made
# that 8-30 ms slower); start-up gives the rest once the data is painted (full_icon).
FIRST_SHOW_LARGEST = 128


def app_icon(largest: int | None = None) -> QIcon:
    """The app icon with every pre-rendered size (up to `largest`), so no size is scaled at
    run time."""
    icon = QIcon()
    for size in ICON_SIZES:
        if largest is not None and size > largest:
            continue
        try:
            icon.addFile(str(resource_path(f"icons/amends-{size}.png")), QSize(size, size))
        except FileNotFoundError:
            # A missing icon is cosmetic; the app must still start.
            continue
    return icon


def brand_application(app: QApplication) -> None:
    """Set the names Qt uses for settings and window titles, and the icon every window shows."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon(largest=FIRST_SHOW_LARGEST))


def full_icon(app: QApplication) -> None:
    """Give every window the icon in all its sizes (for switchers that show it large)."""
    app.setWindowIcon(app_icon())


def build_description() -> str:
    """Where this copy runs from: a frozen bundle or Python sources."""
    if getattr(sys, "frozen", False):
        return "self-contained build"
    return f"running from {Path(__file__).resolve().parent.parent}"


def about_html(data_dir: Path) -> str:
    """The About box: version, data folder, license, and what it runs on; no links."""
    import platform  # the About box only: not worth loading at start-up
    from html import escape

    python = platform.python_version()
    return (
        f"<h3>{APP_NAME} {escape(__version__)}</h3>"
        "<p>Plan a sincere apology — regret, responsibility, remedy — and keep the promises "
        "that come with it.</p>"
        f"<p><b>Your data:</b> {escape(str(data_dir))}<br>"
        "Everything stays in this folder on this computer; Amends never uses the network.</p>"
        f"<p>{LICENSE}. Free to use, change and share.</p>"
        f"<p style='color: gray'>Python {escape(python)}, Qt {escape(qVersion())}, "
        f"PySide6 {escape(pyside_version)} — {escape(build_description())}</p>"
    )
