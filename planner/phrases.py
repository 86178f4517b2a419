"""Phrase lists kept as data in resources/phrases: listening prompts and caring phrases."""
from __future__ import annotations

import tomllib
from functools import cache

from planner.resources import resource_path


@cache
def listening_prompts() -> tuple[str, ...]:
    """Open questions that help the customer tell what they went through."""
    with open(resource_path("phrases/listening.toml"), "rb") as fh:
        return tuple(str(p) for p in tomllib.load(fh)["prompts"])
