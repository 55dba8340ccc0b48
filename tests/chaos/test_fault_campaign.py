"""Fault campaign: the sandbox rollout, smoke calls included, under ten seeds of the faults a real org throws at a
job: rate limits with Retry-After, 503s, connection resets, writes applied whose answer is lost, tokens that die
mid-run, and latency jitter; on a simulator that is eventually consistent (reads and listings lag behind writes,
station associations meet the 409 race). Each seed must end in the org a fault-free run leaves, with nothing made twice.

A run may fail where retrying is unsafe by design (a create the client must not repeat blindly); it must then say
what failed and how to fix it, and a re-run (still under rate limits, token expiry and latency) must complete.
The figures are published in CHAOS_RESULTS (default tests/chaos/results.json) and the README's Reliability section.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from chaos.harness import (LAG, SUMMARY, TIME_SCALE, WORKERS, converged_projection, duplicates, open_calls, publish,
                           run_rollout, sandbox_simulator, traffic_figures)

SEEDS = range(1, 11)
# Every kind of trouble at once, per request: rates are exclusive, so 17% of requests meet one of these.
FAULTS = {"rates": {"429": 0.10, "503": 0.03, "reset": 0.02, "ambiguous_write": 0.02},
          "retry_after": [1, 3], "latency_ms": [0, 30], "token_early_expiry_after_s": 15}
# What a re-run meets: the faults the client promises to absorb whatever the call (no outage any more).
ABSORBABLE_FAULTS = {**FAULTS, "rates": {"429": 0.10}}
# A failure must name the call and what Genesys Cloud answered (a status, or no answer at all).
NAMED_CALL = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) /api/v2/\S+ failed: (HTTP \d{3} \S+|no response)")


def run_seed(seed: int, workdir: Path) -> dict[str, Any]:
    """One seed on its own simulator: the rollout under faults, re-run once if it failed; what it left and saw."""
    started = time.monotonic()
    with sandbox_simulator(lag_seed=seed) as sim:
        sim.admin.set_faults(seed=seed, **FAULTS)
        attempts = [run_rollout(sim, workdir)]
        if attempts[0].returncode != 0:
            sim.admin.set_faults(seed=seed, **ABSORBABLE_FAULTS)
            attempts.append(run_rollout(sim, workdir))
        sim.admin.clear_faults()
        state, log = sim.admin.state(), sim.admin.requests()
    return {
        "seed": seed,
        "attempts": [{"returncode": a.returncode, "wall_s": round(a.wall_s, 1), "failures": a.failures}
                     for a in attempts],
        "wall_s": round(time.monotonic() - started, 1),
        "projection": converged_projection(state),
        "duplicates": duplicates(state),
        "open_calls": open_calls(state),
        **traffic_figures(log),
    }


def published_figures(runs: list[dict[str, Any]], fault_free: dict[str, Any], wall_s: float) -> dict[str, Any]:
    keep = ("seed", "attempts", "wall_s", "requests", "writes_applied", "faults", "delayed", "retryable_answers",
            "refused_tokens", "tokens_issued", "station_races", "duplicates", "open_calls")
    faults = sum((Counter(run["faults"]) for run in runs), Counter())
    return {
        "settings": {"faults": FAULTS, "rerun_faults": ABSORBABLE_FAULTS, "lag": LAG, "time_scale": TIME_SCALE,
                     "smoke_calls": True, "workers": WORKERS},
        "fault_free": {key: fault_free[key] for key in ("wall_s", "requests", "writes_applied")},
        "seeds": [{key: run[key] for key in keep} for run in runs],
        "totals": {
            "runs": sum(len(run["attempts"]) for run in runs),
            "seeds_completed_first_time": sum(1 for run in runs if len(run["attempts"]) == 1),
            "seeds_completed": sum(1 for run in runs if run["attempts"][-1]["returncode"] == 0),
            "requests": sum(run["requests"] for run in runs),
            "faults": dict(sorted(faults.items())),
            "retryable_answers": sum(run["retryable_answers"] for run in runs),
            "refused_tokens": sum(run["refused_tokens"] for run in runs),
            "station_races": sum(run["station_races"] for run in runs),
            "duplicates": sum(count - 1 for run in runs for count in run["duplicates"].values()),
            "open_calls": sum(len(run["open_calls"]) for run in runs),
            "wall_s": round(wall_s, 1),
        },
    }


def summary_row(run: dict[str, Any]) -> str:
    faults = run["faults"]
    first_failures = "; ".join(f"{f['host']}: {f['msg'][:90]}" for f in run["attempts"][0]["failures"]) or "-"
    return (f"{run['seed']:>4}  {len(run['attempts']):>4}  {run['wall_s']:>6}  {run['requests']:>8}  "
            f"{faults.get('429', 0):>3}  {faults.get('503', 0):>3}  {faults.get('reset', 0):>5}  "
            f"{faults.get('ambiguous_write', 0):>9}  {run['retryable_answers']:>9}  {run['refused_tokens']:>4}  "
            f"{len(run['duplicates']):>4}  {first_failures}")


def summary_table(figures: dict[str, Any]) -> list[str]:
    header = "seed  runs  wall s  requests  429  503  reset  ambiguous  retryable  401s  dups  failures of run 1"
    return [header, *map(summary_row, figures["seeds"]), f"totals: {figures['totals']}"]


@pytest.fixture(scope="module")
def campaign(pool, fault_free_future, tmp_path_factory) -> list[dict[str, Any]]:
    root = tmp_path_factory.mktemp("campaign")
    started = time.monotonic()
    runs = [future.result() for future in [pool.submit(run_seed, seed, root / f"seed-{seed}") for seed in SEEDS]]
    figures = published_figures(runs, fault_free_future.result(), time.monotonic() - started)
    SUMMARY.extend(["", "Fault campaign", *summary_table(figures), f"published: {publish('fault_campaign', figures)}"])
    return runs


def test_every_seed_completes(campaign):
    """At first try, or on one re-run after a failure that said what failed and how to fix it."""
    for run in campaign:
        *failed, last = run["attempts"]
        assert last["returncode"] == 0, (run["seed"], last["failures"])
        for attempt in failed:
            assert attempt["failures"], (run["seed"], "a failed run must name its failures in the report")
            for failure in attempt["failures"]:
                assert NAMED_CALL.match(failure["msg"]) and failure["fix"], (run["seed"], failure)


def test_a_call_left_up_is_one_the_report_named(campaign):
    """A smoke call placed whose answer was lost cannot be hung up (no listing finds it): the report said so."""
    for run in campaign:
        named = [f for attempt in run["attempts"] for f in attempt["failures"] if "placed all the same" in f["fix"]]
        assert len(run["open_calls"]) <= len(named), (run["seed"], run["open_calls"], run["attempts"])


def test_every_seed_converges_to_the_fault_free_org(campaign, fault_free):
    for run in campaign:
        assert run["projection"] == fault_free, run["seed"]


def test_no_object_exists_twice(campaign):
    for run in campaign:
        assert run["duplicates"] == {}, run["seed"]


def test_the_campaign_met_every_fault(campaign):
    """The faults did happen: each kind across the campaign, and tokens refused mid-run were replaced."""
    faults = sum((Counter(run["faults"]) for run in campaign), Counter())
    assert {"429", "503", "reset", "ambiguous_write"} <= set(faults), faults
    assert all(run["refused_tokens"] and run["tokens_issued"] > 3 for run in campaign), [
        (run["seed"], run["refused_tokens"], run["tokens_issued"]) for run in campaign]
    assert all(run["delayed"] for run in campaign)
    assert sum(run["station_races"] for run in campaign), "the station association race never happened"
