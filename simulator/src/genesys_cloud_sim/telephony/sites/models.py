"""Telephony sites of one org: the Site model (models.json) in and out, versioned on every write.

Every org also has the site Genesys Cloud manages, "PureCloud Voice - AWS" (`managed: true`), which the API will not
let anyone change or delete (unless a seed says `managed_site: false`). A deleted site lingers with `state: deleted`
while soft delete is on (core/tombstones.py).
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import bad_request, conflict, invalid_value, not_found, version_conflict
from genesys_cloud_sim.core.query import name_pattern
from genesys_cloud_sim.core.schema import Field, ListOf, ObjectSpec, read_only_fields, reference_spec, validate
from genesys_cloud_sim.core.state import Area
from genesys_cloud_sim.core.tombstones import Tombstones
from genesys_cloud_sim.locations.models import LocationsBackend

SITES_PATH = "/api/v2/telephony/providers/edges/sites"
MANAGED_SITE_NAME = "PureCloud Voice - AWS"
MEDIA_MODELS = ("Premises", "Cloud")
MIN_UPDATE_WINDOW = timedelta(hours=2)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

NTP_SETTINGS = ObjectSpec("NTPSettings", {"servers": Field("list[str]")})
EDGE_AUTO_UPDATE_CONFIG = ObjectSpec(
    "EdgeAutoUpdateConfig",
    {
        "timeZone": Field("str", required=True),
        "rrule": Field("str", required=True),
        "start": Field("localdatetime", required=True),
        "end": Field("localdatetime", required=True),
    },
)
CONTACT = ObjectSpec(
    "Contact",
    {
        "address": Field("str"),
        "display": Field("str"),
        "mediaType": Field("str", enum=("PHONE", "EMAIL", "SMS")),
        "type": Field(
            "str", enum=("PRIMARY", "WORK", "WORK2", "WORK3", "WORK4", "HOME", "MOBILE", "MAIN", "OTHER")
        ),
        "extension": Field("str"),
        "countryCode": Field("str"),
        "integration": Field("str"),
    },
)
LOCATION_REFERENCE = reference_spec(
    "LocationDefinition",
    "name", "contactUser", "emergencyNumber", "address", "state", "notes", "version", "path", "profileImage",
    "floorplanImage", "addressVerificationDetails", "addressVerified", "addressStored", "images", "selfUri",
)  # fmt: skip

# Every field of models.json `Site`, in its order. Read-only ones are what a GET returns and a PUT may send back;
# the simulator owns them (edges, site connections and primary/secondary sites are not modelled yet).
SITE = ObjectSpec(
    "Site",
    {
        **read_only_fields("id"),
        "name": Field("str", required=True),
        **read_only_fields("division"),
        "description": Field("str"),
        "version": Field("int"),
        **read_only_fields("dateCreated", "dateModified", "modifiedBy", "createdBy", "state"),
        **read_only_fields("modifiedByApp", "createdByApp", "primarySites", "secondarySites"),
        **read_only_fields("primaryEdges", "secondaryEdges"),
        "addresses": Field(ListOf(CONTACT)),
        **read_only_fields("edges"),
        "edgeAutoUpdateConfig": Field(EDGE_AUTO_UPDATE_CONFIG),
        "mediaRegionsUseLatencyBased": Field("bool"),
        "location": Field(LOCATION_REFERENCE, required=True),
        **read_only_fields("managed"),
        "ntpSettings": Field(NTP_SETTINGS),
        "mediaModel": Field("str", enum=MEDIA_MODELS),
        "coreSite": Field("bool"),
        **read_only_fields("siteConnections"),
        "mediaRegions": Field("list[str]"),
        "callerId": Field("str"),
        "callerName": Field("str"),
        "cloudProxyForceTurn": Field("bool"),
        **read_only_fields("selfUri"),
    },
)
SITE_SEED = ObjectSpec(
    "Site",
    {
        **SITE.fields,
        "id": Field("str"),
        "location": Field("str", required=True),  # a location id or name
        "dateCreated": Field("str"),
        "dateModified": Field("str"),
    },
)

# Kept as sent, after validation; the rest of the wire object is computed.
_STORED_FIELDS = (
    "description", "addresses", "edgeAutoUpdateConfig", "mediaRegionsUseLatencyBased", "ntpSettings",
    "mediaModel", "coreSite", "mediaRegions", "callerId", "callerName", "cloudProxyForceTurn",
)  # fmt: skip
_DEFAULTS: dict[str, Any] = {"mediaModel": "Premises", "coreSite": False, "ntpSettings": {"servers": []}}
_HOSTNAME = re.compile(r"^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")
_SORT_KEYS = {"name": lambda site: site.name.lower()}


@dataclass
class Site:
    id: str
    name: str
    location_id: str
    date_created: str
    date_modified: str
    version: int = 1
    fields: dict[str, Any] = field(default_factory=dict)
    managed: bool = False

    @property
    def self_uri(self) -> str:
        return f"{SITES_PATH}/{self.id}"

    def export(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "location": self.location_id,
            "dateCreated": self.date_created,
            "dateModified": self.date_modified,
            **self.fields,
        }


class SitesBackend(Entities[Site], Area):
    entity_kind = "site"
    seed_key = "sites"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, Site] = {}
        self._id_by_name: dict[str, str] = {}
        self.deleted: Tombstones[Site] = Tombstones(org)
        self._managed = self._managed_site()

    def _managed_site(self) -> Site:
        """The org's managed site; its id derives from the org's, so it is the same after a restart."""
        site_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"genesys-cloud-sim/{self.org.id}/managed-site"))
        site = Site(site_id, MANAGED_SITE_NAME, "", "", "", managed=True, fields={"mediaModel": "Cloud"})
        site.date_created = site.date_modified = self.org.now_iso()
        return site

    def _visible(self) -> list[Site]:
        """The sites a listing shows: the live ones, the managed one, and the recently deleted (soft delete)."""
        managed = [self._managed] if self.org.managed_site else []
        return [*self._by_id.values(), *managed, *self.deleted.all()]

    def find(self, entity_id: str) -> Site | None:
        managed = self._managed if self.org.managed_site and entity_id == self._managed.id else None
        return self._by_id.get(entity_id) or managed

    def get(self, entity_id: str) -> Site:
        site = self.find(entity_id)
        if site is None:
            raise not_found(self.entity_kind, entity_id)
        return site

    def readable(self, site_id: str) -> Site:
        """GET: a live site, or one deleted a moment ago (soft delete), which reads state: deleted."""
        site = self.find(site_id) or self.deleted.find(site_id)
        if site is None:
            raise not_found(self.entity_kind, site_id)
        return site

    def writable(self, site_id: str) -> Site:
        """PUT and DELETE: the managed site is Genesys Cloud's (TF notes: no changes through the API)."""
        site = self.get(site_id)
        if site.managed:
            raise bad_request(f"Site {site.name} is managed by Genesys Cloud; it cannot be changed or deleted.")
        return site

    @property
    def _locations(self) -> LocationsBackend:
        return self.org.area(LocationsBackend)

    def wire(self, site: Site) -> dict[str, Any]:
        """Site as the API returns it: the stored fields plus what the platform owns."""
        fields = {**_DEFAULTS, **site.fields}
        owned = {
            "id": site.id,
            "name": site.name,
            "division": {
                "id": self.org.home_division_id,
                "name": "Home",
                "selfUri": f"/api/v2/authorization/divisions/{self.org.home_division_id}",
            },
            "version": site.version,
            "dateCreated": site.date_created,
            "dateModified": site.date_modified,
            "state": "deleted" if self.deleted.find(site.id) is site else "active",
            "location": self._location_reference(site),
            "managed": site.managed,
            "selfUri": site.self_uri,
        }
        return {name: owned.get(name, fields.get(name)) for name in SITE.fields
                if (name in owned and owned[name] is not None) or name in fields}

    def _location_reference(self, site: Site) -> dict[str, Any] | None:
        """The managed site has no location here (a guess); a deleted site's location may be gone too."""
        location = self._locations.find(site.location_id) if site.location_id else None
        if location is not None:
            return location.reference()
        return {"id": site.location_id} if site.location_id else None

    def listing(
        self, name: str | None, location_id: str | None, managed: bool | None, sort_by: str, descending: bool
    ) -> list[Site]:
        """Sites matching the filters; `name` is case-insensitive and may use * wildcards (FIDELITY.md)."""
        if sort_by not in _SORT_KEYS:
            raise invalid_value("sortBy", f"sortBy must be one of [{', '.join(_SORT_KEYS)}], not '{sort_by}'.")
        pattern = name_pattern(name) if name else None
        chosen = [
            site
            for site in self._visible()
            if (pattern is None or pattern.fullmatch(site.name))
            and (location_id is None or site.location_id == location_id)
            and managed in (None, site.managed)
        ]
        return sorted(chosen, key=_SORT_KEYS[sort_by], reverse=descending)

    def create(self, body: dict[str, Any]) -> Site:
        """Add a site from a validated Site body."""
        now = self.org.now_iso()
        site = Site(str(uuid.uuid4()), "", "", now, now)
        self._check(site, body)
        self._apply(site, body)
        self._by_id[site.id] = site
        return site

    def replace(self, site_id: str, body: dict[str, Any]) -> Site:
        """PUT: the whole site, carrying the version it was read at; omitted optional fields are cleared."""
        site = self.writable(site_id)
        if body.get("version") != site.version:
            raise version_conflict("site", site_id)
        self._check(site, body)
        site.fields.clear()
        self._apply(site, body)
        site.version += 1
        site.date_modified = self.org.now_iso()
        return site

    def delete(self, site_id: str) -> None:
        site = self.writable(site_id)
        users = [ref for area in self.org.areas for ref in area.references("site", site_id)]
        if users:
            raise conflict(f"Site {site.name} is in use by {', '.join(users)}.", "site", site_id)
        del self._by_id[site_id]
        del self._id_by_name[site.name.lower()]
        self.deleted.bury(site_id, site)

    def references(self, entity_kind: str, entity_id: str) -> list[str]:
        if entity_kind != "location":
            return []
        return [f"site {site.name}" for site in self._by_id.values() if site.location_id == entity_id]

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(SITE_SEED, item)
            location = self._locations.find(entry["location"]) or self._locations.named(entry["location"])
            if location is None:
                raise invalid_value("location", f"Site {entry['name']}: no location with id or name {entry['location']}.")
            body = {**entry, "location": {"id": location.id}}
            existing = self._by_id.get(entry.get("id", "")) or self.named(entry["name"])
            if existing is not None and existing.managed:
                raise invalid_value("name", f"{entry['name']} is the org's managed site; it cannot be seeded.")
            site = existing or Site(entry.get("id") or str(uuid.uuid4()), "", "", "", "")
            self._check(site, body)
            if existing:
                site.fields.clear()
            self._apply(site, body)
            now = self.org.now_iso()
            site.version = entry.get("version", site.version + 1 if existing else 1)
            site.date_created = entry.get("dateCreated") or site.date_created or now
            site.date_modified = entry.get("dateModified") or now
            self._by_id[site.id] = site

    def export(self) -> list[dict[str, Any]]:
        return [site.export() for site in self._by_id.values()]

    def named(self, name: str) -> Site | None:
        if self.org.managed_site and name.lower() == MANAGED_SITE_NAME.lower():
            return self._managed
        site_id = self._id_by_name.get(name.lower())
        return None if site_id is None else self._by_id[site_id]

    def _check(self, site: Site, body: dict[str, Any]) -> None:
        name = body["name"]
        if not name.strip():
            raise invalid_value("name", "A site needs a non-blank name.")
        holder = self.named(name)
        if holder is not None and holder is not site:
            raise invalid_value("name", f"A site named '{name}' already exists.")
        location_id = body["location"]["id"]
        location = self._locations.find(location_id)
        if location is None:
            raise invalid_value("location.id", f"Location {location_id} does not exist in this organization.")
        if not location.has_emergency_number:  # the text is a guess (FIDELITY.md)
            raise invalid_value("location.emergencyNumber",
                                f"Location {location.name} ({location_id}) does not have an emergency number.")
        if "ntpSettings" in body:
            _check_ntp_servers(body["ntpSettings"].get("servers", []))
        if "edgeAutoUpdateConfig" in body:
            _check_update_window(body["edgeAutoUpdateConfig"])

    def _apply(self, site: Site, body: dict[str, Any]) -> None:
        if site.name:
            del self._id_by_name[site.name.lower()]
        site.name = body["name"]
        self._id_by_name[site.name.lower()] = site.id
        site.location_id = body["location"]["id"]
        site.fields.update({key: body[key] for key in _STORED_FIELDS if key in body})


