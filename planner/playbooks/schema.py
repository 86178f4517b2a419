"""The playbook file schema: plain data (as read from TOML) to a Playbook and back."""
from __future__ import annotations

import dataclasses
import re
from datetime import time

from planner.followups.cadence import ANCHORS, CHANNELS, CadenceStep, step_problems
from planner.playbooks.checks import Checker, Reader, Table, clip, describe
from planner.playbooks.model import (
    MAX_KEY_CHARS,
    MAX_NAME_CHARS,
    MAX_PURPOSE_CHARS,
    MAX_TEXT_CHARS,
    SCHEMA_VERSION,
    SEVERITY_LEVELS,
    Attendee,
    Playbook,
    PlaybookImportError,
    Problem,
    RemedyOption,
    SeverityLevel,
)

# The order here is the order fields are written to a file and problems are reported.
FIELDS = (
    "schema_version", "key", "name", "failure_type", "when_to_use", "severity_guide",
    "remedy_options", "agenda", "who_to_bring", "what_to_bring", "questions", "phrases", "cadence",
)
# Every field is required, even an empty list: a file cut short then can never pass as a
# shorter playbook, because the fields after the cut are missing.
REQUIRED = FIELDS
STEP_FIELDS = ("anchor", "offset", "business_days", "channel", "purpose", "time")
_NOTES = {"builtin": "is decided by Amends and cannot be set in a file; remove it"}
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def playbook_from_data(data: object, source: str = "") -> Playbook:
    """Build a Playbook from plain data, or raise PlaybookImportError listing every problem."""
    check = Checker()
    playbook = _read_playbook(check, data)
    if check.problems or playbook is None:
        raise PlaybookImportError(check.problems, source)
    return playbook


def playbook_to_data(playbook: Playbook) -> Table:
    """The plain data written to a file, in file order; ``builtin`` is left out."""
    steps: list[object] = []
    for step in playbook.cadence:
        table: Table = {
            "anchor": step.anchor, "offset": step.offset, "business_days": step.business_days,
            "channel": step.channel, "purpose": step.purpose,
        }
        if step.time is not None:
            table["time"] = step.time
        steps.append(table)
    return {
        "schema_version": playbook.schema_version,
        "key": playbook.key,
        "name": playbook.name,
        "failure_type": playbook.failure_type,
        "when_to_use": playbook.when_to_use,
        "severity_guide": [
            {"level": s.level, "description": s.description} for s in playbook.severity_guide
        ],
        "remedy_options": [
            {"title": r.title, "description": r.description, "cost": r.cost, "approver": r.approver}
            for r in playbook.remedy_options
        ],
        "agenda": list(playbook.agenda),
        "who_to_bring": [{"role": a.role, "why": a.why} for a in playbook.who_to_bring],
        "what_to_bring": list(playbook.what_to_bring),
        "questions": list(playbook.questions),
        "phrases": list(playbook.phrases),
        "cadence": steps,
    }


def playbook_problems(playbook: Playbook) -> list[Problem]:
    """Every reason ``playbook`` could not be saved to a file and read back; empty if none."""
    try:
        again = playbook_from_data(playbook_to_data(playbook))
    except PlaybookImportError as error:
        return error.problems
    if again != dataclasses.replace(playbook, builtin=False):
        return [Problem("file", "some values are of the wrong kind (lists must be tuples)")]
    return []


