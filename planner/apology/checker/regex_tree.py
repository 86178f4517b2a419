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

# Beyond this many alternatives the start literals are not worth knowing.
_MAX_FIRST = 4096
_WORD_CHAR = re.compile(r"\w")


def _parser() -> Any:
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - a future Python without re._parser
        return None


_PARSER = _parser()


def parse(pattern: re.Pattern[str]) -> list[Item] | None:
    """The pattern's tree (callers read it and never change it), or None."""
    return _parse_source(pattern.pattern, pattern.flags)


@functools.lru_cache(maxsize=1024)
def _parse_source(source: str, flags: int) -> list[Item] | None:
    # Cached: the requirements and the start literals of one pattern read the same tree.
    if _PARSER is None:
        return None
    try:
        return _unfactor(list(_PARSER.parse(source, flags)))
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


def first_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literals one of which every match starts with, or None if the start is not literal.

    The engine can find these with str.find and try the regex only there.
    """
    items = parse(pattern)
    found = None if items is None else _starts(items)
    if not found or "" in found:
        return None
    return frozenset(found)


def _starts(items: list[Item]) -> set[str] | None:
    """Literal prefixes a match of this sequence begins with; None if unknown."""
    run: list[str] = []
    for index, item in enumerate(items):
        name = op_name(item)
        if name == "LITERAL":
            run.append(chr(item[1]))
            continue
        if name in ("AT", "ASSERT", "ASSERT_NOT") and not run:
            continue  # zero-width at the start: it does not move where a match begins
        head = "".join(run)
        if name in ("SUBPATTERN", "BRANCH"):
            alternatives = [item[1][3]] if name == "SUBPATTERN" else item[1][1]
            tails: set[str] = set()
            for alternative in alternatives:
                tail = _starts(list(alternative))
                if tail is None:
                    return {head} if head else None
                tails |= tail
            followed = index + 1 < len(items)
            if ("" in tails and followed) or len(tails) > _MAX_FIRST:
                return {head} if head else None
            return {head + tail for tail in tails}
        return {head} if head else None
    return {"".join(run)}
