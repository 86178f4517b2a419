"""How rule patterns are written, compiled and prefiltered, so rule files stay readable and fast.

Authoring conventions (documented for rule writers in resources/rules/README.md):

- matching ignores case: the checker lower-cases the text, and the pattern is lower-cased too
  (letters after a backslash, like ``\\S`` or ``\\B``, are left alone);
- a plain space matches any run of whitespace, so ``for any inconvenience`` also matches a
  line break between the words;
- every pattern is word-bounded: a match never starts or ends inside a word, and a hyphen
  counts as part of a word ("read-only" never matches ``only``);
- a group named ``flag`` narrows the flagged span to that group; the rest is context.
"""
from __future__ import annotations

import importlib
import re
from typing import Any

# A hyphen joins words ("read-only", "mix-up"), so it must not count as a boundary.
_START_BOUND = r"(?<![\w-])"
_END_BOUND = r"(?![\w-])"

Literals = frozenset[str]

# Same-length substitutions only: offsets into the lowered text must stay offsets into the
# original. Curly apostrophes (from Word or Outlook) match the straight one rules use.
_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})


def lowered(text: str) -> str:
    """``text`` in lower case with curly apostrophes made straight, at the same length.

    Offsets into the result are offsets into ``text``, which is why a character whose lower
    case is longer (the Turkish dotted I) is left as it is.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_NORMALISE)


def normalise_source(source: str) -> str:
    """Lower-case the pattern and turn each plain space into ``\\s+``."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            # Escapes keep their case: \S and \s mean different things.
            out.append(source[i : i + 2])
            i += 2
            continue
        if source.startswith("(?P", i):
            # Named groups and back-references: (?P<flag>...) must keep its capital P.
            out.append("(?P")
            i += 3
            continue
        if in_class:
            if char == "]":
                in_class = False
            out.append(char.lower())
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == " ":
            out.append(r"\s+")
        else:
            out.append(char.lower())
        i += 1
    return "".join(out)


# "word ?" would become "word\s+?" (lazy, still one or more): almost never what was meant.
_SPACE_QUANTIFIER = re.compile(r"(?<!\\) [?*+{]")


def _checked(source: str) -> str:
    if _SPACE_QUANTIFIER.search(source):
        raise re.error("a space followed by ?, *, + or { is ambiguous; write (?: word)? instead")
    return normalise_source(source)


def compile_pattern(source: str) -> re.Pattern[str]:
    """Compile a rule pattern, word-bounded; raises re.error if it is not a valid regex."""
    return re.compile(f"{_START_BOUND}(?:{_checked(source)}){_END_BOUND}")


def compile_guard(source: str) -> re.Pattern[str]:
    """Compile an ``unless`` guard: same conventions, but no word bounds (guards use ^ and $)."""
    return re.compile(_checked(source))


def _parser() -> Any:
    """The stdlib regex parser, or None where it is not available (it is a private module)."""
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - a future Python without re._parser
        return None


_PARSER = _parser()


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Literal strings one of which every match must contain, or None if none can be proven.

    The engine runs a pattern only when the (lower-cased) text contains one of them: a
    substring test is far cheaper than a regex scan, and most rules are absent from a given
    apology. The answer must be sound (never exclude a text that matches), so anything
    unusual makes it None, which only costs speed.
    """
    if _PARSER is None:
        return None
    try:
        found = _sequence(list(_PARSER.parse(pattern.pattern, pattern.flags)))
    except (re.error, AttributeError, TypeError, ValueError, IndexError):  # pragma: no cover
        # The parser is private: if its shape ever changes, run the pattern unfiltered.
        return None
    # One-letter literals are in nearly every text, so they do not pay for the check.
    if found is None or min(len(lit) for lit in found) < 2:
        return None
    return found


def _better(current: Literals | None, candidate: Literals | None) -> Literals | None:
    """The more selective requirement: the longer shortest literal, then the fewer literals."""
    if candidate is None:
        return current
    if current is None:
        return candidate
    score_now = (min(map(len, current)), -len(current))
    score_new = (min(map(len, candidate)), -len(candidate))
    return candidate if score_new > score_now else current


def _sequence(items: list[tuple[Any, Any]]) -> Literals | None:
    best: Literals | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run.clear()

    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            # Zero-width: the literals either side are still adjacent in the match.
            continue
        elif name == "SUBPATTERN":
            flush()
            best = _better(best, _sequence(list(arg[3])))
        elif name == "ATOMIC_GROUP":
            flush()
            best = _better(best, _sequence(list(arg)))
        elif name == "BRANCH":
            flush()
            best = _better(best, _branch(arg[1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            flush()
            low, _high, inner = arg
            if low >= 1:
                best = _better(best, _sequence(list(inner)))
        else:
            # Character classes, wildcards, back-references: no literal to rely on.
            flush()
    flush()
    return best


def _branch(alternatives: list[Any]) -> Literals | None:
    union: set[str] = set()
    for alternative in alternatives:
        found = _sequence(list(alternative))
        if found is None:
            return None
        union |= found
    return frozenset(union)
