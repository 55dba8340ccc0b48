"""Objects that retention policies (and later calls) point at, but that the simulator serves no API for.

operations.json has no queue, wrap-up code, routing language or team endpoint, so these exist only as seed data:

    queues:        [{id: <uuid, optional>, name: Support}]      # Queue           /api/v2/routing/queues/{id}
    wrapup_codes:  [{name: Resolved}]                           # WrapupCode      /api/v2/routing/wrapupcodes/{id}
    languages:     [{name: English}]                            # Language        /api/v2/routing/languages/{id}
    teams:         [{name: Tier 1}]                             # Team            /api/v2/teams/{id}

Each entry needs a non-blank `name`, unique in the org per kind (case-insensitive); `id` is generated when left out.
Other areas validate references with ids() and render them with reference().
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import invalid_value
from genesys_cloud_sim.core.schema import Field, ObjectSpec, validate
from genesys_cloud_sim.core.state import Area


@dataclass
class Entry:
    id: str
    name: str


class SeededDirectory(Entities[Entry], Area):
    """A list of {id, name} objects of one kind, seeded only."""

    entity_kind: ClassVar[str]  # how error messages name one object ("queue")
    model: ClassVar[str]  # the models.json model a reference to one is typed as
    path: ClassVar[str]  # the API collection the object would live under (its selfUri's prefix)

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, Entry] = {}

    def ids(self) -> frozenset[str]:
        return frozenset(self._by_id)

    def reference(self, entry_id: str) -> dict[str, str]:
        """{id, name, selfUri}; an id this directory does not hold keeps only id and selfUri."""
        entry = self._by_id.get(entry_id)
        named = {"name": entry.name} if entry is not None else {}
        return {"id": entry_id, **named, "selfUri": f"{self.path}/{entry_id}"}

    def seed(self, items: list[dict[str, Any]]) -> None:
        spec = ObjectSpec(self.model, {"id": Field("str"), "name": Field("str", required=True)})
        for item in items:
            entry = validate(spec, item)
            name = entry["name"]
            if not name.strip():
                raise invalid_value("name", f"A {self.entity_kind} needs a non-blank name.")
            existing = self._by_id.get(entry.get("id", "")) or self.named(name)
            holder = self.named(name)
            if holder is not None and holder is not existing:
                raise invalid_value("name", f"A {self.entity_kind} named '{name}' already exists.")
            if existing is not None:
                existing.name = name
            else:
                new = Entry(entry.get("id") or str(uuid.uuid4()), name)
                self._by_id[new.id] = new

    def export(self) -> list[dict[str, Any]]:
        return [{"id": entry.id, "name": entry.name} for entry in self._by_id.values()]


class QueuesBackend(SeededDirectory):
    seed_key = "queues"
    entity_kind = "queue"
    model = "Queue"
    path = "/api/v2/routing/queues"


class WrapupCodesBackend(SeededDirectory):
    seed_key = "wrapup_codes"
    entity_kind = "wrap-up code"
    model = "WrapupCode"
    path = "/api/v2/routing/wrapupcodes"


class LanguagesBackend(SeededDirectory):
    seed_key = "languages"
    entity_kind = "language"
    model = "Language"
    path = "/api/v2/routing/languages"


class TeamsBackend(SeededDirectory):
    seed_key = "teams"
    entity_kind = "team"
    model = "Team"
    path = "/api/v2/teams"


DIRECTORY_TYPES: tuple[type[SeededDirectory], ...] = (QueuesBackend, WrapupCodesBackend, LanguagesBackend, TeamsBackend)
