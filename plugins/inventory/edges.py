# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: edges
short_description: Genesys Cloud Edges as inventory hosts, across regions
version_added: 0.1.0
description:
  - Hosts are the Edges of one or more Genesys Cloud orgs, each reached with its own region and credentials.
  - Groups are made by region (C(region_us_east_1)), site (C(site_chicago)), status (C(status_active),
    C(online_status_online)) and Edge group (C(edge_group_<name>)); O(compose), O(keyed_groups) and O(groups)
    add more.
  - Host variables are C(genesys_edge) (the Edge, snake_case keys), C(genesys_region) and C(genesys_site), and
    C(ansible_host) when the Edge reports an interface address.
  - Each region costs two listings (sites and Edges) per refresh; enable O(cache) for large estates.
  - Edges deleted a moment ago (C(state=deleted)), managed Edges and the Edges of the site Genesys Cloud manages
    (C(PureCloud Voice - AWS)) are not hosts.
  - The file name must end with C(genesys_edges.yml) or C(genesys_edges.yaml).
author:
  - cxops Genesys Cloud team (@cxops)
extends_documentation_fragment:
  - constructed
  - inventory_cache
requirements:
  - requests
options:
  plugin:
    description: The name of this plugin.
    required: true
    type: str
    choices: [cxops.genesys_cloud.edges]
  regions:
    description:
      - The orgs to read, one entry per region. Each entry takes the auth options of the modules (O(regions[].region),
        O(regions[].client_id), O(regions[].client_secret), O(regions[].api_base_url), ...); options an entry leaves
        out come from the C(GENESYSCLOUD_*) environment variables.
      - Omitted, one org is read from the environment variables alone.
    type: list
    elements: dict
    default: []
    suboptions:
      region:
        description: The Genesys Cloud region.
        type: str
      client_id:
        description: The OAuth client id.
        type: str
      client_secret:
        description: The OAuth client secret.
        type: str
      access_token:
        description: An access token instead of client credentials.
        type: str
      api_base_url:
        description: Overrides the region's API base URL (for the simulator or a proxy).
        type: str
      login_base_url:
        description: Overrides the login base URL.
        type: str
      validate_certs:
        description: Verify TLS certificates.
        type: bool
        default: true
      ca_path:
        description: A CA bundle to verify TLS certificates with.
        type: path
  sites:
    description: Only the Edges of these sites (names). All sites when empty.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
# genesys_edges.yml
plugin: cxops.genesys_cloud.edges
regions:
  - region: us-east-1
    client_id: "{{ lookup('ansible.builtin.env', 'US_CLIENT_ID') }}"
  - region: eu-west-1
keyed_groups:
  - key: genesys_edge.software_version
    prefix: version
compose:
  serial: genesys_edge.serial_number
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: /tmp/genesys_edges_cache
"""

import os
from typing import Any

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import snake_case
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edge_status import EDGES
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import SITES, live, users_sites
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import (
    AUTH_ARGUMENT_SPEC, ConfigurationError, client_from_params,
)


def _auth_params(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry's auth options, completed from the environment and the modules' defaults."""
    params = {}
    for name, spec in AUTH_ARGUMENT_SPEC.items():
        value = entry.get(name)
        if value is None and "fallback" in spec:
            value = next((os.environ[var] for var in spec["fallback"][1] if var in os.environ), None)
        if value is None:
            value = spec.get("default")
        if value is not None and spec["type"] == "float":
            value = float(value)
        if isinstance(value, str) and spec["type"] == "bool":
            value = value.lower() in ("1", "true", "yes", "on")
        params[name] = value
    return params


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "cxops.genesys_cloud.edges"

    def verify_file(self, path: str) -> bool:
        return super().verify_file(path) and path.endswith(("genesys_edges.yml", "genesys_edges.yaml"))

    def parse(self, inventory: Any, loader: Any, path: str, cache: bool = True) -> None:
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        records = None
        if use_cache:
            try:
                records = self._cache[cache_key]
            except KeyError:
                records = None
        if records is None:
            records = self._fetch()
            if self.get_option("cache"):
                self._cache[cache_key] = records
        for record in records:
            self._add_edge(record)

    def _fetch(self) -> list[dict[str, Any]]:
        """Every Edge of every configured org, with its region and site name (two listings per region)."""
        wanted_sites = {name.lower() for name in self.get_option("sites")}
        records = []
        for entry in self.get_option("regions") or [{}]:
            params = _auth_params(entry)
            try:
                client = client_from_params(params)
                all_sites = client.get_all(SITES)
                edges = live(client.get_all(EDGES))
            except (ConfigurationError, GenesysCloudError) as error:
                raise AnsibleParserError(f"{self.NAME}: region {params['region'] or params['api_base_url']}: {error}") from None
            # The managed site's Edges, and managed Edges, are Genesys Cloud's, not the estate's.
            sites = {site["id"]: site.get("name") for site in users_sites(all_sites)}
            managed = {site["id"] for site in all_sites if site.get("managed")}
            for edge in edges:
                site_id = (edge.get("site") or {}).get("id")
                if edge.get("managed") or site_id in managed:
                    continue
                site = sites.get(site_id, "")
                if not wanted_sites or site.lower() in wanted_sites:
                    records.append({"region": params["region"] or "", "site": site, "edge": snake_case(edge)})
        return records

    def _add_edge(self, record: dict[str, Any]) -> None:
        edge = record["edge"]
        host = self.inventory.add_host(edge["name"])
        variables = {"genesys_edge": edge, "genesys_region": record["region"], "genesys_site": record["site"]}
        address = next((i.get("ip_address") for i in edge.get("interfaces") or [] if i.get("ip_address")), None)
        if address:
            variables["ansible_host"] = address
        for key, value in variables.items():
            self.inventory.set_variable(host, key, value)
        for prefix, value in (("region", record["region"]), ("site", record["site"]),
                              ("status", edge.get("status_code")), ("online_status", edge.get("online_status")),
                              ("edge_group", (edge.get("edge_group") or {}).get("name"))):
            if value:
                group = self.inventory.add_group(self._sanitize_group_name(f"{prefix}_{value}".lower()))
                self.inventory.add_child(group, host)
        strict = self.get_option("strict")
        self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)
