"""What goes into the frozen app: the Qt modules Amends imports, and only the plugins it can use.

build.spec calls these functions on PyInstaller's lists; they are plain functions over
names so the choices are tested without a build (tests/startup/test_bundle_filter.py).
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

# Qt modules every Widgets app needs even when the code names only QtWidgets.
BASE_QT_MODULES = frozenset({"QtCore", "QtGui", "QtWidgets"})
# Installed packages that only the tests, benchmarks or developers use.
DEV_PACKAGES = (
    "pytest", "_pytest", "pytestqt", "hypothesis", "vobject", "ics", "pypdf", "proselint",
    "mypy", "mypyc", "ruff", "pip", "setuptools", "pkg_resources", "PyInstaller",
    "icalendar.tests", "tkinter", "_tkinter", "pydoc", "unittest", "lib2to3", "idlelib",
    # the CalDAV servers the sync tests start and what only they import; caldav's test helpers
    # and JMAP client (caldav.async_davclient stays: the sync client checks its type)
    "radicale", "xandikos", "dulwich", "aiohttp", "caldav.testing", "caldav.jmap",
)
# The calendar sync talks HTTPS to the user's CalDAV server, so OpenSSL stays: these modules
# and the libssl/libcrypto they link must be in the bundle (the smoke test's "sync" step
# checks). CA certificates come from the system's trust store, read by wassima (niquests'
# companion) — the same store the browser trusts, so a company's own root works — with the
# Mozilla list wassima carries as the fallback where the system has none.
NETWORK_MODULES = ("ssl", "_ssl", "_hashlib")
# Imported by name at run time, which PyInstaller cannot see: the HTTP stack caldav uses and
# the keyring backends (found through entry points).
NETWORK_HIDDEN_IMPORTS = (
    "niquests", "urllib3", "wassima", "charset_normalizer", "caldav", "caldav.davclient",
    "keyring.backends.SecretService", "keyring.backends.kwallet", "keyring.backends.libsecret",
    "keyring.backends.macOS", "keyring.backends.Windows", "keyring.backends.chainer",
    "keyring.backends.fail", "keyring.backends.null",
)
# Optional imports nothing in Amends takes: icalendar's pytz time zones (it uses zoneinfo)
# and the interactive-console line editor.
UNUSED_OPTIONAL = ("pytz", "readline")
# Whole plugin folders that serve embedded devices, networking or other apps' needs.
DROP_PLUGIN_FOLDERS = frozenset({
    "generic", "egldeviceintegrations", "networkinformation", "tls", "sqldrivers",
    "multimedia", "qmltooling", "position", "sensors", "texttospeech", "webview", "canbus",
    "designer", "scenegraph", "renderers", "geometryloaders", "sceneparsers", "renderplugins",
})
# Single plugins (by name without "lib" and extension) that a desktop Widgets app never loads.
DROP_PLUGINS = frozenset({
    # platforms for kiosks and framebuffers, not desktops
    "qeglfs", "qlinuxfb", "qvnc", "qvkkhrdisplay", "qminimalegl",
    # image formats Amends never reads (PNG is built in; SVG and ICO stay for icons)
    "qwebp", "qwbmp", "qgif", "qtga", "qtiff", "qjpeg", "qicns", "qpdf",
    # the GTK theme drags cairo, pango and GDK into the bundle; the portal theme remains
    "qgtk3",
    # Wayland shells of embedded compositors (xdg-shell is the desktop one and stays)
    "ivi-shell", "qt-shell", "fullscreen-shell-v1", "wl-shell-plugin",
    # buffer sharing for nested compositors
    "dmabuf-server", "drm-egl-server", "shm-emulation-server", "vulkan-server",
})
# Libraries that only the dropped plugins or modules link to; each is removed only when no
# binary left in the bundle still needs it (see prune_libraries).
PRUNABLE_LIBRARY = re.compile(
    r"^(lib)?(Qt6(Network|EglFSDeviceIntegration|EglFsKmsSupport|WlShellIntegration)"
    r"|cairo|cairo-gobject|pango-1\.0|pangocairo-1\.0|pangoft2-1\.0|gdk_pixbuf-2\.0|atk-1\.0"
    r"|gtk-3|gdk-3|harfbuzz|graphite2|thai|datrie|fribidi|pixman-1|jpeg|tiff|webp"
    r"|Xrender|Xext|gssapi_krb5|krb5|k5crypto|krb5support|com_err|keyutils"
    r"|brotlidec|brotlicommon|gio-2\.0|gmodule-2\.0|mount|blkid|selinux|pcre2-8"
    r")[.-]"
)
QT_IMPORT = re.compile(r"\bPySide6\.(Qt\w+)")


def kept_modules(names: Iterable[str]) -> list[str]:
    """The module names that are not developer or test packages (nor inside one).

    For collect_submodules("caldav"): caldav imports its parts by name at run time, which
    PyInstaller cannot see, but its async client and JMAP parts are not for Amends.
    """
    return [name for name in names
            if not any(name == dev or name.startswith(dev + ".") for dev in DEV_PACKAGES)]


def used_qt_modules(sources: Iterable[Path]) -> set[str]:
    """The PySide6 modules named in these Python files, plus the ones every Widgets app needs."""
    used = set(BASE_QT_MODULES)
    for path in sources:
        used.update(QT_IMPORT.findall(path.read_text(encoding="utf-8")))
    return used


def excluded_qt_modules(available: Iterable[str], used: set[str]) -> list[str]:
    """Every PySide6 module the app does not import, as names for PyInstaller's excludes."""
    return sorted(f"PySide6.{name}" for name in set(available) - used)


