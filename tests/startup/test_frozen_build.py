"""The frozen app: build.spec builds it with PyInstaller, and the build really works.

Slow (one PyInstaller build per session, about a minute on two cores), so marked `slow`;
CI runs it through `make test`. The build goes to a temporary folder, never to ./dist.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The build alone may take most of the default per-test timeout on a busy two-core machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]

ROOT = Path(__file__).resolve().parents[2]
LAME = "We are sorry if you were upset, but the courier lost your parcel.\n"
GOOD = ("I am sorry we sent you the wrong shelving. I packed the order and did not check it "
        "against your list. I will deliver the right brackets on Thursday 14 May by 10:00 and "
        "call you at noon to check they fit.\n")


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build once per session into a temporary dist folder; the path of the executable."""
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1200, check=False,
    )
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stderr[-4000:]}"
    app = work / "dist" / "amends" / ("amends.exe" if sys.platform == "win32" else "amends")
    assert app.is_file()
    return app


def run_app(
    app: Path, *args: str, stdin: str | None = None, home: Path,
    extra: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the frozen app headless, with a throw-away home so no real data is touched."""
    env = {k: v for k, v in os.environ.items() if k != "AMENDS_DATA_DIR"} | (extra or {})
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), PYTHONIOENCODING="utf-8")
    return subprocess.run([str(app), *args], input=stdin, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, cwd=home, check=False)


def test_the_frozen_smoke_test_passes(frozen_app: Path, tmp_path: Path) -> None:
    result = run_app(frozen_app, "--smoke-test", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "(frozen build, offscreen)" in lines[0]
    assert sum(line.startswith("  ok ") for line in lines) == 10, result.stdout
    assert "ok    modules      all " in result.stdout  # nothing of planner or ui left out
    assert "FAIL" not in result.stdout
    # The resources came from inside the bundle, not from the source tree.
    resources = next(line for line in lines if "ok    resources" in line)
    assert str(frozen_app.parent) in resources and str(ROOT / "resources") not in resources
    assert lines[-1].startswith("Smoke test passed")


def test_the_frozen_app_syncs_with_a_local_calendar_server(frozen_app: Path, tmp_path: Path) -> None:
    from tests.calendar.servers import PASSWORD, USER, Radicale

    server = Radicale(tmp_path / "radicale").start()
    try:
        result = run_app(frozen_app, "--smoke-test", home=tmp_path, extra={
            "AMENDS_SMOKE_CALDAV": server.url, "AMENDS_SMOKE_CALDAV_USER": USER,
            "AMENDS_SMOKE_CALDAV_PASSWORD": PASSWORD})
    finally:
        server.stop()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "events synced to 127.0.0.1" in result.stdout and "removed again" in result.stdout


def test_frozen_lint_flags_a_lame_apology(frozen_app: Path, tmp_path: Path) -> None:
    result = run_app(frozen_app, "lint", "-", stdin=LAME, home=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error conditional" in result.stdout
    assert "problems (" in result.stdout.splitlines()[-1]


def test_frozen_lint_passes_a_good_apology(frozen_app: Path, tmp_path: Path) -> None:
    result = run_app(frozen_app, "lint", "-", stdin=GOOD, home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("no problems found.")


def test_frozen_version_and_help(frozen_app: Path, tmp_path: Path) -> None:
    from planner import __version__

    assert run_app(frozen_app, "--version", home=tmp_path).stdout.strip() == f"Amends {__version__}"
    assert "--smoke-test" in run_app(frozen_app, "--help", home=tmp_path).stdout


def test_the_bundle_carries_resources_and_leaves_out_what_is_not_used(frozen_app: Path) -> None:
    internal = frozen_app.parent / "_internal"
    bundled = sorted(p.relative_to(internal / "resources")
                     for p in (internal / "resources").rglob("*") if p.is_file())
    source = sorted(p.relative_to(ROOT / "resources")
                    for p in (ROOT / "resources").rglob("*") if p.is_file())
    assert bundled == source
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("QtWebEngineCore", "QtQml", "QtQuick", "QtMultimedia", "Qt3DCore",
                     "QtCharts", "pytest", "hypothesis", "vobject", "pypdf", "proselint"):
        assert not any(name.startswith((unwanted, f"lib{unwanted}", f"libQt6{unwanted[2:]}"))
                       for name in names), unwanted
    assert not list(internal.rglob("*.qm")), "Qt translations are not needed"
    assert not any(p.is_symlink() and not p.exists() for p in internal.rglob("*"))
    size = sum(p.stat().st_size for p in frozen_app.parent.rglob("*")
               if p.is_file() and not p.is_symlink())  # links to Qt's libraries count once
    # Measured at about 163 MB of files on Linux since the calendar sync joined (about 35 MB of
    # it: OpenSSL, lxml for CalDAV's XML, cryptography for the Linux keyring, niquests' HTTP/2
    # and QUIC stack); a jump means something heavy crept in.
    assert size < 180 * 1024 * 1024, f"the bundle grew to {size / 2**20:.0f} MB"
