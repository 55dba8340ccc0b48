"""Phone base settings of one org (seed key `phone_base_settings`): read-only through the API here.

    phone_base_settings:
      - name: WebRTC Base                      # required, unique in the org (case-insensitive)
        meta_base: inin_webrtc_softphone.json  # required: the phone meta base (`<name>.json`)
        description: softphones                # optional
        lines: [Line 1]                        # optional: the line bases' names (default one, "<name> Line 1")
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import invalid_value
from genesys_cloud_sim.core.query import name_pattern, sort_key
from genesys_cloud_sim.core.schema import Field, ObjectSpec, validate
from genesys_cloud_sim.core.state import Area

PHONE_BASES_PATH = "/api/v2/telephony/providers/edges/phonebasesettings"
WEBRTC_META_BASE = "inin_webrtc_softphone.json"
# The meta base names the API shows; only the WebRTC one matters to the simulator (FIDELITY.md).
_META_BASE_NAMES = {WEBRTC_META_BASE: "PureCloud WebRTC Phone"}
_META_BASE_ID = re.compile(r"^[a-z0-9_]+\.json$")
PHONE_BASE_SEED = ObjectSpec(
    "PhoneBase",
    {
        "id": Field("str"),
        "name": Field("str", required=True),
        "meta_base": Field("str", required=True),
        "description": Field("str"),
        "lines": Field("list[str]"),
        "line_ids": Field("list[str]"),
        "version": Field("int"),
        "dateCreated": Field("str"),
        "dateModified": Field("str"),
    },
)
_SORT_KEYS = {"name": lambda base: (base.name.lower(), base.id)}


@dataclass
class LineBase:
    id: str
    name: str

    def reference(self) -> dict[str, str]:
        """How a phone's line points at its line base (Line.lineBaseSettings)."""
        return {"id": self.id, "name": self.name}


@dataclass
class PhoneBase:
    id: str
    name: str
    meta_base: str
    date_created: str
    date_modified: str
    description: str | None = None
    version: int = 1
    lines: list[LineBase] = field(default_factory=list)

    @property
    def self_uri(self) -> str:
        return f"{PHONE_BASES_PATH}/{self.id}"

    @property
    def is_webrtc(self) -> bool:
        return self.meta_base == WEBRTC_META_BASE

    def meta_base_reference(self) -> dict[str, str]:
        name = _META_BASE_NAMES.get(self.meta_base, self.meta_base.removesuffix(".json"))
        return {"id": self.meta_base, "name": name}

    def reference(self) -> dict[str, str]:
        """PhoneBaseSettings, how a phone points at its base."""
        return {"id": self.id, "name": self.name, "selfUri": self.self_uri}

    def wire(self) -> dict[str, Any]:
        """PhoneBase as the API returns it, in the model's field order."""
        wire = {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "version": self.version,
            "dateCreated": self.date_created,
            "dateModified": self.date_modified,
            "state": "active",
            "phoneMetaBase": self.meta_base_reference(),
            "lines": [{"id": line.id, "name": line.name, "state": "active"} for line in self.lines],
            "selfUri": self.self_uri,
        }
        return {key: value for key, value in wire.items() if value is not None}

    def export(self) -> dict[str, Any]:
        exported = {
            "id": self.id,
            "name": self.name,
            "meta_base": self.meta_base,
            "lines": [line.name for line in self.lines],
            "line_ids": [line.id for line in self.lines],
            "version": self.version,
            "dateCreated": self.date_created,
            "dateModified": self.date_modified,
        }
        return exported | ({"description": self.description} if self.description is not None else {})


class PhoneBasesBackend(Entities[PhoneBase], Area):
    entity_kind = "phone base settings"
    seed_key = "phone_base_settings"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, PhoneBase] = {}

    def listing(self, name: str | None, sort_by: str, descending: bool) -> list[PhoneBase]:
        key = sort_key(sort_by, _SORT_KEYS)
        pattern = name_pattern(name) if name else None
        chosen = [base for base in self._by_id.values() if pattern is None or pattern.fullmatch(base.name)]
        return sorted(chosen, key=key, reverse=descending)

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(PHONE_BASE_SEED, item)
            name = entry["name"]
            existing = self._by_id.get(entry.get("id", "")) or self.named(name)
            holder = self.named(name)
            if not name.strip() or (holder is not None and holder is not existing):
                raise invalid_value("name", f"A phone base needs a non-blank name unique in the org: '{name}'.")
            if not _META_BASE_ID.match(entry["meta_base"]):
                raise invalid_value("meta_base", f"Phone base {name}: '{entry['meta_base']}' is not a meta base "
                                    f"id such as {WEBRTC_META_BASE}.")
            now = self.org.now_iso()
            base = existing or PhoneBase(entry.get("id") or str(uuid.uuid4()), name, "", now, now, version=0)
            base.name, base.meta_base, base.description = name, entry["meta_base"], entry.get("description")
            base.lines = _line_bases(base, entry.get("lines"), entry.get("line_ids"))
            base.version = entry.get("version", base.version + 1)
            base.date_created = entry.get("dateCreated") or base.date_created
            base.date_modified = entry.get("dateModified") or now
            self._by_id[base.id] = base

    def export(self) -> list[dict[str, Any]]:
        return [base.export() for base in self._by_id.values()]


def _line_bases(base: PhoneBase, names: list[str] | None, ids: list[str] | None) -> list[LineBase]:
    """The base's line bases; ids are kept across re-seeding and restarts, so phones' lines keep pointing at them."""
    names = names or [f"{base.name} Line 1"]
    known_ids = ids or [line.id for line in base.lines]
    return [
        LineBase(known_ids[index] if index < len(known_ids) else str(uuid.uuid4()), line_name)
        for index, line_name in enumerate(names)
    ]
