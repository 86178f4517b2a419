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


def test_the_gui_thread_gets_the_interpreter_back_quickly_while_the_warm_up_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[float] = []
    checker = types.ModuleType("planner.apology.checker")

    def warm_up() -> None:
        seen.append(sys.getswitchinterval())

    checker.warm_up = warm_up  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "planner.apology.checker", checker)
    before = sys.getswitchinterval()
    warmup._warm_up()
    assert seen == [pytest.approx(warmup.WARM_UP_SWITCH_INTERVAL_S)]
    assert sys.getswitchinterval() == before  # and back as it was afterwards


def test_the_switch_interval_is_restored_when_the_warm_up_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = types.ModuleType("planner.apology.checker")

    def broken() -> None:
        raise RuntimeError("a rule file that does not parse")

    checker.warm_up = broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "planner.apology.checker", checker)
    before = sys.getswitchinterval()
    with pytest.raises(RuntimeError):
        warmup._warm_up()
    assert sys.getswitchinterval() == before


def test_no_collection_runs_during_the_warm_up_and_its_objects_are_frozen_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    during: list[bool] = []
    made: list[object] = []
    checker = types.ModuleType("planner.apology.checker")

    def warm_up() -> None:
        during.append(gc.isenabled())
        made.extend([i] for i in range(500))

    checker.warm_up = warm_up  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "planner.apology.checker", checker)
    gc.enable()
    gc.unfreeze()
    try:
        warmup._warm_up()
        assert during == [False]
        assert gc.isenabled() and gc.get_freeze_count() >= len(made)
        gc.unfreeze()
        gc.disable()  # as start-up holds it until the data is painted: left as it was
        warmup._warm_up()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()
