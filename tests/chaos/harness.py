"""The sandbox rollout as the chaos tests run it: one simulator process and one `ansible-playbook` a run, each with
its own token cache, temp and report directories, so several runs can share the machine; and the yardsticks a run
is judged by: the org it leaves (by name, ids stripped), duplicated objects, and what the simulator's log saw.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genesys_cloud_sim.testing import SimulatorProcess

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = ROOT / "inventories" / "sandbox"
PLAYBOOK = ROOT / "playbooks" / "site_rollout.yml"
BIN = Path(sys.executable).parent
# Edge pairing and smoke-call answers follow the simulator's clock: 60x makes a 20 s pairing take a third of a second.
TIME_SCALE = 60
# The job's default waves are 25% of the sites; waves of 5 keep the 8-site sandbox to two waves after the canaries.
ROLLOUT_ARGS = ("-e", "genesys_wave_size=5")
ROLLOUT_TIMEOUT_S = 600
# Runs at once, each a simulator and an ansible-playbook (~0.5 GB): a run under faults spends half its time in
# Retry-After waits, so on two cores six at once keep the CPU busy (4: 343 s for the campaign, 6: 246 s).
WORKERS = int(os.environ.get("CHAOS_WORKERS", "6"))
# Lines for the end of the pytest session (conftest prints them, captured output or not).
SUMMARY: list[str] = []
# The org keys of the objects a rollout creates: none may ever exist twice under one name.
CREATED_KINDS = ("locations", "sites", "edges", "media_retention_policies")


@dataclass
class Rollout:
    """One finished ansible-playbook run."""

    returncode: int
    output: str
    wall_s: float
    failures: list[dict[str, Any]]  # the report's: host, stage, msg, fix

    def describe(self) -> str:
        """What failed, for an assertion message: the report's failures, else the output's tail."""
        return "\n".join(f"{f['host']} ({f['stage']}): {f['msg']}" for f in self.failures) or self.output[-3000:]


# Eventual consistency as the campaign meets it (core/consistency.py; the bounds are guesses, see FIDELITY.md):
# reads by id lag up to 0.5 s behind a write, listings up to 2 s, a deleted object holds its name and parents 3 s,
# and a fifth of station associations meet the 409 race of TF issue #1461.
LAG = {"read_lag_ms": [0, 500], "listing_lag_ms": [0, 2000], "in_use_after_delete_ms": 3000,
       "station_conflict_rate": 0.2}


def sandbox_simulator(lag_seed: int | None = None) -> SimulatorProcess:
    """A fresh org a region, seeded as `make sandbox` seeds it; with a lag seed, eventually consistent."""
    consistency = None if lag_seed is None else {"seed": lag_seed, **LAG}
    return SimulatorProcess(config=SANDBOX / "simulator.yml", time_scale=TIME_SCALE, strict_fields=True,
                            consistency=consistency)


def start_rollout(sim: SimulatorProcess, workdir: Path) -> subprocess.Popen:
    """`ansible-playbook playbooks/site_rollout.yml` in its own process group (its forks and modules with it)."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
    env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "GENESYS_SIM_URL": sim.url,
                "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp"), "GENESYSCLOUD_TOKEN_CACHE_DIR": str(workdir / "tokens")})
    command = [str(BIN / "ansible-playbook"), "-i", str(SANDBOX), str(PLAYBOOK),
               "-e", f"genesys_report_dir={workdir / 'reports'}", *ROLLOUT_ARGS]
    with (workdir / "output.log").open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)


