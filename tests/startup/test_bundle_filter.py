"""What build.spec leaves out of the frozen app: Qt modules, plugins, translations, libraries."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_filter as bf  # packaging/ is not a package; build.spec imports it the same way


def test_used_qt_modules_reads_imports_and_keeps_the_widgets_base(tmp_path: Path) -> None:
    source = tmp_path / "view.py"
    source.write_text(
        "from PySide6.QtPrintSupport import QPrinter\nimport PySide6.QtNetwork\n", encoding="utf-8"
    )
    used = bf.used_qt_modules([source])
    assert used == {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtNetwork"}


def test_the_app_sources_need_no_heavy_qt_module() -> None:
    used = bf.used_qt_modules([*ROOT.glob("ui/**/*.py"), *ROOT.glob("planner/**/*.py")])
    heavy = {"QtWebEngineCore", "QtWebEngineWidgets", "QtQml", "QtQuick", "QtMultimedia",
             "Qt3DCore", "QtCharts", "QtDataVisualization", "QtPdf"}
    assert not used & heavy
    assert {"QtCore", "QtGui", "QtWidgets"} <= used


def test_excluded_qt_modules_are_everything_not_used() -> None:
    excluded = bf.excluded_qt_modules(["QtCore", "QtQuick", "QtWebEngineCore"], {"QtCore"})
    assert excluded == ["PySide6.QtQuick", "PySide6.QtWebEngineCore"]


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/qwindows.dll",
    "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
    "PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/lib/libQt6Core.so.6",
    "libpython3.11.so.1.0",
])
def test_keeps_what_a_desktop_needs(dest: str) -> None:
    assert bf.keep_binary(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/imageformats/libqwebp.so",
    "PySide6\\Qt\\plugins\\imageformats\\qtiff.dll",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",  # Qt's own TLS: the sync uses Python's
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so",
])
def test_drops_plugins_amends_never_loads(dest: str) -> None:
    assert not bf.keep_binary(dest)


def test_translations_go_and_resources_stay() -> None:
    assert not bf.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert bf.keep_data("resources/rules/hedge.toml")
    assert bf.keep_data("resources/icons/amends-256.png")


def test_prune_keeps_libraries_something_still_links_to() -> None:
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),     # needed by nothing left
        ("libpixman-1.so.0", "/src/libpixman-1.so.0", "BINARY"),  # needed only by cairo
        ("libharfbuzz.so.0", "/src/libharfbuzz.so.0", "BINARY"),  # still linked by qxcb
        ("libglib-2.0.so.0", "/src/libglib-2.0.so.0", "BINARY"),  # never prunable
    ]
    links = {
        "/src/libqxcb.so": {"libharfbuzz.so.0"},
        "/src/libcairo.so.2": {"libpixman-1.so.0", "libglib-2.0.so.0"},
    }
    kept = bf.prune_libraries(binaries, lambda src: links.get(src, set()))
    assert [dest for dest, _, _ in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so", "libharfbuzz.so.0", "libglib-2.0.so.0",
    ]


def test_links_to_pruned_libraries_are_dropped() -> None:
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/src/core", "BINARY")]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("resources/sample/incident.toml", "/src/incident.toml", "DATA"),
    ]
    kept = bf.drop_dangling_links(datas, binaries)
    assert [dest for dest, _, _ in kept] == ["libQt6Core.so.6", "resources/sample/incident.toml"]


def test_https_stays_in_the_bundle_for_the_calendar_sync() -> None:
    """The sync talks HTTPS: Python's ssl and OpenSSL's libraries are neither excluded nor
    pruned, and the HTTP stack and keyring backends loaded by name are hidden imports."""
    excluded = {*bf.DEV_PACKAGES, *bf.UNUSED_OPTIONAL}
    assert not excluded & set(bf.NETWORK_MODULES)
    assert not hasattr(bf, "NO_NETWORK_MODULES")
    for library in ("libssl.so.3", "libcrypto.so.3", "libssl-3-x64.dll", "libcrypto.3.dylib"):
        assert not bf.PRUNABLE_LIBRARY.match(library), library
    assert bf.PRUNABLE_LIBRARY.match("libcairo.so.2")  # what the GTK theme alone needed still goes
    assert {"niquests", "wassima", "caldav", "keyring.backends.SecretService"} <= set(
        bf.NETWORK_HIDDEN_IMPORTS)
    binaries = [("libssl.so.3", "/src/libssl.so.3", "BINARY"),
                ("libcrypto.so.3", "/src/libcrypto.so.3", "BINARY")]
    assert bf.prune_libraries(binaries, lambda src: set()) == binaries


def test_caldav_parts_are_kept_but_not_its_test_helpers_or_the_test_servers() -> None:
    found = ["caldav", "caldav.davclient", "caldav.lib.error", "caldav.testing",
             "caldav.async_davclient", "caldav.jmap.client", "radicale.app", "caldav.jmapx"]
    assert bf.kept_modules(found) == ["caldav", "caldav.davclient", "caldav.lib.error",
                                      "caldav.async_davclient", "caldav.jmapx"]
