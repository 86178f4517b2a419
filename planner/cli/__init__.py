"""The shell commands, one module per command."""