def run_rollout(sim: SimulatorProcess, workdir: Path) -> Rollout:
    """The rollout to its end (or ROLLOUT_TIMEOUT_S); a re-run in the same workdir reuses its token cache."""
    started = time.monotonic()
    log = workdir / "output.log"
    offset = log.stat().st_size if log.exists() else 0  # a re-run appends to the same log
    (workdir / "reports" / "rollout-report-latest.json").unlink(missing_ok=True)  # judge a run by its own report only
    process = start_rollout(sim, workdir)
    try:
        returncode = process.wait(timeout=ROLLOUT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        kill_rollout(process)
        returncode = -signal.SIGKILL
    output = log.read_bytes()[offset:].decode("utf-8", "replace")
    return Rollout(returncode, output, time.monotonic() - started, report_failures(workdir))


def report_failures(workdir: Path) -> list[dict[str, Any]]:
    """The failures the job's report names (each with the call, the status and the fix), [] without a report."""
    try:
        report = json.loads((workdir / "reports" / "rollout-report-latest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return report.get("failures") or []


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc: ansible-core's workers call setsid, so the job's process group does
    not hold them."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_rollout(process: subprocess.Popen) -> None:
    """SIGKILL the whole job at once, as a lost controller would: no handler, no cleanup, no report. The whole
    process tree, not just the group: a worker in a session of its own would otherwise go on writing."""
    for pid in [process.pid, *descendants(process.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def orgs(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """region -> its one org (the sandbox seeds one org a region)."""
    return {region: data["orgs"][0] for region, data in state["regions"].items()}


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _interfaces(edge: dict[str, Any]) -> list[tuple]:
    return sorted((i["name"], i.get("hardwareAddress"), _canonical(i.get("addresses")))
                  for i in edge.get("logical_interfaces", []))


def _org_projection(org: dict[str, Any]) -> dict[str, Any]:
    name_of = {item["id"]: item["name"] for key in ("locations", "sites", "users") for item in org[key]}
    email_of = {user["id"]: user["email"] for user in org["users"]}
    return {
        "features": org["features"],
        "locations": {loc["name"]: _canonical(loc.get("address")) for loc in org["locations"]},
        "sites": {site["name"]: (name_of.get(site["location"]), site.get("mediaModel"), site["ntpSettings"]["servers"],
                                 _canonical(site.get("edgeAutoUpdateConfig"))) for site in org["sites"]},
        "edges": {edge["name"]: (name_of.get(edge["site"]), edge["pairingId"], edge.get("in_service"),
                                 _interfaces(edge)) for edge in org["edges"]},
        "retention_policies": {policy["name"]: (policy.get("enabled"), policy.get("description"),
                                                _canonical(policy.get("mediaPolicies")))
                               for policy in org["media_retention_policies"]},
        "stations": {station["name"]: email_of.get(station.get("associated_user")) for station in org["stations"]},
        "agents": {user["email"]: (user["presence"]["systemPresence"], user["routing_status"]["status"])
                   for user in org["users"]},
    }


def converged_projection(state: dict[str, Any]) -> dict[str, Any]:
    """What a rollout leaves in each org, keyed by name: ids, timestamps and versions differ from run to run."""
    return {region: _org_projection(org) for region, org in orgs(state).items()}


def name_counts(state: dict[str, Any]) -> Counter:
    """(region, kind, name) -> how many objects bear the name; logical interfaces count per Edge."""
    counts: Counter = Counter()
    for region, org in orgs(state).items():
        for kind in CREATED_KINDS:
            counts.update((region, kind, item["name"]) for item in org[kind])
        for edge in org["edges"]:
            counts.update((region, "logical_interfaces", f"{edge['name']}/{i['name']}")
                          for i in edge.get("logical_interfaces", []))
    return counts


def duplicates(state: dict[str, Any]) -> dict[str, int]:
    """{"region kind name": count} for every name borne by more than one object."""
    return {" ".join(key): count for key, count in name_counts(state).items() if count > 1}


def open_calls(state: dict[str, Any]) -> list[str]:
    """Calls nobody hung up: a smoke call must always end, whatever failed on the way."""
    return [f"{region} {call['phoneNumber']} {call['id']}" for region, org in orgs(state).items()
            for call in org["calls"] if not call.get("hung_up_at")]


def _retryable(entry: dict[str, Any]) -> bool:
    """A 429 or 5xx, or a connection dropped without an answer: what the client must try again or look up."""
    return entry["status"] == 429 or (entry["status"] or 0) >= 500 or entry["fault"] in ("reset", "ambiguous_write")


def traffic_figures(log: list[dict[str, Any]]) -> dict[str, Any]:
    """What the simulator saw: requests, the faults it injected by kind, and the answers a client has to retry."""
    faults = Counter(entry["fault"] for entry in log if entry["fault"])
    return {
        "requests": len(log),
        "writes_applied": sum(1 for entry in log if entry["write"]),
        "faults": dict(sorted(faults.items())),
        "delayed": sum(1 for entry in log if entry["latency_ms"]),
        "retryable_answers": sum(1 for entry in log if _retryable(entry)),
        "refused_tokens": sum(1 for entry in log if entry["status"] == 401),
        "tokens_issued": sum(1 for entry in log if entry["path"] == "/oauth/token" and entry["status"] == 200),
        "station_races": sum(1 for entry in log if entry["status"] == 409 and "/associatedstation/" in entry["path"]),
    }


def publish(section: str, figures: Any) -> Path:
    """Write one section of the published results (CHAOS_RESULTS, default tests/chaos/results.json), keeping the
    sections other tests wrote."""
    path = Path(os.environ.get("CHAOS_RESULTS") or Path(__file__).with_name("results.json"))
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = {}
    results[section] = figures
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
