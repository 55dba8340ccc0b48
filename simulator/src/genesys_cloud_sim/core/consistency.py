"""Eventual consistency, off by default: what a client sees of its own writes while Genesys Cloud catches up.

Switched on per run (`PUT /__sim/consistency`, `serve --eventual-consistency SEED`), seeded like faults. It works on
the wire, for every area at once: the gateway shows it each API write that succeeded, with the object's answer
before the write (a GET of the same path) and after it (the write's answer), and lets it rewrite each GET's answer:

- reads by id lag: for up to `read_lag_ms` after a write, a GET of the object shows it as it was (404 if new);
- listings lag more: for up to `listing_lag_ms`, its listing entries show it as it was (absent if new);
- a deleted object holds on: for `in_use_after_delete_ms`, creating another of its name in the same collection,
  or deleting an object it pointed at (its site, its location), is refused as still in use;
- a station association may meet the race TF issue #1461 reports: a seeded `station_conflict_rate` of
  `PUT /api/v2/users/{userId}/station/associatedstation/{stationId}` answer 409 with the version-mismatch message.

Each write draws its two lags (uniformly in their ranges; the listing's is never shorter than the read's) and each station
association one roll, in request order, so the same seed and the same requests lag alike. Deadlines are on the
region's clock, so the tests move time with the clock skew instead of waiting.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, fields
from typing import Any

from genesys_cloud_sim.core.errors import VERSION_MISMATCH_MESSAGE, ApiError, conflict, invalid_value, not_found

STATION_ASSOCIATION = re.compile(r"^/api/v2/users/[^/]+/station/associatedstation/[^/]+$")


@dataclass(frozen=True)
class ConsistencyConfig:
    """Lags are [min, max] milliseconds (a number n is [0, n]); the bounds are guesses (FIDELITY.md)."""

    seed: int = 0
    read_lag_ms: tuple[int, int] = (0, 500)
    listing_lag_ms: tuple[int, int] = (0, 2000)
    in_use_after_delete_ms: int = 3000
    station_conflict_rate: float = 0.2

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConsistencyConfig:
        """ValueError names the first bad key."""
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown consistency settings: {sorted(unknown)}")
        default = cls()
        config = cls(
            seed=int(data.get("seed", default.seed)),
            read_lag_ms=_lag_range(data.get("read_lag_ms", default.read_lag_ms), "read_lag_ms"),
            listing_lag_ms=_lag_range(data.get("listing_lag_ms", default.listing_lag_ms), "listing_lag_ms"),
            in_use_after_delete_ms=int(data.get("in_use_after_delete_ms", default.in_use_after_delete_ms)),
            station_conflict_rate=float(data.get("station_conflict_rate", default.station_conflict_rate)),
        )
        if config.in_use_after_delete_ms < 0:
            raise ValueError("in_use_after_delete_ms must be 0 or more")
        if not 0.0 <= config.station_conflict_rate <= 1.0:
            raise ValueError("station_conflict_rate must be between 0 and 1")
        return config

    def as_dict(self) -> dict[str, Any]:
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v for f in fields(self)}


def _lag_range(value: Any, name: str) -> tuple[int, int]:
    low, high = (0, value) if isinstance(value, (int, float)) else tuple(value)
    if not 0 <= int(low) <= int(high):
        raise ValueError(f"{name} must be a number of milliseconds or [min, max] with 0 <= min <= max")
    return int(low), int(high)


@dataclass(frozen=True)
class _Pending:
    """An object's last write, not yet shown everywhere: until then reads show `before` (None: no object)."""

    before: dict[str, Any] | None
    read_until: float
    listing_until: float


@dataclass(frozen=True)
class _Tombstone:
    """A deleted object that still holds its name in its collection and the objects it pointed at."""

    collection: str
    name: str  # casefolded
    parent_ids: frozenset[str]
    until: float


