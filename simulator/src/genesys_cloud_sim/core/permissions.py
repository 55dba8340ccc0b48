"""Which permissions each implemented operation needs (operations.json `permissions` + `permission_match`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from genesys_cloud_sim.core.errors import missing_permissions


@dataclass(frozen=True)
class Requirement:
    permissions: tuple[str, ...] = ()
    match: str = "ANY"  # "ANY": one of them is enough; "ALL": every one is needed


NONE = Requirement()
_EDGES = "/api/v2/telephony/providers/edges"
_SITES = _EDGES + "/sites"
_EDGE = _EDGES + "/{edgeId}"
_SITE_READ = Requirement(("telephony:plugin:all", "telephony:sites:view"), "ANY")
_TELEPHONY_ADMIN = Requirement(("telephony:plugin:all",), "ANY")
_RETENTION = "/api/v2/recording/mediaretentionpolicies"
_XP_RETENTION = "/api/v2/recording/crossplatform/mediaretentionpolicies"
_CALLS = "/api/v2/conversations/calls"
_CALL = _CALLS + "/{conversationId}"

# Keyed by (method, route template). operations.json lists no permission for the site listing; API-FACTS says site
# reads need telephony:plugin:all or telephony:sites:view, and the stricter reading is the safe one (FIDELITY.md).
REQUIREMENTS: dict[tuple[str, str], Requirement] = {
    ("GET", "/api/v2/date"): NONE,
    ("GET", "/api/v2/tokens/me"): NONE,
    ("HEAD", "/api/v2/tokens/me"): NONE,
    ("DELETE", "/api/v2/tokens/me"): NONE,
    # The SDK's OAuthApi.get_oauth_client and AuthorizationApi.get_authorization_role docs (operations.json lacks them).
    ("GET", "/api/v2/oauth/clients/{clientId}"): Requirement(("oauth:client:view",), "ANY"),
    ("GET", "/api/v2/authorization/roles/{roleId}"): Requirement(("authorization:role:view",), "ANY"),
    ("GET", "/api/v2/organizations/me"): NONE,
    ("GET", "/api/v2/locations"): NONE,
    ("POST", "/api/v2/locations"): Requirement(("directory:location:add",), "ALL"),
    ("GET", "/api/v2/locations/{locationId}"): NONE,
    ("PATCH", "/api/v2/locations/{locationId}"): Requirement(("directory:location:edit",), "ALL"),
    ("DELETE", "/api/v2/locations/{locationId}"): Requirement(("directory:location:delete",), "ALL"),
    ("GET", _SITES): _SITE_READ,
    ("POST", _SITES): _TELEPHONY_ADMIN,
    ("GET", _SITES + "/{siteId}"): _SITE_READ,
    ("PUT", _SITES + "/{siteId}"): _TELEPHONY_ADMIN,
    ("DELETE", _SITES + "/{siteId}"): _TELEPHONY_ADMIN,
    # Not in operations.json: the SDK docs (TelephonyProvidersEdgeApi) list telephony:plugin:all for each.
    ("GET", _SITES + "/{siteId}/numberplans"): _TELEPHONY_ADMIN,
    ("GET", _SITES + "/{siteId}/numberplans/{numberPlanId}"): _TELEPHONY_ADMIN,
    ("GET", _SITES + "/{siteId}/outboundroutes"): _TELEPHONY_ADMIN,
    ("GET", _SITES + "/{siteId}/outboundroutes/{outboundRouteId}"): _TELEPHONY_ADMIN,
    ("GET", _EDGES): _TELEPHONY_ADMIN,
    ("POST", _EDGES): _TELEPHONY_ADMIN,
    ("GET", _EDGE): _TELEPHONY_ADMIN,
    ("PUT", _EDGE): _TELEPHONY_ADMIN,
    ("DELETE", _EDGE): _TELEPHONY_ADMIN,
    ("POST", _EDGE + "/unpair"): _TELEPHONY_ADMIN,
    ("POST", _EDGE + "/statuscode"): _TELEPHONY_ADMIN,
    ("POST", _EDGE + "/reboot"): _TELEPHONY_ADMIN,
    ("GET", _EDGE + "/setuppackage"): _TELEPHONY_ADMIN,
    ("GET", _EDGE + "/physicalinterfaces"): _TELEPHONY_ADMIN,
    ("GET", _EDGE + "/physicalinterfaces/{interfaceId}"): _TELEPHONY_ADMIN,
    ("GET", _EDGE + "/logicalinterfaces"): _TELEPHONY_ADMIN,
    ("POST", _EDGE + "/logicalinterfaces"): _TELEPHONY_ADMIN,
    ("GET", _EDGE + "/logicalinterfaces/{interfaceId}"): _TELEPHONY_ADMIN,
    ("PUT", _EDGE + "/logicalinterfaces/{interfaceId}"): _TELEPHONY_ADMIN,
    ("DELETE", _EDGE + "/logicalinterfaces/{interfaceId}"): _TELEPHONY_ADMIN,
    ("GET", _EDGES + "/logicalinterfaces"): _TELEPHONY_ADMIN,
    ("GET", _EDGES + "/physicalinterfaces"): _TELEPHONY_ADMIN,
    ("GET", _EDGES + "/edgegroups"): _TELEPHONY_ADMIN,
    ("GET", _EDGES + "/edgegroups/{edgeGroupId}"): _TELEPHONY_ADMIN,
    # Org feature flags (organizations/) and media retention policies, both families (recording/).
    ("PATCH", "/api/v2/organizations/features/{featureName}"): Requirement(("directory:organization:admin",), "ANY"),
    ("GET", _RETENTION): Requirement(("recording:retentionPolicy:view",), "ANY"),
    ("POST", _RETENTION): Requirement(("recording:retentionPolicy:add",), "ANY"),
    ("DELETE", _RETENTION): Requirement(("recording:retentionPolicy:delete",), "ANY"),
    ("GET", _RETENTION + "/{policyId}"): Requirement(("recording:retentionPolicy:view",), "ANY"),
    ("PUT", _RETENTION + "/{policyId}"): Requirement(("recording:retentionPolicy:edit",), "ANY"),
    ("PATCH", _RETENTION + "/{policyId}"): Requirement(("recording:retentionPolicy:edit",), "ANY"),
    ("DELETE", _RETENTION + "/{policyId}"): Requirement(("recording:retentionPolicy:delete",), "ANY"),
    ("GET", _XP_RETENTION): Requirement(("recording:crossPlatformRetentionPolicy:view",), "ANY"),
    ("POST", _XP_RETENTION): Requirement(("recording:crossPlatformRetentionPolicy:add",), "ANY"),
    ("DELETE", _XP_RETENTION): Requirement(("recording:crossPlatformRetentionPolicy:delete",), "ANY"),
    ("GET", _XP_RETENTION + "/{policyId}"): Requirement(("recording:crossPlatformRetentionPolicy:view",), "ANY"),
    ("PUT", _XP_RETENTION + "/{policyId}"): Requirement(("recording:crossPlatformRetentionPolicy:edit",), "ANY"),
    ("PATCH", _XP_RETENTION + "/{policyId}"): Requirement(("recording:crossPlatformRetentionPolicy:edit",), "ANY"),
    ("DELETE", _XP_RETENTION + "/{policyId}"): Requirement(("recording:crossPlatformRetentionPolicy:delete",), "ANY"),
    # Users, stations, routing status and presence (users/); phones and phone bases (telephony/phones/).
    ("GET", "/api/v2/users"): NONE,
    ("POST", "/api/v2/users/search"): Requirement(("directory:user:view",), "ANY"),
    ("PUT", "/api/v2/users/presences/bulk"): Requirement(("presence:userPresence:edit",), "ANY"),
    ("GET", "/api/v2/users/{userId}"): NONE,
    ("GET", "/api/v2/users/{userId}/routingstatus"): NONE,
    ("PUT", "/api/v2/users/{userId}/routingstatus"): NONE,
    ("GET", "/api/v2/users/{userId}/presences/purecloud"): NONE,
    ("PATCH", "/api/v2/users/{userId}/presences/purecloud"): NONE,
    ("GET", "/api/v2/presence/definitions"): Requirement(("presence:presenceDefinition:view",), "ALL"),
    ("GET", "/api/v2/presence/definitions/{definitionId}"): Requirement(("presence:presenceDefinition:view",), "ALL"),
    ("GET", "/api/v2/stations"): NONE,
    ("GET", "/api/v2/stations/{stationId}"): NONE,
    ("DELETE", "/api/v2/stations/{stationId}/associateduser"): Requirement(("telephony:station:disassociate",), "ANY"),
    ("GET", "/api/v2/users/{userId}/station"): Requirement(("telephony:otherStationAssociation:view",), "ANY"),
    ("PUT", "/api/v2/users/{userId}/station/associatedstation/{stationId}"): Requirement(
        ("telephony:otherStationAssociation:edit",), "ANY"
    ),
    ("DELETE", "/api/v2/users/{userId}/station/associatedstation"): Requirement(
        ("telephony:station:disassociate",), "ANY"
    ),
    ("PUT", "/api/v2/users/{userId}/station/defaultstation/{stationId}"): Requirement(
        ("telephony:plugin:all", "telephony:phone:assign"), "ANY"
    ),
    ("DELETE", "/api/v2/users/{userId}/station/defaultstation"): Requirement(
        ("telephony:plugin:all", "telephony:phone:assign"), "ANY"
    ),
    ("GET", _EDGES + "/phonebasesettings"): _TELEPHONY_ADMIN,
    ("GET", _EDGES + "/phonebasesettings/{phoneBaseId}"): _TELEPHONY_ADMIN,
    ("GET", _EDGES + "/phones"): _TELEPHONY_ADMIN,
    ("POST", _EDGES + "/phones"): _TELEPHONY_ADMIN,
    ("GET", _EDGES + "/phones/{phoneId}"): _TELEPHONY_ADMIN,
    ("PUT", _EDGES + "/phones/{phoneId}"): _TELEPHONY_ADMIN,
    ("DELETE", _EDGES + "/phones/{phoneId}"): _TELEPHONY_ADMIN,
    # Calls (conversations/).
    ("GET", _CALLS): NONE,
    ("POST", _CALLS): Requirement(("conversation:conference:add",), "ANY"),
    ("POST", _CALLS + "/user/{userId}"): Requirement(
        ("conversation:agentlessCall:add", "conversation:call:add"), "ANY"
    ),
    ("GET", _CALL): NONE,
    ("PATCH", _CALL): Requirement(("conversation:communication:disconnect",), "ANY"),
    ("PATCH", _CALL + "/participants/{participantId}"): Requirement(
        ("conversation:participant:wrapup", "conversation:call:record", "conversation:communication:disconnect"), "ANY"
    ),
    ("PUT", _CALL + "/recordingstate"): Requirement(("conversation:recording:pauseOthers",), "ANY"),
}


class PermissionSet:
    """A client's granted permissions; `*` stands for any value of a segment, a lone `*` for everything."""

    def __init__(self, granted: Iterable[str]) -> None:
        self.granted = tuple(granted)
        self._exact = frozenset(p for p in self.granted if "*" not in p)
        self._patterns = tuple(p.split(":") for p in self.granted if "*" in p)
        self._everything = "*" in self.granted

    def allows(self, permission: str) -> bool:
        if self._everything or permission in self._exact:
            return True
        wanted = permission.split(":")
        return any(_segments_match(pattern, wanted) for pattern in self._patterns)


def _segments_match(pattern: list[str], wanted: list[str]) -> bool:
    return len(pattern) == len(wanted) and all(p in ("*", w) for p, w in zip(pattern, wanted))


def authorize(granted: PermissionSet, requirement: Requirement) -> None:
    """Raise 403 missing.permissions naming what the operation needs when `granted` falls short."""
    needed = requirement.permissions
    if not needed:
        return
    allowed = [granted.allows(permission) for permission in needed]
    satisfied = all(allowed) if requirement.match == "ALL" else any(allowed)
    if not satisfied:
        missing = needed if requirement.match == "ANY" else [p for p, ok in zip(needed, allowed) if not ok]
        raise missing_permissions(missing)
