"""Every role under tests/integration/targets runs as a real ansible-playbook against a simulator process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from genesys_cloud_sim.testing import SimulatorProcess
from support.fake_ntp import FakeNtpServer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEED = yaml.safe_load((HERE / "seed.yml").read_text())
TARGETS = sorted(p.name for p in (HERE / "targets").iterdir() if (p / "tasks" / "main.yml").exists() and not p.name.startswith("setup_"))


@pytest.fixture(scope="session")
def simulator():
    # Time scale 60: an appliance's minutes of pairing pass in seconds (the clock itself is never scaled).
    with SimulatorProcess(config=SEED, time_scale=60, strict_fields=True) as sim:
        yield sim


@pytest.fixture(scope="session")
def ntp_servers():
    """Two NTP servers on loopback for the probe: one right, one five seconds ahead."""
    with FakeNtpServer() as good, FakeNtpServer(skew=5.0) as skewed:
        yield good, skewed


def ansible_env(sim, ntp, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
    env.update({
        "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
        "ANSIBLE_ROLES_PATH": str(HERE / "targets"),
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "GENESYS_SIM_URL": sim.url,
        "GENESYSCLOUD_API_BASE_URL": f"{sim.url}/us-east-1",
        "GENESYSCLOUD_OAUTHCLIENT_ID": "it-admin",
        "GENESYSCLOUD_OAUTHCLIENT_SECRET": "it-admin-secret",
        "GENESYSCLOUD_TOKEN_CACHE_DIR": str(tmp_path / "tokens"),
        "TEST_NTP_PORT": str(ntp[0].port),
        "TEST_NTP_SKEWED_PORT": str(ntp[1].port),
    })
    return env


@pytest.mark.parametrize("target", TARGETS)
def test_target(target, simulator, ntp_servers, tmp_path):
    simulator.admin.reset(SEED)
    command = [str(Path(sys.executable).parent / "ansible-playbook"), str(HERE / "run_target.yml"),
               "-i", str(HERE / "inventory.yml"), "-e", f"target={target}", "--diff"]
    result = subprocess.run(command, cwd=ROOT, env=ansible_env(simulator, ntp_servers, tmp_path), capture_output=True, text=True,
                            timeout=900, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert "failed=0" in output
    assert "it-admin-secret" not in output
    if target == "edge":  # the operator watches pairing happen, one line per status change
        assert re.search(r"\[localhost\] Edge it-edge-1 \(site IT Edge Site\) \S+ -> ACTIVE/ONLINE after \d+s", output)
