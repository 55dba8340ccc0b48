"""The rollout's stages for many sites: what each records, how a failure stops its site only, who leads a region's
region-wide rules, and how bad inventory variables fail a stage before any module runs. The modules are stood in
for by a recorder, so these tests are about the stages, not the API."""

from __future__ import annotations

import json
from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.action.rollout_report import published, report_data
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._stages import STAGES, RunOptions, SiteRun, run_region
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._variables import role_spec

SPECS = {stage.role: role_spec(stage.role) for stage in STAGES.values()}
SETTINGS = {"site_manage_location": True, "edge_pairing_state": "present", "edge_pairing_wait_timeout": "1m",
            "time_sync_tolerance": "1s", "time_sync_probe_ntp": False, "pci_recording_pci": True,
            "agent_readiness_presence": "OnQueue", "agent_readiness_routing_status": "IDLE",
            "agent_readiness_concurrency": 4, "call_smoke_test_connect_timeout": "60s", "call_smoke_test_hold": "2s"}


def site(host: str, region: str = "us-east-1", **extra: Any) -> SiteRun:
    variables = {"genesys_site": {"name": host.title(), "location": {"name": f"{host} HQ"}, "ntp_servers": ["10.0.0.1"]},
                 "genesys_cloud_region": region, **extra}
    return SiteRun(host=host, variables=variables, region=region)


class Modules:
    """Stands in for the collection's modules: records each run and answers as told (changed, or failed)."""

    def __init__(self, failing: set[tuple[str, str]] = frozenset(), changed: bool = False):
        self.runs: list[tuple[str, str, dict[str, Any]]] = []
        self.failing, self.changed = failing, changed

    def __call__(self, name: str, params: dict[str, Any], run: SiteRun) -> dict[str, Any]:
        self.runs.append((run.host, name, params))
        if (run.host, name) in self.failing:
            return {"failed": True, "msg": f"{name} refused", "error": {"hint": f"fix {name}"}}
        return {"changed": self.changed, **ANSWERS.get(name, {})}


ANSWERS = {
    "site": {"site": {"id": "s-1", "ntp_settings": {"servers": ["10.0.0.1"]}}},
    "edge": {"edges": [{"name": "e1", "status_code": "ACTIVE", "online_status": "ONLINE", "id": "x"}]},
    "time_sync": {"offset_ms": 1.5, "error_ms": 2.0, "tolerance_ms": 1000.0, "site_ntp_servers": ["10.0.0.1"]},
    "media_retention_policy": {"retention_days": 2555},
    "org_feature": {"features": {"pci": True}},
}


def options(modules: Modules, leaders: dict[str, str], sites: list[SiteRun], check_mode: bool = False) -> RunOptions:
    by_host = {s.host: s for s in sites}
    return RunOptions(settings=SETTINGS, check_mode=check_mode, leaders=leaders,
                      led=lambda leader: by_host[leader].outcome.get("pci") or {}, run_module=modules)


def roll_out(sites: list[SiteRun], modules: Modules, stages=("site", "edges", "time", "pci", "agents", "smoke"),
             leaders: dict[str, str] | None = None, check_mode: bool = False) -> None:
    leaders = leaders or {s.region: s.host for s in reversed(sites)}
    run_region(sites, [STAGES[s] for s in stages], options(modules, leaders, sites, check_mode), SPECS, concurrency=2)


def test_every_stage_records_what_the_report_shows():
    sites = [site("indy", genesys_edges=[{"name": "e1"}], genesys_recording_policy={"name": "PCI", "retention": "7y"})]
    modules = Modules(changed=True)
    roll_out(sites, modules)
    outcome = sites[0].outcome
    assert {k: v["status"] for k, v in outcome.items()} == {
        "site": "changed", "edges": "changed", "time": "changed", "pci": "changed",
        "agents": "skipped", "smoke": "skipped"}
    assert outcome["site"]["msg"] == "Indy at indy HQ"
    assert outcome["site"]["facts"] == {"site_id": "s-1", "location": "indy HQ", "ntp_servers": ["10.0.0.1"]}
    assert outcome["edges"]["msg"] == "1 of 1 Edges ACTIVE and ONLINE"
    assert outcome["time"]["msg"] == "clock offset 1.5 ms (+-2.0 ms, tolerance 1000.0 ms)"
    assert outcome["pci"]["msg"] == "pci feature on, policy PCI keeps 2555 days"
    assert outcome["agents"]["msg"] == "the site has no genesys_agents"
    # the policy goes first: a policy the API refuses leaves the org's pci feature as it was
    assert [name for _host, name, _params in modules.runs] == [
        "location", "site", "edge", "time_sync", "media_retention_policy", "org_feature"]


