"""`newsledger export`: the store's events as one row per event, in the shapes event-data tools load.

Every row carries what an analyst would otherwise join by hand: the actors' names, countries and
sectors, the event's type, mode, CAMEO code and quad class, its date and the date's precision,
the place with its coordinates, the sentence, and the article's outlet, URL and headline.
Column names and their meaning: docs/export.md.
"""

from __future__ import annotations

from newsledger.export.rows import event_rows
from newsledger.export.write import FORMATS, write_export

__all__ = ["FORMATS", "event_rows", "write_export"]
