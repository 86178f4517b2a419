"""Amends user interface: PySide6 views over the planner domain."""
