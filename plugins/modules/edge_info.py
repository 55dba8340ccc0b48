#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: edge_info
short_description: Read Genesys Cloud Edges
version_added: 0.1.0
description:
  - Returns the Edges of one site, the Edges of a name, or every Edge of the org (all pages).
  - Edges deleted a moment ago that the listing may still show with C(state=deleted) are left out.
  - An optional JMESPath O(query) shapes the result, for example to list the Edges that are not ONLINE.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  site:
    description: Only the Edges of this site (name).
    type: str
  name:
    description: Only the Edge(s) of this name (case-insensitive).
    type: str
  query:
    description:
      - A JMESPath expression applied to RV(edges) (snake_case keys); its value is returned as RV(query_result).
      - An invalid expression fails before any request.
    type: str
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.INFO_MODULE
requirements:
  - jmespath (only with O(query))
seealso:
  - module: cxops.genesys_cloud.edge
"""

EXAMPLES = r"""
- name: Edges of Chicago that are not ready
  cxops.genesys_cloud.edge_info:
    region: us-east-1
    site: Chicago
    query: "[?status_code != 'ACTIVE' || online_status != 'ONLINE'].{name: name, status: status_code}"
  register: not_ready
"""

RETURN = r"""
edges:
  description: The Edges found, with snake_case keys.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 2b8f4c1e-5d7a-4f0e-9a55-0c1d2e3f4a5b
      name: chicago-edge-1
      status_code: ACTIVE
      online_status: ONLINE
      pairing_id: 8F3K2-9QW7T-00AB1-ZZ9X4-KD2M7
      site: {id: 5f0ad4c6-8f3c-4a8e-9c39-4f6c1d3c1a11, name: Chicago}
query_result:
  description: The value of O(query) over RV(edges).
  returned: when O(query) is given
  type: raw
  sample: [{name: chicago-edge-2, status: AWAITING_CONNECTION}]
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import snake_case
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edge_status import EDGES
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import live, require_site
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._query import compile_query, info_result
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import object_name

ARGUMENT_SPEC = {
    "site": {"type": "str"},
    "name": {"type": "str"},
    "query": {"type": "str"},
}


def run(module):
    query = compile_query(module.params["query"])
    for option in ("site", "name"):
        if module.params[option]:
            object_name(option, module.params[option])
    filters = {}
    if module.params["site"]:
        filters["site.id"] = require_site(module.client, "site", module.params["site"])["id"]
    if module.params["name"]:
        filters["name"] = module.params["name"]
    edges = live(module.client.get_all(EDGES, filters))
    return info_result("edges", snake_case(edges), query)


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
