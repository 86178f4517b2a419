"""`amends lint`: check an apology text (an email draft, say) from the shell, as lines or JSON.

With no ``--part`` the text is judged as a whole apology: the phrase rules in context and the
four component checks (does it say sorry, own the failure, offer a remedy, give it a date).

Exit status: 0 when nothing error-level was found, 1 when something was, 2 when the command
could not run (bad usage; a path that is not a regular file; input over INPUT_LIMIT bytes; a
file that cannot be read or is not UTF-8 text). The error level is kept for what makes an
apology fail on its own: an apology that never says sorry, that nobody owns, that offers no
remedy or gives it no date, that is only announced, that is conditional, that is sorry for
their feelings, or that blames the customer (resources/rules/README.md, "Severity").
"""
from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections import Counter

from planner.apology.checker.analysis import lint
from planner.apology.checker.finding import PART_CATEGORIES, PARTS, Finding
from planner.apology.checker.rules import RuleFileError

EXIT_OK = 0
EXIT_ERRORS_FOUND = 1
EXIT_USAGE = 2

# An apology is a page or two; a megabyte is a pasted report, which still checks in seconds.
INPUT_LIMIT = 1_000_000
_LIMIT_TEXT = "1 MB"


class _InputError(Exception):
    """The text to check could not be read; the message says why and what to do."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``lint`` subcommand to the ``amends`` parser."""
    parser = subparsers.add_parser(
        "lint",
        help="check an apology text for weak spots",
        description=(
            "Check an apology text for weak spots: conditional or vague apologies, excuses, "
            "blame, missing sorry, ownership or remedy. Without --part the text is judged as a "
            "whole apology. Exit status 1 when an error-level problem is found, 2 when the "
            f"text cannot be read (not a regular file, over {_LIMIT_TEXT}, not UTF-8)."
        ),
    )
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help=f"the text file to check (UTF-8, at most {_LIMIT_TEXT}); '-' or nothing reads "
        "standard input",
    )
    parser.add_argument(
        "--part",
        choices=PARTS,
        help="check the text as one part of the apology (only that part's component check "
        "runs); without it the text is the whole apology",
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
        findings = in_reading_order(lint(text, args.part))
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


def in_reading_order(findings: list[Finding]) -> list[Finding]:
    """Phrase findings by position, then the findings about the apology as a whole (which
    span all of it), so the list reads from the words to the verdict."""
    return sorted(findings, key=lambda f: f.category in PART_CATEGORIES)


def _read(file: str, name: str) -> str:
    """The text to check, refused in well under a second if it is not a readable text."""
    data = _read_stdin() if file == "-" else _read_file(file, name)
    if len(data) > INPUT_LIMIT:
        raise _InputError(
            f"cannot check {name}: it is longer than {_LIMIT_TEXT}. An apology is a page or "
            "two; check the part you wrote, or split the text."
        )
    try:
        # utf-8-sig drops the byte-order mark some editors put at the start.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _InputError(
            f"cannot read {name}: it is not UTF-8 text (byte {exc.start}). "
            "Save it as UTF-8 (plain text) and try again."
        ) from exc


def _read_stdin() -> bytes:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read(INPUT_LIMIT + 1).encode("utf-8")
    # One byte past the limit is enough to know the input is too long; never read on.
    return bytes(buffer.read(INPUT_LIMIT + 1))


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_file(name: str, mode: int) -> _InputError:
    kind = next((label for test, label in _KINDS if test(mode)), "not a regular file")
    return _InputError(
        f"cannot read {name}: it is {kind}, not a text file. Give the path of a text file, "
        "or pipe the text in with '-'."
    )


def _read_file(file: str, name: str) -> bytes:
    try:
        # Look before opening: opening a pipe would wait for a writer, and a device such as
        # /dev/zero never ends.
        mode = os.stat(file).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(name, mode)
        # O_NONBLOCK: if the path was swapped for a pipe since, open() still returns at once.
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise _InputError(f"cannot read {name}: there is no such file. Check the path.") from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _InputError(f"cannot read {name}: {reason}. Check the path and try again.") from exc
    try:
        opened = os.fstat(fd).st_mode
        if not stat.S_ISREG(opened):
            raise _not_a_file(name, opened)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(INPUT_LIMIT + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _InputError(f"cannot read {name}: {reason}. Check the path and try again.") from exc
    finally:
        os.close(fd)


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
