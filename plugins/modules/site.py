#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: site
short_description: Manage a Genesys Cloud telephony site and its NTP servers
version_added: 0.1.0
description:
  - Creates, updates or deletes a telephony site (C(/api/v2/telephony/providers/edges/sites)), identified by its name.
  - Only the options you set are managed; the site's other settings are left as they are.
  - The site's Edges take their time from the site's NTP servers, in the order given.
  - A site deleted a moment ago, which Genesys Cloud still lists for a while with C(state=deleted), is never
    adopted; the site Genesys Cloud manages (C(PureCloud Voice - AWS), C(managed=true)) is never taken for yours,
    and a site of its name fails before any write, since the API allows no changes to it.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  name:
    description: The site's name, unique in the org (compared case-insensitively).
    type: str
    required: true
  state:
    description: Whether the site should exist.
    type: str
    choices: [present, absent]
    default: present
  location:
    description:
      - The location (emergency address) of the site, by name or id. Required to create a site.
      - An unknown location fails before any write, and so does a location without an emergency number when the
        site would be created or changed (Genesys Cloud refuses a site whose location has none); give the location
        one with the O(cxops.genesys_cloud.location#module:emergency_number) option first.
    type: str
  description:
    description: Free text shown in the admin UI.
    type: str
  media_model:
    description: Where the site's media is processed.
    type: str
    choices: [Premises, Cloud]
  ntp_servers:
    description:
      - The NTP servers of the site's Edges, host names or IP addresses, in order of preference (1 to 10, each once).
      - The order matters. Leave it unset to keep the site's servers as they are.
    type: list
    elements: str
  edge_auto_update:
    description:
      - The window in which the site's Edges may install software updates.
      - Checked before any request, by Genesys Cloud's rules for it.
    type: dict
    suboptions:
      time_zone:
        description: An IANA time zone such as V(America/Chicago).
        type: str
        required: true
      rrule:
        description:
          - An iCalendar recurrence rule. Only daily and weekly rules are supported, and a weekly rule names at least
            one day, for example V(FREQ=WEEKLY;BYDAY=SU) or V(FREQ=DAILY).
        type: str
        required: true
      start:
        description:
          - Local start of the first window, an ISO-8601 date-time without a zone, V(YYYY-MM-DDTHH:MM:SS.000).
        type: str
        required: true
      end:
        description:
          - Local end of the first window, like O(edge_auto_update.start); at least 2 hours after it.
        type: str
        required: true
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.CHECK_MODE_DIFF
seealso:
  - module: cxops.genesys_cloud.location
  - module: cxops.genesys_cloud.site_info
  - module: cxops.genesys_cloud.time_sync
"""

EXAMPLES = r"""
- name: Roll out the Chicago site
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/cxops.genesys_cloud.genesys_cloud:
      region: us-east-1
  tasks:
    - name: Site with two NTP servers and a Sunday update window
      cxops.genesys_cloud.site:
        name: Chicago
        location: Chicago HQ
        media_model: Premises
        ntp_servers:
          - 0.us.pool.ntp.org
          - 10.20.0.1
        edge_auto_update:
          time_zone: America/Chicago
          rrule: FREQ=WEEKLY;BYDAY=SU
          start: "2026-01-04T02:00:00.000"
          end: "2026-01-04T05:00:00.000"

    - name: Remove a retired site
      cxops.genesys_cloud.site:
        name: Old Branch
        state: absent
"""

RETURN = r"""
site:
  description: The site as Genesys Cloud holds it after the task (as it would be, in check mode); empty when absent.
  returned: always
  type: dict
  sample:
    id: 5f0ad4c6-8f3c-4a8e-9c39-4f6c1d3c1a11
    name: Chicago
    version: 2
    media_model: Premises
    ntp_settings:
      servers: [0.us.pool.ntp.org, 10.20.0.1]
    location:
      id: 0d1bb0a7-51c1-4d5d-a61e-2f7c1ce8f7a2
      name: Chicago HQ
    state: active
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import if_converged, merged
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import SITES, find_site, managed_site_named, require_location
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule, converge
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError, edge_update_window, ntp_servers, object_name

ARGUMENT_SPEC = {
    "name": {"type": "str", "required": True},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "location": {"type": "str"},
    "description": {"type": "str"},
    "media_model": {"type": "str", "choices": ["Premises", "Cloud"]},
    "ntp_servers": {"type": "list", "elements": "str"},
    "edge_auto_update": {
        "type": "dict",
        "options": {key: {"type": "str", "required": True} for key in ("time_zone", "rrule", "start", "end")},
    },
}


def validated_fields(params):
    """The wire fields checked without a request: NTP servers and the update window."""
    object_name("name", params["name"])
    if params["location"]:
        object_name("location", params["location"])
    if params["ntp_servers"] is not None:
        ntp_servers("ntp_servers", params["ntp_servers"])
    if params["edge_auto_update"]:
        return {"edgeAutoUpdateConfig": edge_update_window("edge_auto_update", params["edge_auto_update"])}
    return {}


def desired_site(module, current, checked):
    """The wire fields the user set, and the location they name (resolved by a read, never a write)."""
    p = module.params
    want = {"name": p["name"], "description": p["description"], "mediaModel": p["media_model"], **checked}
    if p["ntp_servers"] is not None:
        want["ntpSettings"] = {"servers": p["ntp_servers"]}
    location = None
    if p["location"]:
        location = require_location(module.client, "location", p["location"])
        want["location"] = {"id": location["id"]}
    elif current is None:
        raise ValidationError("location", None, f"is required to create site {p['name']!r}; name its location")
    return want, location


def require_emergency_number(location):
    """Genesys Cloud refuses to create or change a site whose location has no emergency number."""
    if location is not None and not (location.get("emergencyNumber") or {}).get("number"):
        raise ValidationError("location", location["name"], "has no emergency number, and a site's location needs one; "
                                                            "set emergency_number on the location "
                                                            "(cxops.genesys_cloud.location) first")


def run(module):
    checked = validated_fields(module.params)
    client, name = module.client, module.params["name"]
    current = find_site(client, name)
    if current is None and module.params["state"] == "present" and managed_site_named(client, name):
        raise ValidationError("name", name, "is the site Genesys Cloud manages (managed: true), which cannot be "
                                            "created, changed or deleted through the API; give your site another name")
    desired, location = desired_site(module, current, checked) if module.params["state"] == "present" else ({}, None)

    def create(body):
        require_emergency_number(location)
        return client.create(SITES, body, find_existing=lambda: find_site(client, name))

    def update(site, changes):
        require_emergency_number(location)
        path = f"{SITES}/{site['id']}"
        return client.update("PUT", path, merged(site, changes), confirm=lambda: if_converged(client.get(path), desired),
                             rebase=lambda: merged(client.get(path), changes))

    def delete(site):
        client.delete(f"{SITES}/{site['id']}")

    result = converge(module, current=current, desired=desired, state=module.params["state"],
                      create=create, update=update, delete=delete, key="site")
    if module.check_mode and current is None and module.params["state"] == "present":
        client.plan_create(SITES, name)
    return result


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
