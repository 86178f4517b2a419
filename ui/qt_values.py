"""Qt's enum values as plain ints, for the widgets on start-up's way to the first paint of the data.

The first use of PySide6's `Qt` namespace (`from PySide6.QtCore import Qt`) makes PySide build
Python enum classes for all of its ninety-odd enumerations, some 20 ms, about a tenth of a
bare window's start. The list and Today paint without it: a model's data() gets its role as
an int anyway, and a widget takes an enum as a Qt property (`set_enum`) as readily as through
its setter. Code that runs later (a key press, a click, the workspace) uses `Qt` as usual.
`tests/startup/test_first_paint_enums.py` holds the first paint to this.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QObject
    from PySide6.QtGui import QShortcut
    from PySide6.QtWidgets import QWidget

# Qt::ItemDataRole
DISPLAY_ROLE = 0
TOOLTIP_ROLE = 3
FONT_ROLE = 6
FOREGROUND_ROLE = 9
USER_ROLE = 256

# Qt::AlignmentFlag
ALIGN_LEFT = 0x0001
ALIGN_TOP = 0x0020
ALIGN_VCENTER = 0x0080
ALIGN_CENTER = 0x0084  # AlignHCenter | AlignVCenter

# Qt::ScrollBarPolicy
SCROLL_BAR_ALWAYS_OFF = 1

# Qt::ShortcutContext
WIDGET_SHORTCUT = 0


def set_enum(target: QObject, prop: str, value: int) -> None:
    """Set an enum-typed Qt property (alignment, horizontalScrollBarPolicy, …) from its int value."""
    set_property(target, prop, value)


def shortcut(parent: QWidget, keys: str, slot: Callable[[], object], *, context: int | None = None,
             what: str = "") -> QShortcut:
    """A keyboard shortcut ("Ctrl+F") on parent, its key given as text: a QKeySequence made in
    Python would set up that class's enumerations (1 ms) before the data's first paint."""
    from PySide6.QtGui import QShortcut

    made = QShortcut(parent)
    set_property(made, "key", keys)
    if context is not None:
        set_enum(made, "context", context)
    if what:
        made.setWhatsThis(what)
    made.activated.connect(slot)
    return made


def set_property(target: QObject, prop: str, value: object) -> None:
    """Set a Qt property that Qt converts from a plain value (a key sequence from its text)."""
    if not target.setProperty(prop, value):
        raise ValueError(f"{type(target).__name__} has no writable property {prop!r}")
