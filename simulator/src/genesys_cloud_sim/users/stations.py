"""Stations of one org (seed key `stations`) and their association with users.

    stations:
      - name: Desk 12                      # required, unique in the org (case-insensitive)
        type: inin_remote                  # optional (default inin_remote); free text in the Station model
        site: Indy Core                    # optional; a site id or name: calls egress through its Edges
        webRtcUserId: ada@example.com      # only for type inin_webrtc_softphone (required there); user id or email
        associated_user: ada@example.com   # optional; user id or email
        default_user: ada@example.com      # optional; the user whose default station it is

A WebRTC phone (telephony/phones) owns its station: the phone creates, renames, moves and deletes it. Such stations
are exported here too (with `phone_id`), so an association survives a restart; the phone seed re-links them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import invalid_value
from genesys_cloud_sim.core.query import name_pattern, sort_key
from genesys_cloud_sim.core.schema import Field, ObjectSpec, validate
from genesys_cloud_sim.core.state import Area
from genesys_cloud_sim.telephony.sites.models import SitesBackend
from genesys_cloud_sim.users.models import User, UsersBackend

STATIONS_PATH = "/api/v2/stations"
WEBRTC_STATION_TYPE = "inin_webrtc_softphone"
DEFAULT_STATION_TYPE = "inin_remote"
STATION_SEED = ObjectSpec(
    "Station",
    {
        "id": Field("str"),
        "name": Field("str", required=True),
        "description": Field("str"),
        "type": Field("str"),
        "site": Field("str"),
        "webRtcUserId": Field("str"),
        "lineAppearanceId": Field("str"),
        "associated_user": Field("str"),
        "associated_date": Field("str"),
        "default_user": Field("str"),
        "phone_id": Field("str"),
    },
)
_SORT_KEYS = {"name": lambda station: (station.name.lower(), station.id)}


@dataclass
class Station:
    id: str
    name: str
    type: str
    line_appearance_id: str
    site_id: str | None = None  # the site whose Edges carry the station's calls (not on the wire)
    site_name: str | None = None  # a seeded site that does not exist yet; bound when it does (FIDELITY.md)
    description: str | None = None
    web_rtc_user_id: str | None = None
    associated_user_id: str | None = None
    associated_date: str | None = None
    default_user_id: str | None = None
    phone_id: str | None = None  # the WebRTC phone that owns this station

    @property
    def self_uri(self) -> str:
        return f"{STATIONS_PATH}/{self.id}"

    def wire(self) -> dict[str, Any]:
        """Station as the API returns it, in the model's field order."""
        wire = {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "status": "ASSOCIATED" if self.associated_user_id else "AVAILABLE",
            "userId": self.associated_user_id,
            "webRtcUserId": self.web_rtc_user_id,
            "type": self.type,
            "lineAppearanceId": self.line_appearance_id,
            "selfUri": self.self_uri,
        }
        return {key: value for key, value in wire.items() if value is not None}

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "lineAppearanceId": self.line_appearance_id,
        }
        optional = {
            "description": self.description,
            "site": self.site_id or self.site_name,
            "webRtcUserId": self.web_rtc_user_id,
            "associated_user": self.associated_user_id,
            "associated_date": self.associated_date,
            "default_user": self.default_user_id,
            "phone_id": self.phone_id,
        }
        return exported | {key: value for key, value in optional.items() if value is not None}


