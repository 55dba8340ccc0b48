# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout's stages, run for many sites at once in the controller (the rollout_stages action).

A stage is the module runs of one site (a location and a site; the site's Edges; ...) and how its outcome reads in
the report. Stages run in their fixed order, each for every site before the next, like a linear play; the sites of
a region run a stage together, a few at a time, through one client: one token, and the region's listings read once
for all of them (see module_utils/_shared_reads.py). A stage never raises: it records failed, and a failed stage
makes the site's later stages record skipped.
"""

from __future__ import annotations

import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._agents import PRESENCE_DEFINITIONS
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._clock import SAMPLES, region_clock
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edges import read_region_interfaces
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import LOCATIONS, SITES
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._preflight import grants_of, missing_permissions, refusal
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import STATIONS, read_region_users
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._outcomes import stage_outcome


@dataclass
class SiteRun:
    """One site of the run: its inventory variables (validated per stage), its outcome so far, its region's client."""

    host: str
    variables: dict[str, Any]
    region: str
    outcome: dict[str, Any] = field(default_factory=dict)
    failed_stage: str = ""
    client: Any = None
    client_error: str = ""  # why the region's client could not be made (every stage of the site fails with it)
    refusals: dict[str, str] = field(default_factory=dict)  # stage -> why it may not run (see refuse_shared)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.variables.get(name)
        return default if value is None else value

    def changed(self, stages: list[str]) -> bool:
        """Whether any of these stages changed the site (or would, in check mode)."""
        return any(self.outcome[name]["status"] == "changed" for name in stages if name in self.outcome)


@dataclass
class RunOptions:
    """What holds for every site of the task: the stage roles' variables (settings, by name), check and diff
    mode, and who leads each region."""

    settings: dict[str, Any]
    check_mode: bool
    leaders: dict[str, str]  # region -> the site that applies the region-wide rules
    led: Callable[[str], dict[str, Any]]  # the pci outcome of a region's leader, in this run or an earlier batch
    run_module: Callable[[str, dict[str, Any], SiteRun], dict[str, Any]]
    diff: bool = False


class StageFailed(Exception):
    def __init__(self, result: dict[str, Any]):
        super().__init__(result.get("msg"))
        self.result = result


class Skip(Exception):
    """The stage does not apply to this site; the message says why."""


@dataclass
class Stage:
    """One stage: the inventory variables it reads (checked against its role's argument spec before any request),
    its work (module runs, each result kept under a name) and how its outcome reads: a message and report facts."""

    name: str
    role: str
    variables: tuple[str, ...]
    work: Callable[[SiteRun, RunOptions, Callable[[str, str, dict[str, Any]], dict[str, Any]]], None]
    summary: Callable[[SiteRun, RunOptions, dict[str, dict[str, Any]]], tuple[str, dict[str, Any]]]
    waits: bool = False  # mostly waiting on appliances or calls: every site of the region at once


def run_stage(stage: Stage, site: SiteRun, options: RunOptions, spec: dict[str, Any]) -> None:
    """Run one stage of one site and record its outcome in site.outcome."""
    started = time.monotonic()
    results: dict[str, dict[str, Any]] = {}
    failure: dict[str, Any] = {}
    skip, msg, facts = "", "", {}
    blocked_by = site.failed_stage

    def call(key: str, module: str, params: dict[str, Any]) -> dict[str, Any]:
        result = options.run_module(module, params, site)
        results[key] = result
        if result.get("failed"):
            raise StageFailed(result)
        return result

    invalid = "" if blocked_by else (site.refusals.get(stage.name) or inventory_errors(site, stage, spec))
    if invalid:
        failure = {"failed": True, "msg": invalid}
    elif not blocked_by:
        try:
            stage.work(site, options, call)
        except Skip as reason:
            skip = str(reason)
        except StageFailed as failed:
            failure = failed.result
        except Exception as error:  # pylint: disable=broad-except  # a bug here must not lose the other sites
            failure = unexpected(error)
        if not skip:  # a failed stage's facts show what it got done (the Edges that paired before a timeout)
            try:
                msg, facts = stage.summary(site, options, results)
            except Exception as error:  # pylint: disable=broad-except
                failure = failure or unexpected(error)
    site.outcome[stage.name] = stage_outcome(
        results, failure=failure, skip=skip, msg=msg, facts=facts, blocked_by=blocked_by,
        seconds=time.monotonic() - started, keep_diff=options.check_mode or options.diff)
    if failure:
        site.failed_stage = stage.name


def unexpected(error: Exception) -> dict[str, Any]:
    return {"failed": True, "msg": f"Unexpected {error.__class__.__name__}: {error}", "exception": traceback.format_exc()}


def inventory_errors(site: SiteRun, stage: Stage, spec: dict[str, Any]) -> str:
    """The site's variables for this stage checked against the stage role's argument spec, as the role would."""
    wanted = {name: spec[name] for name in stage.variables if name in spec}
    given = {name: site.variables[name] for name in wanted if site.variables.get(name) is not None}
    checked = ArgumentSpecValidator(wanted).validate(given)
    if checked.error_messages:
        return (f"{site.host}: the inventory's variables for the {stage.name} stage are not valid: "
                + "; ".join(checked.error_messages) + ". Fix them in the inventory (host_vars or group_vars)")
    site.variables.update(unset_dropped(checked.validated_parameters))
    return ""


def unset_dropped(value: Any) -> Any:
    """The validator's None for every option left unset, dropped: the modules' own defaults apply instead."""
    if isinstance(value, dict):
        return {k: unset_dropped(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [unset_dropped(v) for v in value]
    return value


def run_region(sites: list[SiteRun], stages: list[Stage], options: RunOptions, specs: dict[str, dict[str, Any]],
               concurrency: int) -> None:
    """Every stage for every site of one region, stage after stage; within a stage, `concurrency` sites at once.
    A stage that waits runs every site at once. A region's leader runs the pci stage before its other sites,
    which take their outcome from it. Sites whose client lacks what the stages need run none of them."""
    refused = warm_up(stages, sites)  # every stage's reads at once: in a re-run no write forgets them
    if not options.check_mode:
        refused.update(preflight(sites, stages))
    for site in (s for s in sites if id(s.client) in refused):
        refuse(site, stages, refused[id(site.client)])
    sites = [s for s in sites if id(s.client) not in refused]
    for stage in stages:
        warm_up([stage], sites)  # what the earlier stages' writes forgot (no request when they forgot nothing)
        first = [s for s in sites if stage.name == "pci" and options.leaders.get(s.region) == s.host]
        width = len(sites) if stage.waits else concurrency
        for group in (first, [s for s in sites if s not in first]):
            with ThreadPoolExecutor(max_workers=max(1, min(width, len(group) or 1))) as pool:
                list(pool.map(lambda site: run_stage(stage, site, options, specs[stage.role]), group))


# The region-wide reads a stage's sites will make, by stage: made at once, before the sites start, so that with
# latency they cost one round trip together rather than one after another.
WARM_UP: dict[str, tuple[Callable[[Any], Any], ...]] = {
    "site": (lambda client: client.share(LOCATIONS), lambda client: client.share(SITES)),
    "edges": (lambda client: client.share(SITES), lambda client: read_region_interfaces(client, "physicalinterfaces"),
              lambda client: read_region_interfaces(client, "logicalinterfaces")),
    "time": (lambda client: client.share(SITES), lambda client: region_clock(client, SAMPLES)),
    "agents": (lambda client: client.share(STATIONS), lambda client: client.share(PRESENCE_DEFINITIONS),
               read_region_users),
}
NEEDED_BY = {"edges": "genesys_edges", "agents": "genesys_agents"}  # a stage only some sites have


def warm_up(stages: list[Stage], sites: list[SiteRun]) -> dict[int, str]:
    """Fill the shared reads of the sites that will run these stages, all at once. A read refused for a missing
    permission refuses its client's sites (by id of the client) before any write, naming the permission; another
    failure is left to the sites, each then reading for itself and recording the error in its outcome."""
    reads = []
    for stage in stages:
        needed = [s for s in sites if not s.failed_stage and s.client and s.get(NEEDED_BY.get(stage.name, "genesys_site"))]
        clients = list({id(s.client): s.client for s in needed}.values())
        reads += [(client, read) for client in clients for read in WARM_UP.get(stage.name, ())]
    refused: dict[int, str] = {}

    def attempt(client: Any, read: Callable[[Any], Any]) -> None:
        try:
            read(client)
        except GenesysCloudError as error:
            if error.status == 403:
                refused.setdefault(id(client), f"{error} {error.hint} Nothing was written in this region.")

    if reads:
        with ThreadPoolExecutor(max_workers=len(reads)) as pool:
            list(pool.map(lambda pair: attempt(*pair), reads))
    return refused


def preflight(sites: list[SiteRun], stages: list[Stage]) -> dict[int, str]:
    """Why each client (by id) may not run these stages, when it can read its own grants and they fall short."""
    refused = {}
    for client in {id(s.client): s.client for s in sites if s.client}.values():
        grants = client.remember(("grants",), lambda client=client: grants_of(client))
        missing = missing_permissions(grants, [stage.name for stage in stages]) if grants else {}
        if missing:
            refused[id(client)] = refusal(grants, missing)
    return refused


# What two sites of one batch may not share, by stage: the second write would be refused after the first was made,
# or worse, one site would undo the other (an agent moved between their desks, a site renamed back and forth).
SHARED_NOT = {
    "site": lambda site: [(site.get("genesys_site") or {}).get("name")],
    "edges": lambda site: [e.get("name") for e in site.get("genesys_edges") or [] if isinstance(e, dict)],
    "agents": lambda site: [a.get("user") for a in site.get("genesys_agents") or [] if isinstance(a, dict)],
}


def refuse_shared(sites: list[SiteRun], stages: list[Stage]) -> None:
    """Fail, before any write, the stages of the sites that name the same site, Edge or agent as another site of
    the batch (names as the API compares them), naming both hosts; their earlier stages still run."""
    for stage in stages:
        claims: dict[tuple[str, str], list[str]] = {}
        for site in sites:
            for name in SHARED_NOT.get(stage.name, lambda _site: [])(site):
                if isinstance(name, str) and name:
                    claims.setdefault((site.region, name.lower()), []).append(site.host)
        for (_region, name), hosts in claims.items():
            if len(set(hosts)) > 1:
                for site in (s for s in sites if s.host in hosts):
                    site.refusals.setdefault(stage.name, (
                        f"{site.host}: {name!r} is named by the sites {', '.join(sorted(set(hosts)))} of this run for "
                        f"the {stage.name} stage; give each its own in the inventory (nothing was written for it)"))


def refuse(site: SiteRun, stages: list[Stage], msg: str) -> None:
    """The site runs none of these stages: the first fails with `msg` (unless an earlier one of the site failed
    already), the others record skipped."""
    for stage in stages:
        if site.failed_stage:
            site.outcome[stage.name] = stage_outcome({}, blocked_by=site.failed_stage)
        else:
            site.outcome[stage.name] = stage_outcome({}, failure={"failed": True, "msg": msg})
            site.failed_stage = stage.name


# --- the stages ---------------------------------------------------------------------------------------------


def omitted(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


def site_work(site: SiteRun, options: RunOptions, call: Callable[..., dict[str, Any]]) -> None:
    wanted = site.get("genesys_site")
    if options.settings["site_manage_location"]:
        call("location", "location", omitted({"name": wanted["location"]["name"],
                                              "address": wanted["location"].get("address"),
                                              "emergency_number": wanted["location"].get("emergency_number")}))
    call("site", "site", omitted({
        "name": wanted["name"], "location": wanted["location"]["name"], "description": wanted.get("description"),
        "media_model": wanted.get("media_model"), "ntp_servers": wanted["ntp_servers"],
        "edge_auto_update": wanted.get("edge_auto_update")}))


def site_summary(site: SiteRun, _options: RunOptions, results: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    wanted, made = site.get("genesys_site"), results.get("site", {}).get("site") or {}
    return f"{wanted['name']} at {wanted['location']['name']}", {
        "site_id": made.get("id", ""), "location": wanted["location"]["name"],
        "ntp_servers": (made.get("ntp_settings") or {}).get("servers") or []}


def edges_work(site: SiteRun, options: RunOptions, call: Callable[..., dict[str, Any]]) -> None:
    if not site.get("genesys_edges"):
        raise Skip("the site has no genesys_edges")
    call("edges", "edge", {"site": site.get("genesys_site")["name"], "edges": site.get("genesys_edges"),
                           "state": options.settings["edge_pairing_state"],
                           "wait_timeout": options.settings["edge_pairing_wait_timeout"]})


def edges_summary(_site: SiteRun, options: RunOptions, results: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    edges = results.get("edges", {}).get("edges") or []
    state = options.settings["edge_pairing_state"]
    created = sum(1 for e in edges if e.get("action") == "create")
    if state == "present" and options.check_mode and created:
        msg = f"{created} of {len(edges)} Edges to be created and paired"
    elif state == "present":
        up = sum(1 for e in edges if e.get("status_code") == "ACTIVE" and e.get("online_status") == "ONLINE")
        msg = f"{up} of {len(edges)} Edges ACTIVE and ONLINE"
    else:
        msg = f"{len(edges)} Edges {state}"
    return msg, {"edges": [{k: e[k] for k in ("name", "status_code", "online_status") if k in e} for e in edges]}


def time_work(site: SiteRun, options: RunOptions, call: Callable[..., dict[str, Any]]) -> None:
    # In check mode a site the site stage would still create or change cannot hold the inventory's NTP servers
    # yet (that drift is the site stage's to report): measure the clock only.
    pending = options.check_mode and (site.outcome.get("site") or {}).get("status") == "changed"
    wanted = site.get("genesys_site")
    call("time", "time_sync", omitted({
        "site": None if pending else wanted["name"], "ntp_servers": None if pending else wanted["ntp_servers"],
        "tolerance": site.get("genesys_time_tolerance", options.settings["time_sync_tolerance"]),
        "probe_ntp": options.settings["time_sync_probe_ntp"]}))


def time_summary(_site: SiteRun, _options: RunOptions, results: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    measured = results.get("time", {})
    figures = {k: measured.get(k) for k in ("offset_ms", "error_ms", "tolerance_ms")}
    shown = {k: "?" if v is None else v for k, v in figures.items()}
    return (f"clock offset {shown['offset_ms']} ms (+-{shown['error_ms']} ms, tolerance {shown['tolerance_ms']} ms)",
            {**figures, "ntp_servers": measured.get("site_ntp_servers") or []})


def pci_enabled(site: SiteRun, options: RunOptions) -> bool:
    return site.get("genesys_pci", options.settings["pci_recording_pci"])


def pci_work(site: SiteRun, options: RunOptions, call: Callable[..., dict[str, Any]]) -> None:
    leader = options.leaders[site.region]
    if site.host != leader:
        led = options.led(leader)
        if led.get("status") not in ("ok", "changed"):
            raise Skip(f"region-wide rules not applied: {leader} {led.get('status') or 'failed or did not run'}")
        return
    # The policy first: a policy the API refuses then leaves the org's pci feature as it was.
    policy = site.get("genesys_recording_policy")
    if policy:
        call("policy", "media_retention_policy", omitted({
            "name": policy["name"], "description": policy.get("description"), "retention": policy["retention"],
            "archive_retention": policy.get("archive_retention")}))
    call("feature", "org_feature", {"name": "pci", "enabled": pci_enabled(site, options)})


def pci_summary(site: SiteRun, options: RunOptions, results: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    leader = options.leaders[site.region]
    if site.host != leader:
        return f"applied by {leader}", options.led(leader).get("facts") or {}
    policy = site.get("genesys_recording_policy")
    days = results.get("policy", {}).get("retention_days")
    msg = "pci feature " + ("on" if pci_enabled(site, options) else "off")
    if policy:
        msg += f", policy {policy['name']} keeps {'?' if days is None else days} days"
    return msg, {"applied_by": leader, "pci": (results.get("feature", {}).get("features") or {}).get("pci"),
                 "policy": policy["name"] if policy else None, "retention_days": days}


def agents_work(site: SiteRun, options: RunOptions, call: Callable[..., dict[str, Any]]) -> None:
    if not site.get("genesys_agents"):
        raise Skip("the site has no genesys_agents")
    settings = options.settings
    call("agents", "agent_readiness", {
        "agents": site.get("genesys_agents"), "presence": settings["agent_readiness_presence"],
        "routing_status": settings["agent_readiness_routing_status"], "concurrency": settings["agent_readiness_concurrency"]})


def agents_summary(site: SiteRun, options: RunOptions, results: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    agents = results.get("agents", {}).get("agents") or []
    presence, routing = options.settings["agent_readiness_presence"], options.settings["agent_readiness_routing_status"]
    ready = sum(1 for a in agents if "failed" not in a and a.get("routing_status") == routing
                and presence in (None, a.get("presence")))
    count = len(site.get("genesys_agents", []))
    keys = ("user", "station", "presence", "routing_status")
    return f"{ready} of {count} agents ready", {
        "count": count, "ready": ready, "agents": [{k: a[k] for k in keys if k in a} for a in agents]}


def smoke_work(site: SiteRun, options: RunOptions, call: Callable[..., dict[str, Any]]) -> None:
    smoke = site.get("genesys_smoke_call")
    if not smoke:
        raise Skip("the site has no genesys_smoke_call")
    if options.check_mode:
        raise Skip("check mode places no call")
    call("smoke", "call_smoke_test", omitted({
        "user": smoke["user"], "number": smoke["number"], "caller_id": smoke.get("caller_id"),
        "site": site.get("genesys_site")["name"], "secure_pause": smoke.get("secure_pause", True),
        "connect_timeout": options.settings["call_smoke_test_connect_timeout"],
        "hold": options.settings["call_smoke_test_hold"]}))


def smoke_summary(site: SiteRun, _options: RunOptions, results: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    call = results.get("smoke", {})
    proven = (call.get("secure_pause") or {}).get("proven")
    timeline = call.get("timeline") or [{}]
    number = (site.get("genesys_smoke_call") or {}).get("number", "?")
    return f"call to {number} {call.get('verdict', '?')}{', secure pause proven' if proven else ''}", {
        "verdict": call.get("verdict"), "secure_pause": proven, "conversation_id": call.get("conversation_id"),
        "station": call.get("station"), "call_seconds": timeline[-1].get("seconds")}


STAGES = {stage.name: stage for stage in (
    Stage("site", "site", ("genesys_site",), site_work, site_summary),
    Stage("edges", "edge_pairing", ("genesys_site", "genesys_edges"), edges_work, edges_summary, waits=True),
    Stage("time", "time_sync", ("genesys_site", "genesys_time_tolerance"), time_work, time_summary),
    Stage("pci", "pci_recording", ("genesys_pci", "genesys_recording_policy"), pci_work, pci_summary),
    Stage("agents", "agent_readiness", ("genesys_agents",), agents_work, agents_summary),
    Stage("smoke", "call_smoke_test", ("genesys_site", "genesys_smoke_call"), smoke_work, smoke_summary, waits=True),
)}
