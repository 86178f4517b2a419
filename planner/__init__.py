"""Amends domain: incidents, apologies, visits, follow-ups and playbooks, with no Qt."""
from __future__ import annotations

__version__ = "0.1.0"
