"""The playbook library: built-ins, where user playbooks are kept, and name clashes on import."""
from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Literal, Protocol

from planner.errors import AmendsError
from planner.playbooks.model import MAX_KEY_CHARS, MAX_NAME_CHARS, Playbook
from planner.playbooks.toml_format import parse_playbook
from planner.resources import resource_path

ClashMode = Literal["replace", "keep-both"]
_NUMBERED_NAME = re.compile(r"(.*?) \((\d+)\)")
_NUMBERED_KEY = re.compile(r"(.*?)-(\d+)")


class PlaybookStore(Protocol):
    """Where the user's own playbooks are kept (the database); built-ins are never in it."""

    def list_user(self) -> list[Playbook]: ...

    def save(self, playbook: Playbook) -> None:
        """Insert, or replace the playbook with the same key."""

    def delete(self, key: str) -> None: ...


class MemoryPlaybookStore:
    """A PlaybookStore held in memory, for tests and previews."""

    def __init__(self, playbooks: Iterable[Playbook] = ()) -> None:
        self._by_key = {playbook.key: playbook for playbook in playbooks}

    def list_user(self) -> list[Playbook]:
        return list(self._by_key.values())

    def save(self, playbook: Playbook) -> None:
        self._by_key[playbook.key] = dataclasses.replace(playbook, builtin=False)

    def delete(self, key: str) -> None:
        self._by_key.pop(key, None)


class NameClashError(AmendsError):
    """An imported playbook has the name of one already in the library."""

    def __init__(self, name: str, builtin: bool) -> None:
        self.name = name
        self.builtin = builtin  # a built-in can only be kept beside, never replaced
        choice = "keep both" if builtin else "replace it or keep both"
        super().__init__(f'A playbook named "{name}" already exists; choose to {choice}.')


@dataclasses.dataclass(frozen=True)
class ImportPlan:
    """What importing will do: save ``playbook``, which may take the place of ``replaces``."""

    playbook: Playbook
    replaces: Playbook | None = None


def load_builtin_playbooks() -> list[Playbook]:
    """The playbooks shipped in resources/playbooks, marked built-in, sorted by name."""
    return list(_builtin_playbooks())


@functools.cache
def _builtin_playbooks() -> tuple[Playbook, ...]:
    # Shipped files never change while Amends runs, and playbooks are frozen: read them once,
    # not each time an incident is opened.
    folder = resource_path("playbooks")
    shipped = [
        dataclasses.replace(parse_playbook(path.read_bytes(), path.name), builtin=True)
        for path in folder.glob("*.toml")
    ]
    return tuple(sorted(shipped, key=lambda p: name_key(p.name)))


def all_playbooks(store: PlaybookStore | None) -> list[Playbook]:
    """Built-ins first, then the user's own playbooks by name."""
    user = [] if store is None else store.list_user()
    return load_builtin_playbooks() + sorted(user, key=lambda p: name_key(p.name))


def name_key(name: str) -> str:
    """How names are compared: case and spacing never make two playbooks different."""
    return " ".join(name.split()).casefold()


def resolve_clash(
    existing_names: Iterable[str], incoming: Playbook, mode: ClashMode | None
) -> Playbook:
    """``incoming`` as it should be saved given the names already taken.

    No clash: unchanged. "replace": unchanged (it takes the clashing one's place).
    "keep-both": renamed "Name (2)", "Name (3)"... Without a mode a clash raises NameClashError.
    """
    taken = {name_key(name) for name in existing_names}
    if name_key(incoming.name) not in taken:
        return incoming
    if mode is None:
        raise NameClashError(incoming.name, builtin=False)
    if mode == "replace":
        return incoming
    return dataclasses.replace(incoming, name=_free_name(incoming.name, taken))


def plan_import(
    library: Sequence[Playbook], incoming: Playbook, mode: ClashMode | None
) -> ImportPlan:
    """Decide how ``incoming`` joins ``library`` (built-ins and user playbooks together).

    Replacing keeps the replaced playbook's key, so saving it overwrites that one. A built-in
    is never replaced. Keys are internal, so a key already in use is quietly made unique.
    """
    clash = next((p for p in library if name_key(p.name) == name_key(incoming.name)), None)
    replaces = None
    chosen = dataclasses.replace(incoming, builtin=False)
    if clash is not None:
        if mode is None or (mode == "replace" and clash.builtin):
            raise NameClashError(incoming.name, clash.builtin)
        if mode == "replace":
            replaces, chosen = clash, dataclasses.replace(chosen, key=clash.key)
        else:
            chosen = resolve_clash([p.name for p in library], chosen, mode)
    keys = {p.key for p in library if p is not replaces}
    if chosen.key in keys:
        chosen = dataclasses.replace(chosen, key=_free_key(chosen.key, keys))
    return ImportPlan(chosen, replaces)


def duplicate_playbook(original: Playbook, library: Sequence[Playbook]) -> Playbook:
    """An editable copy of ``original`` (built-in or not) with a free name and key."""
    taken = {name_key(p.name) for p in library}
    copy = dataclasses.replace(original, name=_free_name(original.name, taken), builtin=False)
    return dataclasses.replace(copy, key=_free_key(copy.key, {p.key for p in library}))


def _free_name(name: str, taken: set[str]) -> str:
    numbered = _NUMBERED_NAME.fullmatch(name)
    base = numbered.group(1) if numbered else name
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = base[: MAX_NAME_CHARS - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken:
            return candidate
        number += 1


def _free_key(key: str, taken: set[str]) -> str:
    numbered = _NUMBERED_KEY.fullmatch(key)
    base = numbered.group(1) if numbered else key
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_KEY_CHARS - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1
