#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: edge
short_description: Pair hardware Edges with a site, wait until they are ACTIVE and ONLINE, and set their interfaces
version_added: 0.1.0
description:
  - Brings a list of hardware Edges to their declared state in one run. An Edge is identified by its name within
    its site.
  - "Pairing: Genesys Cloud has no pairing call. The module creates the Edge with the pairing id the appliance shows
    on its display; the appliance then connects out on TCP 443 and walks NEW, AWAITING_CONNECTION,
    AWAITING_FINGERPRINT, AWAITING_FINGERPRINT_VERIFICATION, FINGERPRINT_VERIFIED, AWAITING_BOOTSTRAP, INITIALIZING
    to ACTIVE, and turns ONLINE."
  - With O(wait), all Edges are waited for at once, reading one listing per site per poll at growing intervals (1 s
    up to 30 s), and every status change is printed as it is seen. On timeout the error names each Edge that is not
    ready, its last status and what that status means in the field.
  - "Interfaces: once an Edge is paired, each declared logical interface is checked against the appliance's
    physical NICs (port label and MAC). Every mismatch is reported field by field and nothing is written unless all
    declarations fit; the API itself only answers an opaque 400."
  - Runs in the controller through an action plugin, so it can print progress while it waits.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  site:
    description: The site (name) of every Edge that does not name its own O(edges[].site).
    type: str
  edges:
    description: The Edges to manage.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The Edge's name, unique within its site.
        type: str
        required: true
      site:
        description: The Edge's site, if not O(site).
        type: str
      pairing_id:
        description:
          - The pairing id the appliance shows, five groups of five letters or digits (any case).
          - Required when the Edge is to be present. An existing Edge with another pairing id is refused; remove it
            first to pair a different appliance.
        type: str
      description:
        description: The Edge's description.
        type: str
      edge_group:
        description: The name of the Edge group to put the Edge in.
        type: str
      state:
        description: The Edge's state, if not O(state).
        type: str
        choices: [present, absent, unpaired]
      in_service:
        description: Whether the paired Edge takes calls, if not O(in_service).
        type: bool
      interfaces:
        description: Logical interfaces to configure once the Edge is paired, identified by NIC and VLAN.
        type: list
        elements: dict
        suboptions:
          port:
            description: The appliance's port label of the NIC (for example C(eth0)). O(edges[].interfaces[].port) or O(edges[].interfaces[].mac) is required.
            type: str
          mac:
            description: The NIC's MAC address; with O(edges[].interfaces[].port), both must name the same NIC.
            type: str
          name:
            description: The logical interface's name. Defaults to the port label.
            type: str
          address:
            description: The interface address in CIDR form (C(10.1.2.10/24)), or a plain address with O(edges[].interfaces[].netmask).
            type: str
          netmask:
            description: A dotted netmask (C(255.255.255.0)) or prefix length for a plain O(edges[].interfaces[].address).
            type: str
          gateway:
            description: The default gateway; it must be in the interface's subnet.
            type: str
          vlan:
            description: The VLAN id (1 to 4094).
            type: int
          dns_servers:
            description: DNS servers for the interface.
            type: list
            elements: str
  state:
    description:
      - V(present) creates the Edge with its pairing id (and waits for the appliance to pair, with O(wait)).
      - V(unpaired) unpairs a paired Edge and keeps its record; V(absent) deletes the Edge.
    type: str
    choices: [present, absent, unpaired]
    default: present
  in_service:
    description: Whether paired Edges take calls (V(false) takes them out of service). Unmanaged when omitted.
    type: bool
  wait:
    description: Wait until present Edges are paired and ONLINE (and unpaired Edges UNPAIRED) before configuring interfaces.
    type: bool
    default: true
  wait_timeout:
    description: How long to wait, in seconds or with a unit (V(45m), V(1h)). Real appliances take many minutes.
    type: raw
    default: 30m
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.CHECK_MODE_DIFF
notes:
  - In check mode nothing is written and nothing is waited for; declared interfaces of Edges that are already paired
    are still checked against their NICs, so an audit reports mismatches.
seealso:
  - module: cxops.genesys_cloud.edge_info
  - module: cxops.genesys_cloud.site
