"""The domain never imports Qt: every planner module imports in a Qt-free process."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import planner
from tests.import_graph import cycles, import_graph

ROOT = Path(__file__).resolve().parent.parent


def all_planner_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.walk_packages(planner.__path__, prefix="planner.")
    )


def test_planner_modules_never_import_pyside6() -> None:
    modules = all_planner_modules()
    assert "planner.store.db" in modules and "planner.cli.main" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "print('\\n'.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, f"planner imported Qt/ui modules:\n{result.stdout}{result.stderr}"


def test_every_module_has_a_docstring() -> None:
    missing = []
    for folder in ("planner", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8").lstrip()
            if not text.startswith(('"""', "'''")):
                missing.append(str(path.relative_to(ROOT)))
    assert not missing, f"modules without a one-line docstring: {missing}"


# Each unit's layer: a module may import modules of its own unit or of a lower layer, never
# a higher or an equal one. Top-level leaves import nothing of ours; ui's top-level modules
# form one unit (the shared plumbing every page uses).
PLANNER_LAYERS = {
    "planner": 0, "planner.errors": 0, "planner.timeutil": 0, "planner.resources": 0,
    "planner.uids": 0, "planner.typed_dates": 0,
    "planner.store": 1,
    "planner.incidents": 2,
    "planner.apology": 3,
    "planner.visits": 4,
    "planner.followups": 5,
    "planner.calendar": 6,  # presents visits and follow-ups to other calendars
    "planner.playbooks": 7, "planner.overview": 7,
    "planner.sample": 8, "planner.lint": 8,
    "planner.cli": 9,
}
UI_LAYERS = {
    "ui.editing": 9.5,  # the undo history and date field under every page and ui's own top level
    "ui": 10,
    "ui.incidents": 11,
    "ui.apology": 12,
    "ui.visits": 13,
    "ui.followups": 14,
    "ui.calendar": 15,
    "ui.playbooks": 16, "ui.overview": 16,
    "ui.window": 17,
    "ui.startup": 18,
}
LEAVES = {"planner", "planner.errors", "planner.timeutil", "planner.resources", "planner.uids",
          "planner.typed_dates"}


def unit_of(module: str) -> str:
    """The package (or top-level module) a module belongs to, for the layer rule."""
    parts = module.split(".")
    if parts[0] == "ui" and (len(parts) == 1 or f"ui.{parts[1]}" not in UI_LAYERS):
        return "ui"  # ui's top-level modules share one unit
    return ".".join(parts[:2])


def layer_of(module: str) -> int:
    unit = unit_of(module)
    layers = {**PLANNER_LAYERS, **UI_LAYERS}
    assert unit in layers, f"{module}: its package {unit} has no layer; add it to this test"
    return layers[unit]


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_imports_flow_one_way() -> None:
    wrong = []
    for module, targets in sorted(import_graph().items()):
        for target in sorted(targets):
            if unit_of(target) == unit_of(module) and module not in LEAVES:
                continue
            if layer_of(target) >= layer_of(module):
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_few_modules_at_the_top() -> None:
    for folder, most in (("planner", 8), ("ui", 12)):
        top = [p for p in (ROOT / folder).glob("*.py") if p.name != "__init__.py"]
        assert len(top) <= most, f"{folder}/ has {len(top)} top-level modules: {top}"


def test_the_graph_sees_function_level_imports_and_skips_type_checking(tmp_path: Path) -> None:
    for top in ("planner", "ui"):
        (tmp_path / top).mkdir()
        (tmp_path / top / "__init__.py").write_text('"""x"""\n')
    (tmp_path / "planner" / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from planner import b\n"
        "def f():\n    from planner.c import thing\n")
    (tmp_path / "planner" / "b.py").write_text("import planner.a\n")
    (tmp_path / "planner" / "c.py").write_text("from planner import a\n")
    graph = import_graph(tmp_path)
    assert graph["planner.a"] == {"planner.c"}
    assert cycles(graph) == [["planner.a", "planner.c"]]


def test_only_shell_commands_and_the_launcher_use_the_command_line_package() -> None:
    """A page or dialog calls the planner's services, never a shell command's module."""
    allowed = {"ui.startup.launcher", "ui.visits.brief_command"}
    wrong = [f"{module} -> {target}" for module, targets in sorted(import_graph().items())
             for target in sorted(targets)
             if module.startswith("ui") and target.startswith("planner.cli") and module not in allowed]
    assert not wrong, "ui reaches into shell commands:\n" + "\n".join(wrong)
