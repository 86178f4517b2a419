"""Load the hand-labelled apology corpus and score a checker on it (recall, false alarms).

Shared by benchmarks/checker_corpus.py (which prints the figures) and
tests/apology/test_corpus.py (which holds the checker to the recorded ratchet). Importing it
runs nothing and needs nothing from the product: the checker is passed in as a function.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
DEV = CORPUS_DIR / "dev.toml"
HOLDOUT = CORPUS_DIR / "holdout.toml"
UNSEEN = CORPUS_DIR / "unseen.toml"
FRESH = CORPUS_DIR / "fresh.toml"
PRECISION = CORPUS_DIR / "precision.toml"
RATCHET = CORPUS_DIR / "ratchet.json"
CORPORA: dict[str, Path] = {
    "dev": DEV,
    "holdout": HOLDOUT,
    "unseen": UNSEEN,
    "precision": PRECISION,
    "fresh": FRESH,
}
# Corpora reported in figures only: no id of a missed mark or of a flagged good text is ever
# printed or recorded for them, so nobody tuning the checker learns which texts it gets wrong.
# Only the newest blind corpus is sealed; the older ones have all been used for tuning since.
SEALED: frozenset[str] = frozenset({"fresh"})

# The checker's 18 categories, in the order of PRODUCT.md. Kept here rather than imported so
# that the corpus stays valid on its own; a test checks it against planner.lint.CATEGORIES.
CATEGORIES: tuple[str, ...] = (
    "conditional",
    "deflecting",
    "but",
    "passive",
    "hedge",
    "minimizing",
    "cliche",
    "regret-not-sorry",
    "announcing",
    "vague",
    "blame-customer",
    "blame-others",
    "excuse",
    "forgiveness-push",
    "missing-sorry",
    "missing-ownership",
    "missing-remedy",
    "undated-remedy",
)
VERDICTS: tuple[str, ...] = ("lame", "good")
# A mark counts as found, and a good text as flagged, only at these severities: a suggestion
# is a hint the writer may ignore, not a finding.
STRONG: frozenset[str] = frozenset({"error", "warning"})

# The targets of the checker issue.
TARGET_RECALL = 0.9
TARGET_GOOD_FLAGGED = 0.02
TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Minimum:
    """How large a corpus must be for its figures to mean something."""

    texts: int
    good: int
    lame: int
    per_category: int  # lame texts carrying each of the 18 marks


# Each corpus's size rules, from the round in which it was written. The fresh corpus is the
# honest estimate, so it must be large enough in every category for a recall to be read.
MINIMUMS: dict[str, Minimum] = {
    "dev": Minimum(texts=200, good=60, lame=0, per_category=10),
    "holdout": Minimum(texts=60, good=20, lame=40, per_category=0),
    "unseen": Minimum(texts=110, good=45, lame=65, per_category=5),
    # good apologies that use the words the phrase rules key on, to measure false alarms
    "precision": Minimum(texts=100, good=80, lame=20, per_category=0),
    "fresh": Minimum(texts=160, good=55, lame=100, per_category=6),
}


_KEYS = ("id", "verdict", "kind", "text", "marks", "note")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_BYTES = 2_000_000  # a corpus file is a few hundred kB; anything far larger is a mistake


class CorpusError(ValueError):
    """A corpus file cannot be read, or one of its entries breaks the format."""


@dataclass(frozen=True, slots=True)
class Apology:
    """One labelled text of the corpus."""

    id: str
    verdict: str
    kind: str
    text: str
    marks: tuple[str, ...]
    note: str


class Finding(Protocol):
    """What the scoring needs from a checker finding (planner.lint.Finding has it)."""

    @property
    def category(self) -> str: ...

    @property
    def severity(self) -> str: ...


Lint = Callable[[str], Sequence[Finding]]


def load(path: Path) -> list[Apology]:
    """The entries of one corpus file, or CorpusError listing every problem found in it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path.name}: cannot read the corpus file ({exc.strerror})") from None
    if len(raw) > _MAX_BYTES:
        raise CorpusError(f"{path.name}: {len(raw)} bytes, more than a corpus file should hold")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{path.name}: not a valid TOML file: {exc}") from None
    extra = sorted(set(data) - {"apology"})
    if extra:
        raise CorpusError(f"{path.name}: unknown top-level key(s) {extra}; only [[apology]]")
    entries = data.get("apology")
    if not isinstance(entries, list) or not entries:
        raise CorpusError(f"{path.name}: no [[apology]] entries")
    problems: list[str] = []
    apologies: list[Apology] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, apology #{number}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where += f" ({entry['id']})"
        found = _check_entry(entry, where, problems)
        if found is None:
            continue
        if found.id in seen:
            problems.append(f"{where}: id {found.id!r} is used twice")
        seen.add(found.id)
        apologies.append(found)
    if problems:
        raise CorpusError("\n".join(problems))
    return apologies


