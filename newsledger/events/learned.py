"""The learned part of the event coder: which predicates report an event of which PLOVER type, and
which of a predicate's arguments is its source and which its target.

Every verb (and every noun the lexicon lists, with the verb that supports it) is a predicate; its
arguments are the noun phrases the parse hangs from it: subject, agent, objects, the objects of its
prepositions, the subject of the clause it governs, the object of its infinitive, a noun's
possessor. Two multinomial logistic regressions read sparse features of them:

- the type model: NONE or one of the PLOVER types, from the predicate's lemma, its CAMEO verb
  dictionary classes (`data/cameo_verbs.tsv`, `data/cameo_patterns.tsv`: a verb nobody listed by
  hand reaches its type through its synonym block), the hand lexicon's type, its objects,
  prepositions and clause;
- the role model: none, source or target for each argument, from how it hangs from the predicate
  (slot and voice), what it is (entity label, pronoun) and the predicate's word.

Both are trained on real news relations (`newsledger/events/train.py`, `make train-events`); the
weights are plain JSON (`data/event_model.json`) and inference is a sum of weights per class.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from newsledger.datafiles import tsv_records, tsv_rows
from newsledger.events import syntax

DATA = Path(__file__).parent / "data"
MODEL_FILE = DATA / "event_model.json"
NONE = "NONE"
ROLES = ("none", "source", "target")
# the probability at which an argument takes a role (below it the role stays empty)
ROLE_MIN = 0.3
# how much more likely than the rule's type another type must be for the model to retype a rule event
RETYPE_MARGIN = 0.4
# the model's classes that the rules tell apart: PLV's YIELD, which the model says as CONCEDE, is
# CONCEDE or RETREAT
SUBTYPES = {"CONCEDE": frozenset({"RETREAT"})}
# how deep below a predicate a party to its event may hang ("imposed sanctions [on [the leaders [of X]]]")
MAX_DEPTH = 5
# dependents that never lead to a party
SKIPPED = frozenset({"punct", "det", "aux", "auxpass", "cc", "neg", "case", "mark", "prt", "expl", "advmod", "nummod",
                     "quantmod", "predet", "dep"})
RELATIVE_WORDS = frozenset({"who", "whom", "which", "that", "what", "whose"})
PREDICATE_POS = frozenset({"VERB"})
THIRD_PERSON = frozenset({"he", "she", "it", "they"})
PERSONAL = frozenset({"he", "she"})


@dataclass(frozen=True)
class Argument:
    head: Token
    slot: str        # how it hangs from the predicate: "nsubj", "dobj", "prep:with", "xcomp>dobj", ...


@dataclass(frozen=True)
class Predicate:
    token: Token
    arguments: tuple[Argument, ...]


@cache
def cameo_verbs() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], tuple[str, ...]]]:
    """verb -> (synonym block, PLOVER type or "-"); (block, word) -> the PLOVER types its patterns
    give, sorted (a type model sums its features' weights in their order)."""
    verbs = {row["verb"]: (row["block"], row["plover"]) for row in tsv_records(DATA / "cameo_verbs.tsv")}
    # the 16,000 pattern rows read by column position, not as a dict each: that was most of the
    # ~0.07 s this table cost every process that analyzes
    columns, *rows = tsv_rows(DATA / "cameo_patterns.tsv")
    block, word, plover = (columns.index(name) for name in ("block", "word", "plover"))
    patterns: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        patterns.setdefault((row[block], row[word]), set()).add(row[plover])
    return verbs, {key: tuple(sorted(types)) for key, types in patterns.items()}


def predicate_lemma(token: Token) -> str:
    particle = syntax.particle(token)
    return f"{token.lemma_.lower()} {particle}" if particle else token.lemma_.lower()


def arguments(predicate: Token) -> tuple[Argument, ...]:
    """The noun phrases that may be a party to the predicate's event, each with the path by which
    it hangs from the predicate ("nsubj", "dobj>prep:on", "xcomp>dobj", "inherited:xcomp"): every
    phrase head up to `MAX_DEPTH` edges below it, its inherited subject, and the noun a relative
    clause modifies."""
    found: list[Argument] = []
    if not syntax.is_passive(predicate) and syntax.child(predicate, "nsubj", "csubj") is None \
            and (inherited := syntax.subject(predicate)) is not None:
        found.append(Argument(inherited, f"inherited:{predicate.dep_}"))
    if predicate.dep_ in ("relcl", "acl") and predicate.head.pos_ in ("NOUN", "PROPN"):
        found.append(Argument(predicate.head, f"governor:{predicate.dep_}"))  # "the troops who attacked"
    stack = [(child, (_edge(child),)) for child in reversed(list(predicate.children)) if child.dep_ not in SKIPPED]
    while stack:
        token, path = stack.pop()
        if _phrase_head(token):
            found.append(Argument(token, ">".join(path)))
        if len(path) < MAX_DEPTH:
            stack.extend((child, (*path, _edge(child))) for child in reversed(list(token.children))
                         if child.dep_ not in SKIPPED)
    seen: set[int] = set()
    unique = []
    for argument in found:
        if argument.head.i not in seen and argument.head.i != predicate.i:
            seen.add(argument.head.i)
            unique.append(argument)
    return tuple(unique)


def _edge(token: Token) -> str:
    return f"{token.dep_}:{token.lower_}" if token.dep_ in ("prep", "agent", "dative") and token.pos_ == "ADP" \
        else token.dep_


def _phrase_head(token: Token) -> bool:
    """A noun phrase's head, or a name inside one ("Taliban" in "a Taliban attack", "Russia's")."""
    if token.pos_ not in ("NOUN", "PROPN", "PRON") or token.lower_ in RELATIVE_WORDS:
        return False
    if token.dep_ in ("compound", "flat", "nmod"):
        return token.pos_ == "PROPN" and token.head.pos_ != "PROPN"
    return True


def reported_antecedent(pronoun: Token) -> Token | None:
    """The subject of the clause that reports the pronoun's clause: "Syria says [it will attend]",
    "the rebels said [they would release ...]", "Clinton has said [he will not lift ...]". A
    third-person subject in a reported clause most often names the one who reports it; with no such
    governor (or a pronoun there too) there is no antecedent."""
    if pronoun.pos_ != "PRON" or pronoun.lower_ not in THIRD_PERSON or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pronoun.head
    while clause.dep_ in ("conj", "xcomp") and clause.head != clause:
        clause = clause.head
    if clause.dep_ not in ("ccomp", "advcl") or clause.head == clause:
        return None
    found = syntax.child(clause.head, "nsubj") or syntax.subject(clause.head)
    if found is None or found.pos_ == "PRON" or (found.ent_type_ == "PERSON") != (pronoun.lower_ in PERSONAL):
        return None  # "it" and "they" are not a named person, "he" and "she" are
    return found


def phrase_tokens(head: Token) -> list[Token]:
    """The head with its left modifiers: "the American Civil Liberties Union", "a U.S. Supreme Court decision"."""
    left = min((t.i for child in head.lefts for t in child.subtree), default=head.i)
    return list(head.doc[left:head.i + 1])


def predicates(sentence) -> list[Predicate]:
    """The verbs of a sentence that have at least one argument, with those arguments."""
    found = []
    for token in sentence:
        if token.pos_ in PREDICATE_POS and token.dep_ not in ("aux", "auxpass"):
            if args := arguments(token):
                found.append(Predicate(token, args))
    return found


def type_features(predicate: Predicate, lexicon_type: str | None) -> list[str]:
    token = predicate.token
    lemma = predicate_lemma(token)
    verbs, patterns = cameo_verbs()
    block, cameo_type = verbs.get(lemma) or verbs.get(token.lemma_.lower()) or ("", "-")
    slots = {argument.slot.split(">")[0] for argument in predicate.arguments}
    features = ["bias", f"lemma={lemma}", f"dep={token.dep_}", f"lexicon={lexicon_type or 'none'}",
                f"cameo={cameo_type}", f"cameo_block={block or 'none'}", f"passive={syntax.is_passive(token)}",
                f"head_lemma={token.head.lemma_.lower() if token.head != token else 'ROOT'}"]
    features.extend(f"slot={slot}" for slot in slots)
    features.extend(f"lemma+slot={lemma}|{slot}" for slot in slots)
    dependents = _dependent_words(token)
    for word in dependents:
        features.append(f"lemma+word={lemma}|{word}")
        features.append(f"word={word}")
        for type_ in patterns.get((block, word), ()):
            features.append(f"cameo_pattern={type_}")
    for noun in _object_nouns(token):  # "announced the release of", "launched an attack on"
        noun_block, noun_type = verbs.get(noun, ("none", "-"))
        features.extend((f"object_cameo={noun_type}", f"object_block={noun_block}"))
    if token.dep_ == "xcomp":
        features.append(f"governor={token.head.lemma_.lower()}")
    if any(c.dep_ == "neg" for c in token.children):
        features.append("negated")
    features.extend(f"aux={a.lemma_.lower()}" for a in syntax.own_auxiliaries(token))
    return features


def _dependent_words(token: Token) -> set[str]:
    """The lemmas of the words a CAMEO pattern may name: objects, particles, prepositions and their objects."""
    words = set()
    for child in token.children:
        if child.dep_ in ("dobj", "prt", "prep", "dative", "attr", "xcomp", "advmod", "acomp"):
            words.add(child.lemma_.lower())
            for inner in child.children:
                if inner.dep_ in ("pobj", "compound", "dobj", "amod"):
                    words.add(inner.lemma_.lower())
    return words


def _object_nouns(token: Token) -> set[str]:
    """The lemmas of the nouns a light verb's event may lie in: its objects, and the objects of their prepositions."""
    nouns = set()
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "nsubjpass") and child.pos_ == "NOUN":
            nouns.add(child.lemma_.lower())
        if child.dep_ == "prep":
            nouns.update(inner.lemma_.lower() for inner in child.children if inner.dep_ == "pobj" and inner.pos_ == "NOUN")
    return nouns


