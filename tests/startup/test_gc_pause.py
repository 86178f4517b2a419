"""Python's garbage collector is held off for start-up and comes back with start-up's objects frozen."""
from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ui.startup import gc_pause


@pytest.fixture
def collector() -> Iterator[None]:
    was_on = gc.isenabled()
    yield
    gc.unfreeze()  # the rest of the test run collects as usual
    if was_on:
        gc.enable()


def test_hold_then_resume_freezes_what_was_made_and_collects_again(collector: None) -> None:
    gc.unfreeze()
    gc_pause.hold()
    assert not gc.isenabled()
    made = [[i] for i in range(1000)]  # tracked objects made during start-up
    gc_pause.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)


def test_resume_when_the_collector_is_on_changes_nothing(collector: None) -> None:
    gc.unfreeze()
    gc.enable()
    gc_pause.resume()
    assert gc.isenabled() and gc.get_freeze_count() == 0
