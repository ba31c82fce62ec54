"""Text repair and boilerplate removal, run on every document before the parse.

`clean_document` rewrites `Document.text` and lists every change in `Document.cleaning`, with
offsets into the text as it was given, so a reader can always see (and undo) what cleaning did.
The rules (see `rules.py`) run in this order: whitespace, mojibake, title, boilerplate, credits
(bylines, editing credits, author bios, a live blog's feed: `credits.py`), duplicates, broken
paragraphs, spacing, quote marks, and last the dateline, which becomes `Document.dateline`.
Phrase lists live in `data/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsledger.clean import credits, rules
from newsledger.clean.draft import Draft
from newsledger.model import CleaningChange, Dateline, Document, ErrorInfo


@dataclass
class CleanResult:
    text: str
    changes: list[CleaningChange] = field(default_factory=list)
    title: str | None = None
    dateline: Dateline | None = None


def clean_text(text: str, title: str | None = None) -> CleanResult:
    """Cleans `text`; `title` is the known headline, if any (a first line repeating it is dropped)."""
    draft = Draft(text)
    rules.normalize_whitespace(draft)
    rules.repair_mojibake(draft)
    title = rules.take_title(draft, title)
    rules.remove_boilerplate(draft)
    credits.remove_credits(draft)
    rules.remove_duplicates(draft)
    rules.join_broken_paragraphs(draft)
    rules.fix_spacing(draft)
    rules.fix_quote_marks(draft)
    dateline = credits.separate_dateline(draft)  # last: its offsets index the final text
    return CleanResult(text=draft.text, changes=draft.changes, title=title, dateline=dateline)


def clean_document(document: Document) -> None:
    """Cleans the document's text; a text of which nothing is left (only marks, symbols, invisible
    characters or furniture) makes the document fail with kind `empty_after_cleaning`."""
    result = clean_text(document.text, document.title)
    document.text = result.text
    document.cleaning.extend(result.changes)
    document.title = result.title
    document.dateline = result.dateline
    if not result.text.strip():
        document.error = ErrorInfo(stage="clean", kind="empty_after_cleaning",
                                   message="nothing is left of the text after cleaning: it holds no words, "
                                           "only marks, symbols, invisible characters or page furniture")