def test_a_failed_stage_skips_the_later_stages_of_its_site_only():
    sites = [site("indy"), site("reno")]
    modules = Modules(failing={("indy", "site")})
    roll_out(sites, modules, stages=("site", "time"))
    indy, reno = (s.outcome for s in sites)
    assert indy["site"]["status"] == "failed" and indy["site"]["fix"] == "fix site"
    assert indy["time"] == {**indy["time"], "status": "skipped", "msg": "not run: the site stage of this site failed"}
    assert sites[0].failed_stage == "site"
    assert reno["time"]["status"] == "ok" and sites[1].failed_stage == ""
    assert ("indy", "time_sync") not in [(h, n) for h, n, _p in modules.runs]


def test_the_leader_applies_the_region_rules_first_and_the_others_record_its_outcome():
    sites = [site("reno"), site("indy"), site("cork", region="eu-west-1")]
    modules = Modules()
    roll_out(sites, modules, stages=("pci",), leaders={"us-east-1": "indy", "eu-west-1": "cork"})
    assert [(h, n) for h, n, _p in modules.runs] == [("indy", "org_feature"), ("cork", "org_feature")]
    assert sites[0].outcome["pci"]["msg"] == "applied by indy"
    assert sites[0].outcome["pci"]["facts"] == sites[1].outcome["pci"]["facts"]


def test_the_other_sites_of_a_region_whose_leader_failed_record_why():
    sites = [site("indy"), site("reno")]
    roll_out(sites, Modules(failing={("indy", "org_feature")}), stages=("pci",), leaders={"us-east-1": "indy"})
    assert sites[1].outcome["pci"]["status"] == "skipped"
    assert sites[1].outcome["pci"]["msg"] == "region-wide rules not applied: indy failed"


def test_in_check_mode_edges_to_be_created_say_so():
    sites = [site("indy", genesys_edges=[{"name": "e1"}, {"name": "e2"}])]
    ANSWERS["edge"], kept = {"edges": [{"name": "e1", "action": "create"}, {"name": "e2", "action": "none"}]}, ANSWERS["edge"]
    try:
        roll_out(sites, Modules(), stages=("edges",), check_mode=True)
    finally:
        ANSWERS["edge"] = kept
    assert sites[0].outcome["edges"]["msg"] == "1 of 2 Edges to be created and paired"


def test_bad_inventory_variables_fail_the_stage_naming_site_and_variable_before_any_module_runs():
    sites = [site("indy", genesys_agents=[{"station": "Desk 1"}]), site("reno", genesys_agents=[{"user": "a@x.example"}])]
    modules = Modules()
    roll_out(sites, modules, stages=("agents",))
    failed = sites[0].outcome["agents"]
    assert failed["status"] == "failed"
    assert failed["msg"].startswith("indy: the inventory's variables for the agents stage are not valid")
    assert "user" in failed["msg"] and "genesys_agents" in failed["msg"]
    assert [(h, n) for h, n, _p in modules.runs] == [("reno", "agent_readiness")]
    # unset options are left to the module's defaults, not passed as None
    assert modules.runs[0][2]["agents"] == [{"user": "a@x.example"}]


def test_check_mode_places_no_call_and_keeps_the_diff_of_what_would_change():
    sites = [site("indy", genesys_smoke_call={"user": "a@x.example", "number": "+13175550100"})]
    modules = Modules(changed=True)
    roll_out(sites, modules, stages=("site", "time", "smoke"), check_mode=True)
    assert sites[0].outcome["smoke"]["msg"] == "check mode places no call"
    # a site that would still change cannot hold its NTP servers yet: only the clock is measured
    time_params = next(p for _h, n, p in modules.runs if n == "time_sync")
    assert "site" not in time_params and "ntp_servers" not in time_params
    assert sites[0].outcome["site"]["diff"] == []


