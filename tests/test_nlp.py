"""The parse the stages read: the attribute lookup gives exactly the stock components' attributes."""

from __future__ import annotations

import spacy

from newsledger.nlp import load_model
from newsledger.nlp.attributes import ATTRIBUTE_LOOKUP
from newsledger.nlp.paragraphs import PARAGRAPH_BREAKS
from newsledger.settings import Settings

# Sentences that reach the ruler's special patterns: "gon na", "let 's", "y' all", an expletive
# "there is", "ai n't", auxiliaries, "I"/"it" as subject and object, spaces, "gets"/"got".
TEXTS = [
    "We're gonna win, let's go. Y'all know there is no way it ain't so.\n\nI told it to me.",
    "She gets what she wants; he got nothing. Do you have it?  It has been done, but it was hard.",
    "There were 3 talks in Geneva on Monday, the minister said, and they are \"not over\".",
    "\n\n  Which one did they pick?  c'mon,   nothin' to see here!",
]


def token_attributes(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_)
            for t in doc]


def test_lookup_replaces_ruler_and_lemmatizer():
    nlp = load_model(Settings().model)
    assert ATTRIBUTE_LOOKUP in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names


def test_lookup_gives_the_stock_attributes_on_every_token():
    stock = spacy.load(Settings().model)
    stock.add_pipe(PARAGRAPH_BREAKS, before="parser")
    ours = load_model(Settings().model)
    # twice through ours: the second pass copies cached results
    for _ in range(2):
        for expected, got in zip(stock.pipe(TEXTS), ours.pipe(TEXTS)):
            assert token_attributes(got) == token_attributes(expected)
