"""Everything one simulator process holds: the state store plus tokens, limits, faults and the traffic log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from genesys_cloud_sim.core.auth import TokenRegistry
from genesys_cloud_sim.core.clock import TimeScale
from genesys_cloud_sim.core.consistency import Consistency
from genesys_cloud_sim.core.faults import FaultEngine
from genesys_cloud_sim.core.ratelimit import SlidingWindow
from genesys_cloud_sim.core.seed import apply_seed, export_seed
from genesys_cloud_sim.core.state import Area, StateStore
from genesys_cloud_sim.core.traffic import Traffic


class Simulation:
    def __init__(self, area_types: Sequence[type[Area]], time_scale: float = 1.0, strict_fields: bool = False) -> None:
        self.time_scale = TimeScale(time_scale)
        # Refuse request-body fields the model lacks (tests: typos fail) rather than ignore them (a real org).
        self.strict_fields = strict_fields
        self.store = StateStore(area_types, self.time_scale)
        self.tokens = TokenRegistry(self.store, self.time_scale)
        self.faults = FaultEngine()
        self.consistency = Consistency()
        self.traffic = Traffic()
        self.api_budget = SlidingWindow()
        self.login_budget = SlidingWindow()

    @property
    def rate_limit_window_s(self) -> float:
        return self.time_scale.real_seconds(60.0)

    def reset(self, config: Mapping[str, Any] | None = None) -> None:
        """Back to an empty world (optionally seeded): no tokens, faults, lag, budgets or traffic survive."""
        fresh = StateStore(self.store.area_types, self.time_scale)
        if config:
            apply_seed(fresh, config)
        self.store.adopt(fresh)
        self.tokens.clear()
        self.faults.clear()
        self.consistency.clear()
        self.traffic.clear()
        self.api_budget.clear()
        self.login_budget.clear()

    def seed(self, config: Mapping[str, Any]) -> None:
        """Merge a seed atomically: it is applied to a copy, which replaces the live world only if all of it fits."""
        with self.store.lock:
            merged = StateStore(self.store.area_types, self.time_scale)
            apply_seed(merged, self.export(include_secrets=True))
            apply_seed(merged, config)
            self.store.adopt(merged)

    def export(self, include_secrets: bool) -> dict[str, Any]:
        return export_seed(self.store, include_secrets)