def plugin_name(dest: str) -> tuple[str, str] | None:
    """(folder, plugin name) of a Qt plugin's path in the bundle, or None for anything else."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "plugins" not in parts or len(parts) < parts.index("plugins") + 3:
        return None
    folder = parts[parts.index("plugins") + 1]
    stem = parts[-1].split(".")[0]
    return folder, stem.removeprefix("lib")


def keep_binary(dest: str) -> bool:
    """False for the Qt plugins a desktop Widgets app without network access never loads."""
    plugin = plugin_name(dest)
    if plugin is None:
        return True
    folder, name = plugin
    return folder not in DROP_PLUGIN_FOLDERS and name not in DROP_PLUGINS


def keep_data(dest: str) -> bool:
    """False for Qt's translations: Amends speaks English and installs no translator."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    return not ("translations" in parts and parts[-1].endswith(".qm"))


def prune_libraries(
    binaries: list[tuple[str, str, str]], needed_by: Callable[[str], set[str]]
) -> list[tuple[str, str, str]]:
    """Drop prunable libraries that nothing left in the list links to, until none can go.

    Entries are PyInstaller's (destination, source, typecode); ``needed_by(source)`` names
    the libraries one binary links to (its DT_NEEDED).
    """
    kept = list(binaries)
    needs = {src: {PurePosixPath(n).name for n in needed_by(src)} for _, src, _ in kept}
    while True:
        wanted: set[str] = set().union(*(needs[src] for _, src, _ in kept))
        drop = [entry for entry in kept
                if PRUNABLE_LIBRARY.match(PurePosixPath(entry[0]).name)
                and PurePosixPath(entry[0]).name not in wanted]
        if not drop:
            return kept
        kept = [entry for entry in kept if entry not in drop]


def drop_dangling_links(
    datas: list[tuple[str, str, str]], binaries: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """Remove SYMLINK entries (kept among the datas) whose target is no longer collected."""
    present = {_slashed(dest) for dest, _src, _kind in [*datas, *binaries] if _kind != "SYMLINK"}
    return [entry for entry in datas if entry[2] != "SYMLINK" or _link_target(entry) in present]


def _slashed(path: str) -> str:
    return path.replace("\\", "/")


def _link_target(link: tuple[str, str, str]) -> str:
    """Where a SYMLINK entry points (its source is relative to the link), inside the bundle."""
    parent = PurePosixPath(_slashed(link[0])).parent
    return posixpath.normpath(posixpath.join(str(parent), _slashed(link[1])))
