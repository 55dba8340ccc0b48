"""The main job end to end: the real `ansible-playbook playbooks/site_rollout.yml` on the sandbox inventory against a
simulator process seeded like `make sandbox`: first an audit of the empty org (check mode, every site still to be
made), then the rollout, a converged re-run, one stage alone, and the drift audit. Every site's own recap line is
checked each time.

The tests run in order on one simulator (module scope): each builds on the org the previous one left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
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
SITE_HOSTS = ["chicago", "new_york", "atlanta", "dublin", "london", "manchester", "tokyo", "osaka"]
RECAP = re.compile(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", re.M)


@pytest.fixture(scope="module")
def simulator():
    with SimulatorProcess(config=INVENTORY / "simulator.yml", time_scale=30, strict_fields=True) as sim:
        yield sim


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("rollout")


def playbook(sim, workdir: Path, name: str, *args: str, inventory: Path = INVENTORY, report_dir: bool = True,
             cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
    env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "GENESYS_SIM_URL": sim.url,
                "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible-tmp"),
                "GENESYSCLOUD_TOKEN_CACHE_DIR": str(workdir / "tokens")})
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory), str(ROOT / "playbooks" / name),
               "-e", "genesys_wave_size=5", *args]
    if report_dir:
        command += ["-e", f"genesys_report_dir={workdir / 'reports'}"]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    return result, result.stdout + result.stderr


def report(workdir: Path, name: str = "rollout-report") -> dict:
    return json.loads((workdir / "reports" / f"{name}-latest.json").read_text())


def recap(output: str) -> dict[str, tuple[int, int]]:
    """host -> (changed, failed) from the PLAY RECAP."""
    return {host: (int(changed), int(failed)) for host, changed, failed in RECAP.findall(output)}


def test_an_audit_of_the_empty_org_shows_every_site_to_be_made_without_failing(simulator, workdir):
    """Check mode over locations, sites and Edges that do not exist yet: what each stage would create, per site."""
    result, output = playbook(simulator, workdir, "site_rollout.yml", "--check", "--diff")
    assert result.returncode == 0, output[-8000:]
    hosts = recap(output)
    assert sorted(hosts) == sorted(SITE_HOSTS) and all(changed >= 1 and not failed for changed, failed in hosts.values()), hosts
    data = report(workdir)
    assert data["mode"] == "check" and data["totals"]["stages"]["failed"] == 0
    for region in data["regions"].values():
        for host, site in region.items():
            assert (site["stages"]["site"]["status"], site["stages"]["edges"]["status"]) == ("changed", "changed"), host
            assert site["stages"]["edges"]["msg"] == "2 of 2 Edges to be created and paired"
    drift = {(d["host"], d["stage"], d["field"]) for d in data["drift"]}
    assert ("tokyo", "site", "location.name") in drift and ("tokyo", "site", "ntp_settings") in drift
    assert ("tokyo", "edges", "tokyo-edge-1.pairing_id") in drift
    # the console shows each site's diff, headed by the site and the stage, without ids
    assert "+++ after: Tokyo, stage site (location)" in output and "+++ after: Tokyo, stage edges" in output
    assert '"Tokyo Office"' in output and not re.search(r'"id": "[0-9a-f-]{36}"', output)
    assert simulator.admin.state()["regions"]["ap-northeast-1"]["orgs"][0]["sites"] == []


def test_rollout_converges_every_site(simulator, workdir):
    result, output = playbook(simulator, workdir, "site_rollout.yml")
    assert result.returncode == 0, output[-8000:]
    assert "sandbox-us-secret" not in output
    hosts = recap(output)
    assert sorted(hosts) == sorted(SITE_HOSTS), hosts
    assert all(changed >= 1 and failed == 0 for changed, failed in hosts.values()), hosts
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

    html = (workdir / "reports" / "rollout-report-latest.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the HTML report must be self-contained"
    assert all(name in html for name in SITE_NAMES)
    markdown = (workdir / "reports" / "rollout-report-latest.md").read_text()
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
    assert {(d["host"], d["stage"]) for d in audit["drift"]} == {("london", "site")}
    assert "192.0.2.123" in json.dumps(audit["drift"])
    assert "London" in (workdir / "reports" / "audit-report-latest.md").read_text().split("## Drift", 1)[1]
    assert ("london", "site", "ntp_settings.servers") in {(d["host"], d["stage"], d["field"]) for d in audit["drift"]}
    assert "London: drifted from the inventory in stage(s) site (site ntp_settings.servers)" in output


def test_every_run_keeps_its_own_report_and_the_latest_is_the_last(workdir):
    reports = workdir / "reports"
    applied = sorted(reports.glob("rollout-report-*-apply.json"))
    checked = sorted(reports.glob("rollout-report-*-check.json"))
    assert len(applied) == 3 and len(checked) == 1, sorted(p.name for p in reports.iterdir())
    assert json.loads(applied[-1].read_text()) == report(workdir)
    assert {json.loads(p.read_text())["started"] for p in applied} | {json.loads(checked[0].read_text())["started"]}
    for path in applied + checked:
        assert re.fullmatch(r"rollout-report-\d{8}T\d{6}Z-(apply|check)\.json", path.name)
        assert path.with_suffix(".md").is_file() and path.with_suffix(".html").is_file()


def test_the_report_goes_to_artifacts_of_the_current_directory_by_default(simulator, workdir):
    elsewhere = workdir / "elsewhere"
    elsewhere.mkdir()
    result, output = playbook(simulator, workdir, "site_rollout.yml", "--tags", "pci", report_dir=False, cwd=elsewhere)
    assert result.returncode == 0, output[-8000:]
    data = json.loads((elsewhere / "artifacts" / "rollout-report-latest.json").read_text())
    assert data["totals"]["sites"] == 8 and data["started"]


def renamed_group_inventory(workdir: Path) -> Path:
    """The sandbox inventory with its sites in a group of another name."""
    inventory = workdir / "renamed"
    shutil.copytree(INVENTORY, inventory, ignore=shutil.ignore_patterns("simulator.yml"))
    hosts = inventory / "hosts.yml"
    hosts.write_text(hosts.read_text().replace("genesys_sites:", "contact_center_sites:"))
    return inventory


def test_a_run_whose_group_holds_no_site_fails_naming_the_group(simulator, workdir):
    inventory = renamed_group_inventory(workdir)
    result, output = playbook(simulator, workdir, "site_rollout.yml", "--tags", "pci", inventory=inventory)
    assert result.returncode != 0
    assert "No host of this run is in the group genesys_sites" in output and "-e genesys_sites_group=NAME" in output

    result, output = playbook(simulator, workdir, "site_rollout.yml", "--tags", "pci",
                              "-e", "genesys_sites_group=contact_center_sites", inventory=inventory)
    assert result.returncode == 0, output[-8000:]
    assert sorted(recap(output)) == sorted(SITE_HOSTS)


def test_a_variable_nothing_reads_is_warned_about_once_with_the_name_meant(simulator, workdir):
    result, output = playbook(simulator, workdir, "site_rollout.yml", "--tags", "pci",
                              "-e", "genesys_edges_wait_timeout=5m")
    assert result.returncode == 0, output[-8000:]
    flat = " ".join(output.split())
    assert flat.count("genesys_edges_wait_timeout (set for") == 1, output[-8000:]
    assert "did you mean edge_pairing_wait_timeout?" in flat
