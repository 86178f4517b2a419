"""A quick look at a playbook file's shape before the TOML parser sees it.

Python's TOML parser is safe (it runs nothing), but some small files cost it dearly: one key of
40,000 dotted parts (an 80 KB file) takes it half a minute and gigabytes of memory, and deep
nesting, tens of thousands of tables or escapes are not far behind. A real playbook is nothing
like that: a dozen flat fields, lists of at most 50 items, tables two levels deep. So the shape
is measured first, in one linear pass (a regular expression and str.find do the reading, in C),
and a file far outside it is refused with a message before it is parsed.
"""
from __future__ import annotations

import re

from planner.playbooks.model import Problem

MAX_LINES = 20_000  # a full playbook (13 fields, lists of 50 long texts) has a few thousand
MAX_KEY_DOTS_PER_LINE = 16  # playbook keys are flat; a dotted key or two is still fine
MAX_KEY_DOTS = 2_000
MAX_DEPTH = 8  # a playbook needs two: a list of tables
MAX_OPENINGS = 5_000  # lists and tables: a full playbook has a few hundred
MAX_ASSIGNMENTS = 10_000  # "key = value" pairs: a full playbook has about two thousand
MAX_STRINGS = 20_000  # texts: a full playbook has about two thousand
MAX_ESCAPES = 40_000  # backslashes in texts (each \n of a long text is one): each costs memory
MAX_DIGITS = 64  # no number in a playbook comes near it

# What is looked at: where texts and comments start (they are then skipped whole with str.find:
# their content is text, not structure), brackets, braces, "=", newlines, long runs of digits,
# and the dots between key parts (a dot with a digit on both sides belongs to a number or a
# time, so it is not matched).
_TOKENS = re.compile(
    r"\"\"\"|'''|[\"'#]"
    rf"|[0-9_]{{{MAX_DIGITS},}}"
    r"|(?<![0-9])\.|\.(?![0-9])"
    r"|[\[\]{}=\n]"
)
_LIMITS = (  # (counter, limit, whether the place is the line, what is wrong)
    ("line_dots", MAX_KEY_DOTS_PER_LINE, True,
     (f"has a key of more than {MAX_KEY_DOTS_PER_LINE} dotted parts; playbook fields are plain "
      "names like agenda")),
    ("dots", MAX_KEY_DOTS, False,
     (f"has more than {MAX_KEY_DOTS:,} dotted key parts; playbook fields are plain names like "
      "agenda")),
    ("depth", MAX_DEPTH, True,
     f"nests lists or tables more than {MAX_DEPTH} deep; a playbook needs two levels"),
    ("openings", MAX_OPENINGS, False,
     f"has more than {MAX_OPENINGS:,} lists and tables; a playbook has a few hundred at most"),
    ("assignments", MAX_ASSIGNMENTS, False,
     f"has more than {MAX_ASSIGNMENTS:,} fields; a playbook has a few thousand at most"),
    ("strings", MAX_STRINGS, False,
     f"has more than {MAX_STRINGS:,} texts; a playbook has a few thousand at most"),
    ("escapes", MAX_ESCAPES, True,
     f"has more than {MAX_ESCAPES:,} escapes (\\n, \\u…) in its texts; a playbook has far fewer"),
)


def shape_problems(text: str) -> list[Problem]:
    """Why ``text`` is too far from a playbook's shape to be worth parsing; empty when it is fine.

    Linear in the length of the text, and stops at the first limit passed, so a hostile file
    costs no more than a normal one.
    """
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return [_problem("file", f"has {lines:,} lines; a playbook has far fewer "
                                 f"(at most {MAX_LINES:,})")]
    count = dict.fromkeys(("line_dots", "dots", "depth", "openings", "assignments", "strings",
                           "escapes"), 0)
    line, position = 1, 0
    while (match := _TOKENS.search(text, position)) is not None:
        token, position = match.group(), match.end()
        first = token[0]
        if first in "\"'#":
            position = _skip_text(text, token, position)
            line += text.count("\n", match.start(), position)
            if first != "#":
                count["strings"] += 1
                if first == '"':
                    count["escapes"] += text.count("\\", match.start(), position)
        elif first in "0123456789_":
            return [_problem(f"line {line}", f"has a number {len(token):,} digits long; "
                                             "playbooks hold small whole numbers")]
        elif first == "\n":
            line, count["line_dots"] = line + 1, 0
        else:
            _count(first, count)
        for name, limit, on_line, message in _LIMITS:
            if count[name] > limit:
                return [_problem(f"line {line}" if on_line else "file", message)]
    return []


def _skip_text(text: str, opener: str, start: int) -> int:
    """Just past the end of the text or comment that ``opener`` began (ending at ``start``)."""
    if opener == "#":
        end = text.find("\n", start)
        return len(text) if end < 0 else end
    one_line = len(opener) == 1
    escapes = opener[0] == '"'  # literal strings ('...') know no escapes
    position = start
    for _ in range(MAX_ESCAPES + 2):  # each escaped quote costs a turn; past the limit, stop
        end = text.find(opener, position)
        if one_line:
            newline = text.find("\n", position)
            if newline >= 0 and (end < 0 or newline < end):
                return newline  # not closed on its line: the parser will say so
        if end < 0:
            return len(text)
        if escapes and _escaped(text, end):
            position = end + 1
            continue
        return end + len(opener)
    return position  # the escapes counted up to here are over the limit


def _escaped(text: str, index: int) -> bool:
    """Whether the quote at ``index`` follows an odd number of backslashes."""
    before = index
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (index - before) % 2 == 1


def _count(first: str, count: dict[str, int]) -> None:
    if first == ".":
        count["line_dots"] += 1
        count["dots"] += 1
    elif first in "[{":
        count["depth"] += 1
        count["openings"] += 1
    elif first in "]}":
        count["depth"] = max(count["depth"] - 1, 0)
    else:  # "="
        count["assignments"] += 1


def _problem(place: str, message: str) -> Problem:
    return Problem(place, f"{message}. Is it the right file? Nothing was read from it")
