"""Judging a phrase finding in the context of the whole apology: the sentence views the
analysis builds, and the quiet_when / soften_when conditions (listed in context.py) decided from
their roles."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from planner.apology.checker import clauses, ownership
from planner.apology.checker.engine import rule_by_id
from planner.apology.checker.finding import Finding
from planner.apology.checker.sentences import Sentences
from planner.apology.checker.sorry import Sentence, read_acts

# A part name, or None for one free text (an email draft) that is the whole apology.
Key = str | None


@dataclass(frozen=True, slots=True)
class SentenceView:
    """One sentence of the apology: where it is, and what it does."""

    key: Key
    start: int
    end: int
    roles: clauses.Roles


# A turn from what happened to what we did: "demand was high, but I promised five days".
# "We were short-staffed, and I decided to close old tickets": an "and" that goes on to our own
# act turns the same way.
_TURN = re.compile(
    r"\b(?:but|yet|however|though|although|still|even so|nonetheless|nevertheless)\b"
    r"|,\s+and(?=\s+(?:i|we)\b)"
)
_OPENING_TURN = re.compile(r"(?:but|yet|however|still|even so|nonetheless|nevertheless|that said)\b")

# The customer as the one it happened to: "you came home early", "your booking".
_THEIRS = re.compile(r"\b(?:you|your)\b")

# Quotation marks, straight and curly: words inside them are someone's words being quoted.
_OPEN_QUOTES = "\"\u201c"
_CLOSE_QUOTES = "\"\u201d"

# Findings that make the sorry of their sentence no apology for what we did.
_NOT_SINCERE = frozenset({"deflecting", "conditional"})


class Judge:
    """Decides the quiet_when / soften_when conditions for findings, from the sentence roles."""

    def __init__(
        self,
        views: tuple[SentenceView, ...],
        lows: Mapping[Key, str],
        splits: Mapping[Key, Sentences],
        raw: Mapping[Key, list[Finding]],
    ) -> None:
        self.views = views
        self.lows = lows
        self.splits = splits
        # Global sentence number of each part's first sentence, to find neighbours across parts.
        self.first: dict[Key, int] = {}
        for number, view in enumerate(views):
            self.first.setdefault(view.key, number)
        self.any_apology = any(v.roles.apologises for v in views)
        # A sorry only for their feelings or with an "if" is no apology for what we did:
        # those rules never depend on context, so their raw findings decide, sorry by sorry.
        self.sincere_apology = read_acts(
            (Sentence(v.key, v.start, v.end, v.roles.apologises) for v in views),
            lows,
            {key: [f for f in found if f.category in _NOT_SINCERE] for key, found in raw.items()},
        ).sincere
        self.any_owner = any(v.roles.owns for v in views)

    def _number(self, key: Key, offset: int) -> int | None:
        if key not in self.first:
            return None
        return self.first[key] + self.splits[key].index_at(offset)

    def _near(self, number: int) -> Iterable[SentenceView]:
        return self.views[max(0, number - 1) : number + 2]

    def holds(self, condition: str, key: Key, finding: Finding) -> bool:
        number = self._number(key, finding.start)
        if number is None:
            return False
        here = self.views[number]
        if condition == "apology-made":
            return self.any_apology
        if condition == "apology-sincere":
            return self.sincere_apology
        if condition == "apology-here":
            return here.roles.apologises
        if condition == "owned":
            return self.any_owner
        if condition == "owned-here-beside-apology":
            return here.roles.owns and self.sincere_apology
        if condition == "owned-here":
            return here.roles.owns
        if condition == "owned-nearby":
            return any(v.roles.owns for v in self._near(number))
        if condition == "remedy-here":
            return here.roles.remedy or here.roles.check_back
        if condition == "full-apology":
            return self.sincere_apology and self.any_owner
        if condition == "full-apology-nearby":
            return self.any_apology and any(v.roles.owns for v in self._near(number))
        if condition == "wrong-named-after":
            after = self.views[number + 1] if number + 1 < len(self.views) else None
            return after is not None and after.roles.names_wrong
        if condition == "wrong-named-nearby":
            return any(v.roles.names_wrong for v in self._near(number))
        if condition == "owned-after":
            return ownership.owns(self._rest(key, here, finding))
        if condition == "harm-after":
            rest = self._rest(key, here, finding)
            return (
                _THEIRS.search(rest) is not None
                and clauses.names_harm(rest)
                and not ownership.others_failed(rest)
            )
        if condition == "conceded":
            return self._conceded(key, number, finding)
        if condition == "wrong-named":
            low = self.lows[key]
            sentence = (
                low[here.start : finding.start] + " " + low[finding.end : max(here.end, finding.end)]
            )
            before = self.views[number - 1] if number > 0 else None
            return clauses.names_wrong(sentence) or (
                before is not None and before.roles.names_wrong
            )
        raise ValueError(f"unknown condition {condition!r}")

    def _rest(self, key: Key, here: SentenceView, finding: Finding) -> str:
        """The sentence of the finding after the finding."""
        return self.lows[key][finding.end : max(here.end, finding.end)]

    def _conceded(self, key: Key, number: int, finding: Finding) -> bool:
        """The circumstance is granted and then set aside: what follows a but owns it."""
        low = self.lows[key]
        here = self.views[number]
        rest = low[finding.end : max(here.end, finding.end)]
        turn = _TURN.search(rest)
        if turn is not None and ownership.owns(rest[turn.end() :]):
            return True
        after = self.views[number + 1] if number + 1 < len(self.views) else None
        if after is None or after.key != key:
            return False
        opening = low[after.start : after.end]
        return _OPENING_TURN.match(opening) is not None and after.roles.owns

    def quoted(self, key: Key, finding: Finding) -> bool:
        """The finding lies inside a quotation in its sentence: the customer's words ("you
        wrote that nobody is listening") or our own earlier ones quoted to withdraw them (last
        week I said sorry "for any inconvenience"; that was not good enough)."""
        number = self._number(key, finding.start)
        if number is None:
            return False
        low, here = self.lows[key], self.views[number]
        before = low[here.start : finding.start]
        inside = low[finding.start : finding.end]
        after = low[finding.end : max(here.end, finding.end)]
        if any(mark in inside for mark in _OPEN_QUOTES + _CLOSE_QUOTES):
            return False
        if before.rfind("\u201c") > before.rfind("\u201d") and "\u201d" in after:
            return True
        return before.count('"') % 2 == 1 and '"' in after

    def judge(self, key: Key, findings: list[Finding]) -> list[Finding]:
        kept = []
        for finding in findings:
            if self.quoted(key, finding):
                continue  # quoted words are not the writer's own
            rule = rule_by_id(finding.rule_id)
            if any(self.holds(c, key, finding) for c in rule.quiet_when):
                continue
            if finding.severity != "suggestion" and any(
                self.holds(c, key, finding) for c in rule.soften_when
            ):
                finding = replace(finding, severity="suggestion")
            kept.append(finding)
        return kept
