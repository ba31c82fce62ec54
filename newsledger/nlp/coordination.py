"""The first conjunct of a coordination ("Kenya" in "Kenya, Peru and Chile"), found once per token.

The parser often chains a long list (each conjunct hangs from the one before), so walking up
the `conj` edges from every token of a list of n items costs n² steps; a 300 KB list of
countries took minutes. The walk is remembered per Doc, so each edge is followed once.
"""

from __future__ import annotations

from spacy.tokens import Token

_MEMO = "newsledger.first_conjunct"


def first_conjunct(token: Token) -> Token:
    """The token heading the coordination `token` is a conjunct of (the token itself when it is none)."""
    doc = token.doc
    memo: dict[int, int] = doc.user_data.setdefault(_MEMO, {})
    path = []
    while token.i not in memo and token.dep_ == "conj" and token.head.i != token.i:
        path.append(token.i)
        token = token.head
    first = memo.get(token.i, token.i)
    for index in path:
        memo[index] = first
    return doc[first]
