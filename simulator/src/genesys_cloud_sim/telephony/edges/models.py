"""Hardware Edges of one org: the Edge model (models.json) in and out, its pairing walk, service state and interfaces.

An Edge's status is never stored: every read computes it from timestamps on the region's clock, in simulated
seconds (real seconds times the simulation's time scale), and from the appliance whose pairing id it carries:

    created_at -> pairing walk of the appliance's behaviour (appliances.py) -> ACTIVE/INACTIVE (in_service)
    rebooted_at -> OFFLINE for one step;  unpaired_at -> UNPAIRING for one step, then UNPAIRED

Seed key `edges` (also what export() writes, so a saved state resumes the walk where it was):

    edges:
      - name: Indy Edge 1                # Edge fields, as the API takes them
        site: Indy Core                  # a site id or name
        pairingId: 8F3K2-9QW7T-00AB1-ZZ9X4-KD2M7
        edgeGroup: Core Edges            # optional; an Edge group id or name
        dateCreated: 2026-01-01T00:00:00.000Z   # optional; when the pairing walk started (default: now)
        in_service: true                 # optional; false = taken out of service (INACTIVE)
        unpaired_at: <ISO-8601>          # optional; when an unpair was asked for
        rebooted_at: <ISO-8601>          # optional; when the last reboot was asked for
        logical_interfaces: [...]        # optional; DomainLogicalInterface fields with id, version, dates
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any, NoReturn

from genesys_cloud_sim.core.clock import epoch_of, iso_ms
from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import ApiError, bad_request, invalid_value, not_found, version_conflict
from genesys_cloud_sim.core.query import name_pattern, sort_key
from genesys_cloud_sim.core.schema import Field, ListOf, ObjectSpec, read_only_fields, reference_spec, validate
from genesys_cloud_sim.core.state import Area
from genesys_cloud_sim.core.tombstones import Tombstones
from genesys_cloud_sim.telephony.edges.appliances import (
    NO_APPLIANCE, AppliancesBackend, Behaviour, Nic, normalize_pairing_id, offline_on_its_own, pairing_progress,
)
from genesys_cloud_sim.telephony.edges.groups import EDGE_GROUP_FIELDS, EdgeGroupsBackend
from genesys_cloud_sim.telephony.edges.interfaces import (
    LOGICAL_INTERFACE_SEED, LogicalInterface, check_logical_fields, edge_uri, nic_for, physical_interface,
)
from genesys_cloud_sim.telephony.sites.models import SITE, SITES_PATH, SitesBackend

DEPLOYMENT_TYPES = ("HARDWARE", "LDM", "CDM", "CHS", "INVALID")
PAIRED = ("ACTIVE", "INACTIVE")
NOT_YET_CONNECTED = ("NEW", "AWAITING_CONNECTION")

SITE_REFERENCE = reference_spec("Site", *(name for name in SITE.fields if name != "id"))
EDGE_GROUP_REFERENCE = reference_spec("EdgeGroup", *(name for name in EDGE_GROUP_FIELDS if name != "id"))

# Every field of models.json `Edge`, in its order. Read-only ones are what a GET returns and a PUT may send back.
# pairingId is required because hardware Edges, the only kind simulated, cannot pair without one.
EDGE = ObjectSpec(
    "Edge",
    {
        **read_only_fields("id"),
        "name": Field("str", required=True),
        **read_only_fields("division"),
        "description": Field("str"),
        "version": Field("int"),
        **read_only_fields("dateCreated", "dateModified", "modifiedBy", "createdBy", "state", "modifiedByApp"),
        **read_only_fields("createdByApp", "interfaces", "make", "model", "apiVersion", "softwareVersion"),
        **read_only_fields("softwareVersionTimestamp", "softwareVersionPlatform", "softwareVersionConfiguration"),
        **read_only_fields("fullSoftwareVersion"),
        "pairingId": Field("str", required=True),
        **read_only_fields("fingerprint", "fingerprintHint", "currentVersion", "stagedVersion", "patch", "statusCode"),
        "edgeGroup": Field(EDGE_GROUP_REFERENCE),
        "site": Field(SITE_REFERENCE, required=True),
        **read_only_fields("softwareStatus", "onlineStatus", "serialNumber", "physicalEdge", "managed"),
        "edgeDeploymentType": Field("str", enum=DEPLOYMENT_TYPES),
        "certType": Field("str", enum=("PureCloud", "Public", "China", "NotRequested")),
        **read_only_fields("callDrainingState", "conversationCount"),
        "proxy": Field("str"),
        **read_only_fields("offlineConfigCalled", "osName", "selfUri"),
    },
)
EDGE_SEED = ObjectSpec(
    "Edge",
    {
        **EDGE.fields,
        "id": Field("str"),
        "site": Field("str", required=True),  # a site id or name
        "edgeGroup": Field("str"),  # an Edge group id or name
        "dateCreated": Field("str"),
        "dateModified": Field("str"),
        "in_service": Field("bool"),
        "unpaired_at": Field("str"),
        "rebooted_at": Field("str"),
        "logical_interfaces": Field(ListOf(LOGICAL_INTERFACE_SEED)),
    },
)
EDGE_SERVICE_STATE_REQUEST = ObjectSpec(
    "EdgeServiceStateRequest",
    {"inService": Field("bool", required=True), "callDrainingWaitTimeSeconds": Field("int")},
)
EDGE_REBOOT_PARAMETERS = ObjectSpec("EdgeRebootParameters", {"callDrainingWaitTimeSeconds": Field("int")})

_STORED_FIELDS = ("description", "certType", "proxy")
_SORT_KEYS = {"name": lambda edge: edge.name.lower()}


@dataclass
class Edge:
    id: str
    name: str
    site_id: str
    pairing_id: str
    created_at: float  # the region clock's epoch seconds when the record was created: the pairing walk starts here
    date_modified: str
    version: int = 1
    edge_group_id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    in_service: bool = True
    unpaired_at: float | None = None
    rebooted_at: float | None = None
    logical: dict[str, LogicalInterface] = field(default_factory=dict)

    @property
    def self_uri(self) -> str:
        return edge_uri(self.id)

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "site": self.site_id,
            "pairingId": self.pairing_id,
            "dateCreated": iso_ms(self.created_at),
            "dateModified": self.date_modified,
            **self.fields,
            "in_service": self.in_service,
            "logical_interfaces": [interface.export() for interface in self.logical.values()],
        }
        optional = {"edgeGroup": self.edge_group_id, "unpaired_at": self.unpaired_at, "rebooted_at": self.rebooted_at}
        exported.update({key: iso_ms(value) if isinstance(value, float) else value
                         for key, value in optional.items() if value is not None})
        return exported


@dataclass(frozen=True)
class EdgeStatus:
    """What an Edge looks like at one moment."""

    status_code: str
    online: bool
    connected: bool  # the appliance has reached Genesys Cloud and described itself (serial number, NICs)
    fingerprint_reported: bool

    @property
    def paired(self) -> bool:
        return self.status_code in PAIRED

    @property
    def nics_visible(self) -> bool:
        return self.connected and self.status_code != "UNPAIRED"


class EdgesBackend(Entities[Edge], Area):
    entity_kind = "edge"
    seed_key = "edges"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, Edge] = {}
        self.deleted: Tombstones[Edge] = Tombstones(org)  # soft delete: an UNCONFIRMED reading for Edges

    def readable(self, edge_id: str) -> Edge:
        """GET: a live Edge, or one deleted a moment ago (soft delete), which reads state: deleted."""
        edge = self.find(edge_id) or self.deleted.find(edge_id)
        if edge is None:
            raise not_found(self.entity_kind, edge_id)
        return edge

    @property
    def _sites(self) -> SitesBackend:
        return self.org.area(SitesBackend)

    @property
    def _groups(self) -> EdgeGroupsBackend:
        return self.org.area(EdgeGroupsBackend)

    @property
    def _appliances(self) -> AppliancesBackend:
        return self.org.area(AppliancesBackend)

    # --- time and status -------------------------------------------------------------------------------------

    def _now(self) -> float:
        return self.org.region.now()

    def _simulated(self, since: float, until: float) -> float:
        return self.org.time_scale.simulated_seconds(until - since)

    def _behaviour(self, edge: Edge) -> Behaviour:
        appliance = self._appliances.find(edge.pairing_id)
        return NO_APPLIANCE if appliance is None else appliance.behaviour

    def _nics(self, edge: Edge) -> list[Nic]:
        appliance = self._appliances.find(edge.pairing_id)
        return [] if appliance is None else appliance.nics

    def status(self, edge: Edge, at: float | None = None) -> EdgeStatus:
        at = self._now() if at is None else at
        if edge.unpaired_at is None or at < edge.unpaired_at:
            return self._walk(edge, at)
        before = self._walk(edge, edge.unpaired_at)
        if self._simulated(edge.unpaired_at, at) < self._behaviour(edge).step_s:
            return replace(before, status_code="UNPAIRING")
        return replace(before, status_code="UNPAIRED", online=False)

    def _walk(self, edge: Edge, at: float) -> EdgeStatus:
        """The pairing walk of the appliance's behaviour, then the service state and reboots of a paired Edge."""
        behaviour = self._behaviour(edge)
        progress = pairing_progress(behaviour, self._simulated(edge.created_at, at))
        connected = progress.status_code not in NOT_YET_CONNECTED
        if progress.active_for_s is None:
            return EdgeStatus(progress.status_code, False, connected, progress.fingerprint_reported)
        rebooting = edge.rebooted_at is not None and 0 <= self._simulated(edge.rebooted_at, at) < behaviour.step_s
        online = not rebooting and not offline_on_its_own(behaviour, progress.active_for_s)
        return EdgeStatus("ACTIVE" if edge.in_service else "INACTIVE", online, connected, True)

    # --- the Edge on the wire --------------------------------------------------------------------------------

    def wire(self, edge: Edge) -> dict[str, Any]:
        """Edge as the API returns it; what the appliance reports appears once it has connected (FIDELITY.md)."""
        status = self.status(edge)
        owned: dict[str, Any] = {
            "id": edge.id,
            "name": edge.name,
            "version": edge.version,
            "dateCreated": iso_ms(edge.created_at),
            "dateModified": edge.date_modified,
            "state": "deleted" if self.deleted.find(edge.id) is edge else "active",
            **self._reported(edge, status),
            "pairingId": edge.pairing_id,
            "statusCode": status.status_code,
            "site": self._site_reference(edge.site_id),
            "onlineStatus": "ONLINE" if status.online else "OFFLINE",
            "physicalEdge": True,
            "managed": False,
            "edgeDeploymentType": "HARDWARE",
            "conversationCount": 0,
            "selfUri": edge.self_uri,
        }
        if edge.edge_group_id is not None:
            owned["edgeGroup"] = self._groups.get(edge.edge_group_id).reference()
        if status.paired:
            owned["callDrainingState"] = "NONE" if edge.in_service else "COMPLETE"  # no calls to drain
        fields = {**owned, **edge.fields}
        return {name: fields[name] for name in EDGE.fields if name in fields}

    def _site_reference(self, site_id: str) -> dict[str, str]:
        """A deleted Edge may point at a site deleted since (soft delete)."""
        site = self._sites.find(site_id) or self._sites.deleted.find(site_id)
        if site is None:
            return {"id": site_id, "selfUri": f"{SITES_PATH}/{site_id}"}
        return {"id": site.id, "name": site.name, "selfUri": site.self_uri}

    def _reported(self, edge: Edge, status: EdgeStatus) -> dict[str, Any]:
        """Hardware facts arrive when the appliance connects; the fingerprint once it has sent it."""
        appliance = self._appliances.find(edge.pairing_id)
        if appliance is None or not status.connected:
            return {}
        reported = {"make": appliance.make, "model": appliance.model, "softwareVersion": appliance.software_version,
                    "serialNumber": appliance.serial_number}
        if status.fingerprint_reported:
            reported |= {"fingerprint": appliance.fingerprint, "fingerprintHint": appliance.fingerprint_hint}
        return reported

    # --- Edges -----------------------------------------------------------------------------------------------

    def listing(
        self, name: str | None, site_id: str | None, edge_group_id: str | None, managed: bool | None, sort_by: str
    ) -> list[Edge]:
        """Edges matching the filters; `name` works like the site name filter (FIDELITY.md)."""
        key = sort_key(sort_by, _SORT_KEYS)
        pattern = name_pattern(name) if name else None
        chosen = [
            edge
            for edge in [*self._by_id.values(), *self.deleted.all()]
            if (pattern is None or pattern.fullmatch(edge.name))
            and (site_id is None or edge.site_id == site_id)
            and (edge_group_id is None or edge.edge_group_id == edge_group_id)
            and managed is not True  # the simulator has no managed Edges
        ]
        return sorted(chosen, key=key)

    def create(self, body: dict[str, Any]) -> Edge:
        """Add a hardware Edge from a validated Edge body; its pairing walk starts now."""
        now = self._now()
        edge = Edge(str(uuid.uuid4()), "", "", "", now, iso_ms(now))
        self._check(edge, body, live=True)
        self._apply(edge, body)
        self._by_id[edge.id] = edge
        return edge

    def replace(self, edge_id: str, body: dict[str, Any]) -> Edge:
        """PUT: the whole Edge with the version it was read at; omitted optional fields are cleared."""
        edge = self.get(edge_id)
        if body.get("version") != edge.version:
            raise version_conflict("edge", edge_id)
        if normalize_pairing_id(body["pairingId"]) not in (None, edge.pairing_id):
            raise invalid_value("pairingId", "The pairing id of an Edge cannot change; delete the Edge and create "
                                             "another for the new appliance.")
        self._check(edge, body, live=self.status(edge).status_code != "UNPAIRED")
        self._apply(edge, body)
        edge.version += 1
        edge.date_modified = self.org.now_iso()
        return edge

    def delete(self, edge_id: str) -> None:
        edge = self._by_id.pop(self.get(edge_id).id)
        self.deleted.bury(edge.id, edge)

    def references(self, entity_kind: str, entity_id: str) -> list[str]:
        if entity_kind != "site":
            return []
        return [f"Edge {edge.name}" for edge in self._by_id.values() if edge.site_id == entity_id]

    def _check(self, edge: Edge, body: dict[str, Any], live: bool) -> None:
        name = body["name"]
        if not name.strip():
            raise invalid_value("name", "An Edge needs a non-blank name.")
        holder = next((other for other in self._by_id.values() if other.name.lower() == name.lower()), None)
        if holder is not None and holder is not edge:
            raise invalid_value("name", f"An Edge named '{name}' already exists.")
        if self._sites.find(body["site"]["id"]) is None:
            raise invalid_value("site.id", f"Site {body['site']['id']} does not exist in this organization.")
        group_id = body.get("edgeGroup", {}).get("id")
        if group_id is not None and self._groups.find(group_id) is None:
            raise invalid_value("edgeGroup.id", f"Edge group {group_id} does not exist in this organization.")
        if body.get("edgeDeploymentType", "HARDWARE") != "HARDWARE":
            raise invalid_value("edgeDeploymentType", "Only HARDWARE Edges are simulated.")
        pairing_id = normalize_pairing_id(body["pairingId"])
        if pairing_id is None:
            raise invalid_value("pairingId",
                                f"'{body['pairingId']}' is not a pairing id like 00000-00000-00000-00000-00000.")
        paired_elsewhere = next((other for other in self._live_with(pairing_id) if other is not edge), None)
        if live and paired_elsewhere is not None:
            raise invalid_value("pairingId", f"Pairing id {pairing_id} is in use by Edge {paired_elsewhere.name}.")

    def _live_with(self, pairing_id: str) -> list[Edge]:
        """Edges carrying this pairing id that are not UNPAIRED (an appliance pairs with one Edge at a time)."""
        return [edge for edge in self._by_id.values()
                if edge.pairing_id == pairing_id and self.status(edge).status_code != "UNPAIRED"]

    def _apply(self, edge: Edge, body: dict[str, Any]) -> None:
        edge.name = body["name"]
        edge.site_id = body["site"]["id"]
        edge.pairing_id = normalize_pairing_id(body["pairingId"]) or edge.pairing_id
        edge.edge_group_id = body.get("edgeGroup", {}).get("id")
        edge.fields = {key: body[key] for key in _STORED_FIELDS if key in body}

    # --- what the appliance is told to do ---------------------------------------------------------------------

    def unpair(self, edge_id: str) -> Edge:
        """UNPAIRING for one step of the appliance's behaviour, then UNPAIRED."""
        edge = self.get(edge_id)
        status = self.status(edge).status_code
        if status in ("UNPAIRING", "UNPAIRED"):
            raise bad_request(f"Edge {edge.name} is already {status}.")
        edge.unpaired_at = self._now()
        return edge

    def set_service(self, edge_id: str, request: dict[str, Any]) -> Edge:
        """EdgeServiceStateRequest: in service is ACTIVE, out of service INACTIVE; only a paired Edge has either."""
        edge = self.get(edge_id)
        self._require_paired(edge, "take it in or out of service")
        edge.in_service = request["inService"]
        return edge

    def reboot(self, edge_id: str) -> Edge:
        """OFFLINE for one step of the appliance's behaviour, then ONLINE again; only a paired, online Edge."""
        edge = self.get(edge_id)
        status = self._require_paired(edge, "reboot it")
        if not status.online:
            raise bad_request(f"Edge {edge.name} is OFFLINE; it cannot be rebooted from Genesys Cloud.")
        edge.rebooted_at = self._now()
        return edge

    def setup_package(self, edge_id: str) -> NoReturn:
        """Setup packages exist for virtual Edges only, and every simulated Edge is HARDWARE (FIDELITY.md)."""
        edge = self.get(edge_id)
        raise bad_request(f"Edge {edge.name} is a HARDWARE Edge; setup packages exist only for virtual Edges.")

    def _require_paired(self, edge: Edge, action: str) -> EdgeStatus:
        status = self.status(edge)
        if not status.paired:
            raise bad_request(f"Edge {edge.name} is {status.status_code}; pair it before you {action}.")
        return status

    # --- interfaces ------------------------------------------------------------------------------------------

    def physical_interfaces(self, edge: Edge) -> list[dict[str, Any]]:
        """The appliance's NICs, from when it has connected until it is UNPAIRED (FIDELITY.md)."""
        if not self.status(edge).nics_visible:
            return []
        return [physical_interface(edge.id, nic) for nic in self._nics(edge)]

    def physical_interface(self, edge_id: str, interface_id: str) -> dict[str, Any]:
        edge = self.get(edge_id)
        found = next((nic for nic in self.physical_interfaces(edge) if nic["id"] == interface_id), None)
        if found is None:
            raise not_found("physical interface", interface_id)
        return found

    def logical_interfaces(self, edge: Edge) -> list[LogicalInterface]:
        return list(edge.logical.values())

    def logical_interface(self, edge_id: str, interface_id: str) -> LogicalInterface:
        found = self.get(edge_id).logical.get(interface_id)
        if found is None:
            raise not_found("logical interface", interface_id)
        return found

    def create_logical(self, edge_id: str, body: dict[str, Any]) -> LogicalInterface:
        edge = self.get(edge_id)
        self._require_paired(edge, "configure its interfaces")
        now = self.org.now_iso()
        interface = LogicalInterface(str(uuid.uuid4()), edge.id, "", now, now)
        self._check_logical(edge, interface, body)
        interface.apply(body)
        edge.logical[interface.id] = interface
        return interface

    def replace_logical(self, edge_id: str, interface_id: str, body: dict[str, Any]) -> LogicalInterface:
        edge = self.get(edge_id)
        interface = self.logical_interface(edge_id, interface_id)
        if body.get("version") != interface.version:
            raise version_conflict("logical interface", interface_id)
        self._require_paired(edge, "configure its interfaces")
        self._check_logical(edge, interface, body)
        interface.apply(body)
        interface.version += 1
        interface.date_modified = self.org.now_iso()
        return interface

    def delete_logical(self, edge_id: str, interface_id: str) -> None:
        interface = self.logical_interface(edge_id, interface_id)
        del self.get(edge_id).logical[interface.id]

    def _check_logical(self, edge: Edge, interface: LogicalInterface, body: dict[str, Any]) -> None:
        nic_for(edge.id, self._nics(edge), body)
        check_logical_fields(body)
        wanted = (body["physicalAdapterId"], body.get("vlanTagId"))
        if any(other.adapter_and_vlan == wanted for other in edge.logical.values() if other is not interface):
            raise invalid_value("vlanTagId", "This Edge already has a logical interface on that adapter and VLAN.")

    # --- seed and export -------------------------------------------------------------------------------------

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(EDGE_SEED, item)
            existing = self._by_id.get(entry.get("id", "")) or self._named(entry["name"])
            now = self._now()
            edge = existing or Edge(entry.get("id") or str(uuid.uuid4()), "", "", "", now, iso_ms(now), 0)
            if "dateCreated" in entry:
                edge.created_at = epoch_of(entry["dateCreated"])
            edge.in_service = entry.get("in_service", True)
            edge.unpaired_at = _epoch_or_none(entry.get("unpaired_at"))
            edge.rebooted_at = _epoch_or_none(entry.get("rebooted_at"))
            body = {**entry, "site": {"id": self._site_id(entry["site"])}}
            if "edgeGroup" in entry:
                body["edgeGroup"] = {"id": self._group_id(entry["edgeGroup"])}
            # Whether the declared Edge is live depends on the walk of the appliance it names.
            edge.pairing_id = normalize_pairing_id(entry["pairingId"]) or edge.pairing_id
            self._check(edge, body, live=self.status(edge).status_code != "UNPAIRED")
            self._apply(edge, body)
            edge.version = entry.get("version", edge.version + 1)
            edge.date_modified = entry.get("dateModified") or self.org.now_iso()
            self._by_id[edge.id] = edge
            self._seed_logical(edge, entry.get("logical_interfaces", []))

    def _seed_logical(self, edge: Edge, items: list[dict[str, Any]]) -> None:
        edge.logical.clear()
        for index, item in enumerate(items):
            now = self.org.now_iso()
            interface = LogicalInterface(item.get("id") or str(uuid.uuid4()), edge.id, "",
                                         item.get("dateCreated") or now, item.get("dateModified") or now,
                                         item.get("version", 1))
            try:
                self._check_logical(edge, interface, item)
            except ApiError as error:
                raise ValueError(f"Edge {edge.name} logical_interfaces[{index}]: {error.message}") from None
            interface.apply(item)
            edge.logical[interface.id] = interface

    def export(self) -> list[dict[str, Any]]:
        return [edge.export() for edge in self._by_id.values()]

    def _named(self, name: str) -> Edge | None:
        return next((edge for edge in self._by_id.values() if edge.name.lower() == name.lower()), None)

    def _site_id(self, id_or_name: str) -> str:
        site = self._sites.find(id_or_name) or self._sites.named(id_or_name)
        if site is None:
            raise invalid_value("site", f"No site with id or name {id_or_name}.")
        return site.id

    def _group_id(self, id_or_name: str) -> str:
        group = self._groups.find(id_or_name) or self._groups.named(id_or_name)
        if group is None:
            raise invalid_value("edgeGroup", f"No Edge group with id or name {id_or_name}.")
        return group.id


def _epoch_or_none(iso: str | None) -> float | None:
    return None if iso is None else epoch_of(iso)
