"""The incident list and the first two steps: what happened, and their experience."""
