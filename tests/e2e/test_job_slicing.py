"""AWX job slicing: the sandbox rollout as three slice jobs at once against one org, split as AWX splits an
inventory (hosts sorted by name, slice k gets hosts k, k+N, ...). Slices are not region-aligned, so region-wide
work runs in several slices at once; the org must still end as one unsliced run leaves it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from e2e.awx_env import ROOT
from genesys_cloud_sim.testing import SimulatorProcess

SANDBOX = ROOT / "inventories" / "sandbox"
PLAYBOOK = ROOT / "playbooks" / "site_rollout.yml"
BIN = Path(sys.executable).parent
SLICES = 3


def sandbox_hosts() -> dict[str, str]:
    """host -> region group, from ansible-inventory as AWX's inventory import sees it."""
    result = subprocess.run([str(BIN / "ansible-inventory"), "-i", str(SANDBOX), "--list"], cwd=ROOT, env=base_env(),
                            capture_output=True, text=True, check=True)
    hostvars = json.loads(result.stdout)["_meta"]["hostvars"]
    return {host: variables["genesys_cloud_region"] for host, variables in hostvars.items()}


def awx_slices(hosts: list[str], count: int) -> list[list[str]]:
    """AWX's split: hosts ordered by name, slice k (from 0) gets hosts k, k+count, k+2*count..."""
    ordered = sorted(hosts)
    return [ordered[k::count] for k in range(count)]


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
    return {**env, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}


def start_job(sim: SimulatorProcess, workdir: Path, limit: list[str] | None) -> subprocess.Popen:
    """One AWX job (a slice, or the whole run): its own token cache and temp dirs, as its own container has."""
    workdir.mkdir(parents=True)
    env = {**base_env(), "GENESYS_SIM_URL": sim.url, "GENESYSCLOUD_TOKEN_CACHE_DIR": str(workdir / "tokens"),
           "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp")}
    # Each AWX job has its own project checkout, so its own report: never the same file for two slices.
    command = [str(BIN / "ansible-playbook"), "-i", str(SANDBOX), str(PLAYBOOK), "-e", f"genesys_report_dir={workdir / 'artifacts'}"]
    if limit is not None:
        command += ["--limit", ",".join(limit)]
    with (workdir / "output.log").open("wb") as output:
        return subprocess.Popen(command, cwd=workdir, env=env, stdout=output, stderr=subprocess.STDOUT)


def finish(jobs: dict[str, subprocess.Popen], root: Path) -> dict[str, str]:
    """Wait for every job; the failures, each with the lines Ansible printed about them ({} when none failed)."""
    failures = {}
    for name, process in jobs.items():
        rc = process.wait(timeout=600)
        if rc != 0:
            output = (root / name / "output.log").read_text()
            fatal = [line[:600] for line in output.splitlines() if line.startswith(("fatal:", "[ERROR]"))]
            failures[name] = f"rc {rc}: " + "\n".join(fatal or [output[-3000:]])
    return failures


def slow_policy_creates(sim: SimulatorProcess) -> None:
    """Creating a retention policy takes 5 s. Slices reach the region-wide stage within ~2.5 s of each other; at
    API speed the lookup-then-create window is milliseconds and two slices meet in it about one run in four. A slow
    create widens the window so that every run meets the case instead of some."""
    sim.admin.set_faults(seed=1, rates={}, latency_ms=[5000, 5000], methods=["POST"],
                         path_prefix="/api/v2/recording/mediaretentionpolicies")


def names(items: list[dict[str, Any]]) -> Counter:
    return Counter(item["name"] for item in items)


def summary(state: dict[str, Any]) -> dict[str, Any]:
    """What a rollout leaves in each org, by name (ids and timestamps differ from run to run)."""
    result = {}
    for region, data in state["regions"].items():
        (org,) = data["orgs"]
        by_id = {item["id"]: item["name"] for key in ("locations", "sites", "edges", "users", "stations")
                 for item in org[key]}
        result[region] = {
            "features": org["features"],
            "locations": sorted((item["name"], json.dumps(item.get("address"), sort_keys=True)) for item in org["locations"]),
            "sites": sorted((item["name"], by_id[item["location"]], item.get("mediaModel"), item["ntpSettings"]["servers"],
                             json.dumps(item.get("edgeAutoUpdateConfig"), sort_keys=True)) for item in org["sites"]),
            "edges": sorted((item["name"], by_id[item["site"]], item["pairingId"], item.get("in_service"),
                             sorted((i["name"], i.get("hardwareAddress"), json.dumps(i.get("addresses"), sort_keys=True))
                                    for i in item.get("logical_interfaces", []))) for item in org["edges"]),
            "retention_policies": sorted((item["name"], json.dumps(item.get("mediaPolicies"), sort_keys=True))
                                         for item in org["media_retention_policies"]),
            "stations": sorted((item["name"], by_id.get(item.get("associated_user"))) for item in org["stations"]),
            "agents": sorted((item["email"], item["presence"]["systemPresence"], item["routing_status"]["status"])
                             for item in org["users"]),
            "smoke_calls": sorted((item["phoneNumber"], bool(item.get("hung_up_at"))) for item in org["calls"]),
        }
    return result


