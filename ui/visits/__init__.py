"""The visit step: its form, the brief as PDF and rehearsal."""
