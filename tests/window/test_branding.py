"""The app icon in every size and format, the About text and the Linux .desktop file."""
from __future__ import annotations

import configparser
import struct
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from planner import __version__
from ui.branding import ICON_SIZES, about_html, app_icon, brand_application, full_icon

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def test_the_svg_is_valid_and_square(qapp: QApplication) -> None:
    renderer = QSvgRenderer(str(ICONS / "amends.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height() == 512


def test_every_png_size_is_there_with_a_transparent_corner(qapp: QApplication) -> None:
    for size in ICON_SIZES:
        image = QImage(str(ICONS / f"amends-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0


def test_ico_and_icns_hold_png_images() -> None:
    ico = (ICONS / "amends.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 6
    for index in range(count):
        _w, _h, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index: 22 + 16 * index])
        assert ico[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(ico)
    icns = (ICONS / "amends.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns and b"ic10" in icns  # 512 and 512@2x, which Finder wants


def test_the_app_icon_offers_every_size(qapp: QApplication) -> None:
    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert sizes == {(s, s) for s in ICON_SIZES}


def test_brand_application_sets_names_and_full_icon_the_icon(qapp: QApplication) -> None:
    names = (qapp.applicationName(), qapp.organizationName(), qapp.applicationDisplayName())
    try:
        brand_application(qapp)
        assert qapp.applicationName() == "Amends"
        assert qapp.applicationVersion() == __version__
        assert qapp.desktopFileName() == "amends"
        full_icon(qapp)
        sizes = {s.width() for s in qapp.windowIcon().availableSizes()}
        assert sizes == set(ICON_SIZES)
    finally:
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])
        qapp.setApplicationDisplayName(names[2])


def test_about_names_version_data_folder_and_license_without_links(tmp_path: Path) -> None:
    folder = tmp_path / "data & more"
    text = about_html(folder)
    assert f"Amends {__version__}" in text
    assert "data &amp; more" in text  # the folder is escaped, not read as markup
    assert "MIT License" in text and "never uses the network" in text
    assert "<a " not in text and "http" not in text


def test_the_desktop_file_has_what_menus_need() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(ROOT / "packaging" / "amends.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "Amends"
    assert entry["Exec"] == "amends" and entry["Icon"] == "amends"
    assert entry["Terminal"] == "false" and entry["StartupWMClass"] == "Amends"
    assert entry["Categories"] == "Office;ContactManagement;"
    assert entry["Comment"]
