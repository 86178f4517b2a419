"""The user's own playbooks in the database: the ``playbooks`` table as a PlaybookStore."""
from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING

from planner.playbooks.library import NameClashError, name_key
from planner.playbooks.model import Playbook, PlaybookImportError, Problem
from planner.playbooks.schema import playbook_problems
from planner.playbooks.toml_format import dump_playbook, parse_playbook
from planner.timeutil import now_utc, to_iso

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclasses.dataclass(frozen=True)
class UnreadablePlaybook:
    """A stored playbook that no longer reads (say, written by a newer Amends); kept, not lost."""

    key: str
    name: str
    problems: tuple[Problem, ...]

    def message(self) -> str:
        """One line for the user: which playbook, and what to do."""
        first = str(self.problems[0]) if self.problems else "unknown problem"
        return (
            f'Your playbook "{self.name}" could not be read ({first}). It is kept as it was; '
            "update Amends, or import a fresh copy of it."
        )


class DbPlaybookStore:
    """A PlaybookStore over the ``playbooks(key, name, toml, updated_at)`` table.

    Each row holds the playbook exactly as its TOML file would, so what is stored is what
    is exported. Rows that no longer parse are skipped by ``list_user`` and listed in
    ``unreadable`` instead, so one bad row never hides the others.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.unreadable: list[UnreadablePlaybook] = []

    def list_user(self) -> list[Playbook]:
        """Every stored playbook that reads; the ones that do not are put in ``unreadable``."""
        playbooks: list[Playbook] = []
        unreadable: list[UnreadablePlaybook] = []
        for row in self.db["playbooks"].rows_where(order_by="name, key"):
            try:
                playbook = parse_playbook(str(row["toml"]).encode("utf-8"), str(row["name"]))
            except PlaybookImportError as error:
                problems = tuple(error.problems)
                unreadable.append(UnreadablePlaybook(str(row["key"]), str(row["name"]), problems))
                continue
            # The row's key is the one callers use to replace or delete it.
            playbooks.append(dataclasses.replace(playbook, key=str(row["key"]), builtin=False))
        self.unreadable = unreadable
        return playbooks

    def get(self, key: str) -> Playbook | None:
        """The stored playbook with ``key``, or None (also when it no longer reads)."""
        return next((p for p in self.list_user() if p.key == key), None)

    def save(self, playbook: Playbook, *, now: datetime | None = None) -> None:
        """Insert ``playbook``, or replace the stored one with the same key.

        Raises PlaybookImportError when the playbook is not valid and NameClashError when
        another stored playbook already has its name (decide with plan_import first).
        """
        problems = playbook_problems(playbook)
        if problems:
            raise PlaybookImportError(problems, f'"{playbook.name}"')
        text = dump_playbook(playbook).decode("utf-8")
        row = {
            "key": playbook.key, "name": playbook.name, "toml": text,
            "updated_at": to_iso(now or now_utc()),
        }
        with self.db.atomic():
            for other_key, other_name in self.db.execute("SELECT key, name FROM playbooks"):
                if other_key != playbook.key and name_key(other_name) == name_key(playbook.name):
                    raise NameClashError(playbook.name, builtin=False)
            self.db.table("playbooks").upsert(row, pk="key")

    def delete(self, key: str) -> None:
        """Remove the stored playbook with ``key``; nothing happens when there is none."""
        with self.db.atomic():
            self.db.execute("DELETE FROM playbooks WHERE key = ?", [key])
