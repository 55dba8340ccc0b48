"""An Edge's interfaces. Physical ones are the appliance's NICs as the appliance reports them (DomainPhysicalInterface);
logical ones are the IP configuration written through the API onto one of those NICs (DomainLogicalInterface).
"""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass, field
from typing import Any

from genesys_cloud_sim.core.errors import ApiError, invalid_value
from genesys_cloud_sim.core.schema import Field, ListOf, ObjectSpec, read_only_fields
from genesys_cloud_sim.telephony.edges.appliances import Nic, normalize_mac

EDGES_PATH = "/api/v2/telephony/providers/edges"
ADDRESS_FAMILIES = (2, 23)  # DomainNetworkAddress.family: 2 = IPv4, 23 = IPv6 (int, enum ["2", "23"] in models.json)
_FAMILY_OF_VERSION = {4: 2, 6: 23}
VLAN_TAG_IDS = range(1, 4095)

NETWORK_ADDRESS = ObjectSpec(
    "DomainNetworkAddress",
    {
        "type": Field("str", enum=("ip", "dns", "gateway", "tdm")),
        "address": Field("str"),
        "persistent": Field("bool"),
        "family": Field("int|digits", enum=ADDRESS_FAMILIES),
    },
)
NETWORK_ROUTE = ObjectSpec(
    "DomainNetworkRoute",
    {
        "prefix": Field("str"),
        "nexthop": Field("str"),
        "persistent": Field("bool"),
        "metric": Field("int"),
        "family": Field("int|digits", enum=ADDRESS_FAMILIES),
    },
)
CAPABILITIES = ObjectSpec(
    "DomainCapabilities",
    {name: Field("int" if name == "metric" else "bool")
     for name in ("enabled", "dhcp", "metric", "autoMetric", "supportsMetric", "pingEnabled")},
)

# Every field of models.json `DomainLogicalInterface`, in its order. Trunk-base assignments and tracing are not
# modelled: accepted and ignored like the read-only fields (FIDELITY.md).
LOGICAL_INTERFACE = ObjectSpec(
    "DomainLogicalInterface",
    {
        **read_only_fields("id"),
        "name": Field("str", required=True),
        **read_only_fields("division"),
        "description": Field("str"),
        "version": Field("int"),
        **read_only_fields("dateCreated", "dateModified", "modifiedBy", "createdBy", "state", "modifiedByApp"),
        **read_only_fields("createdByApp", "edgeUri", "edgeAssignedId"),
        "friendlyName": Field("str", required=True),
        "vlanTagId": Field("int"),
        "hardwareAddress": Field("str", required=True),
        "physicalAdapterId": Field("str", required=True),
        **read_only_fields("ifStatus"),
        "interfaceType": Field("str", enum=("DIAGNOSTIC", "SYSTEM")),
        "publicNatAddressIpV4": Field("str"),
        "publicNatAddressIpV6": Field("str"),
        "routes": Field(ListOf(NETWORK_ROUTE)),
        "addresses": Field(ListOf(NETWORK_ADDRESS)),
        "ipv4Capabilities": Field(CAPABILITIES),
        "ipv6Capabilities": Field(CAPABILITIES),
        **read_only_fields("currentState", "lastModifiedUserId", "lastModifiedCorrelationId", "commandResponses"),
        "inheritPhoneTrunkBasesIPv4": Field("bool"),
        "inheritPhoneTrunkBasesIPv6": Field("bool"),
        "useForInternalEdgeCommunication": Field("bool"),
        "useForIndirectEdgeCommunication": Field("bool"),
        "useForCloudProxyEdgeCommunication": Field("bool"),
        "useForWanInterface": Field("bool"),
        **read_only_fields("externalTrunkBaseAssignments", "phoneTrunkBaseAssignments", "traceEnabled"),
        **read_only_fields("startDate", "endDate", "selfUri"),
    },
)
LOGICAL_INTERFACE_SEED = ObjectSpec(
    "DomainLogicalInterface",
    {**LOGICAL_INTERFACE.fields, "id": Field("str"), "dateCreated": Field("str"), "dateModified": Field("str")},
)
_NOT_STORED = {"id", "name", "version", "dateCreated", "dateModified"}  # owned by LogicalInterface itself


def edge_uri(edge_id: str) -> str:
    return f"{EDGES_PATH}/{edge_id}"