def _read_playbook(check: Checker, data: object) -> Playbook | None:
    if not isinstance(data, dict):
        check.add("file", f"expected one playbook table at the top, found {describe(data)}")
        return None
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        shown = f" (schema {version})" if version < 10_000 else ""  # huge ints cannot print
        check.add(
            "schema_version",
            f"this playbook was written by a newer Amends{shown}; this one reads "
            f"schema {SCHEMA_VERSION}. Update Amends, then import it again",
        )
        return None
    table = check.table(data, "", FIELDS, REQUIRED, _NOTES)
    if table is None:
        return None
    # type() rather than ==, because True == 1 and 1.0 == 1 in Python.
    if "schema_version" in table and (type(version) is not int or version != SCHEMA_VERSION):
        check.add("schema_version", f"expected {SCHEMA_VERSION}, found {describe(version)}")
    key = check.text(table.get("key", "x"), "key", MAX_KEY_CHARS, one_line=True)
    if key and not _KEY.fullmatch(key):
        check.add("key", f"{clip(key)} is not a key like late-delivery (a-z, 0-9 and dashes)")

    def label(field: str) -> str:
        return check.text(table.get(field, "x"), field, MAX_NAME_CHARS, one_line=True)

    def texts(field: str) -> tuple[str, ...]:
        values = check.items(table.get(field, []), field, _text_reader(check))
        check.unique(values, field)
        return values

    name, failure_type = label("name"), label("failure_type")
    when_to_use = _long(check, table.get("when_to_use", "x"), "when_to_use")
    severity = check.items(table.get("severity_guide", []), "severity_guide", _severity(check))
    check.unique([s.level for s in severity], "severity_guide", ".level")
    remedies = check.items(table.get("remedy_options", []), "remedy_options", _remedy(check))
    check.unique([r.title for r in remedies], "remedy_options", ".title")
    agenda = texts("agenda")
    people = check.items(table.get("who_to_bring", []), "who_to_bring", _attendee(check))
    check.unique([a.role for a in people], "who_to_bring", ".role")
    what_to_bring, questions, phrases = texts("what_to_bring"), texts("questions"), texts("phrases")
    cadence = check.items(table.get("cadence", []), "cadence", _step(check))
    if check.problems:
        return None
    return Playbook(
        key, name, failure_type, when_to_use, severity, remedies, agenda, people,
        what_to_bring, questions, phrases, cadence,
    )


def _long(check: Checker, value: object, place: str) -> str:
    return check.text(value, place, MAX_TEXT_CHARS, one_line=False)


def _text_reader(check: Checker) -> Reader[str]:
    return lambda value, place: _long(check, value, place)


def _severity(check: Checker) -> Reader[SeverityLevel]:
    def read(value: object, place: str) -> SeverityLevel:
        table = check.table(value, place, ("level", "description"), ("level", "description"))
        if table is None:
            return SeverityLevel("", "")
        level = check.choice(table.get("level", "low"), f"{place}.level", SEVERITY_LEVELS)
        description = _long(check, table.get("description", "x"), f"{place}.description")
        return SeverityLevel(level, description)

    return read


def _remedy(check: Checker) -> Reader[RemedyOption]:
    fields = ("title", "description", "cost", "approver")

    def read(value: object, place: str) -> RemedyOption:
        table = check.table(value, place, fields, fields)
        if table is None:
            return RemedyOption("", "", "", "")
        title, approver = (
            check.text(table.get(f, "x"), f"{place}.{f}", MAX_NAME_CHARS, one_line=True)
            for f in ("title", "approver")
        )
        description, cost = (
            _long(check, table.get(f, "x"), f"{place}.{f}") for f in ("description", "cost")
        )
        return RemedyOption(title, description, cost, approver)

    return read


def _attendee(check: Checker) -> Reader[Attendee]:
    def read(value: object, place: str) -> Attendee:
        table = check.table(value, place, ("role", "why"), ("role", "why"))
        if table is None:
            return Attendee("", "")
        role = check.text(table.get("role", "x"), f"{place}.role", MAX_NAME_CHARS, one_line=True)
        return Attendee(role, _long(check, table.get("why", "x"), f"{place}.why"))

    return read


def _step(check: Checker) -> Reader[CadenceStep]:
    def read(value: object, place: str) -> CadenceStep:
        table = check.table(value, place, STEP_FIELDS, ("anchor", "offset", "purpose"))
        if table is None:
            return CadenceStep("", "")
        before = len(check.problems)
        anchor = check.choice(table.get("anchor", "visit"), f"{place}.anchor", ANCHORS)
        offset = check.text(table.get("offset", "P0D"), f"{place}.offset", 40, one_line=True)
        business = check.flag(table.get("business_days", False), f"{place}.business_days")
        channel = check.choice(table.get("channel", "call"), f"{place}.channel", CHANNELS)
        purpose = check.text(
            table.get("purpose", "x"), f"{place}.purpose", MAX_PURPOSE_CHARS, one_line=True
        )
        clock = _clock(check, table.get("time"), f"{place}.time")
        step = CadenceStep(anchor, offset, business, channel, purpose, clock)
        if len(check.problems) == before:
            # Only the first step has no earlier step for a "previous" anchor.
            first = place.endswith("[0]")
            for field, message in step_problems(step, 0 if first else 1):
                check.add(f"{place}.{field}", message)
        return step

    return read


def _clock(check: Checker, value: object, place: str) -> str | None:
    if value is None:
        return None
    # A TOML local time (time = 09:30) is as good as the text "09:30".
    if isinstance(value, time) and value.second == value.microsecond == 0 and not value.tzinfo:
        return value.strftime("%H:%M")
    return check.text(value, place, 40, one_line=True)