class Consistency:
    def __init__(self) -> None:
        self.config: ConsistencyConfig | None = None
        self._rng = random.Random(0)
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str], _Pending] = {}  # (org id, object path) ->
        self._tombstones: dict[str, list[_Tombstone]] = {}  # org id ->

    def configure(self, config: ConsistencyConfig) -> None:
        with self._lock:
            self.config = config
            self._rng = random.Random(config.seed)
            self._pending.clear()
            self._tombstones.clear()

    def clear(self) -> None:
        with self._lock:
            self.config = None
            self._pending.clear()
            self._tombstones.clear()

    def refusal(self, org_id: str, method: str, path: str, body: Any, now: float) -> ApiError | None:
        """Why this write is refused while the platform catches up, or None (it goes ahead)."""
        config = self.config
        if config is None:
            return None
        with self._lock:
            if method == "PUT" and STATION_ASSOCIATION.match(path):
                if self._rng.random() < config.station_conflict_rate:
                    return ApiError(409, "general.conflict", VERSION_MISMATCH_MESSAGE)
                return None
            live = [t for t in self._tombstones.get(org_id, []) if t.until > now]
            self._tombstones[org_id] = live
            name = body.get("name") if method == "POST" and isinstance(body, dict) else None
            if isinstance(name, str) and any(t.collection == path and t.name == name.casefold() for t in live):
                return invalid_value("name", f"The name '{name}' is still in use by an object deleted moments ago.")
            target = path.rsplit("/", 1)[-1]
            if method == "DELETE" and any(target in t.parent_ids for t in live):
                return conflict(f"{path} is still in use by an object deleted moments ago.", "object", target)
        return None

    def record(self, org_id: str, method: str, path: str, before: Any, after: Any, now: float) -> None:
        """A write that succeeded: `before` is the object's GET answer beforehand, `after` the write's answer."""
        config = self.config
        if config is None:
            return
        before = before if _is_object(before) else None
        if method == "POST":
            target = after.get("selfUri") if _is_object(after) else None
            if not (isinstance(target, str) and target.startswith(path + "/")):
                return  # an action (unpair, reboot), not a create
            before = None
        elif before is None:
            return  # not an object that reads show (a station association, a presence change without selfUri)
        else:
            target = path
        with self._lock:
            read_lag = self._rng.uniform(*config.read_lag_ms) / 1000.0
            listing_lag = max(read_lag, self._rng.uniform(*config.listing_lag_ms) / 1000.0)
            self._pending[(org_id, target)] = _Pending(before, now + read_lag, now + listing_lag)
            if method == "DELETE" and before is not None:
                self._tombstones.setdefault(org_id, []).append(_Tombstone(
                    collection=path.rsplit("/", 1)[0],
                    name=str(before.get("name") or "").casefold(),
                    parent_ids=frozenset(v["id"] for v in before.values() if _is_object(v) and "selfUri" in v),
                    until=now + config.in_use_after_delete_ms / 1000.0,
                ))

    def lagging(self, org_id: str, now: float) -> bool:
        """Whether any write of the org is still catching up (else reads pass untouched)."""
        with self._lock:
            self._pending = {key: p for key, p in self._pending.items() if p.listing_until > now}
            return any(key[0] == org_id for key in self._pending)

    def view(self, org_id: str, path: str, status: int, answer: Any, now: float) -> tuple[int, Any] | None:
        """A GET's (status, body) as a client sees it now (an object read by id, or a listing's entities), None
        when the answer stands; ApiError for a new object not readable yet."""
        with self._lock:
            pending = self._pending.get((org_id, path))
            if pending is not None and pending.read_until > now:
                if pending.before is None:
                    raise not_found("object", path.rsplit("/", 1)[-1])
                return 200, pending.before
            if status != 200 or not isinstance(answer, dict) or not isinstance(answer.get("entities"), list):
                return None
            shown = []
            for entity in answer["entities"]:
                lag = self._pending.get((org_id, entity.get("selfUri"))) if _is_object(entity) else None
                if lag is None or lag.listing_until <= now:
                    shown.append(entity)
                elif lag.before is not None:
                    shown.append(lag.before)
            return None if len(shown) == len(answer["entities"]) and all(
                a is b for a, b in zip(shown, answer["entities"])) else (200, {**answer, "entities": shown})


def _is_object(value: Any) -> bool:
    return isinstance(value, dict) and "id" in value
