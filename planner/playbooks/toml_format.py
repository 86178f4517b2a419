"""Playbook files: read TOML bytes safely (tomllib, nothing executed) and write them back."""
from __future__ import annotations

import re
import tomllib

from planner.playbooks.model import MAX_FILE_BYTES, Playbook, PlaybookImportError, Problem
from planner.playbooks.schema import playbook_from_data, playbook_problems, playbook_to_data
from planner.playbooks.toml_shape import shape_problems

_HEADER = (
    "# An Amends recovery playbook. Import it in Amends (Playbooks, Import)\n"
    "# or with: amends playbook import FILE\n"
)
_TOML_PLACE = re.compile(r"(?s)(.*) \(at line (\d+), column (\d+)\)")
_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"
}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def parse_playbook(data: bytes, source: str = "") -> Playbook:
    """Read a playbook file; raise PlaybookImportError listing every problem with its place.

    The file is only ever parsed as data: nothing in it is run, and nothing is imported
    unless the whole file is valid.
    """
    if len(data) > MAX_FILE_BYTES:
        message = "is larger than 1 MB, the most a playbook file may be. Is it the right file?"
        raise PlaybookImportError([Problem("file", message)], source)
    text = _decode(data, source)
    # The parser's cost explodes on some small hostile shapes: measure the shape first.
    problems = shape_problems(text)
    if problems:
        raise PlaybookImportError(problems, source)
    raw = _load_toml(text, source)
    return playbook_from_data(raw, source)


def dump_playbook(playbook: Playbook) -> bytes:
    """The playbook as a UTF-8 TOML file that parse_playbook reads back equal.

    Every list is written inline, so a file cut short is always refused rather than read
    as a shorter playbook. Raises ValueError when the playbook itself is not valid.
    """
    problems = playbook_problems(playbook)
    if problems:
        details = "; ".join(str(problem) for problem in problems)
        raise ValueError(f"playbook {playbook.name!r} cannot be written: {details}")
    lines = [_HEADER]
    for field, value in playbook_to_data(playbook).items():
        if not isinstance(value, list):
            lines.append(f"{field} = {_value(value)}\n")
        elif not value:
            lines.append(f"\n{field} = []\n")
        else:
            items = "".join(f"  {_value(item)},\n" for item in value)
            lines.append(f"\n{field} = [\n{items}]\n")
    return "".join(lines).encode("utf-8")


def _decode(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        bad = data[error.start : error.start + 1].hex()
        message = f"is not UTF-8 text (byte 0x{bad}); save the file as UTF-8 and import it again"
        raise PlaybookImportError([Problem(f"line {line}, column {column}", message)], source)
    # Some Windows editors start a UTF-8 file with a byte-order mark; TOML does not allow it.
    return text.removeprefix("\ufeff")


def _load_toml(text: str, source: str) -> object:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_PLACE.fullmatch(str(error))
        if found is None:
            place, reason = "end of file", str(error).replace(" (at end of document)", "")
        else:
            place, reason = f"line {found.group(2)}, column {found.group(3)}", found.group(1)
        message = (
            f"is not valid TOML here ({reason[:1].lower()}{reason[1:]}); check the quotes and "
            "brackets, or whether the file was cut short"
        )
    except (ValueError, RecursionError):
        # tomllib itself refuses numbers with thousands of digits and very deep nesting.
        place, message = "file", "holds numbers too long or lists nested too deep to read"
    raise PlaybookImportError([Problem(place, message)], source)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to a playbook file")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"
