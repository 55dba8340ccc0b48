"""Soft delete: a deleted object that still reads `state: deleted`, in listings and GETs, for a while.

Off by default. `settings: {soft_delete_s: N}` in a seed (or `serve --soft-delete-s N`) keeps each deleted site and
Edge visible that long, in simulated seconds of its region's clock (FIDELITY.md: TF filters `state == "deleted"` out
of its listings). A tombstone holds no name, pairing id or reference: a new object may take them at once. Writes
to it are 404, as to any deleted object. Tombstones live in memory only; a restart forgets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass
class Lifecycle:
    """World-wide settings of how objects end; one per state store, shared by its orgs."""

    soft_delete_s: float = 0.0


class Tombstones(Generic[T]):
    """The recently deleted objects of one kind in one org, each with the region-clock time it was deleted."""

    def __init__(self, org: Any) -> None:
        self.org = org
        self._graves: dict[str, tuple[T, float]] = {}

    def bury(self, entity_id: str, entity: T) -> None:
        if self.org.lifecycle.soft_delete_s > 0:
            self._graves[entity_id] = (entity, self.org.region.now())

    def find(self, entity_id: str) -> T | None:
        self._expire()
        grave = self._graves.get(entity_id)
        return None if grave is None else grave[0]

    def all(self) -> list[T]:
        self._expire()
        return [entity for entity, _deleted_at in self._graves.values()]

    def _expire(self) -> None:
        now, linger = self.org.region.now(), self.org.lifecycle.soft_delete_s
        for entity_id in [i for i, (_entity, at) in self._graves.items()
                          if self.org.time_scale.simulated_seconds(now - at) >= linger]:
            del self._graves[entity_id]
