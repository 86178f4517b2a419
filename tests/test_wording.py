"""The product speaks US English: a user reads "apologize", never "apologise" (what they type
in either spelling is still checked; the rule files' examples keep both)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRITISH = re.compile(r"apologis", re.IGNORECASE)


def test_the_screens_say_apologize() -> None:
    found = []
    for path in (ROOT / "ui").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if BRITISH.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_rule_messages_and_playbooks_say_apologize() -> None:
    found = []
    for path in (ROOT / "resources" / "rules").glob("*.toml"):
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rule", []):
            for key in ("message", "suggestion", "reason"):
                if BRITISH.search(str(rule.get(key, ""))):
                    found.append(f"{path.name} {rule.get('id')}: {key}")
    for path in (ROOT / "resources" / "playbooks").glob("*.toml"):
        if BRITISH.search(path.read_text(encoding="utf-8")):
            found.append(path.name)
    assert not found, found
