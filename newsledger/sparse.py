"""Sparse feature matrices for the logistic regressions the stages train (quotes, events): the
features seen at least `min_count` times, in sorted order, so the same examples give the same
matrix. Training only: needs numpy and scipy (the dev lock)."""

from __future__ import annotations


def feature_matrix(features: list[list[str]], min_count: int):
    """(CSR matrix of 0/1 features by example, the feature names by column)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    counts: dict[str, int] = {}
    for row in features:
        for feature in set(row):
            counts[feature] = counts.get(feature, 0) + 1
    names = sorted(f for f, c in counts.items() if c >= min_count)
    column = {name: i for i, name in enumerate(names)}
    rows, cols = [], []
    for r, row in enumerate(features):
        for c in sorted({column[f] for f in row if f in column}):
            rows.append(r)
            cols.append(c)
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(features), len(names))), names
