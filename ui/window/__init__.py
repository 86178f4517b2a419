"""The main window's frame: menus, navigation, the workspace and its settings."""
