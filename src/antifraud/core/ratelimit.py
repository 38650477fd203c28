"""A small in-process rate limiter (sliding window per key) for public endpoints such as risk checks."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class RateLimiter:
    """At most `limit` calls per `window` seconds for each key."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._calls: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count a call for `key`; False when it is over the limit."""
        now = time.monotonic()
        with self._lock:
            calls = self._calls[key]
            while calls and calls[0] <= now - self.window:
                calls.popleft()
            if len(calls) >= self.limit:
                return False
            calls.append(now)
            return True

    def reset(self) -> None:
        """Forget every count (tests)."""
        with self._lock:
            self._calls.clear()
