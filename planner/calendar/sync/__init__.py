"""Two-way sync with a CalDAV calendar: account, password, server, objects, queue and the sync itself."""
