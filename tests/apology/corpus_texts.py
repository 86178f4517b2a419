"""The development corpus's texts, for tests that hold across real-looking apologies."""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus" / "dev.toml"


@functools.cache
def corpus_texts() -> tuple[str, ...]:
    """Every text of benchmarks/corpus/dev.toml (the held-out corpus is left alone)."""
    with DEV.open("rb") as handle:
        return tuple(entry["text"] for entry in tomllib.load(handle)["apology"])
