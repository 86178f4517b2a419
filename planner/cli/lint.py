"""`amends lint`: check an apology text (an email draft, say) from the shell, as lines or JSON.

Exit status: 0 when nothing error-level was found, 1 when something was, 2 when the command
could not run (bad usage, a file that cannot be read or is not UTF-8 text).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from planner.apology.checker.engine import lint
from planner.apology.checker.finding import PARTS, Finding
from planner.apology.checker.rules import RuleFileError

EXIT_OK = 0
EXIT_ERRORS_FOUND = 1
EXIT_USAGE = 2


class _InputError(Exception):
    """The text to check could not be read; the message says why and what to do."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``lint`` subcommand to the ``amends`` parser."""
    parser = subparsers.add_parser(
        "lint",
        help="check an apology text for weak spots",
        description=(
            "Check an apology text for weak spots: conditional or vague apologies, excuses, "
            "blame, missing ownership or remedy. Exit status 1 when an error-level problem "
            "is found."
        ),
    )
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="the text file to check (UTF-8); '-' or nothing reads standard input",
    )
    parser.add_argument(
        "--part",
        choices=PARTS,
        help="check the text as one part of the apology, which adds that part's checks",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the findings as a JSON array instead of lines",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``amends lint``; returns the exit status."""
    name = "standard input" if args.file == "-" else str(args.file)
    try:
        text = _read(args.file, name)
        findings = lint(text, args.part)
    except (_InputError, RuleFileError) as exc:
        print(f"amends lint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        # ASCII-escaped JSON is valid everywhere, whatever the terminal's encoding.
        print(json.dumps([f.to_json() for f in findings], indent=2))
    else:
        for finding in findings:
            _emit(format_finding(text, finding))
        _emit(summary(findings, None if args.file == "-" else name))
    has_error = any(f.severity == "error" for f in findings)
    return EXIT_ERRORS_FOUND if has_error else EXIT_OK


def _read(file: str, name: str) -> str:
    try:
        if file == "-":
            buffer = getattr(sys.stdin, "buffer", None)
            data = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
        else:
            data = Path(file).read_bytes()
    except FileNotFoundError as exc:
        raise _InputError(f"cannot read {name}: there is no such file. Check the path.") from exc
    except IsADirectoryError as exc:
        raise _InputError(f"cannot read {name}: it is a folder, not a text file.") from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _InputError(f"cannot read {name}: {reason}. Check the path and try again.") from exc
    try:
        # utf-8-sig drops the byte-order mark some editors put at the start.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _InputError(
            f"cannot read {name}: it is not UTF-8 text (byte {exc.start}). "
            "Save it as UTF-8 (plain text) and try again."
        ) from exc


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def format_finding(text: str, finding: Finding) -> str:
    """``3:12-3:25 error conditional: message (suggestion: ...)``; the end is exclusive."""
    start_line, start_col = line_col(text, finding.start)
    end_line, end_col = line_col(text, finding.end)
    line = (
        f"{start_line}:{start_col}-{end_line}:{end_col} "
        f"{finding.severity} {finding.category}: {finding.message}"
    )
    if finding.suggestion:
        line += f" (suggestion: {finding.suggestion})"
    return line


def summary(findings: list[Finding], name: str | None) -> str:
    """One closing line: how many problems of each severity (or that there are none)."""
    prefix = f"{name}: " if name else ""
    if not findings:
        return f"{prefix}no problems found."
    counts = Counter(f.severity for f in findings)
    parts = [
        _plural(counts[severity], severity)
        for severity in ("error", "warning", "suggestion")
        if counts[severity]
    ]
    return f"{prefix}{_plural(len(findings), 'problem')} ({', '.join(parts)})."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _emit(line: str) -> None:
    """Print a line; a terminal that cannot show curly quotes gets stand-ins, not a crash."""
    try:
        print(line)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        print(line.encode(encoding, errors="replace").decode(encoding, errors="replace"))
