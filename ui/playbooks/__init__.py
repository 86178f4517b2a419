"""Playbooks in the window: the manager, the editor and the offer when a failure type is chosen."""
