"""The parse: ours (the attribute lookup, the gemm setting) against the stock pipeline on PolNeAR dev.

    .venv/bin/python bench/bench_nlp.py [--split dev] [--limit N]

Parses the split's articles with the stock pipeline (`spacy.load`: the attribute_ruler and
lemmatizer, thinc's blis) and with ours (`load_model`: the lookup in place of the two components,
the matrix products on settings.gemm, NEWSLEDGER_GEMM), compares every token's tag, POS,
morphology, lemma, dependency, head and entity tags, and reports how many differ (must be 0) and
each whole parse's CPU time, measured in this run (each pipeline warmed on the texts first, then
the median of 3 passes).
Skips politely when ../shared is absent.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))


def token_attributes(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_,
             t.is_sent_start) for t in doc]


def parse_cpu(nlp, texts: list[str]) -> float:
    started = time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0, help="articles to use (0: all)")
    args = parser.parse_args()
    folder = SHARED / "data" / "polnear" / args.split / "text"
    if not folder.is_dir():
        print(f"skipped: {folder} is absent (this benchmark reads the shared PolNeAR texts)")
        return
    import spacy

    from newsledger.nlp import load_model
    from newsledger.nlp.paragraphs import PARAGRAPH_BREAKS
    from newsledger.settings import Settings

    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))[:args.limit or None]]
    settings = Settings.from_env()
    stock = spacy.load(settings.model)
    stock.add_pipe(PARAGRAPH_BREAKS, before="parser")
    ours = load_model(settings.model, settings.gemm)
    tokens = differ = 0
    for expected, got in zip(stock.pipe(texts, batch_size=32), ours.pipe(texts, batch_size=32)):
        for a, b in zip(token_attributes(expected), token_attributes(got)):
            tokens += 1
            differ += a != b
    cpu = {"stock": [], "ours": []}
    for _ in range(3):  # alternated, so a change in the machine's load hits both sides
        cpu["stock"].append(parse_cpu(stock, texts))
        cpu["ours"].append(parse_cpu(ours, texts))
    stock_cpu, our_cpu = (statistics.median(cpu[side]) for side in ("stock", "ours"))
    print(f"PolNeAR {args.split} ({len(texts)} articles): {tokens:,} tokens, {differ} differ from the stock pipeline; "
          f"parse CPU ours/stock = {our_cpu / stock_cpu:.3f} (median of 3; stock/ours speed {stock_cpu / our_cpu:.2f}x)")


if __name__ == "__main__":
    main()
