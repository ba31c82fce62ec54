"""The tense of a clause, read off the parse: decides whether "Monday" lies before or after publication."""

from __future__ import annotations

from spacy.tokens import Token

from newsledger.nlp.attachment import VERBAL
from newsledger.time.lexicon import calendar_words


def clause_tense(token: Token) -> str | None:
    """past / present / future of the clause a token belongs to, or None when it has no verb.

    Future: a will/shall/would auxiliary, "going to", or a scheduling word on the way up
    ("is scheduled for", "plans to meet", "the upcoming session"). Past: a past-tense verb or
    auxiliary, or a present perfect. Present: anything else finite (a plain present coordinated
    with a future clause takes its tense). A to-infinitive looks ahead: future under a present verb
    ("wants to meet on Monday"), undecided (None: the nearest day) under a past one ("agreed to
    meet on Monday").
    """
    words = calendar_words()
    intent = set(words["future_intent_lemmas"])
    # Every word on the way up to the clause's verb has that verb's tense; remembered per Doc, so
    # the climb from each of thousands of dates in one long sentence is not repeated.
    memo: dict[int, str | None] = token.doc.user_data.setdefault(_TENSE_MEMO, {})
    climbed = []
    verb = token
    while verb.pos_ not in VERBAL and verb.head.i != verb.i and verb.i not in memo:
        if _has_intent(verb, intent):
            memo.update(dict.fromkeys(climbed, "future"))
            return "future"
        climbed.append(verb.i)
        verb = verb.head
    tense = memo[verb.i] if verb.i in memo else _verb_tense(verb, intent, words)
    memo.update(dict.fromkeys([*climbed, verb.i], tense))
    return tense


_TENSE_MEMO = "newsledger.clause_tense"


def _verb_tense(verb: Token, intent: set[str], words: dict) -> str | None:
    """The tense of the clause whose verb (or topmost word) `verb` is."""
    if verb.pos_ not in VERBAL:
        return None
    prospective = False  # under a to-infinitive: "agreed to meet on Monday", "wants to meet on Monday"
    while True:
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ != "TO"]
        if verb.lemma_ in intent or _has_intent(verb, intent):
            return "future"
        if any(a.lower_ in words["future_auxiliaries"] for a in auxiliaries) or _going_to(verb):
            return "future"
        if auxiliaries or verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or verb.head.i == verb.i:
            break
        if verb.dep_ not in ("xcomp", "conj", "acl", "advcl", "pcomp", "prep", "pobj"):
            break
        prospective = prospective or any(c.tag_ == "TO" for c in verb.children)
        verb = verb.head
    tense = _finite_tense(verb, auxiliaries, words)
    if prospective:
        # what a past verb looked ahead to may lie on either side of publication: take the nearest
        return "future" if tense == "present" else None
    if tense == "present" and verb.dep_ == "conj" and not auxiliaries:
        # a plain present joined to a future clause continues it: "will meet on Thursday, and a
        # summit follows on Friday"
        return "future" if clause_tense(verb.head) == "future" else tense
    return tense


def _has_intent(token: Token, intent: set[str]) -> bool:
    return any(c.dep_ in ("amod", "acomp") and c.lemma_ in intent for c in token.children)


def _going_to(verb: Token) -> bool:
    return verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)


def _finite_tense(verb: Token, auxiliaries: list[Token], words: dict) -> str:
    forms = [a.lower_ for a in auxiliaries]
    if verb.tag_ == "VBD" or any(f in words["past_auxiliaries"] for f in forms):
        return "past"
    if verb.tag_ == "VBN" and any(f in words["perfect_auxiliaries"] for f in forms):
        return "past"
    return "present"
