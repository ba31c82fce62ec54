"""MinHash signatures and LSH of syndicated copies (newsledger/store/dedup.py)."""

from __future__ import annotations

import json
from pathlib import Path

from newsledger.store.dedup import BANDS, NUM_PERM, ROWS, THRESHOLD, bands, find_duplicates, signature, similarity

# Signatures of texts we wrote, computed with datasketch 2.0 (MinHash(num_perm=128, seed=1,
# scheme="affine32")) before it was replaced: stored signatures must stay comparable.
FIXTURE = Path(__file__).parent / "data" / "minhash_signatures.json"


def test_signatures_are_byte_identical_to_the_ones_datasketch_gave():
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(fixture["texts"]) == 4
    for name, text in fixture["texts"].items():
        blob = signature(text)
        assert (blob.hex() if blob is not None else None) == fixture["signatures"][name], name


def test_the_bands_cover_the_signature_in_equal_slices():
    blob = signature(" ".join(f"word{i}" for i in range(40)))
    keys = bands(blob)
    assert len(blob) == NUM_PERM * 4 and BANDS * ROWS <= NUM_PERM
    assert [band for band, _ in keys] == list(range(BANDS))
    assert all(len(key) == ROWS * 4 for _, key in keys)
    assert b"".join(key for _, key in keys) == blob[:BANDS * ROWS * 4]


def test_a_copy_with_a_changed_ending_is_linked_to_the_earliest_and_an_unrelated_text_is_not():
    body = " ".join(f"The envoys met on day {i} to discuss troop levels near the border." for i in range(20))
    original, copy = signature(body), signature(body + " Reporting by a wire service, edited by another desk.")
    unrelated = signature(" ".join(f"Boats landed crate {i} of cod at the harbour before dawn today." for i in range(20)))
    assert similarity(original, copy) >= THRESHOLD > similarity(original, unrelated)
    rank = {"copy": (0, "2022-01-11"), "original": (0, "2022-01-10"), "other": (0, "2022-01-09")}
    links = find_duplicates([("copy", copy), ("original", original), ("other", unrelated)], rank)
    assert [(document, canonical) for document, canonical, _ in links] == [("copy", "original")]
