"""Locations of one org: LocationCreateDefinition / LocationUpdateDefinition in, LocationDefinition out."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import conflict, directory_version_mismatch, invalid_value
from genesys_cloud_sim.core.schema import Field, ObjectSpec, validate
from genesys_cloud_sim.core.state import Area

ADDRESS = ObjectSpec(
    "LocationAddress",
    {name: Field("str") for name in ("city", "country", "countryName", "state", "street1", "street2", "zipcode")},
)
# `e164` is the platform's normalisation of `number` (evidence: TF reads it back and matches on it): sent, it is ignored.
EMERGENCY_NUMBER = ObjectSpec(
    "LocationEmergencyNumber",
    {"e164": Field("str", read_only=True), "number": Field("str"), "type": Field("str", enum=("default", "elin"))},
)
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")
_NUMBER_PUNCTUATION = re.compile(r"[\s().-]")
_DEFINITION_FIELDS = {
    "name": Field("str", required=True),
    "version": Field("int"),
    "state": Field("str", enum=("active", "deleted")),
    "path": Field("list[str]"),
    "notes": Field("str"),
    "contactUser": Field("str"),
    "emergencyNumber": Field(EMERGENCY_NUMBER),
    "address": Field(ADDRESS),
}
LOCATION_CREATE = ObjectSpec("LocationCreateDefinition", _DEFINITION_FIELDS)
LOCATION_UPDATE = ObjectSpec("LocationUpdateDefinition", {**_DEFINITION_FIELDS, "version": Field("int", required=True)})
LOCATION_SEED = ObjectSpec("LocationDefinition", {**_DEFINITION_FIELDS, "id": Field("str")})

# Fields kept as sent (after validation); name, version and state are managed by the backend, emergencyNumber
# is kept with its E.164 form.
_STORED_FIELDS = ("address", "notes", "path")


@dataclass
class Location:
    id: str
    name: str
    version: int = 1
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def self_uri(self) -> str:
        return f"/api/v2/locations/{self.id}"

    def wire(self) -> dict[str, Any]:
        """LocationDefinition as the API returns it."""
        return {
            "id": self.id,
            "name": self.name,
            **{key: self.fields[key] for key in ("emergencyNumber", "address") if key in self.fields},
            "state": "active",
            **({"notes": self.fields["notes"]} if "notes" in self.fields else {}),
            "version": self.version,
            "path": list(self.fields.get("path", [])),
            "selfUri": self.self_uri,
        }

    @property
    def has_emergency_number(self) -> bool:
        return "emergencyNumber" in self.fields

    def reference(self) -> dict[str, str]:
        """How other entities (a site's `location`) point at this one."""
        return {"id": self.id, "name": self.name, "selfUri": self.self_uri}

    def export(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "version": self.version, **self.fields}


class LocationsBackend(Entities[Location], Area):
    entity_kind = "location"
    seed_key = "locations"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, Location] = {}
        self._id_by_name: dict[str, str] = {}

    def listing(self, ids: set[str] | None, descending: bool) -> list[Location]:
        chosen = [loc for loc in self._by_id.values() if ids is None or loc.id in ids]
        return sorted(chosen, key=lambda loc: loc.name.lower(), reverse=descending)

    def create(self, definition: dict[str, Any], location_id: str | None = None, version: int = 1) -> Location:
        """Add a location from a validated LocationCreateDefinition."""
        location = Location(location_id or str(uuid.uuid4()), "", version)
        self._check_definition(location, definition)
        self._apply(location, definition)
        self._by_id[location.id] = location
        return location

    def update(self, location_id: str, definition: dict[str, Any]) -> Location:
        """PATCH with a validated LocationUpdateDefinition: only the current version may be modified."""
        location = self.get(location_id)
        if definition["version"] != location.version:
            raise directory_version_mismatch("location", location_id, definition["version"], location.version)
        if "address" in definition and location.has_emergency_number:
            # Even an unchanged address is refused while a number is assigned (FIDELITY.md; the text is a guess).
            raise invalid_value("address", f"The address of location {location.name} cannot be changed while an "
                                           "emergency number is assigned; remove the emergency number first.")
        self._check_definition(location, definition)
        self._apply(location, definition)
        location.version += 1
        return location

    def delete(self, location_id: str) -> None:
        location = self.get(location_id)
        users = [ref for area in self.org.areas for ref in area.references("location", location_id)]
        if users:
            raise conflict(f"Location {location.name} is in use by {', '.join(users)}.", "location", location_id)
        del self._by_id[location_id]
        del self._id_by_name[location.name.lower()]

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            definition = validate(LOCATION_SEED, item)
            existing = self.find(definition.get("id", "")) or self.named(definition["name"])
            if existing is None:
                self.create(definition, definition.get("id"), definition.get("version", 1))
            else:
                self._check_definition(existing, definition)
                self._apply(existing, definition)
                existing.version = definition.get("version", existing.version + 1)

    def export(self) -> list[dict[str, Any]]:
        return [location.export() for location in self._by_id.values()]

    def named(self, name: str) -> Location | None:
        location_id = self._id_by_name.get(name.lower())
        return None if location_id is None else self._by_id[location_id]

    def _check_definition(self, location: Location, definition: dict[str, Any]) -> None:
        name = definition["name"]
        if not name.strip():
            raise invalid_value("name", "A location needs a non-blank name.")
        holder = self.named(name)
        if holder is not None and holder is not location:
            raise invalid_value("name", f"A location named '{name}' already exists.")
        if definition.get("state") == "deleted":
            raise invalid_value("state", "Delete a location with DELETE /api/v2/locations/{locationId}.")
        if "contactUser" in definition:
            raise invalid_value("contactUser", f"User {definition['contactUser']} does not exist in this organization.")
        for parent_id in definition.get("path", []):
            if parent_id == location.id or parent_id not in self._by_id:
                raise invalid_value("path", f"Location {parent_id} in 'path' does not exist in this organization.")
        if "emergencyNumber" in definition and stored_emergency_number(definition["emergencyNumber"]) is None:
            sites = [ref for area in self.org.areas for ref in area.references("location", location.id)]
            if sites:
                raise invalid_value("emergencyNumber", f"Location {location.name} is in use by {', '.join(sites)}, "
                                                       "which need its emergency number.")

    def _apply(self, location: Location, definition: dict[str, Any]) -> None:
        if location.name:
            del self._id_by_name[location.name.lower()]
        location.name = definition["name"]
        self._id_by_name[location.name.lower()] = location.id
        location.fields.update({key: definition[key] for key in _STORED_FIELDS if key in definition})
        if "emergencyNumber" in definition:
            location.fields.pop("emergencyNumber", None)
            emergency_number = stored_emergency_number(definition["emergencyNumber"])
            if emergency_number is not None:
                location.fields["emergencyNumber"] = emergency_number


def stored_emergency_number(sent: dict[str, Any]) -> dict[str, str] | None:
    """The number as sent, its E.164 form and its type; None for an object without a number, which is how
    clients (the Terraform provider) say the location has none."""
    number = sent.get("number")
    if not number:
        return None
    e164 = _NUMBER_PUNCTUATION.sub("", number)
    if not _E164.fullmatch(e164):
        raise invalid_value("emergencyNumber.number", f"'{number}' is not a phone number in E.164 format.")
    return {"e164": e164, "number": number, "type": sent.get("type", "default")}
