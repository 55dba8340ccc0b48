# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a region's OAuth client must be granted for the stages it is about to run, checked before the first write,
so that a missing permission never leaves a stage half done (a location made but not its site; a retention policy
made but the org's pci feature left off).

A client-credentials client can learn its own grants: GET /api/v2/tokens/me names its OAuth client, GET
/api/v2/oauth/clients/{id} lists its roles (roleDivisions, which "only apply to clients using the client_credential
grant"), and GET /api/v2/authorization/roles/{id} each role's permissions. The last two need oauth:client:view and
authorization:role:view; a client without them cannot be checked this way, and its writes meet their own 403s.
"""

from __future__ import annotations

from typing import Any, Iterable

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError

EDGES = "/api/v2/telephony/providers/edges"
CALL = "/api/v2/conversations/calls/{conversationId}"
# The writes each stage may make, as (method, path, permissions of which one is enough): operations.json's
# permissions for each operation (tests/unit check them against the simulator's table of the same facts).
STAGE_WRITES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "site": (
        ("POST", "/api/v2/locations", ("directory:location:add",)),
        ("PATCH", "/api/v2/locations/{locationId}", ("directory:location:edit",)),
        ("POST", f"{EDGES}/sites", ("telephony:plugin:all",)),
        ("PUT", f"{EDGES}/sites/{{siteId}}", ("telephony:plugin:all",)),
    ),
    "edges": (
        ("POST", EDGES, ("telephony:plugin:all",)),
        ("POST", f"{EDGES}/{{edgeId}}/logicalinterfaces", ("telephony:plugin:all",)),
    ),
    "time": (),
    "pci": (
        ("POST", "/api/v2/recording/mediaretentionpolicies", ("recording:retentionPolicy:add",)),
        ("PUT", "/api/v2/recording/mediaretentionpolicies/{policyId}", ("recording:retentionPolicy:edit",)),
        ("PATCH", "/api/v2/organizations/features/{featureName}", ("directory:organization:admin",)),
    ),
    "agents": (
        ("PUT", "/api/v2/users/{userId}/station/associatedstation/{stationId}", ("telephony:otherStationAssociation:edit",)),
    ),
    "smoke": (
        ("POST", "/api/v2/conversations/calls/user/{userId}", ("conversation:agentlessCall:add", "conversation:call:add")),
        ("PATCH", CALL, ("conversation:communication:disconnect",)),
    ),
}


class Grants:
    """An OAuth client's permissions as Genesys Cloud writes them, domain:entity:action, `*` for any value of a part."""

    def __init__(self, client_id: str, permissions: Iterable[str]):
        self.client_id = client_id
        self.permissions = tuple(permissions)

    def allows(self, wanted: str) -> bool:
        parts = wanted.split(":")
        return any(held == "*" or (len(held.split(":")) == len(parts)
                                   and all(h in ("*", w) for h, w in zip(held.split(":"), parts)))
                   for held in self.permissions)


def grants_of(client: Any) -> Grants | None:
    """The client's own permissions, or None when it may not read them (a 403 or 404 on the way)."""
    try:
        me = client.get("/api/v2/tokens/me") or {}
        client_id = (me.get("OAuthClient") or {}).get("id")
        if not client_id:
            return None
        roles = (client.get(f"/api/v2/oauth/clients/{client_id}") or {}).get("roleDivisions") or []
        permissions = [p for role_id in {r.get("roleId") for r in roles if r.get("roleId")}
                       for p in (client.get(f"/api/v2/authorization/roles/{role_id}") or {}).get("permissions") or []]
    except GenesysCloudError as error:
        if error.status in (403, 404):
            return None
        raise
    return Grants(client_id, permissions)


def missing_permissions(grants: Grants, stages: Iterable[str]) -> dict[str, list[str]]:
    """Each stage's writes the grants do not allow, as "a or b", by stage (stages with none left out)."""
    missing: dict[str, list[str]] = {}
    for stage in stages:
        for _method, _path, any_of in STAGE_WRITES.get(stage, ()):
            if not any(grants.allows(p) for p in any_of):
                needed = " or ".join(any_of)
                if needed not in missing.get(stage, []):
                    missing.setdefault(stage, []).append(needed)
    return missing


def refusal(grants: Grants, missing: dict[str, list[str]]) -> str:
    needs = "; ".join(f"the {stage} stage needs {', '.join(perms)}" for stage, perms in missing.items())
    return (f"The OAuth client {grants.client_id} lacks permissions that the rollout's writes need ({needs}); nothing "
            "was written. Grant them to the client's role (Admin > Roles / Permissions) and run again.")