def _check_entry(entry: object, where: str, problems: list[str]) -> Apology | None:
    """The entry as an Apology, or None after adding what is wrong with it to problems."""
    if not isinstance(entry, dict):
        problems.append(f"{where}: not a table")
        return None
    before = len(problems)
    missing = [key for key in _KEYS if key not in entry]
    unknown = sorted(set(entry) - set(_KEYS))
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(unknown)}")
    for key in ("id", "verdict", "kind", "text", "note"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            problems.append(f"{where}: {key} must be a non-empty string")
    if len(problems) > before:
        return None
    ident, verdict, note = entry["id"], entry["verdict"], entry["note"]
    if not _ID.fullmatch(ident) or len(ident) > 60:
        problems.append(f"{where}: id must be a short lower-case slug like 'late-pallet'")
    if verdict not in VERDICTS:
        problems.append(f"{where}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    if "\n" in note.strip():
        problems.append(f"{where}: note must be one line")
    marks = entry["marks"]
    if not isinstance(marks, list) or not all(isinstance(mark, str) for mark in marks):
        problems.append(f"{where}: marks must be a list of category names")
        return None
    for mark in marks:
        if mark not in CATEGORIES:
            problems.append(f"{where}: {mark!r} is not one of the 18 checker categories")
    if len(set(marks)) != len(marks):
        problems.append(f"{where}: a category is marked twice")
    if verdict == "lame" and not marks:
        problems.append(f"{where}: a lame text needs at least one mark")
    if verdict == "good" and marks:
        problems.append(f"{where}: a good text carries no marks")
    if len(problems) > before:
        return None
    return Apology(ident, verdict, entry["kind"].strip(), entry["text"], tuple(marks), note)


def load_all(paths: Mapping[str, Path] = CORPORA) -> dict[str, list[Apology]]:
    """Every corpus by name; ids must be unique across all of them."""
    corpora = {name: load(path) for name, path in paths.items()}
    owner: dict[str, str] = {}
    clashes: list[str] = []
    for name, apologies in corpora.items():
        for apology in apologies:
            if apology.id in owner:
                clashes.append(f"id {apology.id!r} is in both {owner[apology.id]} and {name}")
            owner.setdefault(apology.id, name)
    if clashes:
        raise CorpusError("\n".join(clashes))
    return corpora


def shortfalls(apologies: Sequence[Apology], minimum: Minimum) -> list[str]:
    """Each way the corpus falls short of its minimum size, in words (counts only, no ids)."""
    lame = [a for a in apologies if a.verdict == "lame"]
    good = len(apologies) - len(lame)
    short: list[str] = []
    for what, have, need in (
        ("texts", len(apologies), minimum.texts),
        ("good texts", good, minimum.good),
        ("lame texts", len(lame), minimum.lame),
    ):
        if have < need:
            short.append(f"{what}: {have}, fewer than {need}")
    for category in CATEGORIES:
        marked = sum(category in a.marks for a in lame)
        if marked < minimum.per_category:
            short.append(f"{category}: marked {marked} times, fewer than {minimum.per_category}")
    return short


def fingerprint(path: Path) -> str:
    """A short hash of a corpus file, so a ratchet is only compared with the same corpus.

    Line endings are normalised first: a checkout with CRLF endings is the same corpus.
    """
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()[:16]


@dataclass
class Score:
    """How a checker did on one corpus; every figure comes from these counts."""

    lame: int = 0
    good: int = 0
    marks: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    found_any: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    lame_flagged: int = 0
    good_flagged_ids: list[str] = field(default_factory=list)
    # id -> marked categories the checker did not report at error/warning level
    missed: dict[str, list[str]] = field(default_factory=dict)

    def recall(self, category: str, *, with_suggestions: bool = False) -> float | None:
        """Marks of this category found / marks; None when no text carries the mark."""
        found = (self.found_any if with_suggestions else self.found)[category]
        return found / self.marks[category] if self.marks[category] else None

    @property
    def marks_total(self) -> int:
        return sum(self.marks.values())

    @property
    def found_total(self) -> int:
        return sum(self.found.values())

    @property
    def lame_flagged_share(self) -> float:
        return self.lame_flagged / self.lame if self.lame else 0.0

    @property
    def good_flagged_share(self) -> float:
        return len(self.good_flagged_ids) / self.good if self.good else 0.0

    def figures(self, *, with_ids: bool = True) -> dict[str, Any]:
        """The figures the ratchet records and compares (JSON-ready).

        with_ids=False leaves out the ids of the flagged good texts (for a sealed corpus).
        """
        figures: dict[str, Any] = {
            "lame": self.lame,
            "good": self.good,
            "recall": {c: self.recall(c) for c in CATEGORIES},
            "recall_with_suggestions": {
                c: self.recall(c, with_suggestions=True) for c in CATEGORIES
            },
            "marks": self.marks_total,
            "marks_found": self.found_total,
            "lame_flagged": self.lame_flagged_share,
            "good_flagged": self.good_flagged_share,
        }
        if with_ids:
            figures["good_flagged_ids"] = sorted(self.good_flagged_ids)
        return figures


def score(apologies: Iterable[Apology], lint: Lint) -> Score:
    """Run lint on each whole text and count what it found against the labels."""
    result = Score()
    for apology in apologies:
        findings = lint(apology.text)
        strong = {f.category for f in findings if f.severity in STRONG}
        every = {f.category for f in findings}
        if apology.verdict == "good":
            result.good += 1
            if strong:
                result.good_flagged_ids.append(apology.id)
            continue
        result.lame += 1
        result.lame_flagged += bool(strong)
        missed = []
        for mark in apology.marks:
            result.marks[mark] += 1
            result.found[mark] += mark in strong
            result.found_any[mark] += mark in every
            if mark not in strong:
                missed.append(mark)
        if missed:
            result.missed[apology.id] = missed
    return result


def regressions(current: Mapping[str, Any], recorded: Mapping[str, Any]) -> list[str]:
    """Each figure of `current` that is worse than the `recorded` one, in words."""
    worse: list[str] = []
    for category in CATEGORIES:
        now, then = current["recall"].get(category), recorded["recall"].get(category)
        if then is not None and (now is None or now < then - TOLERANCE):
            worse.append(f"recall of {category}: {_fmt(now)} < recorded {_fmt(then)}")
    if current["lame_flagged"] < recorded["lame_flagged"] - TOLERANCE:
        worse.append(
            f"lame texts flagged: {current['lame_flagged']:.3f}"
            f" < recorded {recorded['lame_flagged']:.3f}"
        )
    if current["good_flagged"] > recorded["good_flagged"] + TOLERANCE:
        worse.append(
            f"good texts flagged: {current['good_flagged']:.3f}"
            f" > recorded {recorded['good_flagged']:.3f}"
        )
    return worse


def missed_targets(current: Mapping[str, Any]) -> list[str]:
    """Each target of the checker issue that these figures miss, in words."""
    missed = [
        f"recall of {category} {_fmt(value)} < {TARGET_RECALL}"
        for category, value in current["recall"].items()
        if value is not None and value < TARGET_RECALL - TOLERANCE
    ]
    if current["good_flagged"] > TARGET_GOOD_FLAGGED + TOLERANCE:
        missed.append(
            f"good texts flagged {current['good_flagged']:.1%} > {TARGET_GOOD_FLAGGED:.0%}"
        )
    return missed


def read_ratchet(path: Path = RATCHET) -> dict[str, Any] | None:
    """The recorded figures, or None when nothing has been recorded yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path.name}: not valid JSON ({exc}); record it again") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{path.name}: expected an object per corpus; record it again")
    return data


def write_ratchet(figures: Mapping[str, Mapping[str, Any]], path: Path = RATCHET) -> None:
    """Record the figures of each corpus, with the corpus fingerprint, atomically.

    A sealed corpus is recorded without the ids of its flagged good texts, whatever is passed.
    """
    payload = {
        name: {
            "corpus": fingerprint(CORPORA[name]),
            **{
                key: value
                for key, value in values.items()
                if not (name in SEALED and key == "good_flagged_ids")
            },
        }
        for name, values in figures.items()
    }
    text = json.dumps(payload, indent=2, sort_keys=True) + "\n"
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".ratchet-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


if __name__ == "__main__":  # `make bench` runs every script in benchmarks/
    print("corpus_score.py is the scoring helper; run benchmarks/checker_corpus.py")
