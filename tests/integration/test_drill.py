"""The failure drill: `inventories/drill/` rolled out against a simulator seeded with its failures. The healthy sites
converge completely; each failing site fails at the stage that breaks, its later stages are skipped, and the
report names the failure with its fix."""

from __future__ import annotations

import json
import os
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
    with SimulatorProcess(config=INVENTORY / "simulator.yml", time_scale=30) as sim:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
        env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "GENESYS_SIM_URL": sim.url,
                    "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible-tmp"),
                    "GENESYSCLOUD_TOKEN_CACHE_DIR": str(workdir / "tokens")})
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(INVENTORY),
                   str(ROOT / "playbooks" / "site_rollout.yml"), "-e", f"genesys_report_dir={workdir}",
                   "-e", "genesys_max_fail_percentage=100"]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    data = json.loads((workdir / "rollout-report.json").read_text())
    sites = {host: site for region in data["regions"].values() for host, site in region.items()}
    return result, data, sites, workdir


def test_the_run_fails_but_every_site_was_rolled_out(drill):
    result, data, sites, _workdir = drill
    assert result.returncode != 0, "failed sites must fail the job"
    assert sorted(sites) == ["boise", "cork", "denver", "galway", "reno"]
    assert sorted(data["totals"]["failed_sites"]) == ["boise", "cork", "reno"]


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
    for name in ("rollout-report.md", "rollout-report.html"):
        assert sites[host]["site"] in (workdir / name).read_text()
