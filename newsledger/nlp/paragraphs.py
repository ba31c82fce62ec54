"""Sentences never run across a paragraph break.

The small English parser sometimes carries a sentence over a blank line, when a paragraph ends
without a full stop (a scraped line that ends in a comma, a headline, a dateline). Every stage
reads sentences (an event's actors, a quote's cue), so such a sentence joins facts that the
article keeps apart. Marking the token after each blank line as a sentence start before the
parser runs makes the parser respect the break.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAKS = "newsledger_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    # One array write: setting `token.is_sent_start` token by token re-checks the whole document
    # each time, which is quadratic in a text of many short paragraphs.
    starts = numpy.zeros((len(doc), 1), dtype="uint64")
    previous_break = False
    for token in doc:
        if previous_break and not token.is_space:
            starts[token.i, 0] = 1
        previous_break = token.is_space and token.text.count("\n") >= 2
    if starts.any():
        doc.from_array([SENT_START], starts)
    return doc
