"""Seeded, reproducible fault injection: the same seed and the same request sequence give the same faults.

Every eligible request consumes the same random draws whatever the outcome (one for the kind, one for latency when
latency is configured, one for Retry-After when a 429 is chosen), so sequences replay exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

STATUS_FAULTS = ("429", "500", "502", "503", "504")
FAULT_KINDS = (*STATUS_FAULTS, "reset", "ambiguous_write", "token_expiry", "token_throttle")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_write(method: str, path: str) -> bool:
    """A search (POST .../search) reads: it changes nothing, so it is neither a write nor an ambiguous one."""
    return method in WRITE_METHODS and not path.rstrip("/").endswith("/search")


# The login service throttles with 400 invalid_request, never 429 (API-FACTS "Auth").
_LOGIN_KINDS = ("500", "502", "503", "504", "reset", "token_throttle")
_API_READ_KINDS = (*STATUS_FAULTS, "reset", "token_expiry")
_API_WRITE_KINDS = (*_API_READ_KINDS, "ambiguous_write")


@dataclass(frozen=True)
class FaultConfig:
    seed: int = 0
    rates: dict[str, float] = field(default_factory=dict)
    retry_after: tuple[int, int] = (1, 3)
    # 502/503/504 faults carry Retry-After too (a guess: no Genesys source says they do; clients should honour it).
    retry_after_on_5xx: bool = False
    latency_ms: tuple[int, int] | None = None
    token_early_expiry_after_s: float | None = None
    methods: frozenset[str] | None = None
    path_prefix: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultConfig:
        """Build from the admin/seed JSON shape; ValueError names the first bad key."""
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        rates = {str(kind): float(rate) for kind, rate in (data.get("rates") or {}).items()}
        _check_rates(rates)
        methods = data.get("methods")
        early = data.get("token_early_expiry_after_s")
        return cls(
            seed=int(data.get("seed", 0)),
            rates=rates,
            retry_after=_int_range(data.get("retry_after", (1, 3)), "retry_after"),
            retry_after_on_5xx=bool(data.get("retry_after_on_5xx", False)),
            latency_ms=None if data.get("latency_ms") is None else _int_range(data["latency_ms"], "latency_ms"),
            token_early_expiry_after_s=None if early is None else float(early),
            methods=None if methods is None else frozenset(m.upper() for m in methods),
            path_prefix=data.get("path_prefix"),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "rates": dict(self.rates),
            "retry_after": list(self.retry_after),
            "retry_after_on_5xx": self.retry_after_on_5xx,
            "latency_ms": None if self.latency_ms is None else list(self.latency_ms),
            "token_early_expiry_after_s": self.token_early_expiry_after_s,
            "methods": None if self.methods is None else sorted(self.methods),
            "path_prefix": self.path_prefix,
        }


def _check_rates(rates: dict[str, float]) -> None:
    unknown = set(rates) - set(FAULT_KINDS)
    if unknown:
        raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {list(FAULT_KINDS)}")
    if any(not 0.0 <= rate <= 1.0 for rate in rates.values()):
        raise ValueError("every fault rate must be between 0 and 1")
    if sum(rates.values()) > 1.0 + 1e-9:
        raise ValueError("fault rates are exclusive per request and must add up to 1 or less")


def _int_range(value: Any, name: str) -> tuple[int, int]:
    low, high = (value, value) if isinstance(value, (int, float)) else tuple(value)
    if not 0 <= int(low) <= int(high):
        raise ValueError(f"{name} must be a number or [min, max] with 0 <= min <= max")
    return int(low), int(high)


@dataclass(frozen=True)
class FaultDraw:
    kind: str | None = None
    latency_s: float = 0.0
    retry_after_s: int = 0


NO_FAULT = FaultDraw()


class FaultEngine:
    def __init__(self) -> None:
        self.config: FaultConfig | None = None
        self._rng = random.Random(0)

    def configure(self, config: FaultConfig) -> None:
        self.config = config
        self._rng = random.Random(config.seed)

    def clear(self) -> None:
        self.config = None

    @property
    def token_early_expiry_after_s(self) -> float | None:
        return None if self.config is None else self.config.token_early_expiry_after_s

    def draw(self, is_login: bool, method: str, path: str) -> FaultDraw:
        """Decide the fault for one request to /oauth/token (is_login) or /api/v2 (path relative to the region)."""
        config = self.config
        if config is None or not self._eligible(config, method, path):
            return NO_FAULT
        kinds = _LOGIN_KINDS if is_login else _API_WRITE_KINDS if is_write(method, path) else _API_READ_KINDS
        kind = self._pick_kind(config, kinds)
        latency_s = self._rng.uniform(*config.latency_ms) / 1000.0 if config.latency_ms else 0.0
        waits = kind == "429" or (config.retry_after_on_5xx and kind in ("502", "503", "504"))
        retry_after_s = self._rng.randint(*config.retry_after) if waits else 0
        return FaultDraw(kind, latency_s, retry_after_s)

    @staticmethod
    def _eligible(config: FaultConfig, method: str, path: str) -> bool:
        if config.methods is not None and method not in config.methods:
            return False
        return config.path_prefix is None or path.startswith(config.path_prefix)

    def _pick_kind(self, config: FaultConfig, kinds: tuple[str, ...]) -> str | None:
        roll = self._rng.random()
        threshold = 0.0
        for kind in kinds:
            threshold += config.rates.get(kind, 0.0)
            if roll < threshold:
                return kind
        return None
