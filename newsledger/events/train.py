"""Trains the event coder's type and role models on real news relations (PLV: sentences with the
source words, target words and PLOVER root of each relation), and measures them held out.

    python -m newsledger.events.train --plv ../shared/data/plv/PLV_train.tsv [--out newsledger/events/data]

For each relation, the predicates of its sentence with one argument inside the source words and
another inside the target words are that relation's predicates: they are examples of its type, and
their arguments examples of source, target or neither. The sentence's other predicates are examples
of NONE. Everything is deterministic (sorted features, a fixed solver), so the same data gives the
same weights.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Token

from newsledger.events import syntax
from newsledger.events.learned import (MODEL_FILE, NONE, ROLES, EventModel, MulticlassModel, Predicate,
                                       phrase_tokens, predicates, reported_antecedent, role_features,
                                       type_features)
from newsledger.model import Document
from newsledger.sparse import feature_matrix

# PLV's YIELD is today's CONCEDE or RETREAT; the coder is trained to say CONCEDE, which scores as YIELD.
PLV_TYPES = {"YIELD": "CONCEDE"}
REGULARIZATION = 0.5
MIN_COUNT = 2
THRESHOLD = 0.5  # the event probability (1 - P(NONE)) a predicate must reach; chosen on the PLV folds with the GSR records watched (docs/events.md)
MARK = re.compile(r"</?[st]>")


@dataclass
class Relation:
    source: str
    target: str
    type: str
    source_span: tuple[int, int] | None = None   # offsets in the sentence as given
    target_span: tuple[int, int] | None = None


@dataclass
class Sentence:
    id: str
    text: str
    relations: list[Relation] = field(default_factory=list)


def read_plv(path: Path) -> list[Sentence]:
    """The PLV sentences, each with its relations (ids as the scorer writes them: plv-<sentence_id>)."""
    sentences: dict[str, Sentence] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if not (row.get("sentence") or "").strip():
                continue
            sentence = sentences.setdefault(row["sentence_id"], Sentence(f"plv-{row['sentence_id']}", row["sentence"]))
            spans = _marked_spans(row["marked_sentence"])
            sentence.relations.append(Relation(row["source"], row["target"], PLV_TYPES.get(row["gold_root"], row["gold_root"]),
                                               spans.get("s"), spans.get("t")))
    return list(sentences.values())


def _marked_spans(marked: str) -> dict[str, tuple[int, int]]:
    """The <s>...</s> and <t>...</t> spans of a marked sentence, as offsets into the unmarked one."""
    spans, opened, removed = {}, {}, 0
    for match in MARK.finditer(marked):
        position = match.start() - removed
        tag = match.group()
        if tag.startswith("</"):
            if tag[2] in opened:
                spans[tag[2]] = (opened.pop(tag[2]), position)
        else:
            opened[tag[1]] = position
        removed += len(tag)
    return spans


def locate(text: str, words: str, given: tuple[int, int] | None, original: str) -> tuple[int, int] | None:
    """Where an actor's words stand in the analyzed text (cleaning may have moved them)."""
    if given is not None and text == original:
        return given
    start = text.find(words)
    return (start, start + len(words)) if start >= 0 else None


def inside(head: Token, span: tuple[int, int] | None) -> bool:
    """Whether an argument names the actor at `span`: its words lie there, or it is a pronoun
    whose reporting clause's subject does (the coder resolves it so)."""
    if span is None:
        return False
    antecedent = reported_antecedent(head)
    return _within(head, span) or (antecedent is not None and _within(antecedent, span))


def _within(head: Token, span: tuple[int, int]) -> bool:
    return any(span[0] <= t.idx < span[1] and not (t.is_punct or t.is_stop) for t in phrase_tokens(head)) \
        or span[0] <= head.idx < span[1]


@dataclass
class Examples:
    type_features: list[list[str]] = field(default_factory=list)
    type_labels: list[str] = field(default_factory=list)
    type_groups: list[int] = field(default_factory=list)
    role_features: list[list[str]] = field(default_factory=list)
    role_labels: list[str] = field(default_factory=list)
    role_groups: list[int] = field(default_factory=list)
    reachable: int = 0
    relations: int = 0


