"""Text every later step can encode: lone surrogates replaced, before anything else sees a document.

A JSONL field may hold an escaped lone surrogate (`"\\ud800"`) and a file name that is not UTF-8
decodes to surrogate escapes; Python keeps both in a `str`, but nothing can write them as UTF-8
(the JSON output, the store, the parse's own strings), so one such document would stop its batch.
Each becomes U+FFFD; a replacement in the text is listed in `Document.cleaning` (kind `surrogate`),
with the escaped code points as `before`.
"""

from __future__ import annotations

import re

from newsledger.model import CleaningChange, Document

SURROGATES = re.compile("[\ud800-\udfff]+")
REPLACEMENT = "\ufffd"
FIELDS = ("id", "source", "title", "url", "outlet", "published")


def valid_text(text: str) -> str:
    return SURROGATES.sub(lambda match: REPLACEMENT * len(match.group()), text)


def make_valid(document: Document) -> Document:
    """Replaces lone surrogates in every text field of `document`, recording those in its text."""
    for name in FIELDS:
        value = getattr(document, name)
        if isinstance(value, str) and SURROGATES.search(value):
            setattr(document, name, valid_text(value))
    document.authors = [valid_text(author) for author in document.authors]
    if document.error is not None:
        document.error.message = valid_text(document.error.message)
    if SURROGATES.search(document.text):
        document.cleaning.extend(
            CleaningChange(kind="surrogate", start=match.start(), end=match.end(),
                           before=_escaped(match.group()), after=REPLACEMENT * len(match.group()))
            for match in SURROGATES.finditer(document.text))
        document.text = valid_text(document.text)
    return document


def _escaped(surrogates: str) -> str:
    return "".join(f"\\u{ord(character):04x}" for character in surrogates)
