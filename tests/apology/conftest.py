"""Shared set-up for the apology tests: the checker compiled before a test starts, as it is a
moment after the app's window shows (ui/apology/warmup.py); test_warmup.py covers the moment
before."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from ui.apology.warmup import start_warm_up


@pytest.fixture(autouse=True)
def _checker_warm() -> Iterator[None]:
    start_warm_up().join(timeout=30)
    yield
