"""Events stage: PLOVER gold-standard scores, PLV news relations, events per sentence on PolNeAR,
speed against the parse.

    .venv/bin/python bench/bench_events.py [--limit N] [--pred FILE] [--heldout K]

1. Runs the scorer's flow on the PLOVER GSR dev records (`score_events.py input`, the Analyzer with
   the stages up to `events`, `score_events.py score`) and prints the scorer's last line. The
   shipped model is trained on PLV only, so these records are held out from it.
2. PLV (`score_plv.py`): with `--heldout K`, K folds by sentence over PLV train, each fold coded by
   models fitted on the other folds only (the honest figure); without it, the shipped model on PLV
   train, which it was fitted on (a training figure, printed as such).
3. Parses the PolNeAR dev articles (nlp.pipe, in batches as the Analyzer does), runs the stages
   before `events`, then `events`, batch by batch, and prints events per sentence and the events
   stage's CPU time as a share of the parse's, both measured in this run, warm, the median of 3
   repeats.
Skips politely when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
SCORER = SHARED / "tools" / "score_events.py"
GOLD = SHARED / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.dev.json"
POLNEAR = SHARED / "data" / "polnear" / "dev" / "text"
PLV = SHARED / "data" / "plv" / "PLV_train.tsv"
PLV_SCORER = SHARED / "tools" / "score_plv.py"


def stages_through_events(settings) -> tuple[str, ...]:
    """The configured stages up to and including `events` (later stages do not change events)."""
    stages = settings.stages
    return stages[:stages.index("events") + 1] if "events" in stages else (*stages, "events")


def score_gsr(pred_path: Path | None) -> None:
    from newsledger.model import Document
    from newsledger.pipeline import Analyzer
    from newsledger.settings import Settings

    lines = subprocess.run([sys.executable, str(SCORER), "input", "--gold", str(GOLD)],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    settings = Settings.from_env()
    analyzer = Analyzer(settings.model_copy(update={"stages": stages_through_events(settings)}))
    documents = analyzer.analyze(Document(id=r["id"], text=r["text"], published=r.get("published")) for r in records)
    print(f"PLOVER GSR dev ({len(records)} records): {scored(SCORER, GOLD, documents, pred_path)}")


def scored(scorer: Path, gold: Path, documents, pred_path: Path | None = None) -> str:
    """The scorer's last line on the documents' JSON Lines (kept in `pred_path` when given)."""
    with (open(pred_path, "w", encoding="utf-8") if pred_path else
          tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False)) as out:
        for document in documents:
            out.write(json.dumps(document.to_json_dict(), ensure_ascii=False) + "\n")
    try:
        result = subprocess.run([sys.executable, str(scorer), "score", "--gold", str(gold), "--pred", out.name],
                                capture_output=True, text=True, check=True)
    finally:
        if not pred_path:
            os.unlink(out.name)
    return result.stdout.strip().splitlines()[-1]


def score_plv(documents, label: str) -> None:
    print(f"PLV train, {label}: {scored(PLV_SCORER, PLV, documents)}")


def plv(folds: int | None) -> None:
    from newsledger.events import events_stage
    from newsledger.events.coder import EventCoder
    from newsledger.events.lexicon import Lexicon
    from newsledger.events.train import analyze_through_quotes, collect, fit_models, read_plv
    from newsledger.knowledge.actors import ActorKnowledge
    from newsledger.settings import Settings

    settings = Settings.from_env()
    sentences = read_plv(PLV)
    analyzed = analyze_through_quotes([(s.id, s.text) for s in sentences], settings)
    if not folds:
        coder = events_stage(settings)
        for document, doc in analyzed:
            coder(document, doc)
        score_plv([d for d, _ in analyzed], "the shipped model (fitted on these sentences: not a held-out figure)")
        return
    lexicon, knowledge = Lexicon.load(), ActorKnowledge.load(settings.actor_dictionaries)
    examples = collect(sentences, analyzed, EventCoder(lexicon, knowledge).rule_types)
    for fold in range(folds):
        coder = EventCoder(lexicon, knowledge, fit_models(examples, keep=lambda group: group % folds != fold))
        for group, (document, doc) in enumerate(analyzed):
            if group % folds == fold:
                coder(document, doc)
    score_plv([d for d, _ in analyzed], f"held out ({folds} folds by sentence)")


def polnear_rate(limit: int | None, repeats: int = 3) -> None:
    """Events per sentence on PolNeAR dev, and the events stage's CPU as a share of the parse's:
    both warm (a first article parsed and coded before timing), each repeat parsing and coding
    every article again, batch by batch as `ingest` does (a batch of `Settings.batch_size` articles
    parsed, then its stages run), so the parse and the events stage are timed under the same load
    of a shared machine; the median share of the repeats, with their range."""
    from newsledger.model import Document
    from newsledger.nlp import load_model
    from newsledger.pipeline import make_stage
    from newsledger.settings import Settings

    settings = Settings.from_env(clean=False)
    nlp = load_model(settings.model, settings.gemm)
    before = [make_stage(name, settings) for name in stages_through_events(settings)[:-1]]
    events = make_stage("events", settings)
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(POLNEAR.glob("*.txt"))[:limit]]

    def parse_and_code(batch: list[tuple[str, str]]) -> tuple[list[Document], list, float, float]:
        documents = [Document(id=name, text=text) for name, text in batch]
        started = time.process_time()
        parsed = list(nlp.pipe(document.text for document in documents))
        parse_seconds = time.process_time() - started
        for document, doc in zip(documents, parsed):
            for stage in before:
                stage(document, doc)
        started = time.process_time()
        for document, doc in zip(documents, parsed):
            events(document, doc)
        return documents, parsed, parse_seconds, time.process_time() - started

    def parse_and_code_all() -> tuple[list[Document], list, float, float]:
        documents, parsed, parse_seconds, event_seconds = [], [], 0.0, 0.0
        for start in range(0, len(texts), settings.batch_size):
            batch = parse_and_code(texts[start:start + settings.batch_size])
            documents += batch[0]
            parsed += batch[1]
            parse_seconds += batch[2]
            event_seconds += batch[3]
        return documents, parsed, parse_seconds, event_seconds

    parse_and_code(texts[:1])  # warm-up: first-call costs on both sides
    shares = []
    for _ in range(repeats):
        documents, parsed, parse_seconds, event_seconds = parse_and_code_all()
        shares.append(event_seconds / parse_seconds)
    sentences = sum(1 for doc in parsed for _ in doc.sents)
    count = sum(len(document.events) for document in documents)
    print(f"PolNeAR dev ({len(documents)} articles, {sentences} sentences): {count} events, "
          f"{count / sentences:.3f} events/sentence")
    shares.sort()
    print(f"speed: events stage CPU = {statistics.median(shares):.1%} [{shares[0]:.1%}-{shares[-1]:.1%}] "
          f"of the spaCy parse's (warm, median of {repeats})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="PolNeAR articles to read (default: all)")
    parser.add_argument("--pred", type=Path, default=None, help="also keep the GSR predictions in this file")
    parser.add_argument("--heldout", type=int, default=None, metavar="K",
                        help="PLV figures held out: K folds by sentence, models fitted on the other folds")
    parser.add_argument("--only", choices=("gsr", "plv", "polnear"), default=None, help="run one part")
    args = parser.parse_args()
    if not (SCORER.is_file() and GOLD.is_file() and POLNEAR.is_dir()):
        print(f"skipped: {SCORER}, {GOLD} or {POLNEAR} is absent")
        return 0
    if args.only in (None, "gsr"):
        score_gsr(args.pred)
    if args.only in (None, "plv"):
        plv(args.heldout)
    if args.only in (None, "polnear"):
        polnear_rate(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
