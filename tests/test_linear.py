"""Every stage is linear in the size of a document: doubling the text at most doubles a stage's time.

The bound is generous (x2 the doubling, plus a small floor for timer noise) so that it is stable
on a loaded machine, yet a stage that rescans the text once per expression (quadratic) breaks it:
at these sizes such a stage costs about four times as much for twice the text.
"""

from __future__ import annotations

import time

import pytest

from newsledger.model import Document
from newsledger.nlp import load_model
from newsledger.pipeline import make_stage
from newsledger.settings import DEFAULT_STAGES, Settings

# A paragraph we wrote, with quotes, events, dates, places and numbers for every stage to read.
PARAGRAPH = ("On Monday, the foreign minister of France said talks with Russia in Geneva would resume "
             "next week. \u201cWe will not accept threats,\u201d she told reporters, adding that 40,000 troops "
             "had gathered near the border since January 3. Officials in Kyiv said Moscow had rejected "
             "the proposal two days earlier.")
REPEATS = 30
GENEROUS = 2.0  # on top of the doubling itself
NOISE_FLOOR = 0.02  # seconds
# The time and places stages rebuild Doc.text per expression (issue #17 makes them linear).
NOT_YET_LINEAR = {"time", "places"}


def stage_seconds(text: str, published: str = "2022-01-10") -> dict[str, float]:
    """CPU seconds each stage spends on the text (the least of three runs)."""
    settings = Settings()
    nlp = load_model(settings.model)
    stages = [(name, make_stage(name, settings)) for name in DEFAULT_STAGES]
    parsed = nlp(text)
    best: dict[str, float] = {}
    for _ in range(3):
        document = Document(id="linear", text=text, published=published)
        for name, stage in stages:
            started = time.process_time()
            stage(document, parsed)
            best[name] = min(best.get(name, float("inf")), time.process_time() - started)
    return best


@pytest.fixture(scope="module")
def timings() -> tuple[dict[str, float], dict[str, float]]:
    single = "\n\n".join([PARAGRAPH] * REPEATS)
    return stage_seconds(single), stage_seconds(single + "\n\n" + single)


@pytest.mark.parametrize("stage", [name for name in DEFAULT_STAGES if name not in NOT_YET_LINEAR])
def test_doubling_a_document_at_most_doubles_a_stage(timings, stage):
    once, twice = timings
    assert twice[stage] <= 2 * GENEROUS * once[stage] + NOISE_FLOOR, \
        f"{stage}: {once[stage]:.3f}s for the text, {twice[stage]:.3f}s for twice the text"
