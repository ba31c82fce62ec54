"""The quote stage's word lists, read from the data files beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsledger.datafiles import tsv_rows

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class QuoteLexicon:
    cue_verbs: dict[str, str]            # lemma -> speech / belief / evidence / stance
    object_content_verbs: frozenset[str]  # cue verbs whose direct object is what they report
    cue_nouns: frozenset[str]            # "claim", "warning": nouns whose possessor is a source
    raising_verbs: frozenset[str]        # "appear", "seem": a stance with no source ("X appears to ...")
    addressing_verbs: frozenset[str]     # "ask", "urge": the subject of their passive is addressed, not reported
    cue_adjectives: frozenset[str]       # "critical", "confident": a stance of the subject of "be"
    cue_phrases: tuple[tuple[str, ...], ...]  # lower-cased words of "according to", ...
    group_nouns: frozenset[str]          # head lemmas of group sources: official, diplomat, ...
    pronouns: dict[str, str]             # pronoun -> person / group / org / relative / self
    pronoun_genders: dict[str, str]      # he/him/his -> m, she/her/hers -> f
    lemma_fixes: dict[str, str]          # word -> lemma where the model's lemma is wrong ("hoping" -> "hop")

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "QuoteLexicon":
        return cls(
            cue_verbs={row[0]: row[1] for row in _rows("cue_verbs.tsv")},
            object_content_verbs=frozenset(row[0] for row in _rows("cue_verbs.tsv") if row[2] == "object"),
            cue_nouns=frozenset(row[0] for row in _rows("cue_nouns.txt")),
            raising_verbs=frozenset(row[0] for row in _rows("raising_verbs.txt")),
            addressing_verbs=frozenset(row[0] for row in _rows("addressing_verbs.txt")),
            cue_adjectives=frozenset(row[0] for row in _rows("cue_adjectives.txt")),
            cue_phrases=tuple(tuple(row[0].split()) for row in _rows("cue_phrases.tsv")),
            group_nouns=frozenset(row[0] for row in _rows("groups.txt")),
            pronouns={row[0]: row[1] for row in _rows("pronouns.tsv")},
            pronoun_genders={row[0]: row[2] for row in _rows("pronouns.tsv") if len(row) > 2 and row[2]},
            lemma_fixes={row[0]: row[1] for row in _rows("lemma_fixes.tsv")},
        )

    def cue_class(self, lemma: str) -> str:
        """What the lexicons say of a lemma: its cue verb class, or that it is a cue noun,
        stance adjective or raising verb, or "none"."""
        if lemma in self.cue_verbs:
            return self.cue_verbs[lemma]
        for name, words in (("noun", self.cue_nouns), ("adjective", self.cue_adjectives), ("raising", self.raising_verbs)):
            if lemma in words:
                return name
        return "none"

    def lemma(self, token) -> str:
        """The token's lower-cased lemma, corrected where the model gets a cue word wrong."""
        return self.lemma_fixes.get(token.lower_, token.lemma_.lower())


def _rows(name: str) -> list[list[str]]:
    return tsv_rows(DATA / name)
