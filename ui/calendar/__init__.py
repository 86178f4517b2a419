"""The connected calendar in the app: connecting, syncing in the background, the status, choices."""