"""

EXAMPLES = r"""
- name: Pair the two Edges of Chicago and set their WAN interfaces
  module_defaults:
    group/cxops.genesys_cloud.genesys_cloud:
      region: us-east-1
  cxops.genesys_cloud.edge:
    site: Chicago
    wait_timeout: 45m
    edges:
      - name: chicago-edge-1
        pairing_id: 8F3K2-9QW7T-00AB1-ZZ9X4-KD2M7
        interfaces:
          - port: eth0
            mac: "00:25:90:aa:bb:01"
            address: 10.20.0.11/24
            gateway: 10.20.0.1
      - name: chicago-edge-2
        pairing_id: 3HW9Q-LM2KD-77P0Z-QX4C8-R5T1N
        interfaces:
          - port: eth0
            address: 10.20.0.12
            netmask: 255.255.255.0
            gateway: 10.20.0.1
            vlan: 120

- name: Take an Edge out of service for maintenance
  cxops.genesys_cloud.edge:
    site: Chicago
    in_service: false
    edges:
      - name: chicago-edge-2
        pairing_id: 3HW9Q-LM2KD-77P0Z-QX4C8-R5T1N

- name: Unpair an Edge before shipping the appliance back
  cxops.genesys_cloud.edge:
    site: Chicago
    state: unpaired
    edges:
      - name: chicago-edge-2
"""

RETURN = r"""
edges:
  description: One entry per declared Edge, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The Edge's name.
      type: str
    site:
      description: The site's name.
      type: str
    id:
      description: The Edge's id (none for an Edge that would be created in check mode).
      type: str
    action:
      description: What was done to the record.
      type: str
      choices: [create, update, unpair, delete, none]
    changed:
      description: Whether anything of this Edge changed.
      type: bool
    status_code:
      description: The last status seen (NEW to ACTIVE, INACTIVE, UNPAIRED).
      type: str
    online_status:
      description: V(ONLINE) or V(OFFLINE).
      type: str
    pairing_id:
      description: The pairing id.
      type: str
    serial_number:
      description: The appliance's serial number, once it has reported.
      type: str
    software_version:
      description: The appliance's software version, once it has reported.
      type: str
    transitions:
      description: Every status seen while waiting, with the seconds since the wait began.
      type: list
      elements: dict
    interfaces:
      description: Per declared interface, the action taken (create, update, none, pending) and, with diff, the change.
      type: list
      elements: dict
  sample:
    - name: chicago-edge-1
      site: Chicago
      id: 2b8f4c1e-5d7a-4f0e-9a55-0c1d2e3f4a5b
      action: create
      changed: true
      status_code: ACTIVE
      online_status: ONLINE
      pairing_id: 8F3K2-9QW7T-00AB1-ZZ9X4-KD2M7
      transitions:
        - {status_code: NEW, online_status: OFFLINE, seconds: 0.0}
        - {status_code: ACTIVE, online_status: ONLINE, seconds: 412.5}
      interfaces:
        - {adapter: eth0, name: eth0, action: create}
polls:
  description: How many times the sites' Edge listings were read while waiting.
  returned: always
  type: int
  sample: 9
mismatches:
  description: Each way a declared interface does not fit its appliance's NICs (only when that failed the task).
  returned: on interface mismatch
  type: list
  elements: str
  sample:
    - >-
      Edge chicago-edge-1 edges[0].interfaces[0]: port eth0 has MAC 00:25:90:aa:bb:01, not 00:25:90:aa:bb:99
      as declared (no NIC has 00:25:90:aa:bb:99); fix the port or the MAC
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edges import converge_edges as run
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule

_INTERFACE_OPTIONS = {
    "port": {"type": "str"},
    "mac": {"type": "str"},
    "name": {"type": "str"},
    "address": {"type": "str"},
    "netmask": {"type": "str"},
    "gateway": {"type": "str"},
    "vlan": {"type": "int"},
    "dns_servers": {"type": "list", "elements": "str"},
}
STATES = ["present", "absent", "unpaired"]
ARGUMENT_SPEC = {
    "site": {"type": "str"},
    "edges": {
        "type": "list", "elements": "dict", "required": True,
        "options": {
            "name": {"type": "str", "required": True},
            "site": {"type": "str"},
            "pairing_id": {"type": "str"},
            "description": {"type": "str"},
            "edge_group": {"type": "str"},
            "state": {"type": "str", "choices": STATES},
            "in_service": {"type": "bool"},
            "interfaces": {"type": "list", "elements": "dict", "options": _INTERFACE_OPTIONS},
        },
    },
    "state": {"type": "str", "choices": STATES, "default": "present"},
    "in_service": {"type": "bool"},
    "wait": {"type": "bool", "default": True},
    "wait_timeout": {"type": "raw", "default": "30m"},
}


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