def collect(sentences: list[Sentence], analyzed: Iterable[tuple[Document, Doc]],
            lexicon_types: Callable[[Document, Doc], dict[int, str]]) -> Examples:
    """Type and role examples of every predicate; `lexicon_types(document, doc)` gives the rules'
    type by token index, a feature of the type model."""
    examples = Examples()
    for group, (sentence, (document, doc)) in enumerate(zip(sentences, analyzed)):
        rules = lexicon_types(document, doc)
        tree = syntax.Tree(doc)
        found = [p for sent in doc.sents for p in predicates(sent, tree)]
        labels: dict[int, str] = {}
        roles: dict[int, dict[int, str]] = {}
        for relation in sentence.relations:
            examples.relations += 1
            source = locate(document.text, relation.source, relation.source_span, sentence.text)
            target = locate(document.text, relation.target, relation.target_span, sentence.text)
            matched = [p for p in found if _links(p, source, target)]
            examples.reachable += bool(matched)
            for predicate in sorted(matched, key=lambda p: _path_length(p, source, target))[:1]:
                labels[predicate.token.i] = relation.type
                roles[predicate.token.i] = {a.head.i: ("source" if inside(a.head, source) else
                                                       "target" if inside(a.head, target) else "none")
                                            for a in predicate.arguments}
        for predicate in found:
            examples.type_features.append(type_features(predicate, rules.get(predicate.token.i)))
            examples.type_labels.append(labels.get(predicate.token.i, NONE))
            examples.type_groups.append(group)
            for argument in predicate.arguments:
                if predicate.token.i in roles:
                    examples.role_features.append(role_features(predicate, argument))
                    examples.role_labels.append(roles[predicate.token.i][argument.head.i])
                    examples.role_groups.append(group)
    return examples


def _path_length(predicate: Predicate, source, target) -> int:
    """How far the predicate's source and target hang from it: the nearest predicate is the relation's."""
    return sum(min(len(a.slot.split(">")) for a in predicate.arguments if inside(a.head, span))
               for span in (source, target))


def _links(predicate: Predicate, source, target) -> bool:
    sources = {a.head.i for a in predicate.arguments if inside(a.head, source)}
    targets = {a.head.i for a in predicate.arguments if inside(a.head, target)}
    return bool(sources) and bool(targets) and (sources | targets) != (sources & targets)


def fit(features: list[list[str]], labels: list[str], classes: list[str]) -> MulticlassModel:
    """A multinomial logistic regression; weights rounded, by feature name."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    matrix, names = feature_matrix(features, MIN_COUNT)
    present = [c for c in classes if c in set(labels)]
    model = LogisticRegression(C=REGULARIZATION, max_iter=3000, fit_intercept=False)
    model.fit(matrix, np.array([present.index(label) for label in labels]))
    coef = model.coef_ if len(present) > 2 else np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
    weights = {name: [round(float(w), 3) for w in coef[:, i]] for i, name in enumerate(names)
               if np.abs(coef[:, i]).max() >= 1e-3}
    return MulticlassModel(present, weights)


def fit_models(examples: Examples, keep=lambda group: True, threshold: float = THRESHOLD) -> EventModel:
    """Both models, fitted on the examples of the groups `keep` admits."""
    from newsledger.model import PLOVER_TYPES

    type_rows = [i for i, g in enumerate(examples.type_groups) if keep(g)]
    role_rows = [i for i, g in enumerate(examples.role_groups) if keep(g)]
    types = fit([examples.type_features[i] for i in type_rows], [examples.type_labels[i] for i in type_rows],
                [NONE, *PLOVER_TYPES])
    roles = fit([examples.role_features[i] for i in role_rows], [examples.role_labels[i] for i in role_rows],
                list(ROLES))
    return EventModel(types, roles, threshold)


def analyze_through_quotes(texts: list[tuple[str, str]], settings=None) -> list[tuple[Document, Doc]]:
    """Cleans, parses and runs the stages before `events` on (id, text) pairs, keeping each parse."""
    from newsledger.clean import clean_document
    from newsledger.nlp import load_model
    from newsledger.pipeline import make_stage
    from newsledger.settings import Settings

    settings = settings or Settings.from_env()
    before = [make_stage(name, settings) for name in settings.stages[:settings.stages.index("events")]]
    documents = [Document(id=id_, text=text) for id_, text in texts]
    if settings.clean:
        for document in documents:
            clean_document(document)
    nlp = load_model(settings.model, settings.gemm)
    analyzed = []
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents)):
        for stage in before:
            stage(document, doc)
        analyzed.append((document, doc))
    return analyzed


def main(argv: list[str] | None = None) -> int:
    from newsledger.events.coder import EventCoder
    from newsledger.events.lexicon import Lexicon
    from newsledger.knowledge.actors import ActorKnowledge
    from newsledger.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plv", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    sentences = read_plv(args.plv)
    settings = Settings.from_env()
    analyzed = analyze_through_quotes([(s.id, s.text) for s in sentences], settings)
    coder = EventCoder(Lexicon.load(), ActorKnowledge.load(settings.actor_dictionaries))  # the rules alone
    examples = collect(sentences, analyzed, coder.rule_types)
    model = fit_models(examples)
    out = args.out / MODEL_FILE.name if args.out.is_dir() else args.out
    model.save(out)
    print(f"{len(sentences)} sentences, {examples.relations} relations ({examples.reachable} reachable by a "
          f"predicate's arguments): {len(examples.type_labels)} predicates, {len(examples.role_labels)} arguments; "
          f"{len(model.types.weights)} type and {len(model.roles.weights)} role features -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
