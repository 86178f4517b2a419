"""From `amends` to the first paint: launching, recovering the data file, the smoke test."""
