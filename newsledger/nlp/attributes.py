"""The attribute_ruler and the rule lemmatizer as one lookup, giving exactly their attributes.

The stock attribute_ruler runs a Matcher of ~180 token patterns over every token, and the rule
lemmatizer makes a Python call per token: together they cost about a fifth of the parse. Yet
what they give a token depends only on a few things about it: its orth (hence its lower form
and whether it is space), tag, dependency label and preset lemma, plus, for a handful of
two-token patterns ("gon na", "let 's", an expletive "there is"), its neighbour. So the result
is computed the stock way once per distinct (orth, tag, dep, lemma) and then copied: the ruler's
patterns are evaluated on the token's own values in the ruler's order (a later pattern
overrides an earlier one, as the ruler sorts its matches by pattern), and the stock lemmatizer
lemmatizes the first token of each key. A token that a multi-token pattern touches takes the
same steps without the cache. The lookup replaces the two components only when every pattern
uses the predicates evaluated here; otherwise the stock components stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy
from spacy.attrs import DEP, LEMMA, ORTH, TAG
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

ATTRIBUTE_LOOKUP = "newsledger_attribute_lookup"
# Distinct keys kept before the cache starts over: bounds memory on an endless corpus.
MAX_CACHED_KEYS = 100_000
SUPPORTED_FIELDS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
SUPPORTED_OPERATORS = {"IN", "NOT_IN", "REGEX"}

Key = tuple[int, int, int, int]  # orth, tag, dep, lemma
Predicate = Callable[[dict[str, object]], bool]


def lookup_supports(ruler: AttributeRuler) -> bool:
    """Whether every pattern of the ruler uses only the fields and operators the lookup evaluates."""
    for entry in ruler.patterns:
        for pattern in entry["patterns"]:
            for spec in pattern:
                if not set(spec) <= SUPPORTED_FIELDS:
                    return False
                if any(isinstance(value, dict) and not set(value) <= SUPPORTED_OPERATORS for value in spec.values()):
                    return False
    return True


def _value_test(expected) -> Callable[[object], bool]:
    if not isinstance(expected, dict):
        return lambda value: value == expected
    tests = []
    for operator, argument in expected.items():
        if operator == "IN":
            tests.append(lambda value, allowed=frozenset(argument): value in allowed)
        elif operator == "NOT_IN":
            tests.append(lambda value, refused=frozenset(argument): value not in refused)
        else:
            tests.append(lambda value, regex=re.compile(argument): value is not None and bool(regex.search(value)))
    return lambda value: all(test(value) for test in tests)


def _token_predicate(spec: dict) -> Predicate:
    tests = [(field, _value_test(expected)) for field, expected in spec.items()]
    return lambda values: all(test(values[field]) for field, test in tests)


class AttributeLookup:
    """Sets what the attribute ruler and then the lemmatizer would set, from a cache per token key."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer):
        self.ruler_attrs = ruler.attrs
        self.lemmatizer = _with_word_sets(lemmatizer)
        self.vocab = ruler.vocab
        # (pattern id, token predicate, the tag it requires if any) and (pattern id, token
        # predicates, index of the token it sets), in the ruler's order
        self.single: list[tuple[int, Predicate, str | None]] = []
        self.multi: list[tuple[int, list[Predicate], int]] = []
        for pattern_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                predicates = [_token_predicate(spec) for spec in pattern]
                if len(predicates) == 1:
                    tag = pattern[0].get("TAG")
                    self.single.append((pattern_id, predicates[0], tag if isinstance(tag, str) else None))
                else:
                    self.multi.append((pattern_id, predicates, entry["index"]))
        self.lower_test = _lower_relevance([spec for entry in ruler.patterns for pattern in entry["patterns"]
                                            for spec in pattern])
        # tag -> the single-token patterns a token of that tag may match (most name one tag)
        self.single_by_tag: dict[str, list[tuple[int, Predicate]]] = {}
        # what a token's pattern matches depend on: tag, dep, its lower form if a pattern names it, is_space
        self.matches: dict[tuple, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self.lowers: dict[int, str | None] = {}
        # (orth, tag, dep, lemma) -> [pattern ids, multi-token patterns it may start, attributes set]
        self.known: dict[Key, list] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        keys = [tuple(row) for row in doc.to_array([ORTH, TAG, DEP, LEMMA]).astype(numpy.uint64).tolist()]
        entries = [self._entry(key) for key in keys]
        extra = self._multi_token_matches(keys, entries)
        # every key is read before any token changes: the ruler matches the whole doc first, too
        for i, entry in enumerate(entries):
            if i in extra:
                self._set_uncached(doc[i], sorted(entry[0] + tuple(extra[i])))
            elif entry[2] is None:
                self._set_uncached(doc[i], entry[0])
                entry[2] = self._result(doc[i], entry[0])
            else:
                set_token_attrs(doc[i], entry[2])
        return doc

    def _entry(self, key: Key) -> list:
        entry = self.known.get(key)
        if entry is None:
            if len(self.known) >= MAX_CACHED_KEYS:
                self.known.clear()
            entry = self.known[key] = [*self._matches(self._values(key)), None]
        return entry

    def _values(self, key: Key) -> dict[str, object]:
        orth, tag, dep, _ = key
        lower = self.lowers.get(orth, False)
        if lower is False:
            lower = self.lowers[orth] = self.lower_test(self.vocab[orth].lower_)
        strings = self.vocab.strings
        return {"LOWER": lower, "IS_SPACE": self.vocab[orth].is_space,
                "TAG": strings[tag] if tag else "", "DEP": strings[dep] if dep else ""}

    def _matches(self, values: dict[str, object]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The single-token patterns matching a token with these values, and the multi-token patterns it may start."""
        reduced = tuple(values.values())
        known = self.matches.get(reduced)
        if known is None:
            known = self.matches[reduced] = (
                tuple(pattern_id for pattern_id, test in self._singles(values["TAG"]) if test(values)),
                tuple(n for n, (_, predicates, _) in enumerate(self.multi) if predicates[0](values)))
        return known

    def _singles(self, tag: str) -> list[tuple[int, Predicate]]:
        """The single-token patterns worth testing on a token of this tag, in the ruler's order:
        for a process's first article that is about 0.006 s of matching instead of 0.02."""
        singles = self.single_by_tag.get(tag)
        if singles is None:
            singles = self.single_by_tag[tag] = [(pattern_id, test) for pattern_id, test, required in self.single
                                                 if required in (None, tag)]
        return singles

    def _multi_token_matches(self, keys: Sequence[Key], entries: Sequence[list]) -> dict[int, list[int]]:
        """Token index -> ids of the multi-token patterns that set it."""
        extra: dict[int, list[int]] = {}
        for start, entry in enumerate(entries):
            for n in entry[1]:
                pattern_id, predicates, index = self.multi[n]
                end = start + len(predicates)
                if end <= len(keys) and all(test(self._values(keys[start + k]))
                                            for k, test in enumerate(predicates[1:], 1)):
                    extra.setdefault(start + index if index >= 0 else end + index, []).append(pattern_id)
        return extra

    def _set_uncached(self, token: Token, pattern_ids: Sequence[int]) -> None:
        for pattern_id in pattern_ids:
            set_token_attrs(token, self.ruler_attrs[pattern_id])
        if token.lemma == 0:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]

    def _result(self, token: Token, pattern_ids: Sequence[int]) -> dict:
        """What the patterns and the lemmatizer set on this token, as one assignment to copy."""
        result: dict = {}
        for pattern_id in pattern_ids:
            result.update(self.ruler_attrs[pattern_id])
        result[LEMMA] = token.lemma
        return result


def _with_word_sets(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of the rule lemmatizer whose known words (`lemma_index`) are sets, for the same lemmas.
    spaCy keeps them as lists (57,000 nouns) and tests every candidate form against them one by one:
    that was about 0.03 s of a single article's parse, spent on the words new to the process."""
    copy = type(lemmatizer)(lemmatizer.vocab, lemmatizer.model, lemmatizer.name, mode=lemmatizer.mode,
                            overwrite=lemmatizer.overwrite, scorer=lemmatizer.scorer)
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            table = Table(name, {pos: frozenset(words) for pos, words in table.items()})
        lookups.set_table(name, table)
    copy.initialize(lookups=lookups)
    return copy


def _lower_relevance(specs: Sequence[dict]) -> Callable[[str], str | None]:
    """A token's lower form as the patterns see it: itself when some pattern could match it, else
    None (which no pattern matches), so that the match cache holds one entry per tag and label
    rather than per word. Every lower form counts when a pattern refuses words (NOT_IN)."""
    literals: set[str] = set()
    regexes = []
    for spec in specs:
        expected = spec.get("LOWER")
        if isinstance(expected, str):
            literals.add(expected)
        elif isinstance(expected, dict):
            if "NOT_IN" in expected:
                return lambda lower: lower
            literals.update(expected.get("IN", ()))
            if "REGEX" in expected:
                regexes.append(re.compile(expected["REGEX"]))
    return lambda lower: lower if lower in literals or any(regex.search(lower) for regex in regexes) else None


@Language.factory(ATTRIBUTE_LOOKUP)
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    return AttributeLookup(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def use_attribute_lookup(nlp: Language) -> None:
    """Replaces an attribute_ruler directly followed by a rule lemmatizer with the lookup giving
    the same attributes; leaves any other arrangement as it is."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1 or not isinstance(ruler, AttributeRuler) \
            or not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule" or lemmatizer.overwrite \
            or not lookup_supports(ruler):
        return
    nlp.add_pipe(ATTRIBUTE_LOOKUP, before="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