@pytest.fixture(scope="module")
def hosts() -> dict[str, str]:
    return sandbox_hosts()


@pytest.fixture(scope="module")
def sliced(hosts, tmp_path_factory):
    """The three slice jobs at once against one fresh simulator: state, admin stats, slices, reports, failures."""
    slices = awx_slices(list(hosts), SLICES)
    root = tmp_path_factory.mktemp("sliced")
    with SimulatorProcess(config=SANDBOX / "simulator.yml", time_scale=30, strict_fields=True) as sim:
        slow_policy_creates(sim)
        jobs = {f"slice{k}": start_job(sim, root / f"slice{k}", limit) for k, limit in enumerate(slices)}
        failures = finish(jobs, root)
        reports = [json.loads((root / name / "artifacts" / "rollout-report-latest.json").read_text()) for name in jobs]
        return {"state": sim.admin.state(), "stats": sim.admin.stats(), "slices": slices, "reports": reports,
                "failures": failures}


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    """The same rollout as one job on another fresh simulator."""
    root = tmp_path_factory.mktemp("single")
    with SimulatorProcess(config=SANDBOX / "simulator.yml", time_scale=30, strict_fields=True) as sim:
        slow_policy_creates(sim)
        failures = finish({"single": start_job(sim, root / "single", None)}, root)
        assert not failures, failures
        return sim.admin.state()


def test_slices_split_the_inventory_like_awx(hosts):
    slices = awx_slices(list(hosts), SLICES)
    assert sorted(sum(slices, [])) == sorted(hosts) and len(hosts) == 8
    assert [len(s) for s in slices] == [3, 3, 2]
    # Not region-aligned: some region has sites in more than one slice, so its region-wide work runs twice.
    assert any(len({k for k, s in enumerate(slices) if any(hosts[h] == region for h in s)}) > 1
               for region in set(hosts.values()))


def test_every_slice_job_succeeds(sliced):
    """Region-wide work that runs in several slices at once must not fail the slices that lose the race."""
    assert not sliced["failures"], "\n".join(f"{name}: {text}" for name, text in sliced["failures"].items())


def test_every_site_and_edge_exists_exactly_once(sliced):
    state = sliced["state"]
    orgs = [data["orgs"][0] for data in state["regions"].values()]
    sites = sum((names(org["sites"]) for org in orgs), Counter())
    edges = sum((names(org["edges"]) for org in orgs), Counter())
    locations = sum((names(org["locations"]) for org in orgs), Counter())
    assert len(sites) == 8 and set(sites.values()) == {1}, sites
    assert len(edges) == 16 and set(edges.values()) == {1}, edges
    assert len(locations) == 8 and set(locations.values()) == {1}, locations


def test_region_wide_work_converges_to_one_policy_per_region(sliced):
    """The PCI retention policy is region-wide: every slice holding a site of the region may apply it."""
    state = sliced["state"]
    policies = {region: names(data["orgs"][0]["media_retention_policies"]) for region, data in state["regions"].items()}
    assert policies == {region: Counter({"PCI call recordings": 1}) for region in state["regions"]}


def test_one_token_per_region_per_slice_at_most(sliced, hosts):
    """Each slice is its own job with its own token cache: at most one token per region it touches."""
    stats, slices = sliced["stats"], sliced["slices"]
    touched = Counter(region for s in slices for region in {hosts[h] for h in s})
    issued = stats["tokens_issued"]
    assert set(issued) == set(touched)
    assert all(issued[region] <= touched[region] for region in issued), (issued, dict(touched))
    assert sum(issued.values()) <= SLICES * len(set(hosts.values()))


def test_each_slice_reports_its_own_sites(sliced):
    """AWX shows one report per slice job: together they cover every site once, none failed."""
    for hosts_of_slice, report in zip(sliced["slices"], sliced["reports"]):
        reported = {host for region in report["regions"].values() for host in region}
        assert reported == set(hosts_of_slice)
        assert report["totals"]["failed_sites"] == [], report["failures"]


def test_sliced_run_ends_where_a_single_run_ends(sliced, single):
    assert summary(sliced["state"]) == summary(single)
