"""Making the window's menu bar never starts a D-Bus session bus that is not there."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ui.startup import bus_guard
from ui.startup.bus_guard import ADDRESS, UNREACHABLE, no_bus_autolaunch, would_autolaunch

linux_like = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="libdbus autolaunch is for X11 systems")


@linux_like
def test_no_address_and_no_socket_in_the_runtime_folder_would_autolaunch(tmp_path: Path) -> None:
    assert would_autolaunch({"XDG_RUNTIME_DIR": str(tmp_path)})
    (tmp_path / "bus").touch()  # the user's bus, where systemd puts it
    assert not would_autolaunch({"XDG_RUNTIME_DIR": str(tmp_path)})
    assert not would_autolaunch({ADDRESS: "unix:path=/run/user/1000/bus", "XDG_RUNTIME_DIR": "/nowhere"})


def test_other_systems_never_autolaunch(monkeypatch: pytest.MonkeyPatch) -> None:
    for platform in ("darwin", "win32"):
        monkeypatch.setattr(bus_guard.sys, "platform", platform)
        assert not would_autolaunch({})


@linux_like
def test_the_guard_points_at_no_bus_only_within_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ADDRESS, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    with no_bus_autolaunch():
        assert os.environ[ADDRESS] == UNREACHABLE
    assert ADDRESS not in os.environ  # child processes see the environment as it was
    with pytest.raises(RuntimeError), no_bus_autolaunch():
        raise RuntimeError("the window could not be made")
    assert ADDRESS not in os.environ


def test_a_session_bus_the_user_has_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ADDRESS, "unix:path=/run/user/1000/bus")
    with no_bus_autolaunch():
        assert os.environ[ADDRESS] == "unix:path=/run/user/1000/bus"
    assert os.environ[ADDRESS] == "unix:path=/run/user/1000/bus"
