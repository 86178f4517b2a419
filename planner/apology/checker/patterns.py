"""How rule patterns are written and compiled, so that rule files stay short and readable.

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

import functools
import re

# A hyphen joins words ("read-only", "mix-up"), so it must not count as a boundary.
_START_BOUND = r"(?<![\w-])"
_END_BOUND = r"(?![\w-])"
_WORDISH = re.compile(r"[\w-]")

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


@functools.cache
def reference_source(source: str) -> str:
    """The regex a rule pattern stands for, word-bounded on both sides (not compiled); raises
    re.error for a pattern that breaks the conventions."""
    return f"{_START_BOUND}(?:{_checked(source)}){_END_BOUND}"


# A word list's flat alternation -> the same words as a prefix tree (lexicon.py registers
# them). The prefilter reads the flat form, whose words it can see; what is compiled is the
# tree, which the regex engine matches along one branch instead of trying every word.
_FAST_FORMS: dict[str, str] = {}


def register_fast_form(flat: str, fast: str) -> None:
    """Compile ``fast`` wherever a pattern holds ``flat`` (they must match the same text)."""
    _FAST_FORMS[flat] = fast
    compile_pattern.cache_clear()
    compile_scan.cache_clear()


def _fast(source: str) -> str:
    if not _FAST_FORMS or "(?:" not in source:
        return source
    for flat in sorted((f for f in _FAST_FORMS if f in source), key=len, reverse=True):
        source = source.replace(flat, _FAST_FORMS[flat])
    return source


# Cached, and compiled only when first needed: most patterns never meet a text that holds
# their words, and the re module's own cache is too small to hold them all.
@functools.cache
def compile_pattern(source: str) -> re.Pattern[str]:
    """Compile a rule pattern, word-bounded; raises re.error if it is not a valid regex."""
    return re.compile(reference_source(_fast(source)))


@functools.cache
def compile_scan(source: str) -> re.Pattern[str]:
    """compile_pattern() without its leading word bound, which the caller must check itself.

    A lookbehind at the very start stops the regex engine from skipping ahead to the places
    where a match can begin, which makes each scan several times slower.
    """
    return re.compile(f"(?:{_checked(_fast(source))}){_END_BOUND}")


def starts_inside_word(low: str, start: int) -> bool:
    """True when a match at ``start`` would begin inside a word (the check compile_scan skips)."""
    return start > 0 and _WORDISH.match(low, start - 1) is not None


def guard_source(source: str) -> str:
    """The regex an ``unless`` guard stands for: same conventions, but no word bounds (guards
    use ^ and $); raises re.error for one that breaks the conventions."""
    return _checked(source)


@functools.cache
def compile_guard(source: str) -> re.Pattern[str]:
    """Compile an ``unless`` guard (see guard_source)."""
    return re.compile(guard_source(source))
