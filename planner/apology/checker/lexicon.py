"""Word lists by meaning (resources/rules/lexicon.toml), named in rule patterns as ``{name}``.

A rule that blames an outside party should know every common way to name one, and so should
every other rule about the same thing: the list lives once, here, and a new word in it reaches
every rule that names the list. ``{outside_party}`` in a pattern or guard becomes
``(?:courier|couriers|carrier|...)`` when the rules load. A list may name another list.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from planner.apology.checker.patterns import compile_guard, register_fast_form

# "{outside_party}": lower-case letters and underscores, never digits, so a regex quantifier
# such as {0,2} is never read as a list.
PLACEHOLDER = re.compile(r"(?<!\\)\{([a-z][a-z_]*)\}")
_NAME = re.compile(r"[a-z][a-z_]*")
# Lists name other lists, but not endlessly.
_MAX_DEPTH = 4

Lexicon = Mapping[str, str]


class LexiconError(ValueError):
    """The lexicon file is broken; the message names the file, the list and what to fix."""


def read_lexicon(path: Path, source: str) -> dict[str, str]:
    """Every list of the lexicon file as a regex alternation, lists inside lists expanded."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{source}: cannot read the word lists ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{source}: not valid TOML ({exc})") from exc
    unknown = sorted(set(data) - {"words"})
    words = data.get("words")
    if unknown or not isinstance(words, dict):
        raise LexiconError(f"{source}: write the word lists under one [words] table")
    raw: dict[str, tuple[str, ...]] = {}
    for name, entries in words.items():
        if not _NAME.fullmatch(name):
            raise LexiconError(f"{source}, list {name!r}: name lists in lower_case_with_underscores")
        if (
            not isinstance(entries, list)
            or not entries
            or not all(isinstance(entry, str) and entry.strip() for entry in entries)
        ):
            raise LexiconError(f"{source}, list {name!r}: give a list of non-empty strings")
        twice = sorted({entry for entry in entries if entries.count(entry) > 1})
        if twice:
            raise LexiconError(f"{source}, list {name!r}: {twice[0]!r} is listed twice")
        raw[name] = tuple(entry.strip() for entry in entries)
    lists = {name: _alternation(name, raw, source, 0) for name in raw}
    for name in raw:
        fast = _trie_form(_entries(name, raw, 0))
        if fast != lists[name]:
            register_fast_form(lists[name], fast)
    for name, entries in raw.items():
        for entry in entries:
            try:
                compile_guard(PLACEHOLDER.sub(lambda m: lists[m.group(1)], entry))
            except re.error as exc:
                raise LexiconError(
                    f"{source}, list {name!r}: {entry!r} is not a valid pattern ({exc})"
                ) from exc
    return lists


def _alternation(name: str, raw: Mapping[str, tuple[str, ...]], source: str, depth: int) -> str:
    if depth > _MAX_DEPTH:
        raise LexiconError(f"{source}, list {name!r}: lists name each other in a circle")

    def inner(match: re.Match[str]) -> str:
        other = match.group(1)
        if other not in raw:
            raise LexiconError(f"{source}, list {name!r}: no word list called {{{other}}}")
        return _alternation(other, raw, source, depth + 1)

    # Longer entries first, so that "delivery partner" is tried before "delivery".
    entries = sorted(raw[name], key=len, reverse=True)
    return "(?:" + "|".join(PLACEHOLDER.sub(inner, entry) for entry in entries) + ")"


# Plain entries of a list, which can go into a prefix tree as they are.
_PLAIN = re.compile(r"[a-z0-9' &-]+")


def _entries(name: str, raw: Mapping[str, tuple[str, ...]], depth: int) -> list[str]:
    """The entries of a list, with the lists it names spread out in it."""
    found: list[str] = []
    for entry in raw[name]:
        named = PLACEHOLDER.fullmatch(entry)
        if named is not None and named.group(1) in raw and depth < _MAX_DEPTH:
            found.extend(_entries(named.group(1), raw, depth + 1))
        else:
            found.append(entry)
    return found


def _trie_form(entries: list[str]) -> str:
    """An alternation of ``entries``: plain ones as a prefix tree, the others as they are (the
    longest first, as in the flat form). "(?:courier|couriers|carrier)" becomes
    "(?:c(?:ourier(?:s)?|arrier))": the same words, but the regex engine tries a flat list's
    alternatives one by one, and a tree only along one branch."""
    plain = sorted({e for e in entries if _PLAIN.fullmatch(e)})
    other = sorted({e for e in entries if not _PLAIN.fullmatch(e)}, key=len, reverse=True)
    trie: dict[str, Any] = {}
    for word in plain:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    branches = list(other)
    if trie:
        branches.append(_emit(trie))
    return "(?:" + "|".join(branches) + ")"


def _emit(node: dict[str, Any]) -> str:
    ends = "" in node
    # Longer continuations first: "courier(?: company)?" prefers the longer match, as the flat
    # form (longest first) does.
    children = sorted((char for char in node if char), reverse=True)
    parts = [_escape(char) + _emit(node[char]) for char in children]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


def _escape(char: str) -> str:
    # A space stays a space, which the pattern conventions read as any whitespace.
    return char if char in " '-&" or char.isalnum() else re.escape(char)


def expand(source: str, lexicon: Lexicon) -> str:
    """``source`` with every ``{name}`` replaced by its list; KeyError names an unknown list."""
    def replace(match: re.Match[str]) -> str:
        return lexicon[match.group(1)]

    return PLACEHOLDER.sub(replace, source)


def names_in(source: str) -> list[str]:
    """The list names a pattern uses, in order."""
    return PLACEHOLDER.findall(source)
