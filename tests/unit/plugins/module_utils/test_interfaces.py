"""Declared logical interfaces: local checks, matching against the appliance's NICs, and what changes."""

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._interfaces import (
    desired_interface, interface_changes, match_nic, parse_interfaces, same_adapter,
)
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

NICS = [
    {"id": "nic-0", "portLabel": "eth0", "hardwareAddress": "00:25:90:01:00:01"},
    {"id": "nic-1", "portLabel": "eth1", "hardwareAddress": "00-25-90-01-00-02"},
]


def one(item):
    return parse_interfaces("edges[0].interfaces", [item])[0]


def test_address_with_dotted_netmask_becomes_cidr():
    declared = one({"port": "eth0", "address": "10.1.2.10", "netmask": "255.255.255.0", "gateway": "10.1.2.1"})
    assert str(declared.address) == "10.1.2.10/24"


@pytest.mark.parametrize("item,field,rule", [
    ({"address": "10.1.2.10/24"}, "edges[0].interfaces[0]", "names no NIC"),
    ({"port": "eth0", "mac": "00:25:90"}, "edges[0].interfaces[0].mac", "not a MAC address"),
    ({"port": "eth0", "address": "10.1.2.10"}, "edges[0].interfaces[0].address", "has no prefix"),
    ({"port": "eth0", "address": "10.1.2.10/24", "netmask": "255.255.255.0"}, "edges[0].interfaces[0].address", "one of them"),
    ({"port": "eth0", "address": "10.1.2.0/24"}, "edges[0].interfaces[0].address", "network address"),
    ({"port": "eth0", "address": "10.1.2.10/24", "gateway": "10.9.9.1"}, "edges[0].interfaces[0].gateway", "not in the interface's subnet"),
    ({"port": "eth0", "gateway": "10.1.2.1"}, "edges[0].interfaces[0].gateway", "needs address"),
    ({"port": "eth0", "vlan": 5000}, "edges[0].interfaces[0].vlan", "VLAN id"),
    ({"port": "eth0", "address": "10.1.2.10/24", "dns_servers": ["bad name"]}, "edges[0].interfaces[0].dns_servers[0]", "host name"),
])
def test_bad_declarations_name_the_field_and_rule(item, field, rule):
    with pytest.raises(ValidationError) as error:
        one(item)
    assert error.value.field == field
    assert rule in str(error.value)


def test_same_nic_and_vlan_twice_is_refused():
    with pytest.raises(ValidationError, match=r"edges\[0\].interfaces\[1\].*declared twice"):
        parse_interfaces("edges[0].interfaces", [{"port": "eth0", "vlan": 10}, {"port": "ETH0", "vlan": 10}])
    assert len(parse_interfaces("edges[0].interfaces", [{"port": "eth0"}, {"port": "eth0", "vlan": 10}])) == 2


def test_match_by_port_by_mac_and_by_both():
    assert match_nic("e1", one({"port": "ETH1"}), NICS) == (NICS[1], [])
    assert match_nic("e1", one({"mac": "00:25:90:01:00:02"}), NICS) == (NICS[1], [])
    assert match_nic("e1", one({"port": "eth0", "mac": "0025.9001.0001".replace(".", "")}), NICS)[0] is NICS[0]


def test_mismatches_say_what_the_appliance_has():
    nic, problems = match_nic("e1", one({"port": "eth0", "mac": "00:25:90:01:00:02"}), NICS)
    assert nic is None
    assert problems == ["Edge e1 edges[0].interfaces[0]: port eth0 has MAC 00:25:90:01:00:01, not 00:25:90:01:00:02 "
                        "as declared (00:25:90:01:00:02 is port eth1); fix the port or the MAC"]
    _nic, problems = match_nic("e1", one({"port": "eth0", "mac": "00:25:90:ff:ff:ff"}), NICS)
    assert problems[0].endswith("not 00:25:90:ff:ff:ff as declared (no NIC has 00:25:90:ff:ff:ff); fix the port or the MAC")
    _nic, problems = match_nic("e1", one({"port": "eth9", "mac": "00:25:90:ff:ff:ff"}), NICS)
    assert problems == ["Edge e1 edges[0].interfaces[0]: port 'eth9' is not on the appliance; its NICs are "
                        "eth0 (00:25:90:01:00:01), eth1 (00-25-90-01-00-02)"]
    _nic, problems = match_nic("e1", one({"mac": "00:25:90:ff:ff:ff"}), NICS)
    assert problems == ["Edge e1 edges[0].interfaces[0]: no NIC of the appliance has MAC 00:25:90:ff:ff:ff; its NICs are "
                        "eth0 (00:25:90:01:00:01), eth1 (00-25-90-01-00-02)"]


def test_desired_body_and_idempotent_compare():
    declared = one({"port": "eth0", "address": "10.1.2.10/24", "gateway": "10.1.2.1", "dns_servers": ["10.1.2.53"], "vlan": 12})
    desired = desired_interface(declared, NICS[0])
    assert desired["physicalAdapterId"] == "nic-0" and desired["name"] == "eth0" and desired["vlanTagId"] == 12
    assert [(a["type"], a["address"], a["family"]) for a in desired["addresses"]] == [
        ("ip", "10.1.2.10/24", 2), ("gateway", "10.1.2.1", 2), ("dns", "10.1.2.53", 2)]
    current = {**desired, "id": "li-1", "version": 3, "addresses": list(reversed(desired["addresses"])), "hardwareAddress": "00-25-90-01-00-01"}
    assert same_adapter(desired, current)
    assert interface_changes(desired, current) == {}
    moved = {**current, "addresses": [{"type": "ip", "address": "10.1.2.11/24"}]}
    assert interface_changes(desired, moved) == {"addresses": desired["addresses"]}
    assert not same_adapter(desired, {**current, "vlanTagId": None})