def role_features(predicate: Predicate, argument: Argument) -> list[str]:
    token, head = predicate.token, argument.head
    lemma = predicate_lemma(token)
    verbs, _ = cameo_verbs()
    block, cameo_type = verbs.get(lemma) or verbs.get(token.lemma_.lower()) or ("", "-")
    voice = "passive" if syntax.is_passive(token) else "active"
    kind = _argument_kind(head)
    path = argument.slot
    edges = path.split(">")
    return ["bias", f"path={path}", f"path+voice={path}|{voice}", f"first={edges[0]}", f"last={edges[-1]}",
            f"first+voice={edges[0]}|{voice}", f"depth={len(edges)}", f"kind={kind}", f"first+kind={edges[0]}|{kind}",
            f"path+kind={path}|{kind}", f"first+lemma={edges[0]}|{lemma}", f"path+lemma={path}|{lemma}",
            f"path+cameo={path}|{cameo_type}", f"first+block={edges[0]}|{block}", f"dep={head.dep_}",
            f"before={head.i < token.i}", f"path+pos={path}|{token.pos_}", f"head_lemma={head.lemma_.lower()}",
            f"entity={bool(head.ent_type_)}", f"first+last={edges[0]}|{edges[-1]}"]


def _argument_kind(head: Token) -> str:
    if head.pos_ == "PRON":
        return f"pron:{head.lower_}"
    return head.ent_type_ or head.pos_


