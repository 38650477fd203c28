"""Character n-grams of normalised texts, counted for a whole batch at once with numpy.

An n-gram of up to three characters is packed exactly into one integer — 21 bits per code point — so
there are no collisions and every such feature can be turned back into the characters a person can
read. Four-grams do not fit in 64 bits: they are hashed to a negative integer (62 bits of hash, so a
collision among a model's few hundred thousand keys is vanishingly rare) and are never shown as cues.
Spaces are boundaries: no n-gram spans two words, sentences or texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

BITS = 21
MAX_N = 4
EXACT_N = 3          # n-grams up to this length are packed exactly and readable
_HASH_MUL = np.uint64(0x9E3779B97F4A7C15)   # Fibonacci hashing: spreads the packed 3-gram's bits
_HASH_MASK = np.uint64((1 << 62) - 1)


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
        for j in range(1, min(n, EXACT_N)):
            part = cps[j:j + m]
            valid &= part != 0
            key = (key << BITS) | part
        if n > EXACT_N:
            key = _hashed(key, cps, n, m, valid)
        docs.append(doc[:m][valid])
        keys.append(key[valid])
    order_doc = np.concatenate(docs)
    order = np.argsort(order_doc, kind="stable")
    return order_doc[order], np.concatenate(keys)[order]


def _hashed(key: np.ndarray, cps: np.ndarray, n: int, m: int, valid: np.ndarray) -> np.ndarray:
    """Fold the characters after the first three into the packed key by hashing; negative result."""
    h = key.astype(np.uint64)
    for j in range(EXACT_N, n):
        part = cps[j:j + m]
        valid &= part != 0
        h = (h * _HASH_MUL) ^ part.astype(np.uint64)
    h = ((h * _HASH_MUL) >> np.uint64(2)) & _HASH_MASK
    return -1 - h.astype(np.int64)


def is_readable(keys: np.ndarray) -> np.ndarray:
    """Which packed keys are exact n-grams of two or three characters (shown as cues)."""
    return keys >= (1 << BITS)


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
    """The characters a packed n-gram stands for (empty for a hashed four-gram)."""
    if key < 0:
        return ""
    chars: list[str] = []
    mask = (1 << BITS) - 1
    while key:
        chars.append(chr(key & mask))
        key >>= BITS
    return "".join(reversed(chars))


def text_key(ngram: str) -> int:
    """Pack up to three characters into the integer used as their feature key."""
    if not 1 <= len(ngram) <= EXACT_N:
        raise ValueError(f"a readable n-gram has 1..{EXACT_N} characters")
    key = 0
    for ch in ngram:
        key = (key << BITS) | ord(ch)
    return key
