"""The rollout as AWX runs it: ansible-runner, credentials (and the region) injected as environment variables rendered
from the credential type, an inventory without secrets or region; then each site's own result in the job's host
events and stats (what AWX's host summaries read) for a first rollout, a no-op re-run and a run with failures, the
job's artifacts, set_stats and what leaked where."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import ansible_runner
import pytest
import yaml

from e2e.awx_env import ROOT, injected_env, load_credential_type
from genesys_cloud_sim.testing import SimulatorProcess

SANDBOX = ROOT / "inventories" / "sandbox"
REGION_GROUP = "us_east_1"
SITES = {"chicago": "Chicago", "new_york": "New York", "atlanta": "Atlanta"}  # the group's hosts, site names
SECRET = "sandbox-us-secret"
# Inventory variables that carry credentials, endpoints or the region; AWX gets them from the credential instead.
CREDENTIAL_VARS = ("genesys_cloud_client_id", "genesys_cloud_client_secret", "genesys_cloud_api_base_url",
                   "genesys_cloud_region")
DRILL = ROOT / "inventories" / "drill"


@pytest.fixture(scope="module")
def simulator():
    with SimulatorProcess(config=SANDBOX / "simulator.yml", time_scale=30, strict_fields=True) as sim:
        yield sim


def inventory_without_credentials(target: Path, source: Path = SANDBOX) -> Path:
    """The sample inventory as an AWX inventory holds it: hosts and their facts, no secrets, no URLs, no region."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("simulator.yml"))
    for path in (target / "group_vars").glob("*.yml"):
        data = yaml.safe_load(path.read_text()) or {}
        path.write_text(yaml.safe_dump({k: v for k, v in data.items() if k not in CREDENTIAL_VARS}))
    return target


def awx_job_env(sim: SimulatorProcess, private_data_dir: Path, client: str = "sandbox-us") -> dict[str, str]:
    credential = {"client_id": client, "client_secret": f"{client}-secret", "region": "us-east-1",
                  "api_base_url": sim.base_url("us-east-1")}
    return {
        **injected_env(load_credential_type(), credential),
        "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
        "GENESYS_SIM_URL": sim.url,
        # AWX runs each job in a fresh container, so its token cache starts empty and ends with the job.
        "GENESYSCLOUD_TOKEN_CACHE_DIR": str(private_data_dir / "tokens"),
    }


def project_checkout(project: Path) -> Path:
    """What AWX's project sync puts in the job's private data dir (the working directory of the job): the
    playbooks and roles. The collection itself comes from the collections path, as in an execution environment."""
    for part in ("playbooks", "roles"):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, project / part)
    return project


def run_job(sim: SimulatorProcess, private_data_dir: Path, inventory: Path, ident: str, client: str = "sandbox-us",
            **extra: Any) -> Any:
    """One AWX-like job: the rollout of one region group, as ansible-runner runs it for AWX."""
    project = private_data_dir / "project"
    if not project.exists():
        project_checkout(project)
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("GENESYSCLOUD_")]:
            patch.delenv(name)  # only the credential may authenticate the job
        patch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        return ansible_runner.run(
            private_data_dir=str(private_data_dir), playbook=str(project / "playbooks" / "site_rollout.yml"),
            inventory=str(inventory), envvars=awx_job_env(sim, private_data_dir, client), limit=REGION_GROUP,
            ident=ident, quiet=True, suppress_env_files=True, timeout=900, **extra,
        )


@pytest.fixture(scope="module")
def jobs(simulator, tmp_path_factory):
    """The first rollout of the region group, then the same job again (a no-op)."""
    private_data_dir = tmp_path_factory.mktemp("awx-job")
    inventory = inventory_without_credentials(private_data_dir / "inventory")
    first = run_job(simulator, private_data_dir, inventory, "job")
    second = run_job(simulator, private_data_dir, inventory, "again")
    return first, second, private_data_dir


@pytest.fixture(scope="module")
def job(jobs):
    return jobs[0], jobs[2]


def site_results(runner: Any, task: str = "Each site's own changes and failures") -> dict[str, str]:
    """host -> the event of its own site_outcome task (runner_on_ok, runner_on_failed), as AWX records them."""
    return {e["event_data"]["host"]: e["event"] for e in runner.events
            if e["event"].startswith("runner_on_") and e["event_data"].get("task") == task}


def stats_event(runner: Any) -> dict[str, Any]:
    (event,) = [e for e in runner.events if e["event"] == "playbook_on_stats"]
    return event["event_data"]


def test_job_succeeds_on_every_site_of_the_limit_each_with_its_own_change(job):
    runner, _private_data_dir = job
    assert (runner.status, runner.rc) == ("successful", 0), runner.stdout.read()[-8000:]
    assert not runner.stats["failures"] and not runner.stats["dark"]
    assert set(runner.stats["ok"]) == set(SITES)
    assert set(runner.stats["changed"]) == set(SITES) and all(n >= 1 for n in runner.stats["changed"].values())
    assert site_results(runner) == dict.fromkeys(SITES, "runner_on_ok")
    changed = {e["event_data"]["host"]: e["event_data"]["res"]["changed"] for e in runner.events
               if e["event"] == "runner_on_ok" and e["event_data"].get("task") == "Each site's own changes and failures"}
    assert changed == dict.fromkeys(SITES, True)


