"""Failed sign-ins per client address, in memory (each API process counts its own; the
per-account lockout in the database holds across processes)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class FailureWindow:
    """At most `limit` failures per key in the last `seconds`."""

    def __init__(self, limit: int, seconds: float = 600.0) -> None:
        self.limit, self.seconds = limit, seconds
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def fail(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(time.monotonic())

    def _recent(self, key: str) -> deque[float]:
        times = self._seen[key]
        cutoff = time.monotonic() - self.seconds
        while times and times[0] < cutoff:
            times.popleft()
        if not times:
            self._seen.pop(key, None)
            times = self._seen[key]
        return times
