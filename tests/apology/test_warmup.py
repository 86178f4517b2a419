"""The checker's warm-up state can be asked at any moment, even mid-import on its thread."""
from __future__ import annotations

import sys
import types

import pytest

from ui.apology import warmup


def test_an_engine_still_being_imported_is_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    # What another thread's import leaves in sys.modules before the module body has run.
    half_imported = types.ModuleType(warmup._ENGINE)
    monkeypatch.setitem(sys.modules, warmup._ENGINE, half_imported)
    assert warmup.checker_ready() is False


def test_a_warm_engine_is_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = types.ModuleType(warmup._ENGINE)
    engine.is_warm = lambda: True  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, warmup._ENGINE, engine)
    assert warmup.checker_ready() is True
