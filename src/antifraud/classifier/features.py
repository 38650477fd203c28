"""Character n-grams of normalised texts, counted for a whole batch at once with numpy.

An n-gram (n ≤ 3) is packed exactly into one integer — 21 bits per code point — so there are no hash
collisions and every feature can be turned back into the characters a person can read. Spaces are
boundaries: no n-gram spans two words, sentences or texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

BITS = 21
MAX_N = 3


@dataclass(frozen=True)
class NgramBatch:
    """The distinct n-grams of each text with their counts: parallel arrays, grouped by text."""

    doc: np.ndarray     # int64, the text each entry belongs to (ascending)
    key: np.ndarray     # int64, the packed n-gram
    count: np.ndarray   # float64, occurrences in that text
    n_docs: int


def codepoints(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of all texts joined by a 0 boundary, and the text index of every position."""
    joined = "\0".join(texts) + "\0"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    cps[cps == 32] = 0
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    return cps, doc


def ngram_keys(texts: Sequence[str],
               ngram_range: tuple[int, int] = (1, MAX_N)) -> tuple[np.ndarray, np.ndarray]:
    """Every n-gram occurrence in the texts as (text index, packed key), in text order."""
    low, high = ngram_range
    if not 1 <= low <= high <= MAX_N:
        raise ValueError(f"n-gram range must lie within 1..{MAX_N}")
    if not texts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    cps, doc = codepoints(texts)
    docs: list[np.ndarray] = []
    keys: list[np.ndarray] = []
    for n in range(low, high + 1):
        m = len(cps) - n + 1
        if m <= 0:
            continue
        key = cps[:m].copy()
        valid = key != 0
        for j in range(1, n):
            part = cps[j:j + m]
            valid &= part != 0
            key = (key << BITS) | part
        docs.append(doc[:m][valid])
        keys.append(key[valid])
    order_doc = np.concatenate(docs)
    order = np.argsort(order_doc, kind="stable")
    return order_doc[order], np.concatenate(keys)[order]


def count_ngrams(texts: Sequence[str], ngram_range: tuple[int, int] = (1, MAX_N)) -> NgramBatch:
    """Distinct n-grams per text with their counts."""
    doc, key = ngram_keys(texts, ngram_range)
    if len(key) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return NgramBatch(empty, empty, np.zeros(0), len(texts))
    order = np.lexsort((key, doc))
    doc, key = doc[order], key[order]
    new = np.ones(len(key), dtype=bool)
    new[1:] = (doc[1:] != doc[:-1]) | (key[1:] != key[:-1])
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, len(key))).astype(np.float64)
    return NgramBatch(doc[starts], key[starts], counts, len(texts))


def key_text(key: int) -> str:
    """The characters a packed n-gram stands for."""
    chars: list[str] = []
    mask = (1 << BITS) - 1
    while key:
        chars.append(chr(key & mask))
        key >>= BITS
    return "".join(reversed(chars))


def text_key(ngram: str) -> int:
    """Pack up to three characters into the integer used as their feature key."""
    if not 1 <= len(ngram) <= MAX_N:
        raise ValueError(f"an n-gram has 1..{MAX_N} characters")
    key = 0
    for ch in ngram:
        key = (key << BITS) | ord(ch)
    return key
