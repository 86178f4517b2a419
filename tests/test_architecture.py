"""The domain never imports Qt: every planner module imports in a Qt-free process."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import planner

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