def test_the_report_counts_sites_stages_failures_and_drift_by_field():
    outcome_ok = {"site": {"status": "ok", "msg": "fine", "seconds": 0.2, "facts": {}}}
    outcome_failed = {"site": {"status": "changed", "msg": "made", "seconds": 1.0, "facts": {},
                               "diff": [{"of": "site", "before": {"name": "old"}, "after": {"name": "Cork"}}]},
                      "edges": {"status": "failed", "msg": "timed out", "fix": "check the cable", "seconds": 2.0,
                                "facts": {}}}
    data = report_data("rollout-report", "check", "2026-01-01T00:00:00Z",
                       [("indy", "us-east-1", "Indy", outcome_ok), ("cork", "eu-west-1", "Cork", outcome_failed)])
    assert data["totals"] == {"regions": 2, "sites": 2, "failed_sites": ["cork"], "drift": 1,
                              "stages": {"ok": 1, "changed": 1, "failed": 1, "skipped": 0}}
    assert data["failures"] == [{"region": "eu-west-1", "host": "cork", "site": "Cork", "stage": "edges",
                                 "msg": "timed out", "fix": "check the cable"}]
    assert data["drift"] == [{"region": "eu-west-1", "host": "cork", "site": "Cork", "stage": "site", "field": "name",
                              "before": "old", "after": "Cork"}]
    assert data["regions"]["eu-west-1"]["cork"]["status"] == "failed"
    assert data["regions"]["eu-west-1"]["cork"]["seconds"] == 3.0
    # an apply run with --diff keeps the diffs in the outcome, but only an audit calls them drift
    assert report_data("rollout-report", "apply", "", [("cork", "eu-west-1", "Cork", outcome_failed)])["drift"] == []


def test_an_unexpected_error_fails_that_stage_of_that_site_only():
    sites = [site("indy", genesys_edges=[{"name": "e1"}]), site("reno", genesys_edges=[{"name": "e1"}])]
    modules = Modules()
    ANSWERS["edge"], kept = {"edges": [None]}, ANSWERS["edge"]  # an answer the summary cannot read
    try:
        roll_out(sites, modules, stages=("edges", "time"))
    finally:
        ANSWERS["edge"] = kept
    for run in sites:
        assert run.outcome["edges"]["status"] == "failed"
        assert run.outcome["edges"]["msg"].startswith("Unexpected AttributeError")
        assert run.outcome["time"]["status"] == "skipped"


def test_set_stats_publishes_the_whole_report_within_its_limit_else_header_totals_and_failures():
    data = report_data("rollout-report", "apply", "2026-01-01T00:00:00Z", [
        ("cork", "eu-west-1", "Cork", {"edges": {"status": "failed", "msg": "timed out", "fix": "cable", "seconds": 1.0,
                                                 "facts": {}}})])
    text = json.dumps(data)
    files = {"json": "artifacts/rollout-report-x-apply.json"}
    whole = published(data, text, len(text.encode()), files)
    assert whole["truncated"] is False and whole["regions"] == data["regions"] and whole["files"] == files
    small = published(data, text, len(text.encode()) - 1, files)
    assert small["truncated"] is True and "regions" not in small
    assert small["totals"] == data["totals"] and small["failures"] == data["failures"] and small["mode"] == "apply"


def test_sites_of_a_batch_that_name_the_same_site_edge_or_agent_fail_that_stage_before_any_write():
    from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._stages import refuse_shared

    sites = [site("indy", genesys_edges=[{"name": "e1"}], genesys_agents=[{"user": "Ada@x.example"}]),
             site("reno", genesys_edges=[{"name": "E1"}], genesys_agents=[{"user": "ada@x.example"}]),
             site("cork", region="eu-west-1", genesys_edges=[{"name": "e1"}])]
    sites[1].variables["genesys_site"]["name"] = "Indy"  # two hosts, one site
    refuse_shared(sites, [STAGES[s] for s in ("site", "edges", "agents")])
    modules = Modules()
    roll_out(sites, modules, stages=("site", "edges", "agents"))
    indy, reno, cork = (s.outcome for s in sites)
    assert indy["site"]["status"] == reno["site"]["status"] == "failed"
    assert "'indy' is named by the sites indy, reno of this run for the site stage" in indy["site"]["msg"]
    assert indy["edges"]["status"] == "skipped"  # its site stage failed first
    assert cork["edges"]["status"] == "changed" or cork["edges"]["status"] == "ok"  # another region's org
    assert [(h, n) for h, n, _p in modules.runs if h in ("indy", "reno")] == []


def test_a_shared_edge_or_agent_fails_its_stage_while_the_earlier_stages_run():
    from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._stages import refuse_shared

    sites = [site("indy", genesys_edges=[{"name": "e1"}], genesys_agents=[{"user": "ada@x.example"}]),
             site("reno", genesys_edges=[{"name": "e2"}], genesys_agents=[{"user": "ADA@x.example"}])]
    refuse_shared(sites, [STAGES[s] for s in ("site", "edges", "agents")])
    modules = Modules()
    roll_out(sites, modules, stages=("site", "edges", "agents"))
    for run in sites:
        assert run.outcome["site"]["status"] == "ok" and run.outcome["edges"]["status"] == "ok"
        assert run.outcome["agents"]["status"] == "failed" and "'ada@x.example' is named by" in run.outcome["agents"]["msg"]
    assert "agent_readiness" not in [n for _h, n, _p in modules.runs]
