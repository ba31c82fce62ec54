"""Near-duplicate detection of syndicated copies: MinHash signatures over word shingles, LSH.

A signature is computed per document where it is analyzed and stored with it; `find_duplicates`
links every pair whose estimated Jaccard similarity reaches the threshold and groups them into
connected components, so the result does not depend on the order documents arrived in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
# Fewer shingles than this and two texts share too little to call one a copy of the other.
MIN_SHINGLES = 20
THRESHOLD = 0.7
_SEED = 1
# Pinned so stored signatures stay comparable whatever datasketch's default becomes.
_SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def signature(text: str) -> bytes | None:
    """The MinHash of the text's word 5-grams as uint32 bytes; None for texts too short to compare."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch(sorted(shingles))
    return minhash.hashvalues.astype(np.uint32).tobytes()


def _minhash(blob: bytes) -> LeanMinHash:
    # LeanMinHash skips generating the permutations, which only updating a signature needs.
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(blob, dtype=np.uint32), scheme=_SCHEME)


def find_duplicates(signatures: Iterable[tuple[str, bytes]], rank: dict[str, tuple]) -> list[tuple[str, str, float]]:
    """(document, canonical, similarity) for every document that copies another.

    `rank` orders documents within a group: the lowest (e.g. earliest published, then id) is the
    canonical one, which is not listed. `similarity` is the estimate against the canonical copy.
    """
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    minhashes: dict[str, LeanMinHash] = {}
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for document_id, blob in signatures:
        minhash = _minhash(blob)
        parent[document_id] = document_id
        for candidate in lsh.query(minhash):
            if minhash.jaccard(minhashes[candidate]) >= THRESHOLD:
                parent[root(document_id)] = root(candidate)
        lsh.insert(document_id, minhash)
        minhashes[document_id] = minhash

    groups: dict[str, list[str]] = {}
    for document_id in parent:
        groups.setdefault(root(document_id), []).append(document_id)
    links = []
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = min(members, key=lambda d: rank[d])
        links.extend((d, canonical, minhashes[d].jaccard(minhashes[canonical])) for d in sorted(members) if d != canonical)
    return links
