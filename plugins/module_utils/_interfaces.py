# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An Edge's logical interfaces as declared, checked against the appliance's physical NICs before any write.

Genesys Cloud answers a logical interface that does not fit the appliance with an opaque 400; here each mismatch
is named field by field (which NIC, which MAC, what the appliance really has) before anything is sent.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import (
    ValidationError, host, ip_interface, mac_address, vlan_id,
)

# DomainNetworkAddress.family: the address family numbers the API uses (2 = IPv4, 23 = IPv6).
_FAMILY = {4: 2, 6: 23}


@dataclass(frozen=True)
class Declared:
    """One declared logical interface, checked locally."""

    field: str
    port: str | None
    mac: str | None
    name: str | None
    address: ipaddress.IPv4Interface | ipaddress.IPv6Interface | None
    gateway: str | None
    vlan: int | None
    dns: tuple[str, ...]

    @property
    def adapter(self) -> str:
        return self.port or self.mac or "?"


def parse_interfaces(field: str, items: list[dict[str, Any]] | None) -> list[Declared]:
    """Validate the declarations of one Edge; every rule names the option and the fix."""
    declared = [_parse_one(f"{field}[{index}]", item) for index, item in enumerate(items or [])]
    seen: dict[tuple[str, int | None], str] = {}
    for item in declared:
        key = ((item.port or item.mac or "").lower(), item.vlan)
        if key in seen:
            raise ValidationError(item.field, item.adapter, f"is declared twice for the same VLAN (also {seen[key]})")
        seen[key] = item.field
    return declared


def _parse_one(field: str, item: dict[str, Any]) -> Declared:
    if not item.get("port") and not item.get("mac"):
        raise ValidationError(field, None, "names no NIC; give port (the appliance's port label, e.g. eth0) or mac")
    mac = mac_address(f"{field}.mac", item["mac"]) if item.get("mac") else None
    address = ip_interface(f"{field}.address", item["address"], item.get("netmask")) if item.get("address") else None
    if item.get("netmask") and not item.get("address"):
        raise ValidationError(f"{field}.netmask", item["netmask"], "needs address")
    gateway = item.get("gateway")
    if gateway:
        if address is None:
            raise ValidationError(f"{field}.gateway", gateway, "needs address (the interface's own address and prefix)")
        try:
            gateway_ip = ipaddress.ip_address(gateway)
        except ValueError:
            raise ValidationError(f"{field}.gateway", gateway, "is not an IP address") from None
        if gateway_ip not in address.network:
            raise ValidationError(f"{field}.gateway", gateway, f"is not in the interface's subnet {address.network}")
    vlan = vlan_id(f"{field}.vlan", item["vlan"]) if item.get("vlan") is not None else None
    dns = tuple(host(f"{field}.dns_servers[{i}]", server) for i, server in enumerate(item.get("dns_servers") or []))
    return Declared(field, item.get("port"), mac, item.get("name"), address, gateway, vlan, dns)


def _mac_of(nic: dict[str, Any]) -> str | None:
    try:
        return mac_address("hardwareAddress", nic.get("hardwareAddress") or "")
    except ValidationError:
        return None


def _describe(nics: list[dict[str, Any]]) -> str:
    return ", ".join(f"{nic.get('portLabel') or nic.get('name')} ({nic.get('hardwareAddress')})" for nic in nics) or "none"


def match_nic(edge: str, item: Declared, nics: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, list[str]]:
    """The appliance NIC a declaration names, or the one mismatch that says why none fits."""
    by_port = next((n for n in nics if (n.get("portLabel") or n.get("name") or "").lower() == (item.port or "").lower()), None)
    by_mac = next((n for n in nics if item.mac and _mac_of(n) == item.mac), None)
    where = f"Edge {edge} {item.field}"
    if item.port and by_port is None:
        return None, [f"{where}: port {item.port!r} is not on the appliance; its NICs are {_describe(nics)}"]
    if item.mac and by_mac is None and by_port is None:
        return None, [f"{where}: no NIC of the appliance has MAC {item.mac}; its NICs are {_describe(nics)}"]
    if item.mac and by_port is not None and by_mac is not by_port:
        elsewhere = f"{item.mac} is port {by_mac.get('portLabel')}" if by_mac else f"no NIC has {item.mac}"
        return None, [f"{where}: port {item.port} has MAC {by_port.get('hardwareAddress')}, not {item.mac} as declared "
                      f"({elsewhere}); fix the port or the MAC"]
    return by_port or by_mac, []


def desired_interface(item: Declared, nic: dict[str, Any]) -> dict[str, Any]:
    """The DomainLogicalInterface wire fields this declaration manages."""
    name = item.name or nic.get("portLabel") or nic.get("name")
    body: dict[str, Any] = {
        "name": name,
        "friendlyName": name,
        "physicalAdapterId": nic["id"],
        "hardwareAddress": nic.get("hardwareAddress"),
        "vlanTagId": item.vlan,
    }
    if item.address is not None:
        family = _FAMILY[item.address.version]
        addresses = [{"type": "ip", "address": str(item.address), "family": family}]
        if item.gateway:
            addresses.append({"type": "gateway", "address": item.gateway, "family": family})
        addresses += [{"type": "dns", "address": server, "family": family} for server in item.dns]
        body["addresses"] = addresses
    return body


def same_adapter(desired: dict[str, Any], current: dict[str, Any]) -> bool:
    """A logical interface is identified by its physical adapter and VLAN."""
    return (current.get("physicalAdapterId") == desired["physicalAdapterId"]
            and (current.get("vlanTagId") or None) == (desired.get("vlanTagId") or None))


def interface_changes(desired: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The managed fields that differ; addresses compare by type and value, in any order."""
    changes = {key: value for key, value in desired.items()
               if key not in ("addresses", "hardwareAddress") and value is not None and current.get(key) != value}
    if "addresses" in desired and _address_set(desired["addresses"]) != _address_set(current.get("addresses") or []):
        changes["addresses"] = desired["addresses"]
    return changes


def _address_set(addresses: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(str(a.get("type")), str(a.get("address")).lower()) for a in addresses}
