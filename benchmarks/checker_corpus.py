"""Benchmark: how well the apology checker judges the hand-labelled corpus, beside the targets.

Run: .venv/bin/python benchmarks/checker_corpus.py [--record] [--strict] [--verbose]

Runs planner.lint.lint(text) on the whole text of every apology in benchmarks/corpus/dev.toml,
holdout.toml, unseen.toml, precision.toml and fresh.toml (no part: the whole-apology mode) and
prints, for each corpus:
  recall      per category, the share of lame texts marked with it on which the checker
              reports that category as an error or warning (and, beside it, counting
              suggestions too);
  flagged     lame texts with any error or warning; good texts with one (the false alarms,
              with their ids, except for the sealed fresh corpus);
beside the targets of the checker issue (recall >= 0.9 in every category, <= 2% of good texts
flagged) and the figures last recorded in benchmarks/corpus/ratchet.json.

The fresh corpus is the honest estimate of how the checker does on real apologies it was not
shaped around: it is sealed, reported in figures only, and never read while tuning.

--record   write today's figures to ratchet.json (tests/apology/test_corpus.py fails when the
           checker does worse than them).
--strict   exit 1 when a target is missed (by default the script reports and exits 0).
--verbose  list, for the development and precision corpora only, the marks missed on each lame
           text and the findings on each flagged good text. The other corpora are reported in figures
           (with the ids of flagged good texts); for the sealed fresh corpus not even those
           ids are printed or recorded.
Exit 2 when a corpus file is invalid (the message says which entry and why).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# benchmarks/ is on sys.path when this file runs as a script
import corpus_score as cs


def _recall(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def _row(category: str, score: cs.Score, recorded: dict[str, Any] | None) -> str:
    now = score.recall(category)
    then = recorded["recall"].get(category) if recorded else None
    flag = " " if now is None or now >= cs.TARGET_RECALL - cs.TOLERANCE else "*"
    worse = "!" if then is not None and (now is None or now < then - cs.TOLERANCE) else " "
    return (
        f"{score.found[category]:>3}/{score.marks[category]:<3} {_recall(now)}{flag}"
        f" {_recall(score.recall(category, with_suggestions=True))}"
        f" {_recall(then)}{worse}"
    )


def report(scores: dict[str, cs.Score], ratchet: dict[str, Any] | None) -> None:
    """Print the figures of every corpus side by side, with targets and the ratchet."""
    names = list(scores)
    recorded = {name: (ratchet or {}).get(name) for name in names}
    head = "".join(f" | {name:^29}" for name in names)
    sub = "".join(f" | {'found  recall +sugg ratchet':29}" for _ in names)
    print(f"{'category':18}{head}")
    print(f"{'':18}{sub}")
    for category in cs.CATEGORIES:
        cells = "".join(f" | {_row(category, scores[n], recorded[n]):29}" for n in names)
        print(f"{category:18}{cells}")
    print(f"{'target':18}" + "".join(f" | {'recall >= 0.90 each':29}" for _ in names))
    print("(* below target, ! worse than the ratchet)")
    print()
    for name in names:
        score, then = scores[name], recorded[name]
        print(f"{name}: {score.lame} lame, {score.good} good texts")
        print(
            f"  all marks found       {score.found_total}/{score.marks_total}"
            f" = {score.found_total / max(score.marks_total, 1):.2f}"
        )
        line = f"  lame texts flagged    {score.lame_flagged}/{score.lame} = "
        line += f"{score.lame_flagged_share:.1%}"
        if then:
            line += f"   (ratchet {then['lame_flagged']:.1%})"
        print(line)
        flagged = len(score.good_flagged_ids)
        line = f"  good texts flagged    {flagged}/{score.good} = {score.good_flagged_share:.1%}"
        line += f"   target <= {cs.TARGET_GOOD_FLAGGED:.0%}"
        if then:
            line += f"   (ratchet {then['good_flagged']:.1%})"
        print(line)
        if score.good_flagged_ids and name in cs.SEALED:
            print("    (ids withheld: this corpus is reported in figures only)")
        elif score.good_flagged_ids:
            print(f"    {', '.join(sorted(score.good_flagged_ids))}")


# The corpora explained text by text with --verbose: the ones the rules are written against.
EXPLAINED = ("dev", "precision")


def explain(
    name: str, apologies: list[cs.Apology], score: cs.Score, lint: cs.Lint
) -> None:
    """The misses and false alarms of one tuning corpus, text by text."""
    print()
    print(f"{name}, marks missed (error/warning level) per lame text:")
    for apology in apologies:
        if apology.id in score.missed:
            print(f"  {apology.id:40} {', '.join(score.missed[apology.id])}")
    print(f"{name}, error/warning findings on good texts:")
    for apology in apologies:
        if apology.id not in score.good_flagged_ids:
            continue
        for finding in lint(apology.text):
            if finding.severity in cs.STRONG:
                start, end = finding.start, finding.end  # type: ignore[attr-defined]
                span = apology.text[start:end].replace("\n", " ")
                if len(span) > 60:
                    span = span[:57] + "..."
                print(f"  {apology.id:40} {finding.severity:8} {finding.category:17} {span!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write ratchet.json")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--verbose", action="store_true", help="misses per text (dev and precision only)"
    )
    args = parser.parse_args(argv)

    try:
        corpora = cs.load_all()
        ratchet = cs.read_ratchet()
    except cs.CorpusError as exc:
        print(f"error: the apology corpus is not valid:\n{exc}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    from planner.lint import lint  # imported here: loading the corpus needs no checker

    scores = {name: cs.score(apologies, lint) for name, apologies in corpora.items()}
    elapsed = time.perf_counter() - started
    texts = sum(len(apologies) for apologies in corpora.values())
    print(
        f"Apology corpus: {texts} texts; planner.lint.lint(text) on each whole text took "
        f"{elapsed:.2f} s. A mark counts as found when the checker reports its category "
        "as an error or warning."
    )
    if ratchet:
        changed = [
            name
            for name in corpora
            if name in ratchet and ratchet[name].get("corpus") != cs.fingerprint(cs.CORPORA[name])
        ]
        if changed:
            print(f"note: {', '.join(changed)} changed since the ratchet was recorded")
        unrecorded = [name for name in corpora if name not in ratchet]
        if unrecorded:
            print(f"note: no ratchet recorded yet for {', '.join(unrecorded)}")
    else:
        print("note: no ratchet recorded yet (run with --record)")
    for name, apologies in corpora.items():
        short = cs.shortfalls(apologies, cs.MINIMUMS[name]) if name in cs.MINIMUMS else []
        if short:
            print(f"note: {name} is smaller than its rules require: {'; '.join(short)}")
    print()
    report(scores, ratchet)
    if args.verbose:
        for name in EXPLAINED:
            explain(name, corpora[name], scores[name], lint)

    figures = {
        name: score.figures(with_ids=name not in cs.SEALED) for name, score in scores.items()
    }
    if args.record:
        cs.write_ratchet(figures)
        print(f"\nrecorded these figures in benchmarks/corpus/{cs.RATCHET.name}")
    missed = {name: cs.missed_targets(values) for name, values in figures.items()}
    print()
    for name, misses in missed.items():
        print(f"targets, {name}: " + ("met" if not misses else f"MISSED ({len(misses)})"))
    if args.strict and any(missed.values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
