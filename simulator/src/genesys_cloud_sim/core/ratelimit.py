"""Sliding-window request budgets: per token on /api/v2, per OAuth client on /oauth/token."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass


@dataclass
class RateLimitSettings:
    """0 switches a limit off. 300 per token per minute is the documented client-credentials budget (API-FACTS)."""

    per_token_per_minute: int = 300
    token_endpoint_per_client_per_minute: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "per_token_per_minute": self.per_token_per_minute,
            "token_endpoint_per_client_per_minute": self.token_endpoint_per_client_per_minute,
        }


@dataclass(frozen=True)
class WindowVerdict:
    allowed: bool
    count: int  # requests in the window, this one included when allowed
    limit: int
    reset_s: int  # whole seconds until the oldest request leaves the window


class SlidingWindow:
    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, limit: int, window_s: float, now: float) -> WindowVerdict:
        hits = self._hits.setdefault(key, deque())
        horizon = now - window_s
        while hits and hits[0] <= horizon:
            hits.popleft()
        allowed = len(hits) < limit
        if allowed:
            hits.append(now)
        reset_s = max(1, math.ceil(hits[0] + window_s - now)) if hits else 0
        return WindowVerdict(allowed, len(hits), limit, reset_s)

    def clear(self) -> None:
        self._hits.clear()
