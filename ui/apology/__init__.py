"""The apology step: editors, the checker's underlines, findings and phrases."""
