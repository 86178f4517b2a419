"""The face-to-face visit: its plan, the one-page brief and the rehearsal cue cards."""
