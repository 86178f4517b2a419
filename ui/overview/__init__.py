"""Today, search and the timeline."""
