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
from math import exp
from dataclasses import dataclass
from functools import cache, cached_property
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
    tree: syntax.Tree  # the parse it is read from, as lists (its features read these)
    slots: frozenset[str]  # `argument_slots(token.i, tree)`

    @cached_property
    def arguments(self) -> tuple[Argument, ...]:
        """Walked on first use: the type model reads only `slots`, and most predicates are typed
        NONE, so their arguments are never needed (about a tenth of the events stage's CPU)."""
        return arguments(self.token, self.tree)


def argument_slots(verb: int, tree: syntax.Tree) -> frozenset[str]:
    """The first edge of each argument's path ("nsubj", "prep:on", "inherited:xcomp"): the same as
    the arguments' (`tests/test_events_learned.py`), found without walking every path. A verb
    without any is no predicate."""
    return frozenset(slot for _, slot in _first_edges(verb, tree))


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


def verb_reading(predicate: Predicate) -> tuple[str, str, str, bool]:
    """What both models read of the verb: its lemma with its particle ("carry out"), the synonym
    block and PLOVER type CAMEO gives it (or "" and "-"), and whether it is passive."""
    tree, verb = predicate.tree, predicate.token.i
    particle = tree.particle(verb)
    lemma = f"{tree.lemmas[verb]} {particle}" if particle else tree.lemmas[verb]
    verbs, _ = cameo_verbs()
    block, cameo_type = verbs.get(lemma) or verbs.get(tree.lemmas[verb]) or ("", "-")
    return lemma, block, cameo_type, tree.is_passive(verb)


def arguments(predicate: Token, tree: syntax.Tree) -> tuple[Argument, ...]:
    """The noun phrases that may be a party to the predicate's event, each with the path by which
    it hangs from the predicate ("nsubj", "dobj>prep:on", "xcomp>dobj", "inherited:xcomp"): every
    phrase head up to `MAX_DEPTH` edges below it, its inherited subject, and the noun a relative
    clause modifies. `tree` is the predicate's parse as lists (most of the walk's cost otherwise)."""
    found = _outside_arguments(predicate.i, tree)
    deps, children = tree.deps, tree.children
    stack = [(child, (_edge(tree, child),)) for child in reversed(children(predicate.i)) if deps[child] not in SKIPPED]
    while stack:
        token, path = stack.pop()
        if _phrase_head(tree, token):
            found.append((token, ">".join(path)))
        if len(path) < MAX_DEPTH:
            stack.extend((child, (*path, _edge(tree, child))) for child in reversed(children(token))
                         if deps[child] not in SKIPPED)
    return tuple(Argument(tree.doc[head], slot) for head, slot in _unique_heads(predicate.i, found))


def _outside_arguments(verb: int, tree: syntax.Tree) -> list[tuple[int, str]]:
    """The arguments that do not hang below the predicate: its inherited subject, and the noun a
    relative clause modifies ("the troops who attacked")."""
    found = []
    deps = tree.deps
    if tree.child(verb, "nsubj", "csubj") is None and (inherited := tree.subject(verb)) is not None:
        found.append((inherited, f"inherited:{deps[verb]}"))
    if deps[verb] in ("relcl", "acl") and tree.pos[tree.heads[verb]] in ("NOUN", "PROPN"):
        found.append((tree.heads[verb], f"governor:{deps[verb]}"))
    return found


def _unique_heads(verb: int, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each head once, with the first path found to it; never the predicate itself."""
    seen = {verb}
    unique = []
    for head, slot in found:
        if head not in seen:
            seen.add(head)
            unique.append((head, slot))
    return unique


def _first_edges(verb: int, tree: syntax.Tree) -> list[tuple[int, str]]:
    """The arguments' first edges as `arguments` finds them, with one head each (the first a
    branch holds), the branch's walk stopping there: the first edges are all the type model reads."""
    found = _outside_arguments(verb, tree)
    deps = tree.deps
    for child in tree.children(verb):
        if deps[child] not in SKIPPED and (head := _first_phrase_head(tree, child, 1)) is not None:
            found.append((head, _edge(tree, child)))
    return _unique_heads(verb, found)


def _first_phrase_head(tree: syntax.Tree, token: int, depth: int) -> int | None:
    """The first phrase head the walk of `arguments` meets in the token's branch, `depth` edges below the predicate."""
    if _phrase_head(tree, token):
        return token
    if depth < MAX_DEPTH:
        for child in tree.children(token):
            if tree.deps[child] not in SKIPPED and (head := _first_phrase_head(tree, child, depth + 1)) is not None:
                return head
    return None


def _edge(tree: syntax.Tree, token: int) -> str:
    dep = tree.deps[token]
    return f"{dep}:{tree.lower[token]}" if dep in ("prep", "agent", "dative") and tree.pos[token] == "ADP" else dep


def _phrase_head(tree: syntax.Tree, token: int) -> bool:
    """A noun phrase's head, or a name inside one ("Taliban" in "a Taliban attack", "Russia's")."""
    pos = tree.pos[token]
    if pos not in ("NOUN", "PROPN", "PRON") or tree.lower[token] in RELATIVE_WORDS:
        return False
    if tree.deps[token] in ("compound", "flat", "nmod"):
        return pos == "PROPN" and tree.pos[tree.heads[token]] != "PROPN"
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


