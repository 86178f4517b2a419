"""The one way to find a bundled resource file, from source or from a PyInstaller bundle."""
from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The folder that holds rules/, playbooks/, phrases/, icons/ and sample/."""
    # PyInstaller unpacks data next to the executable and exposes the folder as _MEIPASS.
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(relative: str) -> Path:
    """Path of a resource such as ``"rules/hedge.toml"``; raises FileNotFoundError if missing."""
    path = resources_root() / relative
    if not path.exists():
        raise FileNotFoundError(
            f"Amends is missing its resource file {path}. Reinstall the app to restore it."
        )
    return path
