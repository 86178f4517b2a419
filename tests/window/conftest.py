"""Window tests: a modal dialog nobody answered fails the test instead of hanging the suite."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox


@pytest.fixture(autouse=True)
def no_unanswered_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Answer any modal a test did not patch with Cancel, and fail the test that left it.

    A test that means to answer a dialog patches its ``exec`` (or the static helper) itself;
    that patch is applied after this one and wins.
    """
    shown: list[str] = []

    def cancel(self: QDialog) -> int:
        shown.append(f"{type(self).__name__}: {self.windowTitle()}")
        return int(QDialog.DialogCode.Rejected.value)

    def static(kind: str):  # type: ignore[no-untyped-def]
        def answer(_parent: object, title: str, *_args: object, **_kw: object) -> object:
            shown.append(f"QMessageBox.{kind}: {title}")
            return QMessageBox.StandardButton.Cancel
        return answer

    monkeypatch.setattr(QDialog, "exec", cancel)
    monkeypatch.setattr(QMessageBox, "exec", cancel)
    for kind in ("warning", "question", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, static(kind))
    yield shown
    assert not shown, f"a modal dialog was left for nobody to answer: {shown}"
