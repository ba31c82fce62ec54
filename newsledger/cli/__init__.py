"""The `newsledger` command line."""
