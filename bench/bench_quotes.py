"""Quotes stage: PolNeAR scores beside textacy's rule extractor, and speed against the spaCy parse.

    .venv/bin/python bench/bench_quotes.py [--split dev] [--limit N]
    .venv/bin/python bench/bench_quotes.py --heldout 4

`--heldout K` is the honest estimate for tuning: the train split cut into K folds by article,
each fold analyzed with a cue model trained (as train.py does) on the other folds only, all
folds' predictions scored together. Its parses are cached (a spaCy DocBin in the temp folder), so
a rerun after a rule change costs the stages only.

Parses the split's articles once (nlp.pipe, as the Analyzer does), runs the entities stage and
then the quotes stage on each, and scores both our quotes and textacy's
`extract.triples.direct_quotations` (converted to the same JSONL) with the shared scorer, printing
each scorer's last line (with `--limit`, on those articles only). Speed is the quotes stage's CPU time as a share of the parse's, both
measured in this run. Skips politely when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
SCORER = SHARED / "tools" / "score_quotes.py"


def gold_subset(gold: Path, names: list[str], folder: Path) -> Path:
    """A gold folder holding only the articles scored (links to the split's files), so that
    `--limit` scores the first N articles instead of counting the rest as missing."""
    for sub in ("text", "attributions"):
        (folder / sub).mkdir()
    for name in names:
        (folder / "text" / f"{name}.txt").symlink_to(gold / "text" / f"{name}.txt")
        annotations = [*(gold / "attributions").glob(f"{name}_*.ann"), *(gold / "attributions").glob(f"{name}.ann")]
        for annotation in annotations:
            (folder / "attributions" / annotation.name).symlink_to(annotation)
    return folder


def score(gold: Path, predictions: list[dict], label: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
        for prediction in predictions:
            out.write(json.dumps(prediction, ensure_ascii=False) + "\n")
    try:
        result = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", out.name],
                                capture_output=True, text=True, check=True)
    finally:
        os.unlink(out.name)
    print(f"{label}: {result.stdout.strip().splitlines()[-1]}")


def textacy_quotes(document_id: str, parsed) -> tuple[dict, bool]:
    """textacy's direct quotations as our JSONL; it refuses a text with unbalanced marks (False)."""
    from textacy.extract.triples import direct_quotations

    quotes = []
    try:
        for triple in direct_quotations(parsed):
            speaker = sorted(triple.speaker, key=lambda t: t.i)
            quotes.append({
                "content": [{"start": triple.content.start_char, "end": triple.content.end_char}],
                "speaker": {"start": speaker[0].idx, "end": speaker[-1].idx + len(speaker[-1])} if speaker else None,
            })
    except ValueError:
        return {"id": document_id, "text": parsed.text, "quotes": [], "entities": []}, False
    return {"id": document_id, "text": parsed.text, "quotes": quotes, "entities": []}, True


def cached_parses(nlp, texts: list[str], name: str) -> list:
    """The texts' parses, read from a DocBin cache keyed by the model and the texts."""
    import hashlib

    from spacy.tokens import DocBin

    key = hashlib.sha1("\0".join([nlp.meta["name"], nlp.meta["version"], *texts]).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"newsledger-bench-{name}-{key}.spacy"
    if cache.is_file():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    parsed = list(nlp.pipe(texts))
    DocBin(docs=parsed).to_disk(cache)
    return parsed


def heldout(gold: Path, folds: int, nlp, settings) -> list[dict]:
    """Every train article analyzed with a cue model trained on the other folds' articles."""
    from newsledger.model import Document
    from newsledger.pipeline import make_stage
    from newsledger.knowledge import ActorKnowledge
    from newsledger.quotes import QuoteStage
    from newsledger.quotes.attribution import AttributionFinder
    from newsledger.quotes.learned import LinearModel
    from newsledger.quotes.lexicon import QuoteLexicon
    from newsledger.quotes.train import MIN_COUNT, choose_thresholds, collect, fit_out_of_fold, read_split

    articles = read_split(gold)
    parsed = cached_parses(nlp, [article.text for article in articles], gold.name)
    lexicon, knowledge = QuoteLexicon.load(), ActorKnowledge.load(settings.actor_dictionaries)
    collected = collect(articles, parsed, AttributionFinder(lexicon))
    # one threshold per model, chosen out of fold over all of train (a single number each; the
    # weights never see the fold they score)
    accept_threshold, keep_threshold, _ = choose_thresholds(collected, MIN_COUNT)
    entities = make_stage("entities", settings)
    predictions = []
    for fold in range(folds):
        quotes = QuoteStage(lexicon, knowledge,
                            LinearModel(fit_out_of_fold(collected.candidates, folds, fold, MIN_COUNT), accept_threshold),
                            LinearModel(fit_out_of_fold(collected.found, folds, fold, MIN_COUNT), keep_threshold))
        for n in range(fold, len(articles), folds):
            document = Document(id=articles[n].name, text=articles[n].text)
            entities(document, parsed[n])
            quotes(document, parsed[n])
            predictions.append(document.to_json_dict())
    return predictions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--heldout", type=int, default=None, metavar="K",
                        help="score train out of K folds (cue model trained on the other folds)")
    args = parser.parse_args()
    gold = SHARED / "data" / "polnear" / ("train" if args.heldout else args.split)
    if not gold.is_dir() or not SCORER.is_file():
        print(f"skipped: {gold} or {SCORER} is absent")
        return 0

    from newsledger.model import Document
    from newsledger.nlp import load_model
    from newsledger.pipeline import make_stage
    from newsledger.settings import Settings

    settings = Settings(clean=False)
    nlp = load_model(settings.model, settings.gemm)
    if args.heldout:
        score(gold, heldout(gold, args.heldout, nlp, settings), f"held out ({args.heldout} folds)")
        return 0
    entities, quotes = make_stage("entities", settings), make_stage("quotes", settings)
    files = sorted((gold / "text").glob("*.txt"))[:args.limit]
    documents = [Document(id=path.stem, text=path.read_text(encoding="utf-8")) for path in files]

    started = time.process_time()
    parsed = list(nlp.pipe(document.text for document in documents))
    parse_seconds = time.process_time() - started
    for document, doc in zip(documents, parsed):
        entities(document, doc)
    started = time.process_time()
    for document, doc in zip(documents, parsed):
        quotes(document, doc)
    quote_seconds = time.process_time() - started

    ours = [document.to_json_dict() for document in documents]
    theirs, accepted = zip(*(textacy_quotes(document.id, doc) for document, doc in zip(documents, parsed)))
    print(f"{len(documents)} PolNeAR {args.split} articles; textacy refused {accepted.count(False)} "
          f"for unbalanced quotation marks")
    with tempfile.TemporaryDirectory() as folder:
        scored = gold_subset(gold, [document.id for document in documents], Path(folder)) if args.limit else gold
        score(scored, ours, "newsledger")
        score(scored, list(theirs), "textacy   ")
    print(f"speed: quotes stage CPU = {quote_seconds / parse_seconds:.1%} of the spaCy parse's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
