"""Sentences never run across a paragraph break.

The small English parser sometimes carries a sentence over a blank line, when a paragraph ends
without a full stop (a scraped line that ends in a comma, a headline, a dateline). Every stage
reads sentences (an event's actors, a quote's cue), so such a sentence joins facts that the
article keeps apart. Marking the token after each blank line as a sentence start before the
parser runs makes the parser respect the break.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAKS = "newsledger_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc
