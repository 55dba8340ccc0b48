"""The org's presence definitions: the ten system presences, with ids that are stable per org (derived from the
org id, so they survive a restart without being stored). Custom definitions are not modelled."""

from __future__ import annotations

import uuid
from typing import Any

from genesys_cloud_sim.core.errors import not_found

PRESENCE_DEFINITIONS_PATH = "/api/v2/presence/definitions"
SYSTEM_PRESENCES = (
    "Available", "Away", "Busy", "Offline", "Idle", "OnQueue", "Meal", "Training", "Meeting", "Break",
)  # fmt: skip
ON_QUEUE = "OnQueue"
# Labels as the API's default English labels read; OnQueue is written "On Queue" there.
_LABELS = {ON_QUEUE: "On Queue"}


def definition_id(org_id: str, system_presence: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"genesys-cloud-sim/{org_id}/presence/{system_presence}"))


def system_presence_of(org_id: str, presence_id: str) -> str | None:
    """The system presence a definition id stands for, or None for an id that is not one of the org's."""
    return next((name for name in SYSTEM_PRESENCES if definition_id(org_id, name) == presence_id), None)


def organization_definition(org_id: str, system_presence: str) -> dict[str, Any]:
    """OrganizationPresenceDefinition of a system presence."""
    presence_id = definition_id(org_id, system_presence)
    label = _LABELS.get(system_presence, system_presence)
    return {
        "id": presence_id,
        "name": label,
        "type": "System",
        "languageLabels": {"en_US": label},
        "systemPresence": system_presence,
        "deactivated": False,
        "selfUri": f"{PRESENCE_DEFINITIONS_PATH}/{presence_id}",
    }


def presence_definition_ref(org_id: str, system_presence: str) -> dict[str, str]:
    """PresenceDefinition, the way a UserPresence points at its definition."""
    presence_id = definition_id(org_id, system_presence)
    return {
        "id": presence_id,
        "systemPresence": system_presence,
        "selfUri": f"{PRESENCE_DEFINITIONS_PATH}/{presence_id}",
    }


def get_definition(org_id: str, presence_id: str) -> dict[str, Any]:
    system_presence = system_presence_of(org_id, presence_id)
    if system_presence is None:
        raise not_found("presence definition", presence_id)
    return organization_definition(org_id, system_presence)


def listing(org_id: str, deactivated: bool) -> dict[str, Any]:
    """OrganizationPresenceDefinitionEntityListing (not paged: the model has only total, entities, selfUri)."""
    entities = [] if deactivated else [organization_definition(org_id, name) for name in SYSTEM_PRESENCES]
    return {"total": len(entities), "entities": entities, "selfUri": PRESENCE_DEFINITIONS_PATH}