def test_the_same_job_again_changes_no_site(jobs):
    _first, runner, _private_data_dir = jobs
    assert (runner.status, runner.rc) == ("successful", 0), runner.stdout.read()[-8000:]
    assert set(runner.stats["ok"]) == set(SITES) and not runner.stats["changed"] and not runner.stats["failures"]
    assert site_results(runner) == dict.fromkeys(SITES, "runner_on_ok")


def test_a_job_with_failed_sites_fails_exactly_those_hosts(tmp_path):
    """The drill's us-east-1 group: boise's second appliance never connects, reno's smoke number is refused."""
    with SimulatorProcess(config=DRILL / "simulator.yml", time_scale=30, strict_fields=True) as sim:
        inventory = inventory_without_credentials(tmp_path / "inventory", DRILL)
        runner = run_job(sim, tmp_path, inventory, "drill", client="drill-us",
                         extravars={"genesys_max_fail_percentage": 100, "genesys_wave_size": 2})
    assert (runner.status, runner.rc) == ("failed", 2), runner.stdout.read()[-8000:]
    assert runner.stats["failures"] == {"boise": 1, "reno": 1}
    assert site_results(runner) == {"denver": "runner_on_ok", "boise": "runner_on_failed", "reno": "runner_on_failed"}
    failed = {e["event_data"]["host"]: e["event_data"]["res"]["msg"] for e in runner.events if e["event"] == "runner_on_failed"}
    assert failed["boise"].startswith("Boise: the edges stage failed:")
    assert failed["reno"].startswith("Reno: the smoke stage failed:")


@pytest.mark.usefixtures("job")
def test_credential_alone_authenticated_the_job(simulator):
    """The inventory has no credentials: the one token of the run came from the injected client."""
    assert simulator.admin.stats()["tokens_issued"] == {"us-east-1": 1}
    assert {token["client_id"] for token in simulator.admin.tokens()} == {"sandbox-us"}
    sites = simulator.admin.state()["regions"]["us-east-1"]["orgs"][0]["sites"]
    assert sorted(site["name"] for site in sites) == sorted(SITES.values())


def report_path(private_data_dir: Path) -> Path:
    """The rollout writes its report to artifacts/ of the project checkout, the job's working directory."""
    return private_data_dir / "project" / "artifacts" / "rollout-report-latest.json"


def test_set_stats_reach_awx(job):
    """AWX reads set_stats from the playbook_on_stats event's artifact_data (the job's artifacts, which a
    workflow passes on to the next node)."""
    runner, private_data_dir = job
    artifact_data = stats_event(runner).get("artifact_data")
    assert isinstance(artifact_data, dict) and artifact_data, "the rollout sets no stats (set_stats) for AWX"
    summary = artifact_data["genesys_report"]
    assert summary["mode"] == "apply"
    assert summary["totals"]["sites"] == len(SITES) and summary["totals"]["regions"] == 1
    assert summary["totals"]["failed_sites"] == [] and summary["failures"] == []
    assert Path(summary["files"]["json"]).parent.resolve() == report_path(private_data_dir).parent.resolve()
    assert summary["truncated"] is False and set(summary["regions"]["us-east-1"]) == set(SITES)


def test_rollout_report_is_written_to_the_job_directory(job):
    _runner, private_data_dir = job
    project = private_data_dir / "project"
    written = [str(p.relative_to(project)) for p in project.rglob("*") if p.parts[len(project.parts)] not in ("playbooks", "roles")]
    assert report_path(private_data_dir).is_file(), f"no artifacts/rollout-report.json in the project; the job wrote: {written}"
    report = json.loads(report_path(private_data_dir).read_text())
    assert set(report["regions"]) == {"us-east-1"}, "the report covers only the sites of the limit"
    assert {host: entry["site"] for host, entry in report["regions"]["us-east-1"].items()} == SITES
    assert all(entry["status"] in ("ok", "changed") for entry in report["regions"]["us-east-1"].values())
    assert {"rollout-report-latest.md", "rollout-report-latest.html"} <= {p.name for p in report_path(private_data_dir).parent.iterdir()}


def test_secret_is_in_none_of_the_artifacts(job):
    """stdout, stderr, job_events, the report, the inventory and the token cache. Runner's own artifacts/<ident>/command holds
    the environment it was handed (AWX keeps only a masked copy and deletes the private data dir), so it is the
    one file of each job left out."""
    runner, private_data_dir = job
    command_files = set(private_data_dir.glob("artifacts/*/command"))  # one a job: the first and the re-run
    scanned = [p for p in private_data_dir.rglob("*") if p.is_file() and p not in command_files]
    assert any(p.parent.name == "job_events" for p in scanned) and (Path(runner.config.artifact_dir) / "stdout").is_file()
    leaking = [str(p.relative_to(private_data_dir)) for p in scanned if SECRET in p.read_text(errors="replace")]
    assert not leaking
    assert not (private_data_dir / "env" / "envvars").exists(), "suppress_env_files: the env is not written to disk"
