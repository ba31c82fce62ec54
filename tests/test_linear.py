"""Every stage is linear in the size of a document: four times the text costs a stage at most
four times the CPU time, with a generous margin.

The margin (x2.5 on top of the growth itself, plus a small floor for timer noise) keeps the test
stable on a loaded machine, yet a stage that rescans the text or its items once per item
(quadratic) breaks it: such a stage costs about sixteen times as much for four times the text.
Checked on a paragraph of ordinary news and on each adversarial text of issue #17 (row 5), which
once made clean, quotes, places, time and readout quadratic.
"""

from __future__ import annotations

import time
from functools import lru_cache

import pytest

from hostile import ADVERSARIAL_UNITS, adversarial_text
from newsledger.clean import clean_document
from newsledger.model import Document
from newsledger.nlp import load_model
from newsledger.pipeline import make_stage
from newsledger.settings import DEFAULT_STAGES, Settings

# A paragraph we wrote, with quotes, events, dates, places and numbers for every stage to read.
PARAGRAPH = ("On Monday, the foreign minister of France said talks with Russia in Geneva would resume "
             "next week. \u201cWe will not accept threats,\u201d she told reporters, adding that 40,000 troops "
             "had gathered near the border since January 3. Officials in Kyiv said Moscow had rejected "
             "the proposal two days earlier.")
REPEATS = 12
GROWTH = 4
MARGIN = 2.5  # on top of the growth itself
NOISE_FLOOR = 0.03  # CPU seconds
ADVERSARIAL_CHARS = 3_000
# One sentence of thousands of words: the quotes stage reads each verb's reported clause, up to
# quotes.attribution.MAX_CONTENT_TOKENS (2,000) tokens, so it is linear only past sentences of that
# length (about 10,000 characters of this text); below, it grows with the square of the sentence.
CHARS_OF = {"long_sentence": 12_000}


@lru_cache(maxsize=1)
def _pipeline():
    settings = Settings()
    return load_model(settings.model), [(name, make_stage(name, settings)) for name in DEFAULT_STAGES]


def step_seconds(text: str, published: str = "2022-01-10") -> dict[str, float]:
    """CPU seconds the cleaning and each stage spend on the text (the least of three runs)."""
    nlp, stages = _pipeline()
    cleaned = Document(id="linear", text=text, published=published)
    clean_document(cleaned)
    parsed = nlp(cleaned.text)
    best: dict[str, float] = {}

    def timed(name, step) -> None:
        started = time.process_time()
        step()
        best[name] = min(best.get(name, float("inf")), time.process_time() - started)

    for _ in range(3):
        timed("clean", lambda: clean_document(Document(id="linear", text=text, published=published)))
        document = cleaned.model_copy(deep=True)
        for name, stage in stages:
            timed(name, lambda: stage(document, parsed))
    return best


def assert_linear(once: dict[str, float], grown: dict[str, float], what: str) -> None:
    slow = {name: (once[name], grown[name]) for name in once
            if grown[name] > GROWTH * MARGIN * once[name] + NOISE_FLOOR}
    assert not slow, f"{what}: x{GROWTH} the text costs more than x{GROWTH * MARGIN:g} in " + ", ".join(
        f"{name} ({small:.3f}s -> {large:.3f}s)" for name, (small, large) in slow.items())


def test_four_times_an_article_costs_each_step_at_most_four_times():
    text = "\n\n".join([PARAGRAPH] * REPEATS)
    assert_linear(step_seconds(text), step_seconds("\n\n".join([text] * GROWTH)), "an article")


@pytest.mark.parametrize("kind", list(ADVERSARIAL_UNITS))
def test_four_times_an_adversarial_text_costs_each_step_at_most_four_times(kind):
    chars = CHARS_OF.get(kind, ADVERSARIAL_CHARS)
    once = step_seconds(adversarial_text(kind, chars))
    grown = step_seconds(adversarial_text(kind, GROWTH * chars))
    assert_linear(once, grown, kind)
