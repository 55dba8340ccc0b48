"""A region whose OAuth client lacks a permission its stages' writes need fails before the first write, naming what
is missing, on each of its sites: no location made without its site, no retention policy without the pci feature.
Real ansible-playbook runs of the main job on the sandbox inventory's us-east-1 sites."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from genesys_cloud_sim.testing import SimulatorProcess

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventories" / "sandbox"
SANDBOX_SEED = yaml.safe_load((INVENTORY / "simulator.yml").read_text())
US_SITES = {"chicago": "Chicago", "new_york": "New York", "atlanta": "Atlanta"}
# What the rollout of the sandbox needs, but for what each case takes away; oauth:client:view and
# authorization:role:view let the client read its own grants.
EVERYTHING = ["directory:*:*", "telephony:*:*", "recording:*:*", "conversation:*:*", "presence:*:*",
              "oauth:client:view", "authorization:role:view"]
RECAP = re.compile(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", re.M)


def seed_granting(permissions: list[str]) -> dict:
    seed = copy.deepcopy(SANDBOX_SEED)
    seed["regions"]["us-east-1"]["orgs"][0]["clients"][0]["permissions"] = permissions
    return seed


def rollout(sim: SimulatorProcess, tmp_path: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
    env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "GENESYS_SIM_URL": sim.url,
                "GENESYSCLOUD_TOKEN_CACHE_DIR": str(tmp_path / "tokens")})
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(INVENTORY),
               str(ROOT / "playbooks" / "site_rollout.yml"), "--limit", "us_east_1", "-e", "genesys_wave_size=2",
               "-e", f"genesys_report_dir={tmp_path / 'reports'}"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("taken, named", [
    ("telephony:*:*", "telephony:plugin:all"),
    ("directory:*:*", "directory:location:add"),
    ("recording:*:*", "recording:retentionPolicy:add"),
])
def test_a_missing_write_permission_fails_the_region_before_any_write(tmp_path, taken, named):
    granted = [p for p in EVERYTHING if p != taken]
    if taken == "directory:*:*":
        granted.append("directory:user:view")  # the agents' lookup still reads users
    with SimulatorProcess(config=seed_granting(granted), time_scale=30) as sim:
        code, output = rollout(sim, tmp_path)
        writes = sim.admin.stats()["writes"]
    assert code != 0
    failed = {host for host, _changed, failed in RECAP.findall(output) if int(failed)}
    assert failed == {"chicago"}, output[-6000:]  # the canary failed, and with it the run: one of one is too many
    flat = " ".join(output.split())
    assert "Chicago: the site stage failed: The OAuth client sandbox-us lacks permissions" in flat
    assert named in flat and "nothing was written" in flat
    assert writes == 0


def test_a_missing_read_permission_fails_the_region_before_any_write_too(tmp_path):
    """A client that may not read its own grants is still refused before writing when a region-wide read is."""
    granted = [p for p in EVERYTHING if p not in ("oauth:client:view", "authorization:role:view", "directory:*:*")]
    granted += ["directory:location:add", "directory:location:edit"]  # no directory:user:view: the agents' lookup
    with SimulatorProcess(config=seed_granting(granted), time_scale=30) as sim:
        code, output = rollout(sim, tmp_path)
        writes = sim.admin.stats()["writes"]
    flat = " ".join(output.split())
    assert code != 0 and "directory:user:view" in flat and "Nothing was written in this region" in flat, output[-6000:]
    assert writes == 0
