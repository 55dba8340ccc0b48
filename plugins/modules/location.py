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
  - Genesys Cloud does not let a location's address change while it has an emergency number. The module then
    leaves the address out of its updates, and fails before any write when the address itself would change
    (see O(address)).
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
    description:
      - The postal address.
      - It cannot be changed while the location has an emergency number; such a change fails before any write.
        Remove the number in Genesys Cloud and run the task again (it then sets the new address and
        O(emergency_number) together), or create a new location and move the sites to it.
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
  emergency_number:
    description:
      - The number emergency services see for calls from this location. A telephony site's location needs one.
      - Compared with the E.164 form Genesys Cloud keeps (C(e164)), so a number it stores formatted is not a change.
    type: dict
    suboptions:
      number:
        description: The number in E.164, V(+) then up to 15 digits with no spaces, for example V(+13175550100).
        type: str
        required: true
      type:
        description: V(default) for a plain emergency number, V(elin) for an Emergency Location Identification Number.
        type: str
        choices: [default, elin]
        default: default
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
        emergency_number:
          number: "+35315550100"
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
    emergency_number:
      number: "+35315550100"
      e164: "+35315550100"
      type: default
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import differences, if_converged, merged, without_none
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import LOCATIONS, find_location
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError, country_code, e164, object_name
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule, converge

ADDRESS_FIELDS = ("street1", "street2", "city", "state", "zipcode", "country")
ARGUMENT_SPEC = {
    "name": {"type": "str", "required": True},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "address": {"type": "dict", "options": {field: {"type": "str"} for field in ADDRESS_FIELDS}},
    "emergency_number": {"type": "dict", "options": {
        "number": {"type": "str", "required": True},
        "type": {"type": "str", "choices": ["default", "elin"], "default": "default"},
    }},
    "notes": {"type": "str"},
}


def validate(params):
    object_name("name", params["name"])
    if (params["address"] or {}).get("country") is not None:
        country_code("address.country", params["address"]["country"])
    if params["emergency_number"]:
        e164("emergency_number.number", params["emergency_number"]["number"])


def desired_location(params, current):
    want = {"name": params["name"], "notes": params["notes"], "address": params["address"]}
    if params["emergency_number"]:
        wanted = params["emergency_number"]
        want["emergencyNumber"] = {"number": held_number(wanted["number"], current), "type": wanted["type"]}
    return want


def held_number(number, current):
    """The number as the location holds it when that is the same number: Genesys Cloud keeps `number` as it was
    sent and its normalised form in `e164`, so a number it holds formatted is compared on `e164`."""
    held = (current or {}).get("emergencyNumber") or {}
    return held["number"] if held.get("number") and held.get("e164") == number else number


def refuse_address_change(current, desired):
    """Genesys Cloud refuses an address in a PATCH while the location has an emergency number (even the same
    address), so a change of address there can only fail: say so before any write."""
    held = ((current or {}).get("emergencyNumber") or {}).get("number")
    changed = differences(without_none(desired.get("address")), (current or {}).get("address"))
    if held and changed:
        raise ValidationError("address", changed, f"cannot change while location {current['name']!r} has an emergency "
                                                  f"number ({held}); remove that number in Genesys Cloud and run the "
                                                  "task again, which then sets the address and emergency_number "
                                                  "together, or create a new location and move the sites to it")


def update_body(location, changes):
    """A LocationUpdateDefinition: the current version, and the sub-objects that change, sent whole. The address
    only when it changes (refuse_address_change() has made sure no emergency number is held then)."""
    wanted = merged(location, changes)
    body = {field: wanted[field] for field in ("name", "version", "notes", "path") if field in wanted}
    if "address" in changes:
        body["address"] = wanted["address"]
    if "emergencyNumber" in changes:
        body["emergencyNumber"] = {key: wanted["emergencyNumber"][key] for key in ("number", "type")}
    return body


def run(module):
    validate(module.params)
    client, name = module.client, module.params["name"]
    current = find_location(client, name)
    desired = desired_location(module.params, current)
    if module.params["state"] == "present":
        refuse_address_change(current, desired)

    def create(body):
        return client.create(LOCATIONS, body, find_existing=lambda: find_location(client, name))

    def update(location, changes):
        path = f"{LOCATIONS}/{location['id']}"
        return client.update("PATCH", path, update_body(location, changes),
                             confirm=lambda: if_converged(client.get(path), desired),
                             rebase=lambda: update_body(client.get(path), changes))

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
