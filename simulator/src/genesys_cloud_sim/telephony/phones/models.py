"""Phones of one org (seed key `phones`); a WebRTC phone (its base's meta base is inin_webrtc_softphone.json) is a
user's softphone and owns that user's inin_webrtc_softphone station (users.stations).

    phones:
      - name: Ada WebRTC                # required, unique in the org (case-insensitive)
        site: Indy Core                 # a site id or name
        phone_base: WebRTC Base         # a phone base settings id or name
        webRtcUser: ada@example.com     # a user id or email; required for (and only for) WebRTC phones
        lines: [{name: Ada WebRTC}]     # optional (default one line named like the phone); Line name, lineBaseSettings
        description: Ada's softphone    # optional; also properties, id, station_id, version, dateCreated, dateModified
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import ApiError, invalid_value, version_conflict
from genesys_cloud_sim.core.query import name_pattern, sort_key
from genesys_cloud_sim.core.schema import Field, ListOf, ObjectSpec, read_only_fields, reference_spec, validate
from genesys_cloud_sim.core.state import Area
from genesys_cloud_sim.telephony.phones.bases import PhoneBase, PhoneBasesBackend
from genesys_cloud_sim.telephony.sites.models import Site, SitesBackend
from genesys_cloud_sim.users.models import User, UsersBackend
from genesys_cloud_sim.users.stations import StationsBackend

PHONES_PATH = "/api/v2/telephony/providers/edges/phones"
_ENTITY_FIELDS = ("division", "version", "dateCreated", "dateModified", "modifiedBy", "createdBy", "state",
                  "modifiedByApp", "createdByApp")
_REFERENCE_EXTRAS = ("name", "selfUri")
# models.json `Line`: a line's name and line base are kept; the rest is the platform's (or not modelled).
LINE = ObjectSpec(
    "Line",
    {
        "id": Field("str"),
        "name": Field("str", required=True),
        **read_only_fields("description", *_ENTITY_FIELDS, "properties", "edgeGroup", "template", "site"),
        "lineBaseSettings": Field(reference_spec("DomainEntityRef", *_REFERENCE_EXTRAS)),
        **read_only_fields("primaryEdge", "secondaryEdge", "loggedInUser", "defaultForUser", "selfUri"),
    },
)
# Every field of models.json `Phone`, in its order.
PHONE = ObjectSpec(
    "Phone",
    {
        **read_only_fields("id"),
        "name": Field("str", required=True),
        **read_only_fields("division"),
        "description": Field("str"),
        "version": Field("int"),
        **read_only_fields(*_ENTITY_FIELDS[2:]),
        "site": Field(reference_spec("DomainEntityRef", *_REFERENCE_EXTRAS), required=True),
        "phoneBaseSettings": Field(reference_spec("PhoneBaseSettings", *_REFERENCE_EXTRAS), required=True),
        **read_only_fields("lineBaseSettings", "phoneMetaBase"),
        "lines": Field(ListOf(LINE), required=True),
        **read_only_fields("status", "secondaryStatus", "userAgentInfo"),
        "properties": Field("dict"),
        **read_only_fields("capabilities"),
        "webRtcUser": Field(reference_spec("DomainEntityRef", *_REFERENCE_EXTRAS)),
        **read_only_fields("standAlone", "primaryEdge", "secondaryEdge", "selfUri"),
    },
)
PHONE_SEED = ObjectSpec(
    "Phone",
    {
        "id": Field("str"),
        "name": Field("str", required=True),
        "description": Field("str"),
        "site": Field("str", required=True),
        "phone_base": Field("str", required=True),
        "webRtcUser": Field("str"),
        "lines": Field(ListOf(LINE)),
        "properties": Field("dict"),
        "station_id": Field("str"),
        "version": Field("int"),
        "dateCreated": Field("str"),
        "dateModified": Field("str"),
    },
)
_SORT_KEYS = {"name": lambda phone: (phone.name.lower(), phone.id)}


@dataclass
class PhoneLine:
    id: str
    name: str
    line_base_id: str


@dataclass
class Phone:
    id: str
    name: str
    site_id: str
    base_id: str
    date_created: str
    date_modified: str
    version: int = 1
    description: str | None = None
    web_rtc_user_id: str | None = None
    properties: dict[str, Any] | None = None
    lines: list[PhoneLine] = field(default_factory=list)
    station_id: str | None = None

    @property
    def self_uri(self) -> str:
        return f"{PHONES_PATH}/{self.id}"

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "site": self.site_id,
            "phone_base": self.base_id,
            "lines": [{"id": line.id, "name": line.name, "lineBaseSettings": {"id": line.line_base_id}}
                      for line in self.lines],
            "version": self.version,
            "dateCreated": self.date_created,
            "dateModified": self.date_modified,
        }
        optional = {"description": self.description, "webRtcUser": self.web_rtc_user_id,
                    "properties": self.properties, "station_id": self.station_id}
        return exported | {key: value for key, value in optional.items() if value is not None}


class PhonesBackend(Entities[Phone], Area):
    entity_kind = "phone"
    seed_key = "phones"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, Phone] = {}

    @property
    def _sites(self) -> SitesBackend:
        return self.org.area(SitesBackend)

    @property
    def _bases(self) -> PhoneBasesBackend:
        return self.org.area(PhoneBasesBackend)

    @property
    def _users(self) -> UsersBackend:
        return self.org.area(UsersBackend)

    def web_rtc_phone_of(self, user_id: str) -> Phone | None:
        return next((phone for phone in self._by_id.values() if phone.web_rtc_user_id == user_id), None)

    def listing(self, filters: dict[str, str], unmodelled: list[str], sort_by: str, descending: bool) -> list[Phone]:
        """Phones matching the filters; a filter on what is not modelled (line log-ins, hardware, status) matches
        nothing, and `name` / `lines.name` work like the site name filter (FIDELITY.md)."""
        key = sort_key(sort_by, _SORT_KEYS)
        if unmodelled:
            return []
        name = name_pattern(filters["name"]) if "name" in filters else None
        line_name = name_pattern(filters["lines.name"]) if "lines.name" in filters else None
        chosen = [
            phone
            for phone in self._by_id.values()
            if (name is None or name.fullmatch(phone.name))
            and filters.get("site.id", phone.site_id) == phone.site_id
            and filters.get("webRtcUser.id", phone.web_rtc_user_id) == phone.web_rtc_user_id
            and filters.get("phoneBaseSettings.id", phone.base_id) == phone.base_id
            and ("lines.id" not in filters or any(line.id == filters["lines.id"] for line in phone.lines))
            and (line_name is None or any(line_name.fullmatch(line.name) for line in phone.lines))
        ]
        return sorted(chosen, key=key, reverse=descending)

    def wire(self, phone: Phone) -> dict[str, Any]:
        """Phone as the API returns it, in the model's field order."""
        site = _reference(self._sites.get(phone.site_id))
        base = self._bases.get(phone.base_id)
        line_bases = {line.id: line for line in base.lines}
        wire = {
            "id": phone.id,
            "name": phone.name,
            "division": self._users.division_reference(),
            "description": phone.description,
            "version": phone.version,
            "dateCreated": phone.date_created,
            "dateModified": phone.date_modified,
            "state": "active",
            "site": site,
            "phoneBaseSettings": base.reference(),
            "phoneMetaBase": base.meta_base_reference(),
            "lines": [
                {"id": line.id, "name": line.name, "state": "active", "site": site,
                 "lineBaseSettings": line_bases[line.line_base_id].reference()}
                for line in phone.lines
            ],
            "properties": phone.properties,
            "webRtcUser": self._users.get(phone.web_rtc_user_id).reference() if phone.web_rtc_user_id else None,
            "selfUri": phone.self_uri,
        }
        return {key: value for key, value in wire.items() if value is not None}

    def create(self, body: dict[str, Any]) -> Phone:
        now = self.org.now_iso()
        phone = Phone(str(uuid.uuid4()), "", "", "", now, now)
        self._apply(phone, self._checked(phone, {**body, "lines": _without_ids(body["lines"])}))
        self._by_id[phone.id] = phone
        return phone

    def replace(self, phone_id: str, body: dict[str, Any]) -> Phone:
        """PUT: the whole phone with the version it was read at; lines keep their ids, new lines get new ones."""
        phone = self.get(phone_id)
        if body.get("version") != phone.version:
            raise version_conflict("phone", phone_id)
        self._apply(phone, self._checked(phone, body))
        phone.version += 1
        phone.date_modified = self.org.now_iso()
        return phone

    def delete(self, phone_id: str) -> None:
        """Deleting a WebRTC phone deletes its station, which logs its user out of it."""
        phone = self.get(phone_id)
        self.org.area(StationsBackend).delete_phone_station(phone.id)
        del self._by_id[phone.id]

    def references(self, entity_kind: str, entity_id: str) -> list[str]:
        if entity_kind != "site":
            return []
        return [f"phone {phone.name}" for phone in self._by_id.values() if phone.site_id == entity_id]

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(PHONE_SEED, item)
            body = self._seed_body(entry)
            existing = self._by_id.get(entry.get("id", "")) or self.named(entry["name"])
            now = self.org.now_iso()
            phone = existing or Phone(entry.get("id") or str(uuid.uuid4()), "", "", "", now, now, version=0)
            phone.station_id = entry.get("station_id", phone.station_id)
            self._apply(phone, self._checked(phone, body, keep_unknown_ids=True))
            phone.version = entry.get("version", phone.version + 1)
            phone.date_created = entry.get("dateCreated") or phone.date_created
            phone.date_modified = entry.get("dateModified") or now
            self._by_id[phone.id] = phone

    def export(self) -> list[dict[str, Any]]:
        return [phone.export() for phone in self._by_id.values()]

    # --- checks ----------------------------------------------------------------------------------------------------

    def _checked(self, phone: Phone, body: dict[str, Any], keep_unknown_ids: bool = False) -> dict[str, Any]:
        """The body with its references resolved: site, base, lines (with their line bases) and WebRTC user.
        Nothing is changed before every check passed."""
        name = body["name"]
        holder = self.named(name)
        if not name.strip() or (holder is not None and holder is not phone):
            raise invalid_value("name", f"A phone needs a non-blank name unique in the org: '{name}'.")
        site = self._sites.find(body["site"]["id"])
        if site is None:
            raise invalid_value("site.id", f"Site {body['site']['id']} does not exist in this organization.")
        base = self._bases.find(body["phoneBaseSettings"]["id"])
        if base is None:
            raise invalid_value("phoneBaseSettings.id",
                                f"Phone base settings {body['phoneBaseSettings']['id']} do not exist.")
        if phone.base_id and self._bases.get(phone.base_id).is_webrtc != base.is_webrtc:
            raise invalid_value("phoneBaseSettings.id", "A phone cannot change between WebRTC and other meta bases.")
        user = self._checked_web_rtc_user(phone, base, body.get("webRtcUser"))
        station = self.org.area(StationsBackend).named(name)
        if user is not None and station is not None and station.phone_id != phone.id:
            raise invalid_value("name", f"A station named '{name}' already exists; a WebRTC phone's station takes "
                                "the phone's name.")
        lines = self._checked_lines(phone, base, body["lines"], keep_unknown_ids)
        return {**body, "site": site, "base": base, "user": user, "lines": lines}

    def _checked_web_rtc_user(self, phone: Phone, base: PhoneBase, reference: dict[str, Any] | None) -> User | None:
        """A WebRTC phone needs its user, one WebRTC phone per user, and keeps its user for life (FIDELITY.md)."""
        if not base.is_webrtc:
            if reference is not None:
                raise invalid_value("webRtcUser", "Only a phone whose meta base is inin_webrtc_softphone.json has one.")
            return None
        if reference is None:
            raise ApiError(400, "bad.request", "A WebRTC phone needs the field 'webRtcUser'.",
                           details=[{"errorCode": "required", "fieldName": "webRtcUser"}])
        user = self._users.find(reference["id"])
        if user is None:
            raise invalid_value("webRtcUser.id", f"User {reference['id']} does not exist in this organization.")
        if phone.web_rtc_user_id not in (None, user.id):
            raise invalid_value("webRtcUser.id", "A WebRTC phone's user cannot change; delete and create the phone.")
        other = self.web_rtc_phone_of(user.id)
        if other is not None and other is not phone:
            raise invalid_value("webRtcUser.id", f"User {user.name} already has the WebRTC phone {other.name}.")
        return user

    @staticmethod
    def _checked_lines(phone: Phone, base: PhoneBase, lines: list[dict[str, Any]],
                       keep_unknown_ids: bool) -> list[PhoneLine]:
        """One line per line base at most; each line's base must be one of the phone base's (default: in order).
        A PUT may name only the phone's own line ids; a seed (the state file) brings its lines' ids along."""
        if not 1 <= len(lines) <= len(base.lines):
            raise invalid_value("lines", f"A phone of base {base.name} has 1 to {len(base.lines)} line(s).")
        line_base_ids = [line.id for line in base.lines]
        own_ids = {line.id for line in phone.lines}
        checked = []
        for index, line in enumerate(lines):
            line_base_id = (line.get("lineBaseSettings") or {}).get("id", line_base_ids[index])
            if line_base_id not in line_base_ids:
                raise invalid_value(f"lines[{index}].lineBaseSettings.id",
                                    f"{line_base_id} is not a line base of phone base {base.name}.")
            if "id" in line and line["id"] not in own_ids and not keep_unknown_ids:
                raise invalid_value(f"lines[{index}].id", f"{line['id']} is not a line of this phone.")
            checked.append(PhoneLine(line.get("id") or str(uuid.uuid4()), line["name"], line_base_id))
        return checked

    def _apply(self, phone: Phone, checked: dict[str, Any]) -> None:
        site, base, user = checked["site"], checked["base"], checked["user"]
        phone.name, phone.site_id, phone.base_id = checked["name"], site.id, base.id
        phone.description, phone.properties = checked.get("description"), checked.get("properties")
        phone.web_rtc_user_id = user.id if user else None
        phone.lines = checked["lines"]
        if user is not None:
            station = self.org.area(StationsBackend).put_phone_station(
                phone.id, phone.name, site.id, user, phone.lines[0].id, phone.station_id
            )
            phone.station_id = station.id

    def _seed_body(self, entry: dict[str, Any]) -> dict[str, Any]:
        """A seed entry as an API body: site, base and user named by id or name/email."""
        site = self._sites.find(entry["site"]) or self._sites.named(entry["site"])
        if site is None:
            raise invalid_value("site", f"Phone {entry['name']}: no site with id or name {entry['site']}.")
        base = self._bases.find(entry["phone_base"]) or self._bases.named(entry["phone_base"])
        if base is None:
            raise invalid_value("phone_base",
                                f"Phone {entry['name']}: no phone base with id or name {entry['phone_base']}.")
        body: dict[str, Any] = {
            **{key: entry[key] for key in ("name", "description", "properties") if key in entry},
            "site": {"id": site.id},
            "phoneBaseSettings": {"id": base.id},
            "lines": entry.get("lines") or [{"name": entry["name"]}],
        }
        if "webRtcUser" in entry:
            user = self._users.by_id_or_email(entry["webRtcUser"])
            if user is None:
                raise invalid_value("webRtcUser",
                                    f"Phone {entry['name']}: no user with id or email {entry['webRtcUser']}.")
            body["webRtcUser"] = {"id": user.id}
        return body


def _reference(site: Site) -> dict[str, str]:
    return {"id": site.id, "name": site.name, "selfUri": site.self_uri}


def _without_ids(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A created phone's lines are new: ids sent with them are ignored."""
    return [{key: value for key, value in line.items() if key != "id"} for line in lines]
