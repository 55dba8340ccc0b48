"""Edge groups of one org (seed key `edge_groups`): read-only through the API, since creating one needs trunk bases,
which are not modelled.

    edge_groups:
      - name: Core Edges          # required, unique in the org (case-insensitive)
        description: the core     # optional
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import invalid_value
from genesys_cloud_sim.core.query import name_pattern, sort_key
from genesys_cloud_sim.core.schema import Field, ObjectSpec, validate
from genesys_cloud_sim.core.state import Area

EDGE_GROUPS_PATH = "/api/v2/telephony/providers/edges/edgegroups"

# models.json `EdgeGroup`, in its order (the fields a GET returns; trunk bases are not modelled, so
# edgeTrunkBaseAssignment is absent and phoneTrunkBases is always empty).
EDGE_GROUP_FIELDS = (
    "id", "name", "division", "description", "version", "dateCreated", "dateModified", "modifiedBy", "createdBy",
    "state", "modifiedByApp", "createdByApp", "managed", "hybrid", "edgeTrunkBaseAssignment", "phoneTrunkBases",
    "selfUri",
)  # fmt: skip
EDGE_GROUP_SEED = ObjectSpec(
    "EdgeGroup",
    {
        "id": Field("str"),
        "name": Field("str", required=True),
        "description": Field("str"),
        "version": Field("int"),
        "dateCreated": Field("str"),
        "dateModified": Field("str"),
    },
)
_SORT_KEYS = {"name": lambda group: group.name.lower()}


@dataclass
class EdgeGroup:
    id: str
    name: str
    description: str | None
    date_created: str
    date_modified: str
    version: int = 1

    @property
    def self_uri(self) -> str:
        return f"{EDGE_GROUPS_PATH}/{self.id}"

    def wire(self) -> dict[str, Any]:
        owned = {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "version": self.version,
            "dateCreated": self.date_created,
            "dateModified": self.date_modified,
            "state": "active",
            "managed": False,
            "hybrid": False,
            "phoneTrunkBases": [],
            "selfUri": self.self_uri,
        }
        return {name: owned[name] for name in EDGE_GROUP_FIELDS if owned.get(name) is not None}

    def reference(self) -> dict[str, str]:
        """How an Edge's `edgeGroup` points at this group."""
        return {"id": self.id, "name": self.name, "selfUri": self.self_uri}

    def export(self) -> dict[str, Any]:
        exported = {"id": self.id, "name": self.name, "version": self.version,
                    "dateCreated": self.date_created, "dateModified": self.date_modified}
        return exported | ({"description": self.description} if self.description is not None else {})


class EdgeGroupsBackend(Entities[EdgeGroup], Area):
    entity_kind = "edge group"
    seed_key = "edge_groups"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, EdgeGroup] = {}

    def listing(self, name: str | None, managed: bool | None, sort_by: str) -> list[EdgeGroup]:
        """Groups matching the filters; `name` works like the site name filter (FIDELITY.md)."""
        key = sort_key(sort_by, _SORT_KEYS)
        pattern = name_pattern(name) if name else None
        chosen = [
            group
            for group in self._by_id.values()
            if (pattern is None or pattern.fullmatch(group.name)) and managed is not True  # none is managed
        ]
        return sorted(chosen, key=key)

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(EDGE_GROUP_SEED, item)
            if not entry["name"].strip():
                raise invalid_value("name", "An Edge group needs a non-blank name.")
            existing = self._by_id.get(entry.get("id", "")) or self.named(entry["name"])
            holder = self.named(entry["name"])
            if holder is not None and holder is not existing:
                raise invalid_value("name", f"An Edge group named '{entry['name']}' already exists.")
            now = self.org.now_iso()
            group = existing or EdgeGroup(entry.get("id") or str(uuid.uuid4()), "", None, now, now, 0)
            group.name = entry["name"]
            group.description = entry.get("description")
            group.version = entry.get("version", group.version + 1)
            group.date_created = entry.get("dateCreated") or group.date_created
            group.date_modified = entry.get("dateModified") or now
            self._by_id[group.id] = group

    def export(self) -> list[dict[str, Any]]:
        return [group.export() for group in self._by_id.values()]
