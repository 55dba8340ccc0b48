"""Benchmark harness: measure the main job against the bundled simulator and print figures (never fails on timing).

    python tests/bench/run.py --regions 4 --sites 50 --edges 2 [--scenarios 1,2,3,4,sim] [--output FILE]

Scenarios (each prints wall and CPU time, requests by route and verb, tokens issued, 429s, task failures and the
peak RSS of ansible-playbook and of its process tree):
  1    first rollout of a generated inventory (--skip-tags smoke: no smoke calls)
  2    no-op re-run of the same inventory against the state scenario 1 left
  3    the no-op re-run with 40 ms added to every request and 300 requests/min per token enforced
  4    tests/bench/baseline.yml: the same convergence check as a hand-written playbook (uri, a token per call)
  sim  the simulator's own throughput: GET of one site at 8 concurrent connections, then writes (a location made
       and deleted, over and over) at 8 connections: with a state file each is persisted before it is answered
Scenarios 2, 3 and 4 need the converged org of scenario 1, so asking for any of them runs scenario 1 first.
Every process is on loopback; the generated inventory and the simulator's state live in a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import psutil
import requests
import yaml

from genesys_cloud_sim.testing import SimulatorProcess

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import Scale, client_of, generate, max_pairing_s  # noqa: E402  pylint: disable=wrong-import-position

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PLAYBOOK = ROOT / "playbooks" / "site_rollout.yml"
BASELINE = Path(__file__).resolve().parent / "baseline.yml"
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
FAST_TIME_SCALE = 60.0  # pairing waits of tens of simulated seconds take under two real seconds
RATE_LIMIT_PER_MINUTE = 300
LATENCY_MS = 40
SIM_REQUESTS = 4000  # bounded throughput probe
SIM_CONCURRENCY = 8
SIM_WRITES = 1600  # bounded write probe: half creates, half deletes
PLAYBOOK_TIMEOUT_S = 3600
MB = 1024 * 1024


@dataclass
class ProcessFigures:
    """What one ansible-playbook run cost: wall and CPU time (its whole tree), peak memory, exit, recap."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    peak_tree_rss_mb: float
    returncode: int
    recap: dict[str, int]
    output: str = field(repr=False, default="")


