# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads that the sites of one region share within one run, so that a region costs one listing, not one a site.

A client given SharedReads (the rollout_stages action gives each region's client one) answers a filtered listing
of SHARED_LISTINGS from the whole listing, when it holds one: read before the region's sites start (the stages'
warm-up), or by a site that needed the whole listing anyway. Filtered here by name or site.id. It also remembers
other region-wide facts (the clock reading). A filtered read it does not hold goes to the API as it would without
shared reads: re-reading a whole listing of many pages for every site after every write would cost more than it
saves. A write forgets every listing it may have changed (CHANGED_BY), so the next
read, like the lookup after a create whose answer was lost, sees it; a read that began before any write is not
kept. Listings are keyed by their path; other region-wide values by a tuple, and stay.
"""

from __future__ import annotations

import copy
import threading
from typing import Any, Callable

SHARED_LISTINGS = (
    "/api/v2/locations",
    "/api/v2/telephony/providers/edges/sites",
    "/api/v2/telephony/providers/edges",
    "/api/v2/stations",
    "/api/v2/presence/definitions",
)
# The listing filters answered here, and how an entity matches each (names compare case-insensitively, as
# Genesys Cloud's do; the callers match the exact name among what a filter returns anyway).
FILTERS: dict[str, Callable[[dict[str, Any], str], bool]] = {
    "name": lambda entity, value: (entity.get("name") or "").lower() == value.lower(),  # as _lookups.name_key
    "site.id": lambda entity, value: (entity.get("site") or {}).get("id") == value,
}


# Which listings (by path prefix) a write under each path may change: an Edge's or a site's write may show in any
# telephony listing; a user's station association in the stations. A write anywhere else forgets every listing.
CHANGED_BY = {
    "/api/v2/locations": ("/api/v2/locations",),
    "/api/v2/telephony/providers/edges": ("/api/v2/telephony/providers/edges",),
    "/api/v2/users": ("/api/v2/users", "/api/v2/stations"),
    "/api/v2/stations": ("/api/v2/stations",),
}


def shareable(path: str, params: dict[str, Any] | None) -> bool:
    return path in SHARED_LISTINGS and set(params or {}) <= set(FILTERS)


def filtered(entities: list[dict[str, Any]], params: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Copies: the sites of a region each get their own, whatever they do with them."""
    return [copy.deepcopy(e) for e in entities if all(FILTERS[name](e, value) for name, value in (params or {}).items())]


class SharedReads:
    """Values read once per region and run, each computed by one thread while the others wait for it."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._locks: dict[Any, threading.Lock] = {}
        self._guard = threading.Lock()
        self._generation = 0  # moves on with every write, so that a read older than a write is not kept
        self.wanted_users: set[str] = set()  # the search terms of every agent of the region (see _users.py)

    def recall(self, key: Any) -> Any:
        """The value if it is held (and no write forgot it since), else None: a site then reads for itself."""
        with self._guard:
            return self._values.get(key)

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key in self._values:
                return self._values[key]
            generation = self._generation
            value = compute()
            with self._guard:
                if generation == self._generation:
                    self._values[key] = value
            return value

    def forget_after_write(self, path: str) -> None:
        """Forget the listings a write to `path` may have changed (every listing, for a path not in CHANGED_BY)."""
        changed = next((listings for prefix, listings in CHANGED_BY.items() if path.startswith(prefix)), None)
        with self._guard:
            self._generation += 1
            for key in [k for k in self._values if isinstance(k, str) and (changed is None or k.startswith(changed))]:
                del self._values[key]
