"""Shared test set-up: offscreen Qt, and a fresh data folder and database per test."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Must be set before any QApplication exists so a plain `pytest` runs headless.
# The JSON gives the virtual screen a laptop's size (the default is 800x600).
_CONFIG = os.path.join(os.path.dirname(__file__), "offscreen.json")
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_CONFIG}"
# Never let a test touch the user's real data folder.
os.environ.pop("AMENDS_DATA_DIR", None)


def pytest_addoption(parser: pytest.Parser) -> None:
    """--kills N: how many times the crash test kills its writer (CI runs the default)."""
    parser.addoption("--kills", type=int, default=200, help="SIGKILLs in the crash test (default 200)")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder (not yet created on disk)."""
    return tmp_path / "amends-data"


@pytest.fixture
def db(data_dir: Path) -> Iterator[object]:
    """A migrated, empty database in its own data folder."""
    from planner.store.db import open_data_dir

    database = open_data_dir(data_dir)
    yield database
    database.close()


@pytest.fixture
def sample_id(db: object) -> int:
    """The id of the sample incident added to the test database."""
    from planner.sample import add_sample

    return add_sample(db)  # type: ignore[arg-type]