class StationsBackend(Entities[Station], Area):
    """Other areas use get(), find(), associated_station(user_id) and Station.site_id."""

    entity_kind = "station"
    seed_key = "stations"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, Station] = {}

    @property
    def _users(self) -> UsersBackend:
        return self.org.area(UsersBackend)

    def associated_station(self, user_id: str) -> Station | None:
        """The station the user is associated with (logged in to), where their calls ring."""
        station = next((s for s in self._by_id.values() if s.associated_user_id == user_id), None)
        if station is not None and station.site_name:
            self._bind_site(station)
        return station

    def _bind_site(self, station: Station) -> None:
        """A station seeded before its site (a sandbox whose rollout creates the sites) binds once it exists."""
        site = self.org.area(SitesBackend).named(station.site_name)
        if site is not None:
            station.site_id, station.site_name = site.id, None

    def default_station(self, user_id: str) -> Station | None:
        return next((s for s in self._by_id.values() if s.default_user_id == user_id), None)

    def listing(self, name: str | None, ids: list[str] | None, line_appearance_id: str | None,
                web_rtc_user_id: str | None, user_selectable: str | None, sort_by: str) -> list[Station]:
        """Stations matching the filters; `name` works like the site filter (FIDELITY.md)."""
        key = sort_key(sort_by, _SORT_KEYS)
        if user_selectable is not None and user_selectable.lower() not in ("true", "false"):
            raise invalid_value("userSelectable", f"userSelectable must be true or false, not '{user_selectable}'.")
        pattern = name_pattern(name) if name else None
        chosen = [
            station
            for station in self._by_id.values()
            if (pattern is None or pattern.fullmatch(station.name))
            and (ids is None or station.id in ids)
            and line_appearance_id in (None, station.line_appearance_id)
            and web_rtc_user_id in (None, station.web_rtc_user_id)
            and (user_selectable or "true").lower() == "true"  # every simulated station is user-selectable
        ]
        return sorted(chosen, key=key)

    # --- association -----------------------------------------------------------------------------------------------

    def associate(self, user_id: str, station_id: str) -> Station:
        """The user logs in to the station: it leaves the user it had, and the user leaves the station they had."""
        user = self._users.get(user_id)
        station = self.get(station_id)
        previous = self.associated_station(user.id)
        if previous is not None and previous is not station:
            self._release(previous)
        station.associated_user_id = user.id
        station.associated_date = self.org.now_iso()
        user.last_station_id = station.id
        return station

    def disassociate_user(self, user_id: str) -> None:
        """DELETE .../associatedstation: the user is logged out of their station, if any (not an error otherwise)."""
        station = self.associated_station(self._users.get(user_id).id)
        if station is not None:
            self._release(station)

    def disassociate_station(self, station_id: str) -> None:
        """DELETE /stations/{id}/associateduser: whoever is logged in to the station is logged out."""
        self._release(self.get(station_id))

    def set_default(self, user_id: str, station_id: str) -> None:
        """A station is the default of one user at most; the user has one default station at most."""
        user = self._users.get(user_id)
        station = self.get(station_id)
        previous = self.default_station(user.id)
        if previous is not None:
            previous.default_user_id = None
        station.default_user_id = user.id

    def clear_default(self, user_id: str) -> None:
        station = self.default_station(self._users.get(user_id).id)
        if station is not None:
            station.default_user_id = None

    def user_stations(self, user_id: str) -> dict[str, Any]:
        """UserStations: associated, effective (associated, else default), default and last associated station."""
        user = self._users.get(user_id)
        associated = self.associated_station(user.id)
        default = self.default_station(user.id)
        last = self.find(user.last_station_id) if user.last_station_id else None
        stations = {
            "associatedStation": associated,
            "effectiveStation": associated or default,
            "defaultStation": default,
            "lastAssociatedStation": last,
        }
        return {key: self._user_station(station) for key, station in stations.items() if station is not None}

    def _user_station(self, station: Station) -> dict[str, Any]:
        """UserStation: the station as seen from a user's side."""
        wire: dict[str, Any] = {"id": station.id, "name": station.name, "type": station.type}
        associated = self._users.find(station.associated_user_id) if station.associated_user_id else None
        if associated is not None:
            wire["associatedUser"] = associated.reference()
            wire["associatedDate"] = station.associated_date
        default = self._users.find(station.default_user_id) if station.default_user_id else None
        if default is not None:
            wire["defaultUser"] = default.reference()
        return wire

    @staticmethod
    def _release(station: Station) -> None:
        station.associated_user_id = None
        station.associated_date = None

    # --- stations of WebRTC phones -------------------------------------------------------------------------------

    def put_phone_station(self, phone_id: str, name: str, site_id: str, web_rtc_user: User, line_id: str,
                          station_id: str | None = None) -> Station:
        """Create or update the station a WebRTC phone owns (its name, site, user and line follow the phone)."""
        station = self.find(station_id) if station_id else None
        station = station or next((s for s in self._by_id.values() if s.phone_id == phone_id), None)
        if station is None:
            station = Station(station_id or str(uuid.uuid4()), name, WEBRTC_STATION_TYPE, line_id)
        holder = self.named(name)
        if holder is not None and holder is not station:
            raise invalid_value("name", f"A station named '{name}' already exists.")
        station.name, station.site_id, station.line_appearance_id = name, site_id, line_id
        station.web_rtc_user_id, station.phone_id = web_rtc_user.id, phone_id
        self._by_id[station.id] = station
        return station

    def delete_phone_station(self, phone_id: str) -> None:
        for station in [s for s in self._by_id.values() if s.phone_id == phone_id]:
            del self._by_id[station.id]

    def references(self, entity_kind: str, entity_id: str) -> list[str]:
        if entity_kind != "site":
            return []
        return [f"station {s.name}" for s in self._by_id.values() if s.site_id == entity_id and s.phone_id is None]

    # --- seed ----------------------------------------------------------------------------------------------------

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(STATION_SEED, item)
            existing = self._by_id.get(entry.get("id", "")) or self.named(entry["name"])
            station = existing or Station(entry.get("id") or str(uuid.uuid4()), "", DEFAULT_STATION_TYPE, "")
            self._seed_station(station, entry)
            self._by_id[station.id] = station

    def export(self) -> list[dict[str, Any]]:
        return [station.export() for station in self._by_id.values()]

    def _seed_station(self, station: Station, entry: dict[str, Any]) -> None:
        name = entry["name"]
        holder = self.named(name)
        if not name.strip() or (holder is not None and holder is not station):
            raise invalid_value("name", f"A station needs a non-blank name unique in the org: '{name}'.")
        station.name = name
        station.type = entry.get("type", station.type or DEFAULT_STATION_TYPE)
        station.description = entry.get("description")
        station.line_appearance_id = entry.get("lineAppearanceId") or station.line_appearance_id or str(uuid.uuid4())
        station.site_id, station.site_name = self._seed_site(entry.get("site"))
        station.web_rtc_user_id = self._seed_web_rtc_user_id(station, entry.get("webRtcUserId"))
        station.associated_user_id = self._seed_user_id(name, entry.get("associated_user"), "associated_user")
        associated_date = entry.get("associated_date") or self.org.now_iso()
        station.associated_date = associated_date if station.associated_user_id else None
        station.default_user_id = self._seed_user_id(name, entry.get("default_user"), "default_user")
        station.phone_id = entry.get("phone_id")
        self._check_one_station_per_user(station, "associated_user", lambda s: s.associated_user_id)
        self._check_one_station_per_user(station, "default_user", lambda s: s.default_user_id)

    def _check_one_station_per_user(self, station: Station, field: str,
                                    user_of: Callable[[Station], str | None]) -> None:
        """A user is associated with one station at most, and has one default station at most."""
        user_id = user_of(station)
        other = next((s for s in self._by_id.values() if s is not station and user_id and user_of(s) == user_id), None)
        if other is not None:
            raise invalid_value(field, f"Station {station.name}: that user already has station {other.name}.")

    def _seed_site(self, site: str | None) -> tuple[str | None, str | None]:
        """(site id, None) for an existing site; (None, name) for one the seed names before it exists."""
        if site is None:
            return None, None
        sites = self.org.area(SitesBackend)
        found = sites.find(site) or sites.named(site)
        return (found.id, None) if found is not None else (None, site)

    def _seed_web_rtc_user_id(self, station: Station, user: str | None) -> str | None:
        if station.type != WEBRTC_STATION_TYPE:
            if user is not None:
                raise invalid_value("webRtcUserId", f"Station {station.name}: only {WEBRTC_STATION_TYPE} has one.")
            return None
        if user is None:
            raise invalid_value("webRtcUserId", f"Station {station.name}: a {WEBRTC_STATION_TYPE} needs its user.")
        return self._seed_user_id(station.name, user, "webRtcUserId")

    def _seed_user_id(self, station_name: str, user: str | None, field: str) -> str | None:
        if user is None:
            return None
        found = self._users.by_id_or_email(user)
        if found is None:
            raise invalid_value(field, f"Station {station_name}: no user with id or email {user}.")
        return found.id
