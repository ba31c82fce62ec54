"""The event lexicon: trigger patterns (data/lexicon.tsv) and closed word lists (data/cues.json).

A pattern says which lemma (with an optional particle) triggers which PLOVER type and mode, under
which syntactic constraints, and where its target is looked for. The format is documented in the
header of lexicon.tsv and in docs/events.md, so a user can extend it with their own file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from newsledger.model import PLOVER_TYPES

DATA = Path(__file__).parent / "data"
POS_TAGS = ("VERB", "NOUN", "ADJ")


@dataclass(frozen=True)
class TriggerPattern:
    lemma: str
    pos: str
    type: str
    mode: str | None
    targets: tuple[str, ...]
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    prep_objects: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    armed: bool = False
    needs_clause: bool = False
    needs_infinitive: bool = False
    active: bool = False

    @property
    def specificity(self) -> int:
        """Patterns with more constraints win over the bare lemma."""
        return sum(map(bool, (self.particle, self.objects, self.prepositions, self.prep_objects, self.modifiers,
                              self.support_verbs, self.needs_clause, self.needs_infinitive, self.active)))


def _words(value: str) -> frozenset[str]:
    return frozenset(word.strip().lower() for word in value.split("|") if word.strip())


def parse_pattern(line: str, where: str) -> TriggerPattern:
    columns = line.rstrip("\n").split("\t")
    if len(columns) != 6:
        raise ValueError(f"{where}: expected 6 tab-separated columns, got {len(columns)}")
    lemma, pos, requires, type_, mode, targets = (column.strip() for column in columns)
    if pos not in POS_TAGS:
        raise ValueError(f"{where}: pos must be one of {POS_TAGS}, got {pos!r}")
    if type_ not in PLOVER_TYPES:
        raise ValueError(f"{where}: {type_!r} is not a PLOVER type")
    word, _, particle = lemma.lower().partition(" ")
    constraints: dict = {}
    for constraint in filter(None, (part.strip() for part in requires.split(";"))):
        key, _, value = constraint.partition("=")
        if constraint == "-":
            continue
        if key in ("armed", "active"):
            constraints[key] = True
        elif key == "comp":
            constraints["needs_clause"] = True
        elif key == "inf":
            constraints["needs_infinitive"] = True
        elif key in ("obj", "prep", "pobj", "mod", "verb", "prt"):
            name = {"obj": "objects", "prep": "prepositions", "pobj": "prep_objects", "mod": "modifiers",
                    "verb": "support_verbs", "prt": "particle"}[key]
            constraints[name] = value.strip().lower() if key == "prt" else _words(value)
        else:
            raise ValueError(f"{where}: unknown constraint {constraint!r}")
    if particle:
        constraints["particle"] = particle
    return TriggerPattern(
        lemma=word, pos=pos, type=type_, mode=None if mode == "-" else mode,
        targets=tuple(t for t in targets.split(",") if t and t != "-"), **constraints,
    )


@dataclass
class Lexicon:
    patterns: dict[tuple[str, str], list[TriggerPattern]] = field(default_factory=dict)
    cues: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, *extra_files: Path) -> "Lexicon":
        lexicon = cls()
        for path in (DATA / "lexicon.tsv", *extra_files):
            lexicon.add_file(Path(path))
        raw = json.loads((DATA / "cues.json").read_text(encoding="utf-8"))
        lexicon.cues = {name: frozenset(words) for name, words in raw.items() if not name.startswith("_")}
        return lexicon

    def add_file(self, path: Path) -> None:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                pattern = parse_pattern(line, f"{path.name}:{number}")
                bucket = self.patterns.setdefault((pattern.lemma, pattern.pos), [])
                bucket.append(pattern)
                bucket.sort(key=lambda p: -p.specificity)

    def candidates(self, lemma: str, pos: str) -> list[TriggerPattern]:
        return self.patterns.get((lemma, pos), [])

    def cue(self, name: str) -> frozenset[str]:
        return self.cues[name]
