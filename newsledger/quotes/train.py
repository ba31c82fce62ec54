"""Train the cue and keep models (learned.py) on PolNeAR train and write their weights as JSON.

    .venv/bin/python -m newsledger.quotes.train --polnear ../shared/data/polnear --out newsledger/quotes/data

Reads only the `train` split. Each article is parsed once and the rules run on it.
- Cue model: every candidate the rules left (attribution.py) is an example, positive when its
  content matches, as the scorer matches (word Dice >= 0.5), a gold attribution no rule
  prediction matched.
- Keep model: every attribution the rules found is an example, positive when the scorer's
  one-to-one matching pairs it with a gold attribution.
A logistic regression (scikit-learn, fixed seed) is fitted on each; the cue model's acceptance
threshold is the one that most raises all-attributions F1 of rules plus model over out-of-fold
predictions, and then the keep model's threshold the one that most raises it further. Only
features seen in at least `--min-count` examples are kept. scikit-learn is needed here only: the
stage reads the JSON.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from newsledger.quotes.attribution import AttributionFinder
from newsledger.quotes.learned import CUE_MODEL, KEEP_MODEL, MODEL_FOLDER, LinearModel
from newsledger.quotes.lexicon import QuoteLexicon
from newsledger.quotes.marks import find_quotations
from newsledger.sparse import feature_matrix

WORD = re.compile(r"\w+")
MATCH_DICE = 0.5
FOLDS = 5
SEED = 13
REGULARIZATION = 0.3   # inverse L2 strength (scikit-learn's C)
MIN_COUNT = 3          # features seen in fewer examples get no weight


@dataclass
class Article:
    name: str
    text: str
    contents: list[list[tuple[int, int]]]   # the gold attributions' content spans
    sources: list[list[tuple[int, int]]]    # and their source spans (empty: no source)


@dataclass
class Examples:
    """One model's examples, each with the article it comes from (folds split by article)."""
    features: list[list[str]]
    articles: list[int]
    targets: list[int]      # the gold attribution (of its article) each example matches, or -1

    @property
    def labels(self) -> list[int]:
        return [int(target >= 0) for target in self.targets]

    def add(self, features: list[str], article: int, target: int) -> None:
        self.features.append(features)
        self.articles.append(article)
        self.targets.append(target)


@dataclass
class Collected:
    candidates: Examples    # for the cue model: the candidates the rules left
    found: Examples         # for the keep model: the attributions the rules found
    gold: int               # gold attributions in all articles

    @property
    def rule_matches(self) -> int:
        return sum(self.found.labels)


def read_split(folder: Path, limit: int | None = None) -> list[Article]:
    """The articles of a PolNeAR split folder (text/, attributions/ in BRAT); where an article
    has several annotators' files, the first by name, as the scorer reads it."""
    annotations = sorted((folder / "attributions").glob("*.ann"))
    articles = []
    for path in sorted((folder / "text").glob("*.txt"))[:limit]:
        mine = [a for a in annotations if a.stem == path.stem or a.name.startswith(path.stem + "_")]
        if mine:
            contents, sources = _gold_attributions(mine[0])
            articles.append(Article(path.stem, path.read_text(encoding="utf-8"), contents, sources))
    return articles