def predicates(sentence, tree: syntax.Tree | None = None) -> list[Predicate]:
    """The verbs of a sentence that have at least one argument, with those arguments. `tree`: the
    sentence's Doc as lists, built once per Doc by a caller that reads several of its sentences."""
    tree = tree or syntax.Tree(sentence.doc)
    found = []
    for i in range(sentence.start, sentence.end):
        if tree.pos[i] in PREDICATE_POS and tree.deps[i] not in ("aux", "auxpass") \
                and (slots := argument_slots(i, tree)):
            found.append(Predicate(tree.doc[i], tree, slots))
    return found


def type_features(predicate: Predicate, lexicon_type: str | None) -> list[str]:
    tree, verb = predicate.tree, predicate.token.i
    lemmas, deps = tree.lemmas, tree.deps
    lemma, block, cameo_type, passive = verb_reading(predicate)
    verbs, patterns = cameo_verbs()
    slots = predicate.slots
    head = tree.heads[verb]
    features = ["bias", f"lemma={lemma}", f"dep={deps[verb]}", f"lexicon={lexicon_type or 'none'}",
                f"cameo={cameo_type}", f"cameo_block={block or 'none'}", f"passive={passive}",
                f"head_lemma={lemmas[head] if head != verb else 'ROOT'}"]
    features += [f"slot={slot}" for slot in slots]
    features += [f"lemma+slot={lemma}|{slot}" for slot in slots]
    for word in _dependent_words(tree, verb):
        features += (f"lemma+word={lemma}|{word}", f"word={word}")
        features += [f"cameo_pattern={type_}" for type_ in patterns.get((block, word), ())]
    for noun in _object_nouns(tree, verb):  # "announced the release of", "launched an attack on"
        noun_block, noun_type = verbs.get(noun, ("none", "-"))
        features += (f"object_cameo={noun_type}", f"object_block={noun_block}")
    if deps[verb] == "xcomp":
        features.append(f"governor={lemmas[head]}")
    if tree.child(verb, "neg") is not None:
        features.append("negated")
    features += [f"aux={lemmas[c]}" for c in tree.children(verb, *syntax.OWN_AUXILIARIES)]
    return features


def _dependent_words(tree: syntax.Tree, verb: int) -> set[str]:
    """The lemmas of the words a CAMEO pattern may name: objects, particles, prepositions and their objects."""
    words = set()
    for child in tree.children(verb):
        if tree.deps[child] in ("dobj", "prt", "prep", "dative", "attr", "xcomp", "advmod", "acomp"):
            words.add(tree.lemmas[child])
            for inner in tree.children(child):
                if tree.deps[inner] in ("pobj", "compound", "dobj", "amod"):
                    words.add(tree.lemmas[inner])
    return words


def _object_nouns(tree: syntax.Tree, verb: int) -> set[str]:
    """The lemmas of the nouns a light verb's event may lie in: its objects, and the objects of their prepositions."""
    nouns = set()
    for child in tree.children(verb):
        if tree.deps[child] in ("dobj", "attr", "nsubjpass") and tree.pos[child] == "NOUN":
            nouns.add(tree.lemmas[child])
        if tree.deps[child] == "prep":
            nouns.update(tree.lemmas[inner] for inner in tree.children(child)
                         if tree.deps[inner] == "pobj" and tree.pos[inner] == "NOUN")
    return nouns


def role_features(predicate: Predicate, argument: Argument) -> list[str]:
    token, head, tree = predicate.token, argument.head, predicate.tree
    lemma, block, cameo_type, passive = verb_reading(predicate)
    voice = "passive" if passive else "active"
    kind = _argument_kind(head)
    path = argument.slot
    edges = path.split(">")
    return ["bias", f"path={path}", f"path+voice={path}|{voice}", f"first={edges[0]}", f"last={edges[-1]}",
            f"first+voice={edges[0]}|{voice}", f"depth={len(edges)}", f"kind={kind}", f"first+kind={edges[0]}|{kind}",
            f"path+kind={path}|{kind}", f"first+lemma={edges[0]}|{lemma}", f"path+lemma={path}|{lemma}",
            f"path+cameo={path}|{cameo_type}", f"first+block={edges[0]}|{block}", f"dep={tree.deps[head.i]}",
            f"before={head.i < token.i}", f"path+pos={path}|{tree.pos[token.i]}", f"head_lemma={tree.lemmas[head.i]}",
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
        rows = [row for row in map(self.weights.get, features) if row is not None]
        # column sums in C (map, zip, sum) rather than a Python loop per class: the same additions, in the same order
        scores = list(map(sum, zip(*rows))) if rows else [0.0] * len(self.classes)
        top = max(scores)
        exps = [exp(score - top) for score in scores]
        total = sum(exps)
        return dict(zip(self.classes, [value / total for value in exps]))

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
