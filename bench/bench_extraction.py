"""Article extraction + cleaning on the two gold sets, against plain trafilatura in the same run.

    .venv/bin/python bench/bench_extraction.py [--out DIR]

For each set (zyte article-extraction benchmark, fundus news pages) it
  1. runs plain `trafilatura.extract` on every page (the reference, timed),
  2. runs newsledger (`read_inputs` on the folder, then `clean_document`), writes the JSONL the
     CLI writes, and prints the scorer's last line for both,
  3. reports the speed ratio newsledger / plain trafilatura, in CPU seconds (this process plus
     the extraction worker it starts, so other load on the machine skews it less) and wall time,
     each the best of two alternating rounds,
  4. cleans the gold article bodies themselves and reports the share of their word 4-gram
     shingles that cleaning keeps (it must not eat article text: target >= 99.5%),
  5. compares newsledger's title and date with those of trafilatura's own metadata pass
     (`with_metadata=True`, which newsledger no longer runs): the share of pages where they agree.
Skips politely when ../shared is absent.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
SCORER = SHARED / "tools" / "score_extraction.py"
SETS = {
    "zyte": (SHARED / "data" / "zyte-article-extraction" / "html", SHARED / "data" / "zyte-article-extraction" / "ground-truth.json"),
    "fundus": (SHARED / "data" / "fundus-news" / "html", SHARED / "data" / "fundus-news" / "ground_truth.json"),
}


ROUNDS = 2
# trafilatura keeps the site name in a title ("Headline - Site"); newsledger drops it
SITE_SUFFIX = re.compile(r"\s+[|–—·•›»~-]\s+\S")


def load_libraries() -> None:
    """Imports everything both runs use before any timing, so neither pays import costs."""
    import trafilatura  # noqa: F401

    import newsledger.clean  # noqa: F401
    import newsledger.ingest  # noqa: F401
    from newsledger.clean import rules

    rules.boilerplate_lines(), rules.boilerplate_phrases(), rules.end_markers(), rules.closing_lines()


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_plain(pages: Path, out: Path) -> tuple[float, float]:
    import trafilatura

    cpu, wall = cpu_seconds(), time.perf_counter()
    with out.open("w", encoding="utf-8") as sink:
        for page_id, html in read_pages(pages).items():
            sink.write(json.dumps({"id": page_id, "text": trafilatura.extract(html) or ""}) + "\n")
    return cpu_seconds() - cpu, time.perf_counter() - wall


def run_newsledger(pages: Path, out: Path) -> tuple[float, float, list[str]]:
    from newsledger.clean import clean_document
    from newsledger.ingest import read_inputs
    from newsledger.settings import Settings

    errors = []
    cpu, wall = cpu_seconds(), time.perf_counter()
    with out.open("w", encoding="utf-8") as sink:
        for document in read_inputs([str(pages)], Settings()):
            if document.error is None:
                clean_document(document)
            else:
                errors.append(f"{document.id}: {document.error.kind}: {document.error.message}")
            sink.write(json.dumps(document.to_json_dict(), ensure_ascii=False) + "\n")
    return cpu_seconds() - cpu, time.perf_counter() - wall, errors


def score(gold: Path, pred: Path) -> str:
    result = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred)],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def gold_bodies(gold: Path) -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer.load_gold(str(gold)), scorer.shingles


def shingle_keep(gold: Path) -> tuple[int, int, str, float]:
    """(shingles kept, shingles in gold, worst page, its kept share) after cleaning the gold bodies."""
    from newsledger.clean import clean_text

    bodies, shingles = gold_bodies(gold)
    kept = total = 0
    worst, worst_share = "", 1.0
    for page, body in bodies.items():
        before = shingles(body)
        after = shingles(clean_text(body).text)
        page_kept, page_total = sum((before & after).values()), sum(before.values())
        kept, total = kept + page_kept, total + page_total
        if page_total and page_kept / page_total < worst_share:
            worst, worst_share = page, page_kept / page_total
    return kept, total, worst, worst_share


def read_pages(pages: Path) -> dict[str, str]:
    return {page.name.split(".", 1)[0]: gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
            for page in sorted(pages.glob("*.html.gz"))}


def metadata_agreement(pages: Path, ours: Path) -> str:
    """How often newsledger's title and date equal those of trafilatura's metadata pass."""
    import trafilatura

    documents = {record["id"]: record for record in map(json.loads, ours.read_text(encoding="utf-8").splitlines())}
    same = Counter()
    for page_id, html in read_pages(pages).items():
        reference = trafilatura.bare_extraction(html, fast=True, include_comments=False, with_metadata=True)
        document = documents.get(page_id, {})
        title, their_title = _folded(document.get("title")), _folded(reference.title if reference else None)
        same["title"] += title == their_title
        same["headline"] += title == their_title or bool(
            title and their_title.startswith(title) and SITE_SUFFIX.match(their_title[len(title):]))
        same["date"] += document.get("published") == (reference.date if reference else None)
        same["pages"] += 1
    return (f"title agree {same['title'] / same['pages']:.1%} ({same['headline'] / same['pages']:.1%} counting "
            f"trafilatura's 'Headline - Site' as 'Headline'), date agree {same['date'] / same['pages']:.1%}")


def _folded(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the prediction files in this folder")
    args = parser.parse_args()
    if not SCORER.is_file() or not all(pages.is_dir() for pages, _ in SETS.values()):
        print(f"skipped: {SHARED} with the gold sets is absent")
        return 0
    load_libraries()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_extraction_"))
    out.mkdir(parents=True, exist_ok=True)
    totals = Counter()
    for name, (pages, gold) in SETS.items():
        # alternate the two runs and keep each one's best round: the machine may be shared
        plain_runs, our_runs = [], []
        for _ in range(ROUNDS):
            plain_runs.append(run_plain(pages, out / f"{name}.plain.jsonl"))
            our_runs.append(run_newsledger(pages, out / f"{name}.newsledger.jsonl"))
        plain_cpu, plain_wall = min(run[0] for run in plain_runs), min(run[1] for run in plain_runs)
        ours_cpu, ours_wall = min(run[0] for run in our_runs), min(run[1] for run in our_runs)
        errors = our_runs[-1][2]
        totals.update(plain_cpu=plain_cpu, plain_wall=plain_wall, ours_cpu=ours_cpu, ours_wall=ours_wall)
        kept, total, worst, worst_share = shingle_keep(gold)
        print(f"[{name}] plain trafilatura.extract  {score(gold, out / f'{name}.plain.jsonl')}")
        print(f"[{name}] newsledger ingest+clean    {score(gold, out / f'{name}.newsledger.jsonl')}")
        print(f"[{name}] error records: {len(errors)}" + "".join(f"\n    {error}" for error in errors))
        print(f"[{name}] cleaning the gold bodies keeps {kept / total:.4%} of their shingles "
              f"(worst page {worst}: {worst_share:.2%})")
        print(f"[{name}] metadata vs trafilatura's with_metadata pass: {metadata_agreement(pages, out / f'{name}.newsledger.jsonl')}")
        print(f"[{name}] speed ratio newsledger/plain: cpu {ours_cpu / plain_cpu:.3f}, wall {ours_wall / plain_wall:.3f}")
    print(f"speed ratio newsledger/plain trafilatura.extract, both sets: "
          f"cpu {totals['ours_cpu'] / totals['plain_cpu']:.3f}, wall {totals['ours_wall'] / totals['plain_wall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
