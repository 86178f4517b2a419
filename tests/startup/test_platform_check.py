"""Before Qt starts: a missing xcb library is named with the package that provides it."""
from __future__ import annotations

import sys

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
