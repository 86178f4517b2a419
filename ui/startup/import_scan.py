"""A quicker answer to PySide's question about every module imported after it: does it use PySide?

PySide6 (6.4 and later) asks this of each newly imported module, for its optional `__feature__`
switches (snake_case, true_property), by fetching the module's whole source through `inspect`
and `linecache` and looking for "PySide6" in it. Start-up imports some sixty modules after
PySide; going through `inspect` costs about 0.1 ms each, a few milliseconds before the data is
painted. Reading the file's bytes gives the same answer for a plain source file at a third of
the cost. Anything else (a compiled-only module, a module from a zip, a frozen app's modules)
still goes to PySide's own check.

Amends' own modules, most of those sixty, are answered by their folder without reading them
(2 ms of start-up): a module of `ui` uses PySide, one of `planner` never does
(tests/test_architecture.py proves it). The answer only chooses between "no feature" and
"ignore this module" for PySide's switching, which is the same thing while no module selects
a feature; none of ours does (tests/startup/test_first_paint_enums.py checks).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType

_ORIGINAL = "_amends_original"
_UI = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_PLANNER = os.path.join(os.path.dirname(_UI[:-1]), "planner") + os.sep


def speed_up_pyside_import_scan() -> bool:
    """Install the quicker check; False when this PySide has no such scan (nothing to do)."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(check):
        return False
    if getattr(check, _ORIGINAL, None) is not None:
        return True  # installed already
    quick = _quick_check(check)
    setattr(quick, _ORIGINAL, check)
    feature._mod_uses_pyside = quick  # type: ignore[attr-defined]
    return True


def _quick_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None)
        if isinstance(origin, str) and origin.endswith(".py") and getattr(spec, "has_location", False):
            if origin.startswith(_UI):
                return True
            if origin.startswith(_PLANNER):
                return False
            try:
                with open(origin, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(module)
    return uses_pyside
