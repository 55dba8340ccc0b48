"""The one state store: regions -> orgs -> OAuth clients and per-area backends, guarded by one lock.

Both modes (in-process tests and the server process) use it. Handlers read under `store.lock` and write inside
`store.mutation()`, which also tells the state-file saver that something changed.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from genesys_cloud_sim.core.clock import TimeScale, iso_ms, skewed_now
from genesys_cloud_sim.core.permissions import PermissionSet
from genesys_cloud_sim.core.ratelimit import RateLimitSettings
from genesys_cloud_sim.core.tombstones import Lifecycle

MIN_TOKEN_LIFETIME_S = 300
MAX_TOKEN_LIFETIME_S = 172800
DEFAULT_TOKEN_LIFETIME_S = 86400


class Area:
    """An API area's state inside one org (moto keeps one backend per region; here one per org).

    `seed_key` names the area's list in an org's seed entry; export() must be a seed that rebuilds the area.
    """

    seed_key: ClassVar[str]

    def __init__(self, org: Org) -> None:
        self.org = org

    def seed(self, items: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def export(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def references(self, entity_kind: str, entity_id: str) -> list[str]:
        """Descriptions of this area's objects that point at an entity, to refuse deleting it while in use."""
        return []


AreaT = TypeVar("AreaT", bound=Area)


@dataclass
class Client:
    """A client-credentials OAuth client; it belongs to exactly one org in one region."""

    client_id: str
    client_secret: str
    name: str
    permissions: PermissionSet
    token_lifetime_s: int
    org: Org

    def export(self, include_secret: bool) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret if include_secret else "********",
            "name": self.name,
            "permissions": list(self.permissions.granted),
            "token_lifetime": self.token_lifetime_s,
        }


class Org:
    def __init__(
        self,
        org_id: str,
        name: str,
        region: Region,
        area_types: Sequence[type[Area]],
        time_scale: TimeScale | None = None,
        lifecycle: Lifecycle | None = None,
    ) -> None:
        self.id = org_id
        self.name = name
        self.region = region
        # The simulation's time scale, for areas whose objects change on their own as simulated time passes (Edges).
        self.time_scale = time_scale or TimeScale()
        self.lifecycle = lifecycle or Lifecycle()  # the store's: how long deleted objects linger (soft delete)
        self.features: dict[str, bool] = {}
        self.version = 1
        self.home_division_id = str(uuid.uuid4())
        self.managed_site = True  # every real org has "PureCloud Voice - AWS"; a seed may leave it out
        self.clients: dict[str, Client] = {}
        self._areas: dict[type, Area] = {area_type: area_type(self) for area_type in area_types}

    def area(self, area_type: type[AreaT]) -> AreaT:
        return self._areas[area_type]  # type: ignore[return-value]

    @property
    def areas(self) -> list[Area]:
        return list(self._areas.values())

    def now_iso(self) -> str:
        """Timestamps of this org's objects follow its region's (possibly skewed) clock."""
        return iso_ms(self.region.now())


@dataclass
class Region:
    name: str
    skew_ms: int = 0
    orgs: dict[str, Org] = field(default_factory=dict)

    def now(self) -> float:
        return skewed_now(self.skew_ms)

    def org_named(self, name: str) -> Org | None:
        return next((org for org in self.orgs.values() if org.name == name), None)


# The org an /api/v2 request acts on, set by the gateway: the state file's log records a change as that org alone.
ACTING_ORG: ContextVar[Org | None] = ContextVar("acting_org", default=None)


class StateStore:
    def __init__(self, area_types: Sequence[type[Area]], time_scale: TimeScale | None = None) -> None:
        self.area_types = tuple(area_types)
        self.time_scale = time_scale or TimeScale()
        self.lock = threading.RLock()
        self.regions: dict[str, Region] = {}
        self.clients: dict[str, Client] = {}
        self.rate_limits = RateLimitSettings()
        self.lifecycle = Lifecycle()
        self._listeners: list[Callable[[], None]] = []

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    @contextmanager
    def mutation(self) -> Iterator[None]:
        """Hold the lock for a write; listeners hear about it only when the write completed."""
        with self.lock:
            yield
        for listener in self._listeners:
            listener()

    def adopt(self, other: StateStore) -> None:
        """Take over everything `other` holds in one step, so a seed that fails half-way changes nothing."""
        with self.mutation():
            self.regions = other.regions
            self.clients = other.clients
            self.rate_limits = other.rate_limits
            self.lifecycle = other.lifecycle

    def org(self, region: str, name: str) -> Org:
        """An org by region and name, for tests that assert on the live state."""
        found = self.regions[region].org_named(name)
        if found is None:
            raise KeyError(f"no org named {name!r} in {region}")
        return found

    def add_org(self, region: Region, org_id: str | None, name: str) -> Org:
        org = Org(org_id or str(uuid.uuid4()), name, region, self.area_types, self.time_scale, self.lifecycle)
        region.orgs[org.id] = org
        return org

    def put_client(self, org: Org, entry: dict[str, Any]) -> Client:
        """Create or update a client from its seed entry; ValueError when the id belongs to another org."""
        client_id = str(entry["client_id"])
        existing = self.clients.get(client_id)
        if existing is not None and existing.org is not org:
            raise ValueError(f"client_id {client_id!r} already belongs to org {existing.org.name!r}")
        lifetime = int(entry.get("token_lifetime", DEFAULT_TOKEN_LIFETIME_S))
        if not MIN_TOKEN_LIFETIME_S <= lifetime <= MAX_TOKEN_LIFETIME_S:
            raise ValueError(
                f"token_lifetime of {client_id!r} must be {MIN_TOKEN_LIFETIME_S}..{MAX_TOKEN_LIFETIME_S} seconds"
            )
        client = Client(
            client_id=client_id,
            client_secret=str(entry["client_secret"]),
            name=str(entry.get("name", client_id)),
            permissions=PermissionSet(entry.get("permissions", [])),
            token_lifetime_s=lifetime,
            org=org,
        )
        self.clients[client_id] = client
        org.clients[client_id] = client
        return client
