"""Builds the CAMEO data files the package ships from the field's own tables (run by hand when they
change; needs ../shared beside the repo):

    python -m newsledger.events.build_cameo [--shared ../shared]

- `newsledger/knowledge/data/cameo_plover.tsv`: the official CAMEO -> PLOVER conversion (PLOVER
  manual draft 0.8, `CAMEO2PLOVER-2021.txt`): each CAMEO code with its PLOVER type, mode and context.
- `newsledger/events/data/cameo_verbs.tsv` and `cameo_patterns.tsv`: PETRARCH2's CAMEO verb
  dictionary (`CAMEO.2.0.txt`, MIT, Open Event Data Alliance): each verb with its synonym block and
  own code, and each word a block's patterns name with the code the pattern gives. Synonym sets
  (`&WEAPON`) are expanded to their members; a block's patterns hold for every verb of the block,
  as PETRARCH reads them.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from newsledger.knowledge.build_data import write_tsv
from newsledger.knowledge.cameo import nearest_listed

PACKAGE = Path(__file__).resolve().parent.parent
CROSSWALK_OUT = PACKAGE / "knowledge" / "data" / "cameo_plover.tsv"
VERBS_OUT = PACKAGE / "events" / "data" / "cameo_verbs.tsv"
PATTERNS_OUT = PACKAGE / "events" / "data" / "cameo_patterns.tsv"
CODE = re.compile(r"\[([0-9:]+|---)\]")
PLURAL_FORMS = re.compile(r"\{[^}]*\}")
CROSSWALK_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")
# PLOVER merged CAMEO's APPEAL (02) with DEMAND (10) into REQUEST; the table lists only 10.
UNLISTED_ROOTS = {"02": ("REQUEST", "", "")}
# the words of a pattern that say nothing about its arguments
PATTERN_MARKS = {"*", "+", "$", "%", "^", "-", "(", ")", "{", "}", "|", "<", ">"}


def read_crosswalk(path: Path) -> dict[str, tuple[str, str, str]]:
    """CAMEO code -> (PLOVER type, mode, context), for the codes the table lists."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if (match := CROSSWALK_LINE.match(line.strip())) is not None:
            code, type_, mode, context = match.groups()
            table[code] = (type_, (mode or "").strip(), (context or "").strip())
    return {**UNLISTED_ROOTS, **table}


def plover_of(code: str, table: dict[str, tuple[str, str, str]]) -> tuple[str, str] | None:
    """The PLOVER type and mode of a CAMEO code, from its own row or its nearest listed parent."""
    row = nearest_listed(code, table)
    return (row[0], row[1]) if row is not None else None


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s{}()]+", text) if w and w not in PATTERN_MARKS]


def read_synonym_sets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    name = None
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            name = line.rstrip("_").upper()
            sets[name] = []
        elif line.startswith("+") and name is not None:
            sets[name].append(_lemma(line[1:]))
        elif not line:
            name = None
    return sets


def _lemma(word: str) -> str:
    return word.strip().strip("_").replace("_", " ").lower()


def read_verb_blocks(lines: list[str]):
    """(block name, verbs with their codes, patterns as (words, code)) per block of the verb section."""
    in_verbs = False
    name, default = "", None
    verbs: list[tuple[str, str | None]] = []
    patterns: list[tuple[list[str], str]] = []
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if not in_verbs or not line.strip():
            continue
        code = CODE.search(line)
        found = code.group(1).split(":")[0] if code and code.group(1) != "---" else None
        if line.startswith("---"):
            if verbs:
                yield name, verbs, patterns
            name, default = _lemma(CODE.sub("", line).strip("- ")), found
            verbs, patterns = [], []
        elif line.startswith("-"):
            if found is not None:
                patterns.append((_words(CODE.sub("", line[1:])), found))
        elif word := PLURAL_FORMS.sub("", CODE.sub("", line)).strip().lstrip("+"):
            verbs.append((_lemma(word), found or default))
    if verbs:
        yield name, verbs, patterns


def dictionary_rows(path: Path, table: dict[str, tuple[str, str, str]]) -> tuple[list[tuple], list[tuple]]:
    """Verb rows (verb, block, code, type, mode) and pattern rows (block, word, code, type, mode):
    a pattern row says that the word among a verb's dependents gives the code; a multi-word
    synonym ("armed forces") is read by its last word."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synonyms = read_synonym_sets(lines)
    verbs, patterns = set(), set()
    for block, block_verbs, block_patterns in read_verb_blocks(lines):
        for lemma, code in block_verbs:
            plover = plover_of(code, table) if code else None
            verbs.add((lemma, block, code or "-", *(plover or ("-", ""))))
        for words, code in block_patterns:
            if (plover := plover_of(code, table)) is None:
                continue
            for word in words:
                for member in synonyms.get(word.rstrip("_").upper()) or [_lemma(word)]:
                    patterns.add((block, member.split()[-1], code, *plover))
    return sorted(verbs), sorted(patterns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=PACKAGE.parent.parent / "shared")
    args = parser.parse_args(argv)
    table = read_crosswalk(args.shared / "data" / "plover-gsr" / "CAMEO2PLOVER-2021.txt")
    write_tsv(CROSSWALK_OUT, ("cameo", "plover", "mode", "context"),
              sorted((code, *row) for code, row in table.items()))
    verbs, patterns = dictionary_rows(args.shared / "data" / "petrarch-dictionaries" / "CAMEO.2.0.txt", table)
    write_tsv(VERBS_OUT, ("verb", "block", "cameo", "plover", "mode"), verbs)
    write_tsv(PATTERNS_OUT, ("block", "word", "cameo", "plover", "mode"), patterns)
    print(f"wrote {len(table)} CAMEO codes to {CROSSWALK_OUT.name}, {len(verbs)} verbs to {VERBS_OUT.name}"
          f" and {len(patterns)} pattern words to {PATTERNS_OUT.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
