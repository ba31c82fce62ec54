"""Near-duplicate detection of syndicated copies: MinHash signatures over word shingles, LSH.

A signature is computed per document where it is analyzed and stored with it, together with its
LSH band keys (`bands`), so a run can look up the stored documents a new one may copy without
reading every signature. `find_duplicates` links every pair whose estimated Jaccard similarity
reaches the threshold and groups them into connected components, so the result does not depend
on the order documents arrived in.

The signatures are those datasketch 2.0's `MinHash(num_perm=128, seed=1, scheme="affine32")`
gives (SHA-1 of each shingle, MurmurHash3 finalizer, odd affine permutations mod 2^32), byte for
byte, so stores written with it stay comparable (tests/data/minhash_signatures.json pins them).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 5
# Fewer shingles than this and two texts share too little to call one a copy of the other.
MIN_SHINGLES = 20
THRESHOLD = 0.7
# The bands x rows that minimize false positives plus false negatives at THRESHOLD for 128
# permutations (equal weights), as datasketch's MinHashLSH chooses them: 14 bands of 9 values.
BANDS, ROWS = 14, 9
_SEED = 1
_WORD = re.compile(r"\w+")
# MurmurHash3's 32-bit finalizer: spreads the input hashes before the affine permutations.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


_A, _B = _permutations()


def _fmix(values: np.ndarray) -> np.ndarray:
    shift1, multiplier1, shift2, multiplier2, shift3 = _FMIX
    values = values ^ (values >> shift1)
    values = values * multiplier1
    values = values ^ (values >> shift2)
    values = values * multiplier2
    return values ^ (values >> shift3)


def signature(text: str) -> bytes | None:
    """The MinHash of the text's word 5-grams as uint32 bytes; None for texts too short to compare."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    hashes = np.fromiter((int.from_bytes(hashlib.sha1(shingle).digest()[:4], "little") for shingle in shingles),
                         dtype=np.uint32, count=len(shingles))
    with np.errstate(over="ignore"):  # wrapping around is the modulo 2^32
        permuted = _fmix(hashes).reshape(-1, 1) * _A + _B
    return permuted.min(axis=0).astype("<u4").tobytes()


def bands(blob: bytes) -> list[tuple[int, bytes]]:
    """The signature's LSH band keys: (band number, its ROWS values as bytes); two documents
    become candidates when they share one."""
    return [(band, blob[band * ROWS * 4:(band + 1) * ROWS * 4]) for band in range(BANDS)]


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal signature values."""
    return float(np.count_nonzero(np.frombuffer(first, "<u4") == np.frombuffer(second, "<u4"))) / NUM_PERM


def find_duplicates(signatures: Iterable[tuple[str, bytes]], rank: dict[str, tuple]) -> list[tuple[str, str, float]]:
    """(document, canonical, similarity) for every document that copies another.

    `rank` orders documents within a group: the lowest (e.g. earliest published, then id) is the
    canonical one, which is not listed. `similarity` is the estimate against the canonical copy.
    """
    buckets: dict[tuple[int, bytes], list[str]] = {}
    blobs: dict[str, bytes] = {}
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for document_id, blob in signatures:
        parent[document_id] = document_id
        blobs[document_id] = blob
        keys = bands(blob)
        candidates = {candidate for key in keys for candidate in buckets.get(key, ())}
        for candidate in candidates:
            if similarity(blob, blobs[candidate]) >= THRESHOLD:
                parent[root(document_id)] = root(candidate)
        for key in keys:
            buckets.setdefault(key, []).append(document_id)

    groups: dict[str, list[str]] = {}
    for document_id in parent:
        groups.setdefault(root(document_id), []).append(document_id)
    links = []
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = min(members, key=lambda d: rank[d])
        links.extend((d, canonical, similarity(blobs[d], blobs[canonical])) for d in sorted(members) if d != canonical)
    return links
