"""Seeded random streams: one independent generator per (stream, day), so chunking never changes output."""

from __future__ import annotations

import zlib

import numpy as np

_OFFSET = 1 << 20  # keeps warm-up days (negative indexes) distinct from window days


def stream_rng(seed: int, stream: str, *index: int) -> np.random.Generator:
    """Return the generator for ``stream`` (a name) at ``index`` (e.g. a day) under ``seed``."""
    key = (zlib.crc32(stream.encode("utf-8")),) + tuple(i + _OFFSET for i in index)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))
