"""The main job converges on an eventually consistent org: the real `ansible-playbook playbooks/site_rollout.yml`
on the sandbox inventory, twice, against a simulator whose reads and listings lag behind writes and whose station
associations meet the 409 race (TF issue #1461). The first run makes everything once, the second changes nothing.

The lags are longer than the campaign's, so every create of the rollout is read while it lags."""

from __future__ import annotations

from collections import Counter

import pytest

from genesys_cloud_sim.testing import SimulatorProcess

from test_rollout import INVENTORY, SITE_HOSTS, playbook, recap

LAG = {"seed": 14, "read_lag_ms": [300, 1000], "listing_lag_ms": [1500, 3000], "in_use_after_delete_ms": 3000,
       "station_conflict_rate": 0.3}
CREATED_KINDS = ("locations", "sites", "edges", "media_retention_policies", "phones")


@pytest.fixture(scope="module")
def lagging():
    with SimulatorProcess(config=INVENTORY / "simulator.yml", time_scale=30, consistency=LAG) as sim:
        yield sim


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("rollout-under-lag")


def duplicated_names(state: dict) -> list[tuple[str, str, str]]:
    counts = Counter((region, kind, item["name"]) for region, data in state["regions"].items()
                     for org in data["orgs"] for kind in CREATED_KINDS for item in org.get(kind, []))
    return [key for key, count in counts.items() if count > 1]


def test_the_rollout_converges_with_nothing_made_twice(lagging, workdir):
    result, output = playbook(lagging, workdir, "site_rollout.yml")
    assert result.returncode == 0, output[-8000:]
    hosts = recap(output)
    assert sorted(hosts) == sorted(SITE_HOSTS) and all(changed >= 1 and not failed for changed, failed in hosts.values())
    assert duplicated_names(lagging.admin.state()) == []
    races = [e for e in lagging.admin.requests() if e["status"] == 409 and "/associatedstation/" in e["path"]]
    assert races, "no station association met the race: the test did not exercise the retry"


def test_a_second_run_changes_nothing(lagging, workdir):
    result, output = playbook(lagging, workdir, "site_rollout.yml")
    assert result.returncode == 0, output[-8000:]
    hosts = recap(output)
    assert len(hosts) == len(SITE_HOSTS)
    assert all(changed == 0 and failed == 0 for changed, failed in hosts.values()), hosts
    assert duplicated_names(lagging.admin.state()) == []
