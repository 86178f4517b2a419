"""Checks on the raw values read from a playbook file, collecting every problem with its place."""
from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from datetime import time
from typing import TypeVar

from planner.playbooks.model import MAX_LIST_ITEMS, Problem

T = TypeVar("T")
Table = dict[str, object]
Reader = Callable[[object, str], T]  # reads the value at a place, reporting its problems

# Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) are controls too: they
# can make a name read differently from what it is ("Trojan source"), so they are refused.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL_SINGLE_LINE = re.compile(f"[\\x00-\\x1f\\x7f\\ud800-\\udfff{_BIDI}]")
_CONTROL_MULTI_LINE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f\\ud800-\\udfff{_BIDI}]")
_PLAIN_FIELD = re.compile(r"[A-Za-z0-9_-]{1,40}")


def clip(text: str, limit: int = 40) -> str:
    """Quote ``text`` for a message, shortened and with odd characters escaped."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return json.dumps(shown)


def describe(value: object) -> str:
    """Say what kind of value a file holds, in words a user knows."""
    if isinstance(value, bool):
        return f"true/false ({'true' if value else 'false'})"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return f"text ({clip(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, time):
        return "a time of day"
    return "a date or time"


def field_place(parent: str, name: str) -> str:
    """The place of field ``name`` inside ``parent`` (an empty parent is the top level)."""
    shown = name if _PLAIN_FIELD.fullmatch(name) else clip(name)
    return f"{parent}.{shown}" if parent else shown


class Checker:
    """Collects problems while reading values; readers return a harmless default on failure."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, place: str, message: str) -> None:
        self.problems.append(Problem(place or "file", message))

    def table(
        self,
        value: object,
        place: str,
        fields: Sequence[str],
        required: Sequence[str],
        notes: dict[str, str] | None = None,
    ) -> Table | None:
        """The table at ``place`` with unknown and missing fields reported, or None."""
        if not isinstance(value, dict):
            self.add(place, f"expected a table of fields, found {describe(value)}")
            return None
        for name in value:
            if name in fields:
                continue
            note = (notes or {}).get(name)
            if note is None:
                close = difflib.get_close_matches(name, fields, n=1)
                hint = f'did you mean "{close[0]}"?' if close else f"use {', '.join(fields)}"
                note = f"unknown field; {hint}"
            self.add(field_place(place, name), note)
        for name in required:
            if name not in value:
                self.add(field_place(place, name), "is missing")
        return value

    def text(
        self, value: object, place: str, limit: int, *, one_line: bool, blank_ok: bool = False
    ) -> str:
        """A string within ``limit`` characters without control characters, or ""."""
        if not isinstance(value, str):
            self.add(place, f"expected text, found {describe(value)}")
            return ""
        before = len(self.problems)
        if len(value) > limit:
            self.add(place, f"is {len(value):,} characters long; the limit is {limit:,}")
        elif not blank_ok and not value.strip():
            self.add(place, "is empty; write something here or remove it")
        pattern = _CONTROL_SINGLE_LINE if one_line else _CONTROL_MULTI_LINE
        found = pattern.search(value)
        if found is not None:
            char = found.group()
            what = ("a line break" if char in "\n\r" else "a text-direction control"
                    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069"
                    else "a control character")
            code = f"U+{ord(found.group()):04X}"
            fix = "keep it on one line" if one_line else "remove it"
            self.add(place, f"contains {what} ({code}); {fix}")
        return value if len(self.problems) == before else ""

    def flag(self, value: object, place: str) -> bool:
        if not isinstance(value, bool):
            self.add(place, f"expected true or false, found {describe(value)}")
            return False
        return value

    def choice(self, value: object, place: str, options: Sequence[str]) -> str:
        """One of ``options``, or ""."""
        text = self.text(value, place, 40, one_line=True)
        if text and text not in options:
            self.add(place, f"{clip(text)} is not one of {', '.join(options)}")
            return ""
        return text

    def items(
        self, value: object, place: str, read: Reader[T]
    ) -> tuple[T, ...]:
        """Read each item of the list at ``place`` (``place[i]``) with ``read``."""
        if not isinstance(value, list):
            self.add(place, f"expected a list, found {describe(value)}")
            return ()
        if len(value) > MAX_LIST_ITEMS:
            self.add(place, f"has {len(value):,} items; the limit is {MAX_LIST_ITEMS}")
            return ()
        return tuple(read(item, f"{place}[{index}]") for index, item in enumerate(value))

    def unique(self, values: Sequence[str], place: str, what: str = "") -> None:
        """Report items that repeat an earlier one, ignoring case and spacing."""
        seen: dict[str, int] = {}
        for index, value in enumerate(values):
            key = " ".join(value.split()).casefold()
            if not key:
                continue
            if key in seen:
                self.add(f"{place}[{index}]{what}", f"repeats {place}[{seen[key]}]{what}")
            else:
                seen[key] = index
