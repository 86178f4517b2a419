"""Reading a compiled regex as a tree (the stdlib's own parser) for the checker's prefilter.

The parser is a private module (re._parser). If it is missing or changes shape, parse()
returns None and every pattern simply runs unfiltered: slower, never wrong.
"""
from __future__ import annotations

import functools
import importlib
import re
from typing import Any

Item = tuple[Any, Any]

_WORD_CHAR = re.compile(r"\w")


def _parser() -> Any:
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - a future Python without re._parser
        return None


_PARSER = _parser()


def parse(pattern: re.Pattern[str] | str) -> list[Item] | None:
    """The tree of a compiled pattern or of a regex source (callers read it and never change
    it), or None."""
    if isinstance(pattern, str):
        return _parse_source(pattern, 0)
    return _parse_source(pattern.pattern, pattern.flags)


def check_source(source: str) -> bool:
    """Raise re.error if ``source`` is not a valid regex; return whether it can match empty
    text. Reads the stdlib's parser, so nothing is compiled; without the parser it compiles."""
    if _PARSER is None:  # pragma: no cover - a future Python without re._parser
        return re.compile(source).search("") is not None
    tree = _parse_raw(source, 0)
    _check_lookbehinds(tree)
    return bool(tree.getwidth()[0] == 0)


def _check_lookbehinds(tree: Any) -> None:
    # The parser accepts "(?<=a+)", which only the compiler refuses: check it here.
    for op, arg in tree:
        name = getattr(op, "name", str(op))
        if name in ("ASSERT", "ASSERT_NOT"):
            direction, inner = arg
            if direction < 0:
                low, high = inner.getwidth()
                if low != high:
                    raise re.error("look-behind requires fixed-width pattern")
            _check_lookbehinds(inner)
        elif name == "SUBPATTERN":
            _check_lookbehinds(arg[3])
        elif name == "BRANCH":
            for alternative in arg[1]:
                _check_lookbehinds(alternative)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _check_lookbehinds(arg[2])
        elif name == "ATOMIC_GROUP":
            _check_lookbehinds(arg)


@functools.lru_cache(maxsize=4096)
def _parse_raw(source: str, flags: int) -> Any:
    # Cached: checking a rule, its requirements and its start words read the same tree.
    return _PARSER.parse(source, flags)


@functools.lru_cache(maxsize=4096)
def _parse_source(source: str, flags: int) -> list[Item] | None:
    if _PARSER is None:
        return None
    try:
        return _unfactor(list(_parse_raw(source, flags)))
    except (re.error, AttributeError, TypeError, ValueError, IndexError):  # pragma: no cover
        return None


def op_name(item: Item) -> str:
    # The parser's opcodes carry their name; str() would build it through repr() each time,
    # which is most of what deriving the prefilter costs while the rules compile.
    op = item[0]
    name = getattr(op, "name", None)
    return name if isinstance(name, str) else str(op)


def _unfactor(items: list[Item]) -> list[Item]:
    """Undo the parser's prefix factoring: "n(?:ot|ever)" back to "(?:not|never)"."""
    out: list[Item] = []
    for op, arg in items:
        if str(op) == "BRANCH":
            prefix: list[Item] = []
            while out and op_name(out[-1]) == "LITERAL":
                prefix.insert(0, out.pop())
            branches = [prefix + _unfactor(list(alt)) for alt in arg[1]]
            out.append((op, (arg[0], branches)))
        elif str(op) == "SUBPATTERN":
            group, add, remove, inner = arg
            out.append((op, (group, add, remove, _unfactor(list(inner)))))
        else:
            out.append((op, arg))
    return out


def is_space_run(item: Item) -> bool:
    if op_name(item) not in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return False
    low, _high, inner = item[1]
    inner = list(inner)
    if low < 1 or len(inner) != 1 or op_name(inner[0]) != "IN":
        return False
    members = list(inner[0][1])
    return (
        len(members) == 1
        and op_name(members[0]) == "CATEGORY"
        and op_name((members[0][1], None)) == "CATEGORY_SPACE"
    )


def is_word_bound(item: Item) -> bool:
    """A zero-width item that guarantees a non-word character (or the edge) at this point."""
    name = op_name(item)
    if name == "AT":
        return str(item[1]) == "AT_BOUNDARY"
    if name == "ASSERT_NOT":
        inner = list(item[1][1])
        shown = str(inner[0]) if len(inner) == 1 else ""
        return "CATEGORY_WORD" in shown and "NEGATE" not in shown
    return False


def is_separator(item: Item) -> bool:
    """Something before or after which a literal must end or start its word."""
    if op_name(item) == "LITERAL":
        return _WORD_CHAR.match(chr(item[1])) is None
    return is_space_run(item) or is_word_bound(item)