def physical_interface_id(edge_id: str, nic: Nic) -> str:
    """Stable across restarts and re-pairings of the same Edge record: derived from the Edge id and the NIC's MAC."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{edge_uri(edge_id)}/physicalinterfaces/{normalize_mac(nic.mac)}"))


def physical_interface(edge_id: str, nic: Nic) -> dict[str, Any]:
    """DomainPhysicalInterface of one NIC, fields in the model's order: name is the OS interface name,
    friendlyName and portLabel the label on the appliance."""
    interface_id = physical_interface_id(edge_id, nic)
    return {
        "id": interface_id,
        "name": nic.if_name,
        "state": "active",
        "edgeUri": edge_uri(edge_id),
        "friendlyName": nic.port_label,
        "hardwareAddress": nic.mac,
        "portLabel": nic.port_label,
        "selfUri": f"{edge_uri(edge_id)}/physicalinterfaces/{interface_id}",
    }


@dataclass
class LogicalInterface:
    id: str
    edge_id: str
    name: str
    date_created: str
    date_modified: str
    version: int = 1
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def self_uri(self) -> str:
        return f"{edge_uri(self.edge_id)}/logicalinterfaces/{self.id}"

    @property
    def adapter_and_vlan(self) -> tuple[str, int | None]:
        return self.fields["physicalAdapterId"], self.fields.get("vlanTagId")

    def apply(self, body: dict[str, Any]) -> None:
        """Take a validated body as the whole interface (PUT semantics: what is left out is cleared)."""
        self.name = body["name"]
        self.fields = {key: value for key, value in body.items() if key not in _NOT_STORED}

    def wire(self) -> dict[str, Any]:
        owned = {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "dateCreated": self.date_created,
            "dateModified": self.date_modified,
            "state": "active",
            "edgeUri": edge_uri(self.edge_id),
            "currentState": "OK",  # the simulated appliance applies a change at once
            "selfUri": self.self_uri,
        }
        return {
            name: owned[name] if name in owned else self.fields[name]
            for name in LOGICAL_INTERFACE.fields
            if name in owned or name in self.fields
        }

    def export(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "version": self.version, "dateCreated": self.date_created,
                "dateModified": self.date_modified, **self.fields}


def interface_mismatch() -> ApiError:
    """The real API is only known to answer 400 when a logical interface does not fit the appliance's NICs; the
    message stays as unspecific as that, since explaining the mismatch is the client's job (FIDELITY.md)."""
    return ApiError(400, "bad.request", "The logical interface is not valid for this Edge.")


def nic_for(edge_id: str, nics: list[Nic], body: dict[str, Any]) -> Nic:
    """The NIC a logical interface sits on: its physicalAdapterId must be one of this Edge's physical interfaces
    and its hardwareAddress that NIC's MAC (any case, ':' or '-')."""
    nic = next((nic for nic in nics if physical_interface_id(edge_id, nic) == body["physicalAdapterId"]), None)
    if nic is None or normalize_mac(nic.mac) != normalize_mac(body["hardwareAddress"]):
        raise interface_mismatch()
    return nic


def check_logical_fields(body: dict[str, Any]) -> None:
    """VLAN tags are 1..4094; each address is an IP address of the family it claims (strict readings: FIDELITY.md)."""
    vlan = body.get("vlanTagId")
    if vlan is not None and vlan not in VLAN_TAG_IDS:
        raise invalid_value("vlanTagId", f"vlanTagId must be between 1 and 4094, not {vlan}.")
    for index, address in enumerate(body.get("addresses", [])):
        _check_address(address, f"addresses[{index}]")


def _check_address(address: dict[str, Any], where: str) -> None:
    if address.get("type") == "tdm" or "address" not in address:
        return
    text = address["address"]
    try:
        parsed = ipaddress.ip_interface(text) if address.get("type") == "ip" else ipaddress.ip_address(text)
    except ValueError:
        raise invalid_value(f"{where}.address", f"'{text}' is not an IP address.") from None
    family = address.get("family")
    if family is not None and family != _FAMILY_OF_VERSION[parsed.version]:
        raise invalid_value(f"{where}.family", f"'{text}' is an IPv{parsed.version} address; its family is "
                            f"{_FAMILY_OF_VERSION[parsed.version]}, not {family}.")