def _check_ntp_servers(servers: list[str]) -> None:
    """Each server is a host name or an IP address, listed once; the order is kept (it is the preference)."""
    for index, server in enumerate(servers):
        if not (_is_ip_address(server) or _HOSTNAME.match(server)):
            raise invalid_value(f"ntpSettings.servers[{index}]", f"'{server}' is not a host name or IP address.")
    if len({server.lower() for server in servers}) != len(servers):
        raise invalid_value("ntpSettings.servers", "ntpSettings.servers lists a server more than once.")


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _check_update_window(config: dict[str, Any]) -> None:
    """The SDK's EdgeAutoUpdateConfig rules: daily or weekly only, weekly with at least one day, 2 hours or more."""
    if not _is_time_zone(config["timeZone"]):
        raise invalid_value("edgeAutoUpdateConfig.timeZone", f"'{config['timeZone']}' is not an IANA time zone.")
    _check_rrule(config["rrule"])
    if datetime.fromisoformat(config["end"]) - datetime.fromisoformat(config["start"]) < MIN_UPDATE_WINDOW:
        raise invalid_value("edgeAutoUpdateConfig.end", "The update window must be at least 2 hours long.")


def _check_rrule(rrule: str) -> None:
    where = "edgeAutoUpdateConfig.rrule"
    parts = dict(part.partition("=")[::2] for part in rrule.upper().split(";") if part.strip())
    if parts.get("FREQ") not in ("DAILY", "WEEKLY"):
        raise invalid_value(where, f"'{rrule}': the only supported frequencies are DAILY and WEEKLY.")
    days = [day for day in parts.get("BYDAY", "").split(",") if day]
    if parts["FREQ"] == "WEEKLY" and not days:
        raise invalid_value(where, f"'{rrule}': a WEEKLY rule needs BYDAY with at least one day.")
    if any(day not in WEEKDAYS for day in days):
        raise invalid_value(where, f"'{rrule}': BYDAY lists days as MO, TU, WE, TH, FR, SA, SU.")


@lru_cache(maxsize=1024)
def _is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