@dataclass
class Workspace:
    """The generated inventory, seed and per-run scratch directories of one benchmark."""

    root: Path
    inventory: Path
    seed: Path
    scale: Scale

    @property
    def state(self) -> Path:
        return self.root / "sim-state.json"

    def scratch(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def hosts_by_region(self) -> dict[str, list[str]]:
        groups = yaml.safe_load((self.inventory / "hosts.yml").read_text(encoding="utf-8"))
        children = groups["all"]["children"]["genesys_sites"]["children"]
        return {name: list(group["hosts"]) for name, group in children.items()}

    def first_region(self) -> str:
        return next(iter(json.loads(self.seed.read_text(encoding="utf-8"))["regions"]))


# --- measuring a process -------------------------------------------------------------------------------------


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class RssSampler:
    """Polls a process and its descendants for resident memory until stopped (the peak is what counts)."""

    def __init__(self, pid: int, interval_s: float = 0.1) -> None:
        self._pid = pid
        self._interval_s = interval_s
        self._stop = threading.Event()
        self.peak_main = 0
        self.peak_tree = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            main = psutil.Process(self._pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            self._sample(main)
            self._stop.wait(self._interval_s)

    def _sample(self, main: psutil.Process) -> None:
        try:
            rss = main.memory_info().rss
            tree = rss + sum(rss_of(child) for child in main.children(recursive=True))
        except psutil.NoSuchProcess:
            return
        self.peak_main = max(self.peak_main, rss)
        self.peak_tree = max(self.peak_tree, tree)


def rss_of(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.NoSuchProcess:  # a fork that ended between listing and reading
        return 0


def parse_recap(output: str) -> dict[str, int]:
    """Sums over the PLAY RECAP: hosts, ok, changed, unreachable and failed tasks."""
    rows = RECAP.findall(output)
    totals = Counter({"hosts": len(rows)})
    for _host, *counts in rows:
        totals.update(dict(zip(("ok", "changed", "unreachable", "failed"), map(int, counts))))
    return {key: totals[key] for key in ("hosts", "ok", "changed", "unreachable", "failed")}


def run_measured(command: list[str], env: dict[str, str]) -> ProcessFigures:
    """Run a command to the end, sampling its memory; CPU is the RUSAGE_CHILDREN delta (the reaped tree)."""
    cpu_before, started = children_cpu_s(), time.monotonic()
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        with RssSampler(process.pid) as sampler:
            try:
                returncode = process.wait(timeout=PLAYBOOK_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                returncode = process.wait()
        wall = time.monotonic() - started
        log.seek(0)
        output = log.read()
    return ProcessFigures(round(wall, 2), round(children_cpu_s() - cpu_before, 2), round(sampler.peak_main / MB, 1),
                          round(sampler.peak_tree / MB, 1), returncode, parse_recap(output), output)


def playbook_env(work: Workspace, sim_url: str, name: str) -> dict[str, str]:
    """A clean environment per run: a cold token cache (a new job starts with none) and private temp dirs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
    env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "GENESYS_SIM_URL": sim_url,
                "ANSIBLE_LOCAL_TEMP": str(work.scratch(f"{name}/ansible-tmp")),
                "GENESYSCLOUD_TOKEN_CACHE_DIR": str(work.scratch(f"{name}/tokens")),
                "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"})
    return env


def ansible_playbook(work: Workspace, sim_url: str, name: str, playbook: Path, *args: str) -> ProcessFigures:
    command = [str(BIN / "ansible-playbook"), "-i", str(work.inventory), str(playbook),
               # The report directory exists beforehand, as in a re-run: a no-op run then reports changed=0.
               "-e", f"genesys_report_dir={work.scratch(f'{name}/reports')}", *args]
    return run_measured(command, playbook_env(work, sim_url, name))


# --- what the simulator saw ----------------------------------------------------------------------------------


def traffic_figures(stats: dict[str, Any], log: list[dict[str, Any]]) -> dict[str, Any]:
    """Requests by route and verb, tokens, 429s and retries from GET /__sim/stats and the request log."""
    by_route = dict(sorted(stats.get("requests", {}).items(), key=lambda kv: (-kv[1], kv[0])))
    by_verb: Counter[str] = Counter()
    for route, count in by_route.items():
        by_verb[route.split(" ", 1)[0]] += count
    api_by_region: Counter[str] = Counter(e["region"] or "?" for e in log if "/oauth/" not in e["path"])
    statuses = stats.get("responses_by_status", {})
    retried = sum(int(n) for status, n in statuses.items() if status in ("429", "502", "503", "504"))
    return {
        "requests_total": stats.get("requests_total", 0),
        "api_requests": sum(api_by_region.values()),
        "api_requests_by_region": dict(sorted(api_by_region.items())),
        "requests_by_verb": dict(sorted(by_verb.items())),
        "requests_by_route": by_route,
        "writes": stats.get("writes", 0),
        "tokens_issued": stats.get("tokens_issued", {}),
        "tokens_issued_total": sum(stats.get("tokens_issued", {}).values()),
        "rate_limited_429": stats.get("rate_limited", 0),
        # The simulator's view of retries: every 429/502/503/504 it answered is one the client had to retry.
        "retries": retried,
        "responses_by_status": statuses,
    }


def scenario_figures(name: str, run: ProcessFigures, stats: dict[str, Any], log: list[dict[str, Any]]) -> dict[str, Any]:
    figures: dict[str, Any] = {"scenario": name, "wall_s": run.wall_s, "cpu_s": run.cpu_s,
                               "peak_rss_mb": run.peak_rss_mb, "peak_tree_rss_mb": run.peak_tree_rss_mb,
                               "returncode": run.returncode, "recap": run.recap,
                               "task_failures": run.recap.get("failed", 0) + run.recap.get("unreachable", 0),
                               "http_429_in_output": count_429_mentions(run.output),
                               "changed_tasks": changed_tasks(run.output)}
    figures.update(traffic_figures(stats, log))
    return figures


def changed_tasks(output: str) -> dict[str, int]:
    """Task name -> hosts it reported changed for (a no-op run should have none)."""
    counts: Counter[str] = Counter()
    task = ""
    for line in output.splitlines():
        if line.startswith("TASK ["):
            task = line[6:].split("]", 1)[0]
        elif line.startswith("changed: "):
            counts[task] += 1
    return dict(counts)


def count_429_mentions(output: str) -> int:
    """Task results that show a 429 (a rate limit that reached a task instead of being absorbed by retries)."""
    return sum(1 for line in output.splitlines()
               if ("fatal:" in line or "FAILED" in line) and ("429" in line or "too.many.requests" in line))


@contextmanager
def simulator(work: Workspace, time_scale: float, seeded: bool) -> Iterator[SimulatorProcess]:
    """A simulator process on loopback whose state persists in the workspace (saved when it stops)."""
    config = work.seed if seeded else None
    with SimulatorProcess(config=config, state_file=work.state, time_scale=time_scale,
                          start_timeout_s=120) as sim:
        yield sim


def measure(sim: SimulatorProcess, work: Workspace, name: str, playbook: Path, *args: str) -> dict[str, Any]:
    sim.admin.clear_requests()
    run = ansible_playbook(work, sim.url, name, playbook, *args)
    figures = scenario_figures(name, run, sim.admin.stats(), sim.admin.requests())
    if run.returncode != 0:
        figures["output_tail"] = run.output[-3000:]
    return figures


# --- scenarios -------------------------------------------------------------------------------------------------


def baseline(sim: SimulatorProcess, work: Workspace, sites_per_region: int) -> dict[str, Any]:
    """Scenario 4, on the first sites_per_region sites of each region (0: all); wall and CPU are then
    extrapolated linearly to the whole inventory (a per-host playbook's cost is linear in its hosts)."""
    total = work.scale.regions * work.scale.sites
    if not 0 < sites_per_region < work.scale.sites:
        return measure(sim, work, "4-baseline", BASELINE)
    hosts = [h for hosts in work.hosts_by_region().values() for h in hosts[:sites_per_region]]
    figures = measure(sim, work, "4-baseline", BASELINE, "--limit", ",".join(hosts))
    factor = total / len(hosts)
    figures["sampled_sites"] = len(hosts)
    figures["measured_wall_s"], figures["measured_cpu_s"] = figures["wall_s"], figures["cpu_s"]
    figures["wall_s"] = round(figures["wall_s"] * factor, 2)
    figures["cpu_s"] = round(figures["cpu_s"] * factor, 2)
    figures["extrapolated"] = f"wall and cpu x{factor:g} from {len(hosts)} of {total} sites"
    return figures


def rollout_scenarios(work: Workspace, wanted: set[str], baseline_sites: int = 0) -> dict[str, dict[str, Any]]:
    """1, 2 and 4 on one fast simulator; then 3 on a real-time one (its rate-limit window must be 60 real s)."""
    results: dict[str, dict[str, Any]] = {}
    with simulator(work, FAST_TIME_SCALE, seeded=True) as sim:
        sim.admin.set_rate_limit(per_token_per_minute=0)  # 1, 2 and 4 measure the job, not the budget
        results["1"] = announce(measure(sim, work, "1-first-rollout", PLAYBOOK, "--skip-tags", "smoke"))
        converged_at = time.monotonic()
        if "2" in wanted:
            results["2"] = announce(measure(sim, work, "2-noop", PLAYBOOK, "--skip-tags", "smoke"))
        if "4" in wanted:
            results["4"] = announce(baseline(sim, work, baseline_sites))
        if "sim" in wanted:
            results["sim"] = announce(simulator_throughput(sim, work))
    if "3" in wanted:
        # At time scale 1 an Edge needs max_pairing_s real seconds from its creation to be ACTIVE again.
        time.sleep(max(0.0, max_pairing_s() + 2 - (time.monotonic() - converged_at)))
        with simulator(work, 1.0, seeded=False) as sim:
            sim.admin.set_faults(latency_ms=[LATENCY_MS, LATENCY_MS])
            sim.admin.set_rate_limit(per_token_per_minute=RATE_LIMIT_PER_MINUTE)
            results["3"] = announce(measure(sim, work, "3-noop-latency-ratelimit", PLAYBOOK, "--skip-tags", "smoke"))
    return results


def first_site_url(sim: SimulatorProcess, work: Workspace) -> tuple[str, dict[str, str]]:
    """The URL of one site of the first region, and an Authorization header for it."""
    region = work.first_region()
    base = sim.base_url(region)
    client_id, secret = client_of(region)
    token = requests.post(f"{base}/oauth/token", data={"grant_type": "client_credentials"},
                          auth=(client_id, secret), timeout=30)
    token.raise_for_status()
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    sites = requests.get(f"{base}/api/v2/telephony/providers/edges/sites", headers=headers, timeout=30)
    sites.raise_for_status()
    return f"{base}/api/v2/telephony/providers/edges/sites/{sites.json()['entities'][0]['id']}", headers


def simulator_throughput(sim: SimulatorProcess, work: Workspace) -> dict[str, Any]:
    """GET one site SIM_REQUESTS times over SIM_CONCURRENCY threads, a keep-alive Session per thread."""
    url, headers = first_site_url(sim, work)
    sim.admin.set_rate_limit(per_token_per_minute=0)
    per_thread = SIM_REQUESTS // SIM_CONCURRENCY
    local = threading.local()

    def worker(count: int) -> list[int]:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        return [session.get(url, headers=headers, timeout=30).status_code for _i in range(count)]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=SIM_CONCURRENCY) as pool:
        statuses = [code for codes in pool.map(worker, [per_thread] * SIM_CONCURRENCY) for code in codes]
    wall = time.monotonic() - started
    return {"scenario": "sim", "requests": len(statuses), "concurrency": SIM_CONCURRENCY, "wall_s": round(wall, 2),
            "requests_per_s": round(len(statuses) / wall, 1), "non_200": sum(1 for s in statuses if s != 200),
            **write_throughput(url.split("/api/v2/", maxsplit=1)[0], headers)}


def write_throughput(base: str, headers: dict[str, str]) -> dict[str, Any]:
    """SIM_WRITES writes over SIM_CONCURRENCY threads: each makes a location of its own and deletes it, in turn."""
    locations = f"{base}/api/v2/locations"

    def worker(thread: int) -> list[int]:
        session, statuses = requests.Session(), []
        for cycle in range(SIM_WRITES // SIM_CONCURRENCY // 2):
            made = session.post(locations, json={"name": f"Bench write {thread}-{cycle}"}, headers=headers, timeout=30)
            statuses.append(made.status_code)
            if made.ok:
                statuses.append(session.delete(f"{locations}/{made.json()['id']}", headers=headers, timeout=30).status_code)
        return statuses

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=SIM_CONCURRENCY) as pool:
        statuses = [code for codes in pool.map(worker, range(SIM_CONCURRENCY)) for code in codes]
    wall = time.monotonic() - started
    return {"writes": len(statuses), "writes_wall_s": round(wall, 2), "writes_per_s": round(len(statuses) / wall, 1),
            "writes_failed": sum(1 for s in statuses if s >= 300)}


# --- targets -----------------------------------------------------------------------------------------------------


def target(name: str, measured: float | None, limit: float, higher_is_better: bool = False,
           note: str = "") -> dict[str, Any]:
    """One target: pass/miss and the margin (positive = room to spare, negative = how far off)."""
    if measured is None:
        return {"target": name, "limit": limit, "measured": None, "status": "not measured", "note": note}
    margin = measured - limit if higher_is_better else limit - measured
    entry = {"target": name, "limit": round(limit, 2), "measured": round(measured, 2),
             "status": "pass" if margin >= 0 else "miss", "margin": round(margin, 2),
             "margin_pct": round(100 * margin / limit, 1) if limit else None}
    if note:
        entry["note"] = note
    return entry


def pairing_polls(first: dict[str, Any], noop: dict[str, Any]) -> int:
    """Edge listings the first rollout made beyond the no-op's: the pairing waits' polls (an estimate)."""
    route = "GET /api/v2/telephony/providers/edges"
    return max(0, first["requests_by_route"].get(route, 0) - noop["requests_by_route"].get(route, 0))


def rate_limit_floor_s(figures: dict[str, Any]) -> float:
    """The shortest wall time the budget allows: each region's API requests at 300 a minute on its one token."""
    busiest = max(figures["api_requests_by_region"].values(), default=0)
    return busiest / (RATE_LIMIT_PER_MINUTE / 60.0)


def targets(results: dict[str, dict[str, Any]], scale: Scale) -> list[dict[str, Any]]:
    sites = scale.regions * scale.sites
    first, noop, limited, base, sim = (results.get(k) for k in ("1", "2", "3", "4", "sim"))
    checks: list[dict[str, Any]] = []
    if noop:
        checks += [
            target("no-op re-run wall (s)", noop["wall_s"], 20.0),
            target("no-op requests <= 3/site + 10/region", noop["api_requests"], 3 * sites + 10 * scale.regions,
                   note="API requests, token requests excluded"),
            target("no-op tokens: exactly 1 per region (extra tokens)",
                   sum(abs(noop["tokens_issued"].get(r, 0) - 1) for r in noop["api_requests_by_region"]) or 0, 0),
        ]
    if first and noop:
        polls = pairing_polls(first, noop)
        checks.append(target("first rollout requests <= 2x no-op + pairing polls", first["api_requests"],
                             2 * noop["api_requests"] + polls, note=f"pairing polls estimated at {polls}"))
    if limited:
        floor = rate_limit_floor_s(limited)
        checks += [
            target("rate-limited: task failures", limited["task_failures"], 0),
            target("rate-limited: 429s reaching a task", limited["http_429_in_output"], 0,
                   note=f"the simulator answered {limited['rate_limited_429']} 429s in all"),
            target("rate-limited wall <= 1.25x requests/allowed rate (s)", limited["wall_s"], 1.25 * floor,
                   note=f"floor {floor:.1f} s: busiest region's API requests at {RATE_LIMIT_PER_MINUTE}/min"),
        ]
    if base and noop:
        checks.append(target("baseline / no-op wall ratio", base["wall_s"] / noop["wall_s"], 8.0,
                             higher_is_better=True))
    if first or noop:
        peak = max((r["peak_rss_mb"], r["peak_tree_rss_mb"]) for r in (first, noop) if r)
        note = f"measured at {sites} sites; the target is for 1,000 sites"
        checks += [target("ansible-playbook peak RSS (MB)", peak[0], 250.0, note=note),
                   target("process tree peak RSS (MB)", peak[1], 1024.0, note=note)]
    if sim:
        checks.append(target("simulator GET site at 8 connections (req/s)", sim["requests_per_s"], 800.0,
                             higher_is_better=True))
    return checks


# --- printing ------------------------------------------------------------------------------------------------


def announce(figures: dict[str, Any]) -> dict[str, Any]:
    print(format_scenario(figures), flush=True)
    return figures


def format_scenario(figures: dict[str, Any]) -> str:
    if figures["scenario"] == "sim":
        return (f"\n== simulator throughput: {figures['requests']} GET site, {figures['concurrency']} connections\n"
                f"  wall {figures['wall_s']} s   {figures['requests_per_s']} requests/s   non-200 {figures['non_200']}\n"
                f"  {figures['writes']} writes: wall {figures['writes_wall_s']} s   {figures['writes_per_s']} writes/s   "
                f"failed {figures['writes_failed']}")
    lines = [f"\n== scenario {figures['scenario']}",
             f"  wall {figures['wall_s']} s   cpu {figures['cpu_s']} s   exit {figures['returncode']}",
             f"  peak RSS ansible-playbook {figures['peak_rss_mb']} MB   process tree {figures['peak_tree_rss_mb']} MB",
             f"  recap {figures['recap']}",
             f"  requests {figures['requests_total']} (API {figures['api_requests']}, by region "
             f"{figures['api_requests_by_region']})   writes {figures['writes']}",
             f"  by verb {figures['requests_by_verb']}",
             f"  tokens issued {figures['tokens_issued']}   429s {figures['rate_limited_429']}   "
             f"retries {figures['retries']}   task failures {figures['task_failures']}",
             f"  changed tasks {figures['changed_tasks']}"]
    if "extrapolated" in figures:
        lines.append(f"  {figures['extrapolated']} (measured wall {figures['measured_wall_s']} s, "
                     f"cpu {figures['measured_cpu_s']} s)")
    lines += [f"    {count:6d}  {route}" for route, count in figures["requests_by_route"].items()]
    if "output_tail" in figures:
        lines.append("  output tail:\n" + figures["output_tail"])
    return "\n".join(lines)


def format_targets(checks: list[dict[str, Any]]) -> str:
    lines = ["\n== targets", f"  {'target':58s} {'limit':>9s} {'measured':>9s} {'status':>6s} {'margin':>9s}"]
    for check in checks:
        lines.append(f"  {check['target']:58s} {check['limit']:>9} {str(check['measured']):>9s} "
                     f"{check['status']:>6s} {str(check.get('margin', '')):>9s}"
                     + (f"  ({check['note']})" if check.get("note") else ""))
    return "\n".join(lines)


# --- command line ----------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=4)
    parser.add_argument("--sites", type=int, default=50, help="sites per region")
    parser.add_argument("--edges", type=int, default=2, help="Edges per site")
    parser.add_argument("--scenarios", default="1,2,3,4,sim", help="comma-separated: 1,2,3,4,sim")
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parent / "results.json")
    parser.add_argument("--baseline-sites", type=int, default=0,
                        help="run scenario 4 on this many sites per region and extrapolate (0: every site)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (printed)")
    args = parser.parse_args(argv)
    args.scenarios = {s.strip() for s in args.scenarios.split(",") if s.strip()}
    unknown = args.scenarios - {"1", "2", "3", "4", "sim"}
    if unknown:
        parser.error(f"--scenarios: unknown {sorted(unknown)}; use 1,2,3,4,sim")
    return args


def run_all(work: Workspace, wanted: set[str], baseline_sites: int) -> dict[str, dict[str, Any]]:
    if wanted & {"1", "2", "3", "4"}:
        return rollout_scenarios(work, wanted, baseline_sites)
    with simulator(work, FAST_TIME_SCALE, seeded=True) as sim:
        # A site to GET: the first rollout is not run, so make one through the API.
        return {"sim": announce(simulator_throughput_seeded(sim, work))}


def simulator_throughput_seeded(sim: SimulatorProcess, work: Workspace) -> dict[str, Any]:
    """Throughput on an org whose only site is made by the admin seed (when scenario 1 is not run)."""
    region = work.first_region()
    sim.admin.seed({"regions": {region: {"orgs": [{"name": f"Bench {region}", "locations": [
        {"name": "Bench Probe Office", "address": {"street1": "1 Probe St", "city": "Probe", "country": "US"},
         "emergencyNumber": {"number": "+13175550100"}}],
        "sites": [{"name": "Bench Probe", "location": "Bench Probe Office"}]}]}}})
    return simulator_throughput(sim, work)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    scale = Scale(args.regions, args.sites, args.edges)
    tmp = Path(tempfile.mkdtemp(prefix="genesys-bench-"))
    inventory, seed = generate(tmp, scale)
    work = Workspace(tmp, inventory, seed, scale)
    print(f"scale {scale.as_dict()}  workspace {tmp}", flush=True)
    started = time.monotonic()
    try:
        results = run_all(work, args.scenarios, args.baseline_sites)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    checks = targets(results, scale)
    print(format_targets(checks), flush=True)
    document = {"scale": scale.as_dict(), "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "total_wall_s": round(time.monotonic() - started, 1), "host": host_facts(),
                "scenarios": results, "targets": checks}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {args.output}", flush=True)
    return 0


def host_facts() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": sys.version.split()[0],
            "memory_mb": round(psutil.virtual_memory().total / MB)}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
