"""Editing aids every page shares: the window's undo history and the typed date and time field."""
