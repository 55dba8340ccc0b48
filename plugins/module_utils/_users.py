# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users and stations by the names people use: an email or an id for a user, a name for a station."""

from __future__ import annotations

import copy
from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import looks_like_id, only_match
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

USERS = "/api/v2/users"
STATIONS = "/api/v2/stations"
USERS_SEARCH = "/api/v2/users/search"
EXPAND = ("station", "presence", "routingStatus")  # what agent_readiness compares
PAGE_SIZE = 100
VALUES_PER_SEARCH = 100  # the API documents no limit on a query's values; see simulator/FIDELITY.md


def search_terms(wanted: list[str]) -> list[str]:
    """Emails match case-insensitively here; the search is exact, so ask for the lower-case spelling too."""
    return sorted(set(wanted) | {w.casefold() for w in wanted})


def search_users(client: Any, wanted: list[str], expand: tuple[str, ...]) -> list[dict[str, Any]]:
    """The users whose email or id is one of `wanted` (exact), expanded, in searches of VALUES_PER_SEARCH values."""
    users: list[dict[str, Any]] = []
    for start in range(0, len(wanted), VALUES_PER_SEARCH):
        values = wanted[start:start + VALUES_PER_SEARCH]
        body: dict[str, Any] = {"query": [{"type": "EXACT", "fields": ["email", "id"], "values": values}],
                                "expand": list(expand), "pageSize": PAGE_SIZE, "pageNumber": 1}
        while True:
            page = client.request("POST", USERS_SEARCH, json=body) or {}
            users.extend(page.get("results") or [])
            if body["pageNumber"] >= (page.get("pageCount") or 1):
                break
            body["pageNumber"] += 1
    return users


class UserDirectory:
    """Resolves many users with one exact search (POST /api/v2/users/search), on first need.

    The search names every wanted email and id at once and expands each user's station, presence and routing
    status, so a site's agents cost one request whatever their number (at most 100 a page), not a listing of
    the whole org plus three reads an agent. With shared reads whose wanted_users hold these users, one search for
    every agent of the region serves all its sites (not for other expansions, such as the live calls the smoke
    test counts, which must be read when needed).
    """

    def __init__(self, client: Any, wanted: list[str], expand: tuple[str, ...] = EXPAND):
        self.client = client
        self.expand = expand
        self._wanted = search_terms(wanted)
        self._by_email: dict[str, dict[str, Any]] | None = None
        self._by_id: dict[str, dict[str, Any]] = {}

    def _load(self) -> None:
        users = [u for u in self._search() if u.get("state", "active") == "active"]
        self._by_email = {(u.get("email") or "").casefold(): u for u in users if u.get("email")}
        self._by_id.update({u["id"]: u for u in users})

    def _search(self) -> list[dict[str, Any]]:
        if self.expand == EXPAND and set(self._wanted) <= self.client.region_user_terms:
            region = self.client.recall(USERS_SEARCH)
            if region is not None:
                wanted = {w.casefold() for w in self._wanted}
                return [copy.deepcopy(u) for u in region
                        if (u.get("email") or "").casefold() in wanted or u.get("id") in wanted]
        return search_users(self.client, self._wanted, self.expand)

    def find(self, email_or_id: str) -> dict[str, Any] | None:
        if self._by_email is None:
            self._load()
        if looks_like_id(email_or_id):
            return self._by_id.get(email_or_id)
        return self._by_email.get(email_or_id.casefold()) if self._by_email is not None else None

    def require(self, field: str, email_or_id: str) -> dict[str, Any]:
        user = self.find(email_or_id)
        if user is None:
            raise ValidationError(field, email_or_id, "is not an active user of this org; give the user's email or id")
        return user


def read_region_users(client: Any) -> None:
    """The one search for every agent of the region (see UserDirectory), made before any site asks."""
    wanted = sorted(client.region_user_terms)  # search terms already (see rollout_stages)
    client.remember(USERS_SEARCH, lambda: search_users(client, wanted, EXPAND))


def find_station(client: Any, name: str) -> dict[str, Any] | None:
    return only_match(client.get_all(STATIONS, {"name": name}), name, "station")


def webrtc_station(client: Any, user_id: str) -> dict[str, Any] | None:
    """The station of the user's WebRTC phone, if the user has one."""
    stations = client.get_all(STATIONS, {"webRtcUserId": user_id})
    return stations[0] if stations else None
