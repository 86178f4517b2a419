"""Across incidents: Today, the timeline of one incident, and search."""
