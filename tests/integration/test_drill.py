"""The failure drill: `inventories/drill/` rolled out against a simulator seeded with its failures. The healthy sites
converge completely; each failing site fails at the stage that breaks, its later stages are skipped, and the
report names the failure with its fix."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from genesys_cloud_sim.testing import SimulatorProcess

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventories" / "drill"


@pytest.fixture(scope="module")
def drill(tmp_path_factory):
    """Runs the drill once; the tests read what it did."""
    workdir = tmp_path_factory.mktemp("drill")
    with SimulatorProcess(config=INVENTORY / "simulator.yml", time_scale=30, strict_fields=True) as sim:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
        env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "GENESYS_SIM_URL": sim.url,
                    "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible-tmp"),
                    "GENESYSCLOUD_TOKEN_CACHE_DIR": str(workdir / "tokens")})
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(INVENTORY),
                   str(ROOT / "playbooks" / "site_rollout.yml"), "-e", f"genesys_report_dir={workdir}",
                   # One batch of the three other sites: Ansible ends a play whose whole batch failed, whatever the
                   # percentage, and a batch of one failing site would stop the drill there.
                   "-e", "genesys_max_fail_percentage=100", "-e", "genesys_wave_size=3"]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    data = json.loads((workdir / "rollout-report-latest.json").read_text())
    sites = {host: site for region in data["regions"].values() for host, site in region.items()}
    return result, data, sites, workdir


RECAP = re.compile(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", re.M)


def recap(output: str) -> dict[str, tuple[int, int]]:
    return {host: (int(changed), int(failed)) for host, changed, failed in RECAP.findall(output)}


def test_the_run_fails_but_every_site_was_rolled_out(drill):
    result, data, sites, _workdir = drill
    assert result.returncode != 0, "failed sites must fail the job"
    assert sorted(sites) == ["boise", "cork", "denver", "galway", "reno"]
    assert sorted(data["totals"]["failed_sites"]) == ["boise", "cork", "reno"]


def test_each_site_shows_its_own_failure_in_the_recap_with_its_stage_and_message(drill):
    result, _data, _sites, _workdir = drill
    output = result.stdout + result.stderr
    hosts = recap(output)
    assert {host for host, (_changed, failed) in hosts.items() if failed} == {"boise", "cork", "reno"}, hosts
    assert all(changed >= 1 for changed, failed in hosts.values() if not failed), hosts  # Ansible counts no change of a failed task
    flat = " ".join(output.split())
    assert "Boise: the edges stage failed:" in flat and "Cork: the time stage failed:" in flat
    assert "Reno: the smoke stage failed:" in flat


@pytest.mark.parametrize("host", ["denver", "galway"])
def test_healthy_sites_converge_completely(drill, host):
    stages = drill[2][host]["stages"]
    assert {stage: outcome["status"] for stage, outcome in stages.items() if outcome["status"] not in ("ok", "changed")} == {}
    assert stages["smoke"]["facts"]["verdict"] == "passed"


@pytest.mark.parametrize("host,stage,said", [
    ("boise", "edges", ["boise-edge-2", "AWAITING_CONNECTION", "TCP 443"]),
    ("cork", "time", ["behind Genesys Cloud", "tolerance 1000 ms", "synchronise the controller with NTP"]),
    ("reno", "smoke", ["+17755550199", "invalid"]),
])
def test_each_failure_is_named_at_its_stage_with_its_fix(drill, host, stage, said):
    _result, data, sites, workdir = drill
    stages = sites[host]["stages"]
    assert stages[stage]["status"] == "failed"
    for text in said:
        assert text in stages[stage]["msg"], stages[stage]["msg"]
    later = data["stage_order"][data["stage_order"].index(stage) + 1:]
    assert all(stages[name]["status"] == "skipped" for name in later if name in stages)
    failure = next(f for f in data["failures"] if f["host"] == host)
    assert failure["stage"] == stage and failure["fix"]
    for name in ("rollout-report-latest.md", "rollout-report-latest.html"):
        assert sites[host]["site"] in (workdir / name).read_text()


PLAY = """
- name: The Edges of a few sites, with the stage roles in a play of my own
  hosts: denver:boise
  gather_facts: false
  module_defaults:
    group/cxops.genesys_cloud.genesys_cloud:
      region: "{{ genesys_cloud_region }}"
      client_id: "{{ genesys_cloud_client_id }}"
      client_secret: "{{ genesys_cloud_client_secret }}"
      api_base_url: "{{ genesys_cloud_api_base_url }}"
  roles:
    - cxops.genesys_cloud.site
    - cxops.genesys_cloud.edge_pairing
  post_tasks:
    - name: Show what each site recorded
      ansible.builtin.debug:
        msg: "outcome of {{ inventory_hostname }}: {{ genesys_outcome | dictsort | map('first') | join(',') }}"
"""


@pytest.mark.parametrize("record_only", [False, True])
def test_stage_roles_in_a_play_of_ones_own_fail_the_sites_whose_stage_failed(tmp_path, record_only):
    """No wave plan, no report: the roles alone fail the host whose Edge never connects (or only record it)."""
    (tmp_path / "play.yml").write_text(PLAY)
    with SimulatorProcess(config=INVENTORY / "simulator.yml", time_scale=30, strict_fields=True) as sim:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
        env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "GENESYS_SIM_URL": sim.url,
                    "GENESYSCLOUD_TOKEN_CACHE_DIR": str(tmp_path / "tokens")})
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(INVENTORY), str(tmp_path / "play.yml"),
                   "-e", "edge_pairing_wait_timeout=5s", "-e", f"genesys_record_only={record_only}"]
        result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    output = result.stdout + result.stderr
    hosts = recap(output)
    assert hosts["denver"][0] >= 2 and hosts["denver"][1] == 0, output[-6000:]
    assert "outcome of denver: edges,site" in output
    if record_only:
        assert result.returncode == 0 and hosts["boise"][1] == 0, output[-6000:]
        assert "outcome of boise: edges,site" in output
    else:
        assert result.returncode != 0 and hosts["boise"][1] == 1, output[-6000:]
        assert "Boise: the edges stage failed:" in " ".join(output.split())
        assert "outcome of boise" not in output  # a failed host runs no later task
