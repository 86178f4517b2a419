"""The apology in three parts: saving it, the checker, the checklist and the spoken script."""
