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


# Phrase-library sections, in the order the Apology step lists them: label of each section.
PHRASE_SECTIONS: dict[str, str] = {
    "regret": "Regret", "ownership": "Ownership", "remedy": "Remedy", "closing": "Closing",
    "listening": "Open question",
}


@cache
def caring_phrases() -> dict[str, tuple[str, ...]]:
    """Caring phrases by section (regret, ownership, remedy, closing) from caring.toml."""
    with open(resource_path("phrases/caring.toml"), "rb") as fh:
        data = tomllib.load(fh)
    return {section: tuple(str(p) for p in data.get(section, [])) for section in PHRASE_SECTIONS
            if section in data}


def phrase_library() -> list[tuple[str, str]]:
    """Every phrase as (section, text): the caring phrases, then the open questions."""
    rows = [(section, text) for section, texts in caring_phrases().items() for text in texts]
    return rows + [("listening", text) for text in listening_prompts()]
