"""Entities stage: speed against the spaCy parse, and actor-code recall on the PLOVER gold sentences.

    .venv/bin/python bench/bench_entities.py [--limit N] [--phoenix]

1. Speed: parses the PolNeAR dev articles once (nlp.pipe, as the Analyzer does), then runs the
   entities stage on every parsed article; prints the stage's CPU time as a share of the parse's,
   both measured in this run.
2. Actor codes: runs parse + entities on every PLOVER gold sentence (with its date) and prints the
   share of gold source/target actor codes that some entity of the sentence carries. There is no
   shared scorer for entities; this is the measure the events stage's actor coding builds on.
Skips politely when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
POLNEAR = SHARED / "data" / "polnear" / "dev" / "text"
PHOENIX = SHARED / "data" / "petrarch-dictionaries"
GSR = SHARED / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.dev.json"
OLD_CODES = {"JAP": "JPN", "ITL": "ITA"}  # as the events scorer maps them


def speed(nlp, stage, texts: list[str]) -> None:
    from newsledger.model import Document

    documents = [Document(id=str(number), text=text) for number, text in enumerate(texts)]
    started = time.process_time()
    parsed = list(nlp.pipe(texts))
    parse_seconds = time.process_time() - started
    started = time.process_time()
    for document, doc in zip(documents, parsed):
        stage(document, doc)
    stage_seconds = time.process_time() - started
    entities = sum(len(document.entities) for document in documents)
    print(f"speed: {len(texts)} articles, {entities} entities; entities stage CPU = "
          f"{stage_seconds / parse_seconds:.1%} of the parse's")


def gold_codes(actors) -> set[str]:
    if not actors or isinstance(actors, str):
        return set()
    return {OLD_CODES.get(code, code) for actor in actors if (code := (actor.get("code") or "").strip().upper())}


def actor_recall(nlp, stage) -> None:
    from newsledger.model import Document

    records = [record for record in json.loads(GSR.read_text(encoding="utf-8"))
               if record.get("event") and record["event"] != "DOCUMENT"]
    found = total = 0
    for record in records:
        document = Document(id=record["id"], text=record["text"], published=record.get("date"))
        stage(document, nlp(document.text))
        codes = {entity.code for entity in document.entities if entity.code}
        wanted = gold_codes(record.get("source")) | gold_codes(record.get("target"))
        total += len(wanted)
        found += len(wanted & codes)
    print(f"entities: actor-code recall={found / total:.3f} ({found}/{total} gold actor codes carried by "
          f"an entity of their sentence) | records={len(records)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="PolNeAR articles to time (default 40)")
    parser.add_argument("--phoenix", action="store_true", help="also load the shared Phoenix actor dictionaries")
    args = parser.parse_args()
    if not POLNEAR.is_dir() or not GSR.is_file():
        print(f"skipped: {SHARED} lacks the PolNeAR dev texts or the PLOVER gold records")
        return 0
    sys.path.insert(0, str(REPO))
    from newsledger.entities import entities_stage
    from newsledger.nlp import load_model
    from newsledger.settings import Settings

    settings = Settings(actor_dictionaries=sorted(PHOENIX.glob("Phoenix.*.txt")) if args.phoenix else [])
    nlp = load_model(settings.model, settings.gemm)
    stage = entities_stage(settings)
    texts = [path.read_text(encoding="utf-8") for path in sorted(POLNEAR.glob("*.txt"))[: args.limit]]
    speed(nlp, stage, texts)
    actor_recall(nlp, stage)
    return 0


if __name__ == "__main__":
    sys.exit(main())
