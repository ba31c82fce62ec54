"""The quotes stage: every quotation and reported statement, with its cue, speaker and speaker entity.

Reads the text's quotation marks (`marks`), finds cues, sources and contents in the parse
(`attribution`), and resolves each source to an entity of `document.entities` or a group
(`speakers`). Two models trained on PolNeAR (`learned`, `train`) weigh the rules' attributions
(dropping what PolNeAR does not count) and add the stances and reports whose cue words the
lexicons lack. Direct quotes keep their quotation marks in `content`; a
quote split by its cue ("“A,” she said, “B.”") or continued by the next quoted sentence is one
quote with several spans.
See docs/quotes.md.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.knowledge import ActorKnowledge
from newsledger.model import Document, Quote, Span
from newsledger.pipeline import register_stage
from newsledger.quotes.attribution import Attribution, AttributionFinder
from newsledger.quotes.learned import CUE_MODEL, KEEP_MODEL, MODEL_FOLDER, LinearModel
from newsledger.quotes.lexicon import QuoteLexicon
from newsledger.quotes.marks import find_quotations
from newsledger.quotes.speakers import SpeakerResolver
from newsledger.settings import Settings


class QuoteStage:
    def __init__(self, lexicon: QuoteLexicon, knowledge=None, cue_model: LinearModel | None = None,
                 keep_model: LinearModel | None = None):
        self.find_attributions = AttributionFinder(lexicon, cue_model, keep_model)
        self.resolve_speakers = SpeakerResolver(lexicon, knowledge)

    def __call__(self, document: Document, parsed: Doc) -> None:
        attributions = self.find_attributions(parsed, find_quotations(document.text))
        resolved = self.resolve_speakers(document, [(a.speaker_head, a.speaker) for a in attributions])
        document.quotes = [_quote(document.text, f"q{n}", attribution, entity, group)
                           for n, (attribution, (entity, group)) in enumerate(zip(attributions, resolved), 1)]


def _quote(text: str, quote_id: str, attribution: Attribution, entity: str | None, group: str | None) -> Quote:
    return Quote(
        id=quote_id,
        kind=attribution.kind,
        content=[_span(text, span) for span in attribution.content],
        cue=_span(text, attribution.cue) if attribution.cue else None,
        speaker=_span(text, attribution.speaker) if attribution.speaker else None,
        speaker_entity=entity,
        speaker_group=group,
    )


def _span(text: str, span: tuple[int, int]) -> Span:
    return Span(start=span[0], end=span[1], text=text[span[0]:span[1]])


@register_stage("quotes")
def quote_stage(settings: Settings) -> QuoteStage:
    return QuoteStage(QuoteLexicon.load(), ActorKnowledge.load(settings.actor_dictionaries),
                      LinearModel.load(MODEL_FOLDER / CUE_MODEL), LinearModel.load(MODEL_FOLDER / KEEP_MODEL))
