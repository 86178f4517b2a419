"""Follow-ups and visits as calendar events: the .ics export and its wording."""
