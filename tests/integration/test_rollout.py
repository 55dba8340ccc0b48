"""The main job end to end: the real `ansible-playbook playbooks/site_rollout.yml` on the sandbox inventory against a
simulator process seeded like `make sandbox`, then a converged re-run, one stage alone, and the drift audit.

The tests run in order on one simulator (module scope): each builds on the org the previous one left.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from genesys_cloud_sim.testing import SimulatorProcess

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import SITES
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import TokenCache

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventories" / "sandbox"
SITE_NAMES = ["Chicago", "New York", "Atlanta", "Dublin", "London", "Manchester", "Tokyo", "Osaka"]
RECAP = re.compile(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", re.M)


@pytest.fixture(scope="module")
def simulator():
    with SimulatorProcess(config=INVENTORY / "simulator.yml", time_scale=30) as sim:
        yield sim


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("rollout")


def playbook(sim, workdir: Path, name: str, *args: str) -> tuple[subprocess.CompletedProcess, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
    env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "GENESYS_SIM_URL": sim.url,
                "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible-tmp"),
                "GENESYSCLOUD_TOKEN_CACHE_DIR": str(workdir / "tokens")})
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(INVENTORY), str(ROOT / "playbooks" / name),
               "-e", f"genesys_report_dir={workdir / 'reports'}", "-e", "genesys_wave_size=5", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    return result, result.stdout + result.stderr


def report(workdir: Path, name: str = "rollout-report") -> dict:
    return json.loads((workdir / "reports" / f"{name}.json").read_text())


def recap(output: str) -> dict[str, tuple[int, int]]:
    """host -> (changed, failed) from the PLAY RECAP."""
    return {host: (int(changed), int(failed)) for host, changed, failed in RECAP.findall(output)}


def test_rollout_converges_every_site(simulator, workdir):
    result, output = playbook(simulator, workdir, "site_rollout.yml")
    assert result.returncode == 0, output[-8000:]
    assert "sandbox-us-secret" not in output
    data = report(workdir)
    assert sorted(data["regions"]) == ["ap-northeast-1", "eu-west-1", "us-east-1"]
    sites = {h: s for region in data["regions"].values() for h, s in region.items()}
    assert sorted(s["site"] for s in sites.values()) == sorted(SITE_NAMES)
    assert data["totals"]["failed_sites"] == [] and data["totals"]["stages"]["failed"] == 0
    edges = []
    for host, site in sites.items():
        assert list(site["stages"]) and set(site["stages"]) == set(data["stage_order"]), host
        for stage, outcome in site["stages"].items():
            assert outcome["status"] in ("ok", "changed"), (host, stage, outcome)
            assert outcome["seconds"] >= 0
        edges += site["stages"]["edges"]["facts"]["edges"]
        smoke = site["stages"]["smoke"]["facts"]
        assert smoke["verdict"] == "passed" and smoke["secure_pause"] is True and smoke["conversation_id"], host
        assert site["stages"]["time"]["facts"]["offset_ms"] is not None
    assert len(edges) == 16
    assert all((e["status_code"], e["online_status"]) == ("ACTIVE", "ONLINE") for e in edges)
    # The region-wide rules were applied once per region, by its first site.
    assert sorted(s["stages"]["pci"]["facts"]["applied_by"] for s in sites.values()) == sorted(
        ["chicago"] * 3 + ["dublin"] * 3 + ["tokyo"] * 2)

    html = (workdir / "reports" / "rollout-report.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the HTML report must be self-contained"
    assert all(name in html for name in SITE_NAMES)
    markdown = (workdir / "reports" / "rollout-report.md").read_text()
    assert all(f"### {name} " in markdown for name in SITE_NAMES)


def test_second_run_changes_nothing(simulator, workdir):
    result, output = playbook(simulator, workdir, "site_rollout.yml")
    assert result.returncode == 0, output[-8000:]
    hosts = recap(output)
    assert len(hosts) == 8
    assert all(changed == 0 and failed == 0 for changed, failed in hosts.values()), hosts
    assert report(workdir)["totals"]["stages"] == {"ok": 48, "changed": 0, "failed": 0, "skipped": 0}


def test_one_stage_alone_with_its_tag(simulator, workdir):
    result, output = playbook(simulator, workdir, "site_rollout.yml", "--tags", "smoke")
    assert result.returncode == 0, output[-8000:]
    for region in report(workdir)["regions"].values():
        for host, site in region.items():
            assert list(site["stages"]) == ["smoke"], host
            assert site["stages"]["smoke"]["facts"]["secure_pause"] is True
    assert "Stage site" not in output and "cxops.genesys_cloud.site :" not in output


def test_audit_reports_drift_and_fails_on_it_when_asked(simulator, workdir):
    result, output = playbook(simulator, workdir, "audit.yml", "-e", "genesys_audit_fail_on_drift=true")
    assert result.returncode == 0, output[-8000:]
    audit = report(workdir, "audit-report")
    assert audit["mode"] == "check" and audit["totals"]["drift"] == 0 and audit["totals"]["sites"] == 8
    assert all(s["stages"]["smoke"]["status"] == "skipped" for r in audit["regions"].values() for s in r.values())

    # Someone changes London's NTP servers by hand.
    base = f"{simulator.url}/eu-west-1"
    client = GenesysCloudClient(base, base, client_id="sandbox-eu", client_secret="sandbox-eu-secret",
                                token_cache=TokenCache(str(workdir / "tokens")))
    site = client.get_all(SITES, {"name": "London"})[0]
    client.request("PUT", f"{SITES}/{site['id']}", json={**site, "ntpSettings": {"servers": ["192.0.2.123"]}})

    result, output = playbook(simulator, workdir, "audit.yml", "-e", "genesys_audit_fail_on_drift=true")
    assert result.returncode != 0, output[-8000:]
    hosts = recap(output)
    assert [h for h, (_changed, failed) in hosts.items() if failed] == ["london"], hosts
    audit = report(workdir, "audit-report")
    assert [(d["host"], d["stage"]) for d in audit["drift"]] == [("london", "site")]
    assert "192.0.2.123" in json.dumps(audit["drift"][0]["diff"])
    assert "London" in (workdir / "reports" / "audit-report.md").read_text().split("## Drift", 1)[1]
