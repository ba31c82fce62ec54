"""Event flags read off the parse: negated, hypothetical, future, historical.

Each looks at the trigger, the verb anchoring its clause, and the chain of governors above them up
to the sentence root, so "has no intention of invading", "if Russia invades", "is scheduled to
meet" and "invaded in 2014" are seen wherever the trigger sits in the clause.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from newsledger.events.lexicon import Lexicon
from newsledger.events.syntax import auxiliaries, child, children, has_lemma

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
CLAUSE_DEPS = ("ccomp", "advcl", "relcl", "acl", "parataxis", "csubj")
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                      "tomorrow", "next"})


def governors(token: Token):
    """The tokens above `token` inside its clause (through xcomp, prep, pcomp), outward; a
    coordinated verb phrase is its own clause ("did not set a timetable but repeated the threat")."""
    current = token
    while current.head != current:
        if current.dep_ in CLAUSE_DEPS or (current.dep_ == "conj" and current.pos_ in ("VERB", "AUX")):
            return
        current = current.head
        yield current


class Flags:
    def __init__(self, lexicon: Lexicon):
        self.cue = lexicon.cue

    def aux_lemmas(self, verb: Token) -> set[str]:
        found = auxiliaries(verb)
        return {a.lower_ for a in found} | {a.lemma_.lower() for a in found}

    def negated(self, trigger: Token, anchor: Token) -> bool:
        negators = self.cue("negators")
        objects = [c for c in anchor.children if c.dep_ in ("dobj", "obj")]
        for token in {trigger, anchor, *objects}:  # "did not attack", "no talks", "offered no help"
            if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
                return True
        for governor in governors(anchor):
            if has_lemma(governor, self.cue("negating_verbs")):
                return True
            if governor.lower_ in self.cue("negating_nouns") and any(
                    c.lower_ in negators for c in children(governor, "det", "neg")):
                return True
            if governor.pos_ in ("VERB", "AUX") and child(governor, "neg") is not None:
                return True
        return False

    def hypothetical(self, trigger: Token, anchor: Token) -> bool:
        marks = self.cue("conditional_marks")
        current = anchor
        while True:
            mark = child(current, "mark")
            if current.dep_ == "advcl" and mark is not None and mark.lower_ in marks:
                return True
            if current.head == current:
                break
            current = current.head
        return bool(self.aux_lemmas(anchor) & self.cue("possibility_modals"))

    def future(self, trigger: Token, anchor: Token, reported: bool) -> bool:
        auxes = self.aux_lemmas(anchor)
        if auxes & self.cue("future_auxiliaries"):
            return True
        if reported and auxes & self.cue("reported_future_auxiliaries"):
            return True
        for governor in governors(anchor):
            if governor.lower_ in self.cue("schedule_words") and anchor.dep_ == "xcomp":
                return True
            if self.aux_lemmas(governor) & self.cue("future_auxiliaries"):
                return True
            if governor.pos_ in ("VERB", "AUX") and anchor.dep_ != "xcomp":
                break
        # "A session follows on Wednesday": a present-tense clause dated to a coming weekday
        return anchor.tag_ in ("VBZ", "VBP") and any(t.lower_ in WEEKDAYS for t in self._clause_tokens(anchor))

    def historical(self, trigger: Token, anchor: Token, published: str | None) -> bool:
        if not published or not published[:4].isdigit() or anchor.tag_ in ("VBZ", "VBP", "VBG"):
            return False
        current_year = int(published[:4])
        tokens = set(self._clause_tokens(anchor)) | set(trigger.subtree)
        years = [int(m.group()) for t in tokens if t.ent_type_ == "DATE" or t.like_num
                 for m in [YEAR.fullmatch(t.text)] if m]
        return any(year < current_year for year in years) and not (
            self.aux_lemmas(anchor) & self.cue("future_auxiliaries"))

    @staticmethod
    def _clause_tokens(anchor: Token):
        """Tokens of the anchor's clause, leaving out the clauses embedded in it."""
        stack = [anchor]
        while stack:
            token = stack.pop()
            yield token
            stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS + ("xcomp", "conj"))
