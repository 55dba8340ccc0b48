#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: site_info
short_description: Read Genesys Cloud telephony sites
version_added: 0.1.0
description:
  - Returns one site by name, or every site of the org (all pages).
  - Only the org's own sites are returned. Sites deleted a moment ago, which Genesys Cloud still lists for a while
    with C(state=deleted), and the site Genesys Cloud manages (C(PureCloud Voice - AWS), C(managed=true)) are left
    out.
  - An optional JMESPath O(query) shapes the result, for example to list the sites without NTP servers.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  name:
    description: The site to read. All sites when omitted.
    type: str
  query:
    description:
      - A JMESPath expression applied to RV(sites) (snake_case keys); its value is returned as RV(query_result).
      - An invalid expression fails before any request.
    type: str
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.INFO_MODULE
requirements:
  - jmespath (only with O(query))
seealso:
  - module: cxops.genesys_cloud.site
"""

EXAMPLES = r"""
- name: Sites whose Edges have no NTP server
  cxops.genesys_cloud.site_info:
    region: us-east-1
    query: "[?!(ntp_settings.servers)].name"
  register: no_ntp

- name: One site
  cxops.genesys_cloud.site_info:
    region: us-east-1
    name: Chicago
  register: chicago
"""

RETURN = r"""
sites:
  description: The sites found (one or none when O(name) is given), with snake_case keys.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5f0ad4c6-8f3c-4a8e-9c39-4f6c1d3c1a11
      name: Chicago
      media_model: Premises
      ntp_settings:
        servers: [0.us.pool.ntp.org]
query_result:
  description: The value of O(query) over RV(sites).
  returned: when O(query) is given
  type: raw
  sample: [Chicago]
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import snake_case
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import SITES, find_site, users_sites
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._query import compile_query, info_result
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import object_name

ARGUMENT_SPEC = {
    "name": {"type": "str"},
    "query": {"type": "str"},
}


def run(module):
    query = compile_query(module.params["query"])
    name = module.params["name"]
    if name:
        object_name("name", name)
        site = find_site(module.client, name)
        sites = [site] if site else []
    else:
        sites = users_sites(module.client.get_all(SITES))
    return info_result("sites", snake_case(sites), query)


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
