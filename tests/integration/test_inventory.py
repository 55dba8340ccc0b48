"""The edges inventory plugin, run by a real `ansible-inventory` against a simulator process with two regions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from genesys_cloud_sim.testing import SimulatorProcess

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edge_status import EDGES
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import SITES
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import TokenCache

ROOT = Path(__file__).resolve().parents[2]
PAIRING = "INV{n:02d}-AAAAA-AAAAA-AAAAA-AAAAA"


def org(name, client_id, appliances):
    return {"orgs": [{"name": name, "locations": [{"name": f"{name} HQ", "emergencyNumber": {"number": "+13175550100"}}],
                      "clients": [{"client_id": client_id, "client_secret": f"{client_id}-secret", "permissions": ["*"]}],
                      "appliances": [{"pairing_id": PAIRING.format(n=n)} for n in appliances]}]}


SEED = {"regions": {"us-east-1": org("Inventory US", "inv-us", [1, 2]),
                    "eu-west-1": org("Inventory EU", "inv-eu", [3])}}


def make_edges(sim, tmp_path, region, client_id, site_name, edges):
    """A site and its Edges made through the API, as the edge module would."""
    base = sim.url + "/" + region
    client = GenesysCloudClient(base, base, client_id=client_id, client_secret=f"{client_id}-secret",
                                token_cache=TokenCache(str(tmp_path / "tokens")))
    location = client.get_all("/api/v2/locations")[0]
    site = client.create(SITES, {"name": site_name, "location": {"id": location["id"]}, "mediaModel": "Premises"},
                         find_existing=lambda: None)
    for name, number in edges:
        client.create(EDGES, {"name": name, "site": {"id": site["id"]}, "edgeDeploymentType": "HARDWARE",
                              "pairingId": PAIRING.format(n=number)}, find_existing=lambda: None)


@pytest.fixture(scope="module")
def simulator():
    with SimulatorProcess(config=SEED, time_scale=1000, strict_fields=True) as sim:
        yield sim


def ansible_inventory(tmp_path, config, *args):
    source = tmp_path / "genesys_edges.yml"
    source.write_text(yaml.safe_dump(config))
    command = [str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(source), *args]
    env = {"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
           "HOME": str(tmp_path), "GENESYSCLOUD_TOKEN_CACHE_DIR": str(tmp_path / "tokens")}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "-secret" not in result.stdout + result.stderr
    return result.stdout


def test_edges_of_two_regions_grouped_by_region_site_status(simulator, tmp_path):
    simulator.admin.reset(SEED)
    make_edges(simulator, tmp_path, "us-east-1", "inv-us", "Denver", [("den-edge-1", 1), ("den-edge-2", 2)])
    make_edges(simulator, tmp_path, "eu-west-1", "inv-eu", "Cork", [("cork-edge-1", 3)])
    config = {
        "plugin": "cxops.genesys_cloud.edges",
        "regions": [
            {"region": "us-east-1", "api_base_url": f"{simulator.url}/us-east-1", "client_id": "inv-us", "client_secret": "inv-us-secret"},
            {"region": "eu-west-1", "api_base_url": f"{simulator.url}/eu-west-1", "client_id": "inv-eu", "client_secret": "inv-eu-secret"},
        ],
        "keyed_groups": [{"key": "genesys_edge.edge_deployment_type", "prefix": "type"}],
        "compose": {"pairing": "genesys_edge.pairing_id"},
    }
    graph = ansible_inventory(tmp_path, config, "--graph")
    groups = {}
    current = None
    for line in graph.splitlines():
        name = line.strip(" |-")
        if name.startswith("@"):
            current = name[1:].rstrip(":")
            groups.setdefault(current, [])
        elif current:
            groups[current].append(name)
    assert sorted(groups["region_us_east_1"]) == ["den-edge-1", "den-edge-2"]
    assert groups["region_eu_west_1"] == ["cork-edge-1"]
    assert sorted(groups["site_denver"]) == ["den-edge-1", "den-edge-2"]
    assert groups["site_cork"] == ["cork-edge-1"]
    assert sorted(groups["type_HARDWARE"]) == ["cork-edge-1", "den-edge-1", "den-edge-2"]
    status_groups = [g for g in groups if g.startswith("status_")]
    assert status_groups and sum(len(groups[g]) for g in status_groups) == 3

    host = json.loads(ansible_inventory(tmp_path, config, "--host", "cork-edge-1"))
    assert host["genesys_region"] == "eu-west-1"
    assert host["genesys_site"] == "Cork"
    assert host["pairing"] == PAIRING.format(n=3)


def test_only_the_listed_sites(simulator, tmp_path):
    simulator.admin.reset(SEED)
    make_edges(simulator, tmp_path, "us-east-1", "inv-us", "Denver", [("den-edge-1", 1)])
    make_edges(simulator, tmp_path, "us-east-1", "inv-us", "Boulder", [("bou-edge-1", 2)])
    config = {"plugin": "cxops.genesys_cloud.edges", "sites": ["boulder"],
              "regions": [{"region": "us-east-1", "api_base_url": f"{simulator.url}/us-east-1",
                           "client_id": "inv-us", "client_secret": "inv-us-secret"}]}
    listing = json.loads(ansible_inventory(tmp_path, config, "--list"))
    assert sorted(listing["_meta"]["hostvars"]) == ["bou-edge-1"]


def test_bad_credentials_fail_naming_the_region(simulator, tmp_path):
    simulator.admin.reset(SEED)
    source = tmp_path / "genesys_edges.yml"
    source.write_text(yaml.safe_dump({"plugin": "cxops.genesys_cloud.edges", "regions": [
        {"region": "us-east-1", "api_base_url": f"{simulator.url}/us-east-1", "client_id": "inv-us", "client_secret": "inv-bad-secret-xyz"}]}))
    command = [str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(source), "--list"]
    env = {"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "GENESYSCLOUD_TOKEN_CACHE_DIR": str(tmp_path / "tokens"), "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "region us-east-1" in result.stderr
    assert "inv-bad-secret-xyz" not in result.stdout + result.stderr
