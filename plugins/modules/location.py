#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: location
short_description: Manage a Genesys Cloud location (the address a site stands at)
version_added: 0.1.0
description:
  - Creates, updates or deletes a location (C(/api/v2/locations)), identified by its name.
  - Every telephony site needs a location; create it before the site.
  - Only the options you set are managed.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  name:
    description: The location's name, unique in the org (compared case-insensitively).
    type: str
    required: true
  state:
    description: Whether the location should exist. Genesys Cloud refuses to delete a location that sites still use.
    type: str
    choices: [present, absent]
    default: present
  address:
    description: The postal address.
    type: dict
    suboptions:
      street1:
        description: First street line.
        type: str
      street2:
        description: Second street line.
        type: str
      city:
        description: City.
        type: str
      state:
        description: State, province or region.
        type: str
      zipcode:
        description: Postal code.
        type: str
      country:
        description: ISO 3166-1 alpha-2 country code, for example V(US).
        type: str
  notes:
    description: Free text.
    type: str
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.CHECK_MODE_DIFF
seealso:
  - module: cxops.genesys_cloud.site
"""

EXAMPLES = r"""
- name: Locations before sites
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/cxops.genesys_cloud.genesys_cloud:
      region: eu-west-1
  tasks:
    - name: The Dublin office
      cxops.genesys_cloud.location:
        name: Dublin Office
        address:
          street1: 1 Grand Canal Square
          city: Dublin
          zipcode: D02 P820
          country: IE
"""

RETURN = r"""
location:
  description: The location after the task (as it would be, in check mode); empty when absent.
  returned: always
  type: dict
  sample:
    id: 0d1bb0a7-51c1-4d5d-a61e-2f7c1ce8f7a2
    name: Dublin Office
    version: 1
    state: active
    address:
      street1: 1 Grand Canal Square
      city: Dublin
      zipcode: D02 P820
      country: IE
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import if_converged, merged
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import LOCATIONS, find_location
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import country_code
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule, converge

ADDRESS_FIELDS = ("street1", "street2", "city", "state", "zipcode", "country")
UPDATE_FIELDS = ("name", "version", "notes", "address", "emergencyNumber", "path")
ARGUMENT_SPEC = {
    "name": {"type": "str", "required": True},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "address": {"type": "dict", "options": {field: {"type": "str"} for field in ADDRESS_FIELDS}},
    "notes": {"type": "str"},
}


def desired_location(params):
    return {"name": params["name"], "notes": params["notes"], "address": params["address"]}


def run(module):
    client, name = module.client, module.params["name"]
    if (module.params["address"] or {}).get("country") is not None:
        country_code("address.country", module.params["address"]["country"])
    current = find_location(client, name)
    desired = desired_location(module.params)

    def create(body):
        return client.create(LOCATIONS, body, find_existing=lambda: find_location(client, name))

    def update(location, changes):
        path = f"{LOCATIONS}/{location['id']}"

        def body_on(current):
            # A LocationUpdateDefinition carries the current version; sub-objects are sent whole.
            wanted = merged(current, changes)
            return {field: wanted[field] for field in UPDATE_FIELDS if field in wanted}

        return client.update("PATCH", path, body_on(location), confirm=lambda: if_converged(client.get(path), desired),
                             rebase=lambda: body_on(client.get(path)))

    def delete(location):
        client.delete(f"{LOCATIONS}/{location['id']}")

    result = converge(module, current=current, desired=desired, state=module.params["state"],
                      create=create, update=update, delete=delete, key="location")
    if module.check_mode and current is None and module.params["state"] == "present":
        client.plan_create(LOCATIONS, name)
    return result


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
