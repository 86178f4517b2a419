"""Follow-ups: the promises after the apology, their cadence and their plan."""
