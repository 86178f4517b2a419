"""When Qt cannot start: a missing xcb library is named with the package that provides it, an
unreachable display as such, and a working display pays for no check."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

from ui.startup import platform_check


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb check runs on Linux only")
def test_loadable_tells_a_present_library_from_a_missing_one() -> None:
    assert platform_check.loadable("libc.so.6")
    assert not platform_check.loadable("libamends-no-such-library.so.0")


def test_a_missing_xcb_library_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(platform_check, "loadable", lambda soname: soname != "libxcb-cursor.so.0")
    problem = platform_check.display_problem()
    assert problem is not None
    assert "sudo apt-get install libxcb-cursor0\n" in problem


def test_nothing_is_checked_when_qt_does_not_use_xcb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(platform_check, "loadable", lambda soname: False)
    assert platform_check.display_problem() is None


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux only")


@linux_only
def test_an_unreachable_display_is_named_not_a_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":4242")  # no X server answers there
    monkeypatch.setattr(platform_check, "missing_system_packages", list)
    problem = platform_check.display_problem()
    assert problem is not None and "DISPLAY=':4242'" in problem and "no display answers" in problem
    assert "xcb-cursor" not in problem and "apt-get" not in problem


@linux_only
def test_a_malformed_display_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", "not a display")
    monkeypatch.setattr(platform_check, "missing_system_packages", list)
    problem = platform_check.display_problem()
    assert problem is not None and "is not a display name" in problem


@linux_only
def test_the_app_exits_with_the_message_instead_of_aborting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":4243"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "ui.startup.launcher", "--data-dir", str(tmp_path / "d")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1, done.stderr  # not -6 (SIGABRT)
    assert "DISPLAY=':4243'" in done.stderr and "xcb-cursor0" not in done.stderr


@pytest.fixture
def x_display() -> Iterator[str]:
    """A running X server (Xvfb) standing in for a desktop: its DISPLAY value."""
    import shutil
    import subprocess

    if shutil.which("Xvfb") is None:
        pytest.skip("no Xvfb to stand in for a desktop")
    read_end, write_end = os.pipe()
    # -displayfd: the server picks a free display and writes its number once it listens.
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as ready:
            number = ready.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@linux_only
def test_a_running_display_passes(x_display: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", x_display)
    assert platform_check.unreachable_display() is None


@linux_only
def test_a_platform_qt_cannot_start_ends_in_a_message_and_status_1(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
    env["QT_QPA_PLATFORM"] = "amends-no-such-platform"  # Qt's own fatal error, no check of ours knows it
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "ui.startup.launcher", "--data-dir", str(tmp_path / "d")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1, done.stderr  # not -6 (SIGABRT)
    assert done.stderr.startswith("amends: ") and "platform plugin" in done.stderr
    assert not (tmp_path / "d").exists()  # nothing was written


def test_qts_messages_while_it_starts_are_printed_once_it_has(
    qapp, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import qWarning

    with platform_check.calm_platform_failure():
        qWarning("a plugin said something")
        assert "a plugin said something" not in capsys.readouterr().err  # held...
    assert "a plugin said something" in capsys.readouterr().err  # ...and printed after


@linux_only
def test_a_start_on_a_working_display_runs_no_library_or_display_check(tmp_path, x_display: str) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    from pathlib import Path

    missing = [lib for lib in platform_check.XCB_LIBRARIES if not platform_check.loadable(lib)]
    if missing:
        pytest.skip(f"Qt's xcb platform cannot load here (missing {', '.join(missing)})")
    watch = ("import sys, ui.startup.first_paint as fp, ui.startup.recovery as rec\n"
             "real = fp.report\n"
             "def report(stage):\n"
             "    print('stage', stage, 'ctypes' in sys.modules, flush=True)\n"
             "    real(stage)\n"
             "fp.report = rec.report = report\n"
             "from ui.startup.launcher import main\n"
             "sys.exit(main(sys.argv[1:]))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=x_display, AMENDS_STARTUP_PROBE="1")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", watch, "--data-dir", str(tmp_path / "d")], cwd=root,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    stages = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("stage")]
    assert ["ready", "False"] in stages  # the checks (ctypes) never loaded on the way to the data
