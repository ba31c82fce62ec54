"""newsledger: a sourced, queryable record of who said what and who did what to whom in the news."""

__version__ = "0.1.0"
