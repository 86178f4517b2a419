"""Where a pattern's matches can begin: the words they start with, read from the pattern's tree.

A pattern that starts with "(?:courier|carrier|...)" can only match where one of those words
begins in the text. The engine lists where every word of a text begins (one pass over its
words) and runs such a pattern only there, instead of letting the regex engine try every
position. A start literal that is a whole word in the pattern ("the" before a space) needs that
exact word in the text; one that may go on ("courier" before "s?") needs a word beginning with
it. Derivation must be sound: a pattern whose starts are unknown gets none, and is scanned.
"""
from __future__ import annotations

import re

from planner.apology.checker.regex_tree import Item, is_separator, op_name, parse

# Beyond this many start words the list is not worth keeping.
_MAX_STARTS = 4096
_WORD = re.compile(r"\w+")

# (lead, exact): every match begins with a word equal to ``lead`` (exact) or beginning with it.
Anchor = tuple[str, bool]


def anchor_words(pattern: re.Pattern[str] | str) -> tuple[Anchor, ...]:
    """The start words of every match of ``pattern``, or () when they are unknown."""
    items = parse(pattern)
    if items is None:
        return ()
    found = _starts(items, follow=True)
    if not found or len(found) > _MAX_STARTS:
        return ()
    anchors: set[Anchor] = set()
    for literal, complete in found:
        lead = _WORD.match(literal)
        if lead is None:
            return ()  # a match may begin with punctuation: no word to look for
        whole = lead.end() < len(literal) or complete
        anchors.add((lead.group(), whole))
    return tuple(sorted(anchors))


def _starts(items: list[Item], follow: bool) -> set[tuple[str, bool]] | None:
    """The literals a match of ``items`` begins with, each with whether a separator follows it
    (so that its last word is whole); None if unknown. ``follow``: whatever comes after these
    items begins with a separator."""
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
            after = _begins_with_separator(items[index + 1 :], follow)
            tails: set[tuple[str, bool]] = set()
            for alternative in alternatives:
                tail = _starts(list(alternative), after)
                if tail is None:
                    return {(head, False)} if head else None
                tails |= tail
            if any(text == "" for text, _ in tails) and index + 1 < len(items):
                # An alternative may match nothing; what follows it is not known here.
                return {(head, False)} if head else None
            return {
                (head + text, complete if text else after) for text, complete in tails
            }
        return {(head, is_separator(item))} if head else None
    return {("".join(run), follow)}


def _begins_with_separator(items: list[Item], follow: bool) -> bool:
    """Whatever ``items`` match (then what follows them) begins with a separator."""
    for item in items:
        name = op_name(item)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            if is_separator(item):
                return True
            continue
        return is_separator(item)
    return follow
