# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding objects by the names people use, with errors that say which name was not found."""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

SITES = "/api/v2/telephony/providers/edges/sites"
LOCATIONS = "/api/v2/locations"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def name_key(name: str) -> str:
    """The one rule for names, the API's: they compare case-insensitively, letter by letter (lower(), not casefold():
    "Straße" and "Strasse" are two names to Genesys Cloud, as to the simulator)."""
    return name.lower()


def looks_like_id(value: str) -> bool:
    return bool(_UUID.match(value))


def only_match(items: list[dict[str, Any]], name: str, kind: str) -> dict[str, Any] | None:
    """The one item named `name` (names compare case-insensitively, as Genesys Cloud's do), or None."""
    matches = [item for item in items if name_key(item.get("name") or "") == name_key(name)]
    if len(matches) > 1:
        ids = ", ".join(item.get("id", "?") for item in matches)
        raise ValidationError("name", name, f"matches {len(matches)} {kind}s ({ids}); rename or delete the extra ones")
    return matches[0] if matches else None


def live(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Without the objects deleted a moment ago: Genesys Cloud lists them a while with state `deleted` (sites,
    locations, phones...; Edges by the same safe reading), and a deleted object is nobody's to adopt or match."""
    return [e for e in entities if e.get("state", "active") != "deleted"]


def users_sites(sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sites the org's admins made: live and not managed (Genesys Cloud's own "PureCloud Voice - AWS", which
    nobody may change, is never mistaken for a user's site)."""
    return [s for s in live(sites) if not s.get("managed")]


def find_site(client: GenesysCloudClient, name: str) -> dict[str, Any] | None:
    """The user's site of that name; the listing's name filter keeps this one request."""
    return only_match(users_sites(client.get_all(SITES, {"name": name})), name, "site")


def managed_site_named(client: GenesysCloudClient, name: str) -> dict[str, Any] | None:
    """The managed site of that name, to say why a user's site cannot take it (a shared or repeated read)."""
    return next((s for s in live(client.get_all(SITES, {"name": name}))
                 if s.get("managed") and name_key(s.get("name") or "") == name_key(name)), None)


def planned(client: GenesysCloudClient, path: str, name: str) -> dict[str, Any] | None:
    """The stand-in of an object this check-mode run would create (it has no id yet), else None."""
    return {"id": None, "name": name} if client.is_planned(path, name) else None


def require_site(client: GenesysCloudClient, field: str, name: str) -> dict[str, Any]:
    site = find_site(client, name) or planned(client, SITES, name)
    if site is None:
        raise ValidationError(field, name, "is not a site of this org; create it first (cxops.genesys_cloud.site)")
    return site


def find_location(client: GenesysCloudClient, name: str) -> dict[str, Any] | None:
    """The live location of that name - a name, even one shaped like an id (the listing has no name filter, so this
    reads every page)."""
    return only_match(live(client.get_all(LOCATIONS)), name, "location")


def require_location(client: GenesysCloudClient, field: str, name_or_id: str) -> dict[str, Any]:
    """A location by name; when none bears it and it has an id's form, by id."""
    location = find_location(client, name_or_id) or planned(client, LOCATIONS, name_or_id)
    if location is None and looks_like_id(name_or_id):
        found = client.get_or_none(f"{LOCATIONS}/{name_or_id}")
        location = found if found and live([found]) else None
    if location is None:
        raise ValidationError(field, name_or_id,
                              "is not a location of this org; create it first (cxops.genesys_cloud.location)")
    return location
