# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""When to try a request again, and how long to wait first."""

from __future__ import annotations

import random
import time

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Statuses after which a write may already have been applied: never repeat a create blindly.
AMBIGUOUS_STATUSES = frozenset({500, 502, 503, 504})


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (Genesys Cloud sends whole seconds; HTTP dates are not used by it)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class Backoff:
    """Jittered exponential backoff inside a time budget shared by all retries of one call."""

    def __init__(self, budget: float, base: float = 0.5, cap: float = 10.0, rng: random.Random | None = None):
        self.deadline = time.monotonic() + budget
        self.base = base
        self.cap = cap
        self.attempt = 0
        self._rng = rng or random.Random()

    def next_delay(self, retry_after: float | None = None) -> float | None:
        """Seconds to sleep before the next try, or None when the budget would be exceeded."""
        self.attempt += 1
        if retry_after is not None:
            # Honour the server, plus a little jitter so parallel forks do not return in lockstep.
            delay = retry_after + self._rng.uniform(0, 0.5)
        else:
            delay = self._rng.uniform(self.base, min(self.cap, self.base * 2 ** self.attempt))
        if time.monotonic() + delay > self.deadline:
            return None
        return delay

    def wait(self, retry_after: float | None = None) -> bool:
        delay = self.next_delay(retry_after)
        if delay is None:
            return False
        time.sleep(delay)
        return True
