"""The request log and the counters built from it (GET /__sim/stats, GET /__sim/requests)."""

from __future__ import annotations

import threading
from collections import Counter, deque
from dataclasses import asdict, dataclass
from typing import Any

UNMATCHED_ROUTE = "<unmatched>"


@dataclass(slots=True)
class Exchange:
    """One request to a region, as the log keeps it; `write` means a write that was applied."""

    ts: str
    region: str | None
    org: str | None
    client_id: str | None
    method: str
    path: str
    route: str | None
    status: int | None  # None when the connection was dropped before any answer
    write: bool
    fault: str | None
    latency_ms: int


class Traffic:
    def __init__(self, max_entries: int = 100_000) -> None:
        self._lock = threading.Lock()
        self._log: deque[Exchange] = deque(maxlen=max_entries)
        self._by_route: Counter[str] = Counter()
        self._by_status: Counter[str] = Counter()
        self._faults: Counter[str] = Counter()
        self._tokens_issued: Counter[str] = Counter()
        self._total = 0
        self._writes = 0
        self._rate_limited = 0

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            self._log.append(exchange)
            self._total += 1
            self._by_route[f"{exchange.method} {exchange.route or UNMATCHED_ROUTE}"] += 1
            if exchange.status is not None and exchange.fault not in ("reset", "ambiguous_write"):
                self._by_status[str(exchange.status)] += 1
            if exchange.write:
                self._writes += 1
            if exchange.fault:
                self._faults[exchange.fault] += 1
            if exchange.latency_ms:
                self._faults["latency"] += 1
            if exchange.status == 429 and exchange.fault is None:
                self._rate_limited += 1

    def token_issued(self, region: str) -> None:
        with self._lock:
            self._tokens_issued[region] += 1

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(self._by_route),
                "requests_total": self._total,
                "writes": self._writes,
                "tokens_issued": dict(self._tokens_issued),
                "responses_by_status": dict(self._by_status),
                "faults_injected": dict(self._faults),
                "rate_limited": self._rate_limited,
            }

    def entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            selected = list(self._log)[-limit:] if limit else list(self._log)
        return [asdict(exchange) for exchange in selected]

    def clear(self) -> None:
        with self._lock:
            self._log.clear()
            for counter in (self._by_route, self._by_status, self._faults, self._tokens_issued):
                counter.clear()
            self._total = self._writes = self._rate_limited = 0