def _gold_attributions(path: Path) -> tuple[list[list[tuple[int, int]]], list[list[tuple[int, int]]]]:
    """The content and source spans of each attribution of a BRAT file."""
    spans, contents, sources = {}, [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if fields[0].startswith("T"):
            label, _, ranges = fields[1].partition(" ")
            spans[fields[0]] = (label, [tuple(int(n) for n in piece.split()) for piece in ranges.split(";")
                                        if len(piece.split()) == 2])
        elif fields[0].startswith("E"):
            roles = [argument.split(":", 1) for argument in fields[1].split() if ":" in argument]
            role_spans = {}
            for role, tid in roles:
                role_spans.setdefault(role, []).extend(spans.get(tid, ("", []))[1])
            if role_spans.get("Content"):
                contents.append(role_spans["Content"])
                sources.append(role_spans.get("Source", []))
    return contents, sources


def _words(text_words: list[tuple[int, int]], spans) -> frozenset[int]:
    return frozenset(i for i, (a, b) in enumerate(text_words) for start, end in spans if a < end and b > start)


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def collect(articles: list[Article], parses: Iterable[Doc], finder: AttributionFinder) -> Collected:
    """What the rules find and the candidates they leave in each article (with its parse),
    labelled against its gold."""
    collected = Collected(Examples([], [], []), Examples([], [], []), 0)
    for n, (article, parsed) in enumerate(zip(articles, parses)):
        text_words = [m.span() for m in WORD.finditer(article.text)]
        gold = [_words(text_words, content) for content in article.contents]
        attributions, described, candidates = finder.rules_and_candidates(parsed, find_quotations(article.text))
        pairs = _matched_pairs([_words(text_words, a.content) for a in attributions], gold)
        for i, found in enumerate(described):
            collected.found.add(finder.found_features(found), n, pairs.get(i, -1))
        matched = set(pairs.values())
        for candidate in candidates:
            collected.candidates.add(finder.candidate_features(candidate), n,
                                     _target(candidate, text_words, gold, matched, article.sources))
        collected.gold += len(gold)
    return collected


def _target(candidate, text_words, gold: list[frozenset[int]], matched: set[int], sources) -> int:
    """The gold attribution no rule matched that a candidate matches best, with its source where
    the gold names one (a content with the wrong source is a wrong answer), or -1."""
    content = candidate.content
    words = _words(text_words, [(content[0].idx, content[-1].idx + len(content[-1]))])
    speaker = candidate.speaker
    speaker_words = _words(text_words, [(speaker.left_edge.idx, speaker.right_edge.idx + len(speaker.right_edge))]) if speaker is not None else frozenset()
    best, target = MATCH_DICE, -1
    for i, gold_words in enumerate(gold):
        dice = _dice(words, gold_words)
        if i in matched or dice < best:
            continue
        if sources[i] and not speaker_words & _words(text_words, sources[i]):
            continue
        best, target = dice, i
    return target


def _matched_pairs(predicted: list[frozenset[int]], gold: list[frozenset[int]]) -> dict[int, int]:
    """Which gold attribution each prediction matches, one to one, best pairs first (as the scorer)."""
    pairs = sorted(((_dice(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)), reverse=True)
    matches, used_gold = {}, set()
    for dice, i, j in pairs:
        if dice < MATCH_DICE:
            break
        if i not in matches and j not in used_gold:
            matches[i] = j
            used_gold.add(j)
    return matches


def fit(features: list[list[str]], labels: list[int], min_count: int) -> dict[str, float]:
    """Logistic regression weights by feature name (the intercept is the "bias" feature's)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    matrix, names = feature_matrix(features, min_count)
    model = LogisticRegression(C=REGULARIZATION, max_iter=2000, solver="liblinear", fit_intercept=False,
                               random_state=SEED)
    model.fit(matrix, np.array(labels))
    return {name: round(float(w), 4) for name, w in zip(names, model.coef_[0]) if abs(w) >= 1e-4}


def fit_out_of_fold(examples: Examples, folds: int, fold: int, min_count: int) -> dict[str, float]:
    """Weights fitted on the examples of the articles outside `fold` (article n is in fold n % folds)."""
    labels = examples.labels
    rows = [i for i, article in enumerate(examples.articles) if article % folds != fold]
    return fit([examples.features[i] for i in rows], [labels[i] for i in rows], min_count)


def out_of_fold_probabilities(examples: Examples, min_count: int) -> list[float]:
    """Each example's probability under a model fitted without its article's fold."""
    probabilities = [0.0] * len(examples.features)
    for fold in range(FOLDS):
        model = LinearModel(fit_out_of_fold(examples, FOLDS, fold, min_count), threshold=0.0)
        for i, article in enumerate(examples.articles):
            if article % FOLDS == fold:
                probabilities[i] = model.probability(examples.features[i])
    return probabilities


def choose_thresholds(collected: Collected, min_count: int) -> tuple[float, float, dict]:
    """The cue model's acceptance threshold that most raises all-attributions F1 over
    out-of-fold probabilities (folds by article), then the keep model's threshold that most
    raises it further, with the F1 at each step."""
    def f1(matches: int, predictions: int) -> float:
        return 2 * matches / (collected.gold + predictions)

    matches, predictions = collected.rule_matches, len(collected.found.features)
    rules_f1 = f1(matches, predictions)
    # accepting candidates, most probable first; two matching one gold attribution count once
    candidates = collected.candidates
    accepted = sorted(zip(out_of_fold_probabilities(candidates, min_count), zip(candidates.articles, candidates.targets)),
                      reverse=True)
    best, accept_threshold, accepted_matches, accepted_count = rules_f1, 1.0, 0, 0
    matched_targets = set()
    for added, (p, target) in enumerate(accepted, 1):
        if target[1] >= 0:
            matched_targets.add(target)
        if f1(matches + len(matched_targets), predictions + added) > best:
            best, accept_threshold = f1(matches + len(matched_targets), predictions + added), p
            accepted_matches, accepted_count = len(matched_targets), added
    matches, predictions = matches + accepted_matches, predictions + accepted_count
    with_cue_model = best
    # dropping the rules' attributions, least probable first
    dropped = sorted(zip(out_of_fold_probabilities(collected.found, min_count), collected.found.labels))
    keep_threshold = 0.0
    for n, (p, label) in enumerate(dropped):
        matches, predictions = matches - label, predictions - 1
        following = dropped[n + 1][0] if n + 1 < len(dropped) else 1.0
        if following > p and f1(matches, predictions) > best:
            best, keep_threshold = f1(matches, predictions), (p + following) / 2
    report = {"rules_f1": round(rules_f1, 4), "with_cue_model_f1_out_of_fold": round(with_cue_model, 4),
              "with_both_f1_out_of_fold": round(best, 4), "candidates": len(accepted),
              "positive_candidates": sum(candidates.labels), "rule_attributions": len(dropped),
              "rule_matches": collected.rule_matches}
    return accept_threshold, keep_threshold, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, required=True, help="the PolNeAR folder holding train/")
    parser.add_argument("--out", type=Path, default=MODEL_FOLDER, help=f"the folder to write {CUE_MODEL} and {KEEP_MODEL} to")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N articles only")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    args = parser.parse_args(argv)

    from newsledger.nlp import load_model
    from newsledger.settings import Settings

    articles = read_split(args.polnear / "train", args.limit)
    nlp = load_model(Settings().model)
    collected = collect(articles, nlp.pipe(a.text for a in articles), AttributionFinder(QuoteLexicon.load()))
    accept_threshold, keep_threshold, report = choose_thresholds(collected, args.min_count)
    trained_on = f"PolNeAR train, {len(articles)} articles"
    for name, examples, threshold in ((CUE_MODEL, collected.candidates, accept_threshold),
                                      (KEEP_MODEL, collected.found, keep_threshold)):
        weights = fit(examples.features, examples.labels, args.min_count)
        (args.out / name).write_text(json.dumps({"threshold": round(threshold, 6), "trained_on": trained_on,
                                                 "report": report, "weights": weights}, indent=0, sort_keys=True) + "\n",
                                     encoding="utf-8")
        print(f"{name}: {len(examples.features)} examples ({sum(examples.labels)} positive), {len(weights)} weights, "
              f"threshold {threshold:.3f}")
    print(f"{len(articles)} articles: all F1 out of fold {report['rules_f1']:.3f} (rules) -> "
          f"{report['with_cue_model_f1_out_of_fold']:.3f} (+ cue model) -> {report['with_both_f1_out_of_fold']:.3f} (+ keep model)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
