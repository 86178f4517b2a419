"""The whole apology judged once: which sentences say sorry, own it, fix it, and every finding in
that context. Findings, the seven-item checklist, its score and the spoken preview's cues all
read one Analysis, so they cannot contradict each other.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from planner.apology.checker import clauses
from planner.apology.checker.engine import (
    check_rules,
    compile_rules,
    part_finding,
    phrase_findings,
    tidy,
)
from planner.apology.checker.finding import PARTS, Finding
from planner.apology.checker.judge import Judge, Key, SentenceView
from planner.apology.checker.parts import CHECK_PARTS
from planner.apology.checker.patterns import lowered
from planner.apology.checker.sentences import split_sentences
from planner.apology.checker.sorry import Sentence, first_person, read_acts

# The seven components of a sincere apology, in the order the checklist shows them.
ITEMS: tuple[str, ...] = ("sorry", "harm", "owns", "explains", "remedy", "dated", "check_back")

# A finding of one of these categories (or rule ids) says the item is not done yet, so the
# checklist never ticks an item while a finding says the opposite.
BLOCKERS: dict[str, frozenset[str]] = {
    # "Unfortunately" elsewhere makes it sound like bad luck, but the sorry is still said; the
    # regret rules that stand in for a sorry ("we regret the delay") say it is not.
    "sorry": frozenset(
        {"missing-sorry", "announcing", "conditional", "deflecting", "regret-we-regret",
         "regret-i-regret", "regret-i-regret-that"}
    ),
    "harm": frozenset({"vague", "cliche-any-inconvenience", "cliche-inconvenience"}),
    "owns": frozenset({"missing-ownership", "passive"}),
    "explains": frozenset({"excuse", "blame-others", "blame-customer", "but"}),
    "remedy": frozenset({"missing-remedy"}),
    "dated": frozenset({"missing-remedy", "undated-remedy"}),
    "check_back": frozenset(),
}


@dataclass(frozen=True)
class Analysis:
    """One judgement of a whole apology (three parts, one part, or one free text)."""

    texts: Mapping[Key, str]
    sentences: tuple[SentenceView, ...]
    # Each component as the words (and the promise fields) show it, before any finding.
    present: Mapping[str, bool]
    findings: Mapping[Key, tuple[Finding, ...]]
    # The component checks that ran (missing-sorry, ...): only those of the parts given.
    checks: frozenset[str]

    def all_findings(self) -> list[Finding]:
        """Every finding, part by part in the order the texts were given."""
        return [f for key in self.texts for f in self.findings.get(key, ())]

    def blocked(self, item: str) -> list[Finding]:
        """The findings that say ``item`` is not done. A sorry that stands unhedged somewhere
        ticks "Says sorry" whatever is said of another one ("I'm sorry if it upset you. … I
        am sorry again."): the findings on the other one stay, but do not untick it."""
        if item == "sorry" and self.present["sorry-plain"]:
            return [f for f in self.all_findings() if f.category == "missing-sorry"]
        names = BLOCKERS[item]
        return [f for f in self.all_findings() if f.category in names or f.rule_id in names]

    def done(self, item: str) -> bool:
        """The checklist's tick: the component is there and no finding says otherwise."""
        return self.present[item] and not self.blocked(item)

    @property
    def score(self) -> int:
        return sum(self.done(item) for item in ITEMS)

    def without(self, dismissed: Callable[[Key, Finding], bool]) -> Analysis:
        """The same analysis with the findings the user dismissed left out."""
        kept = {
            key: tuple(f for f in found if not dismissed(key, f))
            for key, found in self.findings.items()
        }
        return replace(self, findings=kept)


def analyse(
    texts: Mapping[Key, str] | str,
    *,
    story: Collection[str] = (),
    remedy_due: bool = False,
    check_back: bool = False,
    prefilter: bool = True,
) -> Analysis:
    """Judge an apology as a whole.

    ``texts`` is one free text (the whole apology) or a mapping of part name to text; the
    component checks that run are those of the parts given (all four for a free text).
    ``story``: distinctive words of the customer's story, which name their harm when used.
    ``remedy_due`` / ``check_back``: the promise fields are filled in, which dates the remedy
    and says when we check back just as words would. Blank texts get no findings.
    """
    if isinstance(texts, str):
        texts = {None: texts}
    for key in texts:
        if key is not None and key not in PARTS:
            raise ValueError(f"part must be one of {', '.join(PARTS)} or None (got {key!r})")
    checks = frozenset(
        check for check, part in CHECK_PARTS.items() if None in texts or part in texts
    )
    lows = {key: lowered(text) for key, text in texts.items()}
    splits = {key: split_sentences(low) for key, low in lows.items()}
    views = _link(
        SentenceView(key, start, end, _roles(lows[key][start:end]))
        for key in texts
        if texts[key].strip()
        for start, end in splits[key].spans
    )
    raw = {
        key: phrase_findings(text, lows[key], splits[key], key, prefilter=prefilter)
        if text.strip() else []
        for key, text in texts.items()
    }
    context = Judge(views, lows, splits, raw)
    judged = {key: context.judge(key, found) for key, found in raw.items()}
    present = _present(views, judged, story, remedy_due, check_back, lows)
    for rule in check_rules():
        if rule.check in checks and _missing(rule.check, present):
            placed, home = _home(rule.check, texts)
            if placed:
                judged[home].append(part_finding(rule, texts[home]))
    return Analysis(
        texts=dict(texts),
        sentences=views,
        present=present,
        findings={key: tuple(tidy(found)) for key, found in judged.items()},
        checks=checks,
    )


@functools.lru_cache(maxsize=4096)
def _roles(sentence: str) -> clauses.Roles:
    # Cached by the sentence's words: typing changes one sentence, the rest are looked up.
    return clauses.roles(sentence)


def _link(views: Iterable[SentenceView]) -> tuple[SentenceView, ...]:
    """The sentences with the roles that depend on the one before ("That was wrong.")."""
    linked: list[SentenceView] = []
    for view in views:
        previous = linked[-1].roles if linked else None
        roles = clauses.linked(previous, view.roles)
        linked.append(view if roles is view.roles else replace(view, roles=roles))
    return tuple(linked)


def _home(check: str | None, texts: Mapping[Key, str]) -> tuple[bool, Key]:
    """Where a missing component is reported: its own part if written, else the free text.
    (False, None) when there is nowhere: an empty editor is not a weak apology."""
    part = CHECK_PARTS.get(check or "")
    if part in texts and texts[part].strip():
        return True, part
    if None in texts and texts[None].strip():
        return True, None
    return False, None


def _missing(check: str | None, present: Mapping[str, bool]) -> bool:
    if check == "missing-sorry":
        return not present["sorry-said"]
    if check == "missing-ownership":
        return not present["owns"]
    if check == "missing-remedy":
        return not present["remedy"]
    if check == "undated-remedy":
        # Without an action, missing-remedy already speaks; one finding per problem.
        return present["remedy"] and not present["dated"]
    raise ValueError(f"unknown check {check!r}")


def _present(
    views: tuple[SentenceView, ...],
    findings: Mapping[Key, list[Finding]],
    story: Collection[str],
    remedy_due: bool,
    check_back: bool,
    lows: Mapping[Key, str],
) -> dict[str, bool]:
    """Each component as the words show it."""
    roles = [view.roles for view in views]
    acts = read_acts(
        (Sentence(v.key, v.start, v.end, v.roles.apologises) for v in views), lows, findings
    )
    # An apology announced in the first person ("I would like to apologise") is said, if
    # weakly; announced for a company ("Taylor Brook Construction would like to apologise")
    # it is not.
    announced = any(
        f.category == "announcing" and first_person(lows[view.key], view.start, f.end)
        for view in views
        for f in findings.get(view.key, ())
        if view.start <= f.start < view.end
    )
    said = acts.said or announced
    dated = remedy_due
    for number, role in enumerate(roles):
        if not role.remedy or dated:
            continue
        following = roles[number + 1] if number + 1 < len(roles) else None
        before = roles[number - 1] if number > 0 else None
        dated = (
            role.dated or role.standing or role.remedy_done
            # The next sentence's date, unless it looks back: "Sorry again for leaving you
            # without a sink over the weekend" dates nothing we promise.
            or (
                following is not None
                and following.dated
                and not following.apologises
                and not following.owns
            )
            # "I will bring it then": the time was given just before.
            or (before is not None and before.dated and role.points_back)
        )
    story_named = bool(story) and any(
        clauses.mentions_story(lows[view.key][view.start : view.end], story) for view in views
    )
    return {
        "sorry-said": said,
        "sorry": said,
        # One first-person sorry that nothing hedges, wherever it is, ticks "Says sorry"
        # whatever the findings say of another one (see Analysis.blocked).
        "sorry-plain": acts.sincere,
        "harm": story_named or any(r.names_harm for r in roles),
        "owns": any(r.owns for r in roles),
        "explains": any(r.explains for r in roles),
        "remedy": any(r.remedy for r in roles),
        "dated": any(r.remedy for r in roles) and dated,
        "check_back": check_back or any(r.check_back for r in roles),
    }


def findings_of(analysis: Analysis, key: Key) -> list[Finding]:
    """The findings of one part (or of the free text) as a list."""
    return list(analysis.findings.get(key, ()))


def lint(text: str, part: str | None = None) -> list[Finding]:
    """Check an apology text; ``part`` is None, "regret", "responsibility" or "remedy".

    With no part the text is the whole apology (an email draft, say): every phrase rule runs,
    judged in the context of the whole text, and so do the four component checks
    (missing-sorry, missing-ownership, missing-remedy, undated-remedy). With a part, the
    phrase rules of that part run and only that part's component checks. Component findings
    span the whole text without its leading and trailing whitespace. Empty or blank text gets
    no findings: an empty editor is not a weak apology. Raises ValueError for an unknown part.
    """
    return lint_with(text, part, prefilter=True)


def lint_with(text: str, part: str | None, *, prefilter: bool) -> list[Finding]:
    """lint(); ``prefilter=False`` takes the plain reference path of the phrase rules (no
    literal tests, fully word-bounded regexes), which the tests compare with the fast path."""
    if part is not None and part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)} or None (got {part!r})")
    if not text.strip():
        return []
    return list(analyse({part: text}, prefilter=prefilter).findings[part])


def warm_up() -> None:
    """Compile every rule and fill the clause grammar's caches now, so the first check does not
    pay for them (the app calls this on a background thread once its window is painted)."""
    compile_rules()
    analyse("I am sorry. We sent the wrong parts, and I will bring new ones on Friday at 10:00.")