class MulticlassModel:
    """A multinomial logistic regression over sparse features, read from its JSON weights."""

    def __init__(self, classes: list[str], weights: dict[str, list[float]]):
        self.classes = classes
        self.weights = weights

    def probabilities(self, features: list[str]) -> dict[str, float]:
        get = self.weights.get
        rows = [row for feature in features if (row := get(feature)) is not None]
        # column sums in C (zip, sum) rather than a Python loop per class: the same additions, in the same order
        scores = [sum(column) for column in zip(*rows)] if rows else [0.0] * len(self.classes)
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: value / total for name, value in zip(self.classes, exps)}

    def to_json(self) -> dict:
        return {"classes": self.classes, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict) -> "MulticlassModel":
        return cls(data["classes"], data["weights"])


@dataclass
class EventModel:
    """The trained type and role models, with the type probability an event must reach."""
    types: MulticlassModel
    roles: MulticlassModel
    threshold: float

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "EventModel | None":
        """The trained models, or None where they have not been trained (the rules then work alone)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(MulticlassModel.from_json(data["types"]), MulticlassModel.from_json(data["roles"]),
                   data["threshold"])

    def save(self, path: Path = MODEL_FILE) -> None:
        data = {"types": self.types.to_json(), "roles": self.roles.to_json(), "threshold": self.threshold}
        path.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True), encoding="utf-8")
