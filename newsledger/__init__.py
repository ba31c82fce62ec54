"""newsledger: a sourced, queryable record of who said what and who did what to whom in the news."""

from newsledger.spacy_import import defer_spacy_cli

__version__ = "0.1.0"

defer_spacy_cli()
