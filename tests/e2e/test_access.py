"""Access across orgs and regions, and permissions: what a token may reach and what a module says when refused.

A token is good in the region (and for the org) whose login service issued it only: another region's API answers
401, and the module says the token is not valid there and what to give instead. Two orgs share one region's API
host, so a token addresses its own org by being its token: the other org's objects are simply not there for it.
An OAuth client whose role lacks a permission gets 403, and the module names the permission to grant.
"""

from __future__ import annotations

import pytest
import requests

from e2e.module_task import run_module
from genesys_cloud_sim.testing import SimulatorProcess

SITES = "/api/v2/telephony/providers/edges/sites"


def org(name: str, clients: list[tuple[str, list[str]]], site: str) -> dict:
    """An org with these OAuth clients (id, permissions; the secret is the id + "-secret") and one site."""
    return {
        "name": name,
        "clients": [{"client_id": client_id, "client_secret": f"{client_id}-secret", "permissions": permissions}
                    for client_id, permissions in clients],
        "locations": [{"name": f"{site} HQ", "emergencyNumber": {"number": "+13175550100"}}],
        "sites": [{"name": site, "location": f"{site} HQ"}],
    }


SEED = {"regions": {
    "us-east-1": {"orgs": [
        org("East Org", [("east-admin", ["*"]), ("east-viewer", ["telephony:sites:view"])], "East Site"),
        org("East Neighbour Org", [("neighbour-admin", ["*"])], "Neighbour Site"),
    ]},
    "eu-west-1": {"orgs": [org("West Org", [("west-admin", ["*"])], "West Site")]},
}}


@pytest.fixture(scope="module")
def sim():
    with SimulatorProcess(config=SEED, strict_fields=True) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh_world(sim):
    sim.admin.reset(SEED)  # also forgets issued tokens


def token_of(sim: SimulatorProcess, region: str, client_id: str) -> str:
    """A client-credentials token from the region's login service, as a vault or a CI job would hand it over."""
    answer = requests.post(f"{sim.base_url(region)}/oauth/token", data={"grant_type": "client_credentials"},
                           auth=(client_id, f"{client_id}-secret"), timeout=10)
    answer.raise_for_status()
    return answer.json()["access_token"]


def site_names(run) -> list[str]:
    return [site["name"] for site in run.result["sites"]]


def test_a_token_of_one_region_is_refused_by_another_with_a_clear_401(sim, tmp_path):
    east_token = token_of(sim, "us-east-1", "east-admin")
    args = {"access_token": east_token, "api_base_url": sim.base_url("eu-west-1")}
    run = run_module("site_info", args, tmp_path, verbosity="-vvvv")
    assert run.failed and run.result["error"]["status"] == 401
    message = run.result["msg"]
    assert f"GET {SITES} failed: HTTP 401 bad.credentials" in message
    assert "not valid for this org and region" in message and "only in the region whose login service" in message
    assert "access_token" in message and "client_id and client_secret" in message  # what to give instead
    assert east_token not in run.output  # even at -vvvv, a refused token is not printed
    # The token itself is fine: its own region still takes it.
    own_region = requests.get(sim.base_url("us-east-1") + SITES, headers={"Authorization": f"Bearer {east_token}"},
                              timeout=10)
    assert own_region.status_code == 200


def test_a_login_of_one_region_with_the_api_of_another_is_refused_after_one_new_token(sim, tmp_path):
    args = {"client_id": "east-admin", "client_secret": "east-admin-secret",
            "login_base_url": sim.base_url("us-east-1"), "api_base_url": sim.base_url("eu-west-1")}
    run = run_module("site_info", args, tmp_path)
    assert run.failed and run.result["error"]["status"] == 401
    assert "check that region, api_base_url and login_base_url name the same region" in run.result["msg"]
    assert len(sim.admin.tokens()) == 2  # the refused token was replaced once, then the module gave up


def test_an_oauth_client_of_one_region_cannot_log_in_at_another(sim, tmp_path):
    args = {"client_id": "east-admin", "client_secret": "east-admin-secret", "api_base_url": sim.base_url("eu-west-1")}
    run = run_module("site_info", args, tmp_path, verbosity="-vvvv")
    assert run.failed and run.result["error"]["status"] == 401
    message = run.result["msg"]
    assert "POST /oauth/token failed: HTTP 401 invalid_client" in message
    assert "check client_id/client_secret" in message and "a client exists in one region only" in message
    assert "east-admin-secret" not in run.output
    assert sim.admin.tokens() == []


def test_a_token_reaches_its_own_org_only(sim, tmp_path):
    neighbour_token = token_of(sim, "us-east-1", "neighbour-admin")
    args = {"access_token": neighbour_token, "api_base_url": sim.base_url("us-east-1")}
    everything = run_module("site_info", args, tmp_path / "all")
    assert not everything.failed, everything.output[-3000:]
    assert site_names(everything) == ["Neighbour Site"]
    by_name = run_module("site_info", {**args, "name": "East Site"}, tmp_path / "by-name")
    assert not by_name.failed and site_names(by_name) == []  # East Org's site is not there for this token


def test_a_missing_permission_is_a_403_that_names_the_permission_to_grant(sim, tmp_path):
    args = {"client_id": "east-viewer", "client_secret": "east-viewer-secret",
            "api_base_url": sim.base_url("us-east-1"), "name": "East Site 2", "location": "East Site HQ"}
    run = run_module("site", args, tmp_path)
    assert run.failed and run.result["error"]["status"] == 403
    assert run.result["error"]["code"] == "missing.permissions"
    message = run.result["msg"]
    assert f"POST {SITES} failed: HTTP 403" in message  # the read before it was allowed: only the write is refused
    assert "Grant the OAuth client's role the permission(s) telephony:plugin:all." in message
    names = {site["name"] for site in sim.admin.state()["regions"]["us-east-1"]["orgs"][0]["sites"]}
    assert names == {"East Site"}  # nothing was created
