"""What says "Amends" on screen: the application's names, its icon and the About text."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, qVersion

from planner import __version__
from planner.resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

APP_NAME = "Amends"
# The PNG sizes rendered from resources/icons/amends.svg by packaging/render_icons.py.
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
# The .desktop file name (packaging/amends.desktop): the Wayland app id, which docks use
# to group the window with its launcher (X11 matches StartupWMClass=Amends instead).
DESKTOP_FILE = "amends"
LICENSE = "MIT License"


def app_icon() -> QIcon:
    """The app icon with every pre-rendered size, so no size is scaled at run time."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in ICON_SIZES:
        try:
            icon.addFile(str(resource_path(f"icons/amends-{size}.png")), QSize(size, size))
        except FileNotFoundError:
            # A missing icon is cosmetic; the app must still start.
            continue
    return icon


def brand_application(app: QApplication) -> None:
    """Set the names Qt uses for settings and window titles (the icon comes with full_icon)."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE)  # the icon a Wayland dock shows comes from this file


def full_icon(app: QApplication) -> None:
    """Give every window the icon, in all its sizes (for switchers that show it large).

    Start-up sets it once the data is painted: PySide's set-up of QIcon and the icon's files
    cost the first paint 3 ms, and on X11 every size is decoded and sent to the X server as
    the icon is set (the large ones took 8-30 ms). A title bar shows the icon a moment late.
    """
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
