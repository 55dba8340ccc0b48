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

# Keyed by (method, route template). operations.json lists no permission for the site listing; API-FACTS says site
# reads need telephony:plugin:all or telephony:sites:view, and the stricter reading is the safe one (FIDELITY.md).
REQUIREMENTS: dict[tuple[str, str], Requirement] = {
    ("GET", "/api/v2/date"): NONE,
    ("GET", "/api/v2/tokens/me"): NONE,
    ("HEAD", "/api/v2/tokens/me"): NONE,
    ("DELETE", "/api/v2/tokens/me"): NONE,
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
