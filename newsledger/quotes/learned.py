"""The learned models of the quotes stage: which words the rules did not take report an
attribution (the cue model), and which attributions the rules found hold (the keep model).

PolNeAR counts far more words as cues than a lexicon can list ("reserved his passion for",
"sees X as Y", "criticism of X"). `attribution.py` proposes, for every verb, noun and adjective
the rules left alone, the content that word would report and its source; this module describes
such a candidate by sparse features (the word, its parse, its source, its content). The rules,
for their part, also report what PolNeAR does not count (a "say" that introduces no statement,
a transcript line, a stray quotation); the keep model weighs each attribution they found by the
rule that found it, its cue, source and content. Both are logistic regressions trained on
PolNeAR train (`newsledger/quotes/train.py`), with weights in plain JSON (`data/cue_model.json`,
`data/keep_model.json`): inference is a sum of weights, no scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

MODEL_FOLDER = Path(__file__).parent / "data"
CUE_MODEL = "cue_model.json"
KEEP_MODEL = "keep_model.json"
# content lengths (in words) are binned, so that one weight covers a range
LENGTH_BINS = (1, 2, 4, 8, 16, 32)


@dataclass
class Candidate:
    """A word that may report an attribution, with what it would report and who would hold it."""
    cue: Token
    speaker: Token | None
    content: Span
    construction: str          # how the content hangs from the cue: "ccomp:that", "dobj", "prep:about", ...
    lexicon_class: str         # the cue's class in the rules' lexicon, or "none"
    holds_quotation: bool
    in_other_content: bool     # the cue lies inside the content of an attribution the rules found
    overlap: float             # the share of the content already inside such a content


def candidate_features(candidate: Candidate, lemma: str) -> list[str]:
    """The sparse features of a candidate: single facts and the few pairs that matter together
    (the same verb reports speech with a clause and says nothing with an object)."""
    cue, speaker = candidate.cue, candidate.speaker
    words = sum(1 for t in candidate.content if not t.is_punct)
    features = [
        "bias",
        f"lemma={lemma}",
        f"construction={candidate.construction}",
        f"lexicon={candidate.lexicon_class}",
        f"lemma+construction={lemma}|{candidate.construction}",
        f"pos+construction={cue.pos_}|{candidate.construction}",
        f"length<={_length_bin(words)}",
        f"speaker={_speaker_kind(speaker)}",
        f"lemma+speaker={lemma}|{_speaker_kind(speaker)}",
        f"quotation={candidate.holds_quotation}",
        f"in_other_content={candidate.in_other_content}",
        f"overlap={round(candidate.overlap * 4) / 4}",
        f"dep+construction={cue.dep_}|{candidate.construction}",
        f"speaker+construction={_speaker_kind(speaker)}|{candidate.construction}",
        f"head_lemma={cue.head.lemma_.lower()}",
        f"content_starts={candidate.content[0].tag_}",
        f"content_has_subject={any(t.dep_ in ('nsubj', 'nsubjpass') for t in candidate.content)}",
        f"lexicon+construction={candidate.lexicon_class}|{candidate.construction}",
        *_cue_features(cue, lemma),
        *_speaker_features(speaker),
    ]
    particle = next((c.lower_ for c in cue.children if c.dep_ == "prt"), None)
    if particle is not None:
        features.append(f"particle={lemma}|{particle}")
    return features


@dataclass
class Found:
    """An attribution a rule found, as the keep model weighs it."""
    rule: str                  # which rule found it: "cue:clause", "phrase", "object", "floating", ...
    kind: str                  # direct, mixed or indirect
    cue: Token | None          # the cue's first word (none for a floating quote)
    speaker: Token | None
    content: list[Token]
    quotations: int            # how many quotations its content holds
    reports_speech: bool
    in_other_content: bool     # the cue lies inside another attribution's content
    paragraph: int


def found_features(found: Found, lemma: str) -> list[str]:
    """The sparse features of an attribution the rules found: the rule, its cue and the cue's
    parse, the source's kind, the content's length and shape, and the pairs that matter together
    (a "say" with a quotation holds, a "say" heading no clause often does not)."""
    words = sum(1 for t in found.content if not t.is_punct)
    speaker = _speaker_kind(found.speaker)
    length = _length_bin(words)
    features = [
        "bias",
        f"rule={found.rule}",
        f"kind={found.kind}",
        f"rule+kind={found.rule}|{found.kind}",
        f"lemma={lemma}",
        f"rule+lemma={found.rule}|{lemma}",
        f"lemma+kind={lemma}|{found.kind}",
        f"speaker={speaker}",
        f"rule+speaker={found.rule}|{speaker}",
        f"lemma+speaker={lemma}|{speaker}",
        f"length<={length}",
        f"kind+length={found.kind}|{length}",
        f"rule+length={found.rule}|{length}",
        f"quotations={min(found.quotations, 3)}",
        f"speech={found.reports_speech}",
        f"in_other_content={found.in_other_content}",
        f"headline={found.paragraph == 0}",
    ]
    if found.content:
        first, last = found.content[0], found.content[-1]
        features.append(f"content_starts={first.tag_}")
        features.append(f"content_ends={last.text if last.is_punct else last.tag_}")
        features.append(f"content_has_subject={any(t.dep_ in ('nsubj', 'nsubjpass') for t in found.content)}")
        features.append(f"content_has_verb={any(t.pos_ in ('VERB', 'AUX') for t in found.content)}")
    if found.cue is not None:
        features.extend(_cue_features(found.cue, lemma))
        features.append(f"lemma+tag={lemma}|{found.cue.tag_}")
    features.extend(_speaker_features(found.speaker))
    return features


def _cue_features(cue: Token, lemma: str) -> list[str]:
    """What both models read off a cue word: its parse, its dependents and whether it is negated."""
    features = [f"pos={cue.pos_}", f"tag={cue.tag_}", f"dep={cue.dep_}", f"head_pos={cue.head.pos_}",
                f"lemma+dep={lemma}|{cue.dep_}"]
    features.extend(f"child={child.dep_}" for child in cue.children if not child.is_punct)
    if any(child.dep_ == "neg" for child in cue.children):
        features.append("negated")
    return features


def _speaker_features(speaker: Token | None) -> list[str]:
    """What both models read off a source: its entity label and lemma."""
    if speaker is None:
        return []
    return [f"speaker_entity={speaker.ent_type_ or 'none'}", f"speaker_lemma={speaker.lemma_.lower()}"]


def _length_bin(words: int) -> int:
    return next((limit for limit in LENGTH_BINS if words <= limit), LENGTH_BINS[-1] + 1)


def _speaker_kind(speaker: Token | None) -> str:
    if speaker is None:
        return "none"
    if speaker.pos_ == "PRON":
        return f"pron:{speaker.lower_}"
    return speaker.pos_


class LinearModel:
    """A logistic regression over sparse features (`candidate_features`, `found_features`), read
    from its JSON weights."""

    def __init__(self, weights: dict[str, float], threshold: float):
        self.weights = weights
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path) -> "LinearModel | None":
        """A trained model, or None where it has not been trained (the rules then work alone)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["threshold"])

    def probability(self, features: list[str]) -> float:
        score = sum(self.weights.get(feature, 0.0) for feature in features)
        return 1.0 / (1.0 + math.exp(-score))
