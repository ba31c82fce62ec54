"""The parse every later stage reads: one spaCy pipeline, loaded once per process.

The model is a setting (`Settings.model`, `--model`, or NEWSLEDGER_MODEL): any installed spaCy
English pipeline with a tagger, parser and NER works, e.g. the official `en_core_web_sm` or
`en_core_web_trf`. Its attribute_ruler and rule lemmatizer are replaced by a lookup giving the
same attributes (`newsledger.nlp.attributes`).
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from newsledger.nlp.attributes import use_attribute_lookup
from newsledger.nlp.paragraphs import PARAGRAPH_BREAKS


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"cannot load spaCy model {name!r}: install it (pip install ...) or set NEWSLEDGER_MODEL"
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise RuntimeError(f"spaCy model {name!r} lacks {sorted(missing)}; newsledger needs a parser and NER")
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    use_attribute_lookup(nlp)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
