"""Recovery playbooks: the model, TOML files, the library and applying one to an incident."""
from __future__ import annotations

from planner.playbooks.library import (
    ClashMode,
    ImportPlan,
    MemoryPlaybookStore,
    NameClashError,
    PlaybookStore,
    all_playbooks,
    duplicate_playbook,
    load_builtin_playbooks,
    name_key,
    plan_import,
    resolve_clash,
)
from planner.playbooks.model import (
    SCHEMA_VERSION,
    SEVERITY_LEVELS,
    Attendee,
    Playbook,
    PlaybookImportError,
    Problem,
    RemedyOption,
    SeverityLevel,
)
from planner.playbooks.plan import ApplicationPlan, CurrentPlan, plan_application
from planner.playbooks.schema import playbook_from_data, playbook_problems, playbook_to_data
from planner.playbooks.toml_format import dump_playbook, parse_playbook

__all__ = [
    "SCHEMA_VERSION",
    "SEVERITY_LEVELS",
    "ApplicationPlan",
    "Attendee",
    "ClashMode",
    "CurrentPlan",
    "ImportPlan",
    "MemoryPlaybookStore",
    "NameClashError",
    "Playbook",
    "PlaybookImportError",
    "PlaybookStore",
    "Problem",
    "RemedyOption",
    "SeverityLevel",
    "all_playbooks",
    "dump_playbook",
    "duplicate_playbook",
    "load_builtin_playbooks",
    "name_key",
    "parse_playbook",
    "plan_application",
    "plan_import",
    "playbook_from_data",
    "playbook_problems",
    "playbook_to_data",
    "resolve_clash",
]
