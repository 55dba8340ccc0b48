"""The client's decisions (tokens, retries, paging, errors) against the in-process simulator."""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import SITES, find_site
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import TokenCache

SEED = {
    "regions": {
        "us-east-1": {"orgs": [{"name": "Unit US", "locations": [{"name": "HQ", "emergencyNumber": {"number": "+13175550100"}}], "clients": [
            {"client_id": "unit-admin", "client_secret": "unit-admin-secret", "permissions": ["*"]},
            {"client_id": "unit-viewer", "client_secret": "unit-viewer-secret", "permissions": ["telephony:sites:view"]},
        ]}]},
        "eu-west-1": {"orgs": [{"name": "Unit EU", "clients": [
            {"client_id": "unit-eu", "client_secret": "unit-eu-secret", "permissions": ["*"]},
        ]}]},
    }
}


@pytest.fixture
def make_client(sim, tmp_path):
    def make(client_id="unit-admin", region="us-east-1", retry_budget=30.0, **kwargs):
        base = sim.base_url(region)
        if "access_token" not in kwargs:
            kwargs.update(client_id=client_id, client_secret=f"{client_id}-secret")
        return GenesysCloudClient(base, base, token_cache=TokenCache(str(tmp_path / "tokens")),
                                  retry_budget=retry_budget, **kwargs)
    return make


def location_id(client):
    return client.get_all("/api/v2/locations")[0]["id"]


def tokens_issued(sim, region="us-east-1"):
    return sim.admin.stats()["tokens_issued"].get(region, 0)


# --- tokens --------------------------------------------------------------------------------------


def test_one_token_serves_every_module_run(sim, make_client):
    for _run in range(5):  # five module runs, five processes' worth of clients
        assert make_client().get("/api/v2/date")["currentDate"]
    assert tokens_issued(sim) == 1


def test_concurrent_runs_fetch_one_token(sim, make_client):
    errors = []

    def run():
        try:
            make_client().get("/api/v2/organizations/me")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert tokens_issued(sim) == 1


def test_refused_token_is_replaced_once(sim, make_client):
    client = make_client()
    client.get("/api/v2/date")
    sim.admin.expire_tokens()
    assert client.get("/api/v2/organizations/me")["name"] == "Unit US"
    assert client.stats["reauthentications"] == 1
    assert tokens_issued(sim) == 2
    assert make_client().get("/api/v2/date")  # the fresh token went to the cache
    assert tokens_issued(sim) == 2


def test_a_given_access_token_is_not_replaced(sim, make_client):
    token = make_client().token()
    sim.admin.expire_tokens()
    client = make_client(access_token=token)
    with pytest.raises(GenesysCloudError) as error:
        client.get("/api/v2/date")
    assert error.value.status == 401
    assert token not in str(error.value)


def test_wrong_secret_fails_without_showing_it(sim, tmp_path):
    base = sim.base_url("us-east-1")
    client = GenesysCloudClient(base, base, client_id="unit-admin", client_secret="not-the-secret",
                                token_cache=TokenCache(str(tmp_path)))
    with pytest.raises(GenesysCloudError) as error:
        client.get("/api/v2/date")
    assert error.value.status == 401
    assert "GENESYSCLOUD_OAUTHCLIENT_SECRET" in str(error.value)
    assert "not-the-secret" not in str(error.value)


def test_throttled_token_endpoint_is_retried(sim, make_client):
    sim.admin.set_faults(seed=7, rates={"token_throttle": 0.6})
    client = make_client()
    assert client.get("/api/v2/date")
    assert client.stats["retries"] >= 1
    assert sim.admin.stats()["faults_injected"]["token_throttle"] == client.stats["retries"]


def test_token_of_another_region_is_refused(sim, make_client):
    us_token = make_client().token()
    client = make_client(region="eu-west-1", access_token=us_token)
    with pytest.raises(GenesysCloudError) as error:
        client.get("/api/v2/organizations/me")
    assert error.value.status == 401


# --- retries ---------------------------------------------------------------------------------------


def test_429_waits_for_retry_after(sim, make_client):
    client = make_client()
    client.token()
    sim.admin.set_faults(seed=3, rates={"429": 0.5}, retry_after=[1, 1])
    started = time.monotonic()
    for _request in range(4):
        client.get("/api/v2/date")
    throttled = sim.admin.stats()["faults_injected"].get("429", 0)
    assert throttled >= 1
    assert client.stats["retries"] == throttled
    assert time.monotonic() - started >= throttled * 1.0


@pytest.mark.parametrize("kind", ["502", "503", "504", "reset"])
def test_reads_survive_transient_failures(sim, make_client, kind):
    client = make_client()
    client.token()
    sim.admin.set_faults(seed=11, rates={kind: 0.5})
    for _request in range(6):
        assert client.get("/api/v2/organizations/me")["name"] == "Unit US"
    assert client.stats["retries"] == sim.admin.stats()["faults_injected"][kind] >= 1


def test_a_server_error_waits_as_its_retry_after_says(sim, make_client, monkeypatch):
    client = make_client(retry_budget=8.0)
    client.token()
    slept = []
    monkeypatch.setattr(time, "sleep", slept.append)
    sim.admin.set_faults(seed=2, rates={"503": 1.0}, retry_after=[7, 7], retry_after_on_5xx=True)
    with pytest.raises(GenesysCloudError):
        client.get("/api/v2/date")
    assert slept and 7.0 <= slept[0] <= 7.5  # Retry-After plus jitter, not the short backoff of a bare 503


def test_retries_stop_at_the_budget(sim, make_client):
    client = make_client(retry_budget=1.5)
    client.token()
    sim.admin.set_faults(seed=1, rates={"503": 1.0})
    started = time.monotonic()
    with pytest.raises(GenesysCloudError) as error:
        client.get("/api/v2/date")
    assert error.value.status == 503
    assert time.monotonic() - started < 3
    assert "Re-run later" in str(error.value)


def test_ambiguous_create_adopts_the_object_it_made(sim, make_client):
    client = make_client()
    body = {"name": "Ambiguous", "location": {"id": location_id(client)}}
    sim.admin.set_faults(seed=5, rates={"ambiguous_write": 1.0}, methods=["POST"])
    site = client.create(SITES, body, find_existing=lambda: find_site(client, "Ambiguous"))
    sim.admin.clear_faults()
    assert site["name"] == "Ambiguous"
    assert len([s for s in client.get_all(SITES) if s["name"] == "Ambiguous"]) == 1
    assert sim.admin.stats()["requests"].get(f"POST {SITES}") == 1


def test_a_create_that_lost_a_race_adopts_the_winner(sim, make_client):
    """Two runs (AWX slices) create the same object at once: the refused one adopts what the other made."""
    client, rival = make_client(), make_client()
    body = {"name": "Raced", "location": {"id": location_id(client)}}
    made_by_rival = rival.create(SITES, body, find_existing=lambda: None)  # between our lookup and our POST
    site = client.create(SITES, body, find_existing=lambda: find_site(client, "Raced"))
    assert site["id"] == made_by_rival["id"]
    assert len([s for s in client.get_all(SITES) if s["name"] == "Raced"]) == 1


def test_a_refused_create_of_something_else_still_fails(sim, make_client):
    client = make_client()
    with pytest.raises(GenesysCloudError) as error:
        client.create(SITES, {"name": "No location"}, find_existing=lambda: None)
    assert error.value.status == 400
    assert sim.admin.stats()["requests"].get(f"POST {SITES}") == 1


def test_failed_create_is_looked_up_then_retried(sim, make_client):
    client = make_client()
    body = {"name": "Flaky", "location": {"id": location_id(client)}}
    sim.admin.set_faults(seed=9, rates={"503": 0.6}, methods=["POST"])
    lookups = []

    def find():
        lookups.append(1)
        return find_site(client, "Flaky")

    site = client.create(SITES, body, find_existing=find)
    sim.admin.clear_faults()
    posts = sim.admin.stats()["requests"][f"POST {SITES}"]
    assert site["name"] == "Flaky"
    assert len(lookups) == posts - 1  # a lookup before every new try, never a blind repeat
    assert len([s for s in client.get_all(SITES) if s["name"] == "Flaky"]) == 1


@pytest.mark.parametrize("kind", ["503", "reset"])
def test_a_create_whose_answer_was_lost_says_it_may_have_been_applied(sim, make_client, kind):
    """Not "retries ran out" nor "could not be reached": the server was reached and the create was not repeated."""
    client = make_client(retry_budget=0.1)
    body = {"name": "Lost", "location": {"id": location_id(client)}}
    sim.admin.set_faults(seed=2, rates={kind: 1.0}, methods=["POST"])
    with pytest.raises(GenesysCloudError) as error:
        client.create(SITES, body, find_existing=lambda: None)
    sim.admin.clear_faults()
    message = str(error.value)
    assert error.value.ambiguous and "may or may not have been applied" in message and "not sent again" in message
    assert "retries ran out" not in message and "could not be reached" not in message
    assert sim.admin.stats()["requests"].get(f"POST {SITES}") == 1


def test_unreachable_host_says_where_to_look(tmp_path):
    client = GenesysCloudClient("http://127.0.0.1:9", "http://127.0.0.1:9", access_token="t", retry_budget=1)
    with pytest.raises(GenesysCloudError) as error:
        client.get("/api/v2/date")
    assert error.value.status is None
    assert "DNS, proxy and firewall" in str(error.value)


# --- paging and errors -------------------------------------------------------------------------------


def test_get_all_reads_every_page(sim, make_client):
    client = make_client()
    loc = location_id(client)
    for index in range(230):
        client.request("POST", SITES, json={"name": f"Site {index:03d}", "location": {"id": loc}})
    sim.admin.clear_requests()
    sites = client.get_all(SITES)
    assert sorted(s["name"] for s in sites if not s["managed"]) == [f"Site {index:03d}" for index in range(230)]
    assert len(sites) == 231  # and the org's managed site
    assert sim.admin.stats()["requests"][f"GET {SITES}"] == 3  # pageSize 100


def test_forbidden_names_the_permission(sim, make_client):
    client = make_client("unit-viewer")
    with pytest.raises(GenesysCloudError) as error:
        client.request("POST", SITES, json={"name": "Nope", "location": {"id": "x"}})
    assert error.value.status == 403
    assert error.value.code == "missing.permissions"
    assert "telephony:plugin:all" in error.value.missing_permissions
    assert error.value.context_id


def test_missing_object_is_none(sim, make_client):
    assert make_client().get_or_none(f"{SITES}/00000000-0000-0000-0000-000000000000") is None


def test_delete_of_a_missing_object_is_fine(sim, make_client):
    make_client().delete(f"{SITES}/00000000-0000-0000-0000-000000000000")


def test_an_update_on_a_stale_version_is_made_again_on_the_object_as_it_is_now(sim, make_client):
    """A concurrent change moved the location on: the directory's 400 "does not match the current version" is a
    stale version, like a 409; the change is rebased on the fresh object instead of failing."""
    client = make_client()
    location = client.create("/api/v2/locations", {"name": "Moving"}, find_existing=lambda: None)
    path = f"/api/v2/locations/{location['id']}"
    client.request("PATCH", path, json={"name": "Moving", "notes": "theirs", "version": location["version"]})
    rebased = []

    def rebase():
        rebased.append(True)
        fresh = client.get(path)
        return {"name": "Moving", "notes": fresh["notes"] + " and ours", "version": fresh["version"]}

    updated = client.update("PATCH", path, {"name": "Moving", "notes": "ours", "version": location["version"]},
                            confirm=lambda: None, rebase=rebase)
    assert rebased == [True] and updated["notes"] == "theirs and ours"


def test_a_stale_version_that_already_holds_the_change_is_confirmed_not_rebased(sim, make_client):
    client = make_client()
    location = client.create("/api/v2/locations", {"name": "Settled"}, find_existing=lambda: None)
    path = f"/api/v2/locations/{location['id']}"
    client.request("PATCH", path, json={"name": "Settled", "notes": "same", "version": location["version"]})
    updated = client.update("PATCH", path, {"name": "Settled", "notes": "same", "version": location["version"]},
                            confirm=lambda: client.get(path), rebase=lambda: pytest.fail("no rebase needed"))
    assert updated["notes"] == "same"


def test_a_token_cache_the_disk_refuses_warns_and_the_call_still_works(sim, tmp_path):
    (tmp_path / "tokens").write_text("a file where the cache directory belongs")
    base = sim.base_url("us-east-1")
    client = GenesysCloudClient(base, base, client_id="unit-admin", client_secret="unit-admin-secret",
                                token_cache=TokenCache(str(tmp_path / "tokens")))
    assert client.get("/api/v2/organizations/me")["name"] == "Unit US"
    assert "cannot be used" in client.token_cache_warning


def test_a_token_refused_again_and_again_is_replaced_each_time(sim, make_client):
    """Tokens that stop working after a while (a Retry-After wait outlived one): a new one each time, not one."""
    client = make_client()
    for _round in range(3):
        client.get("/api/v2/date")
        sim.admin.expire_tokens()
    assert client.get("/api/v2/date")["currentDate"]
    assert client.stats["reauthentications"] == 3


def test_an_unusable_url_fails_at_once(tmp_path):
    client = GenesysCloudClient("ftp://genesys.invalid", "ftp://genesys.invalid", access_token="t", retry_budget=60,
                                token_cache=TokenCache(str(tmp_path)))
    started = time.monotonic()
    with pytest.raises(GenesysCloudError) as error:
        client.get("/api/v2/date")
    assert time.monotonic() - started < 5 and error.value.code == "url.unusable"
    assert "https://host" in error.value.hint


# --- eventual consistency (the simulator's lag mode) -----------------------------------------------------------


def test_a_create_of_this_client_shows_in_its_listings_at_once(sim, make_client):
    """Read-your-writes: the listing lags, but the client includes what it made itself (no extra request)."""
    client, other = make_client(), make_client()
    sim.admin.set_consistency(read_lag_ms=[60_000, 60_000], listing_lag_ms=[60_000, 60_000])
    made = client.create("/api/v2/locations", {"name": "Fresh"}, find_existing=lambda: None)
    listed = [loc["id"] for loc in client.get_all("/api/v2/locations") if loc["name"] == "Fresh"]
    assert listed == [made["id"]]
    assert [loc for loc in other.get_all("/api/v2/locations") if loc["name"] == "Fresh"] == []


def test_a_404_right_after_this_clients_create_is_waited_out(sim, make_client):
    client, other = make_client(), make_client()
    sim.admin.set_consistency(read_lag_ms=[800, 800], listing_lag_ms=[800, 800])
    made = client.create(SITES, {"name": "Lagging", "location": {"id": location_id(client)}}, find_existing=lambda: None)
    assert other.get_or_none(made["selfUri"]) is None  # not its own: a 404 is an answer
    assert client.get(made["selfUri"])["name"] == "Lagging"
    assert client.stats["retries"] >= 1


def test_a_create_refused_as_taken_while_the_listing_lags_adopts_the_holder(sim, make_client):
    """A rival made it just before us: our lookup missed it (the listing lags), our POST is refused as a duplicate
    name; the lookup is tried again until the listing shows the holder, and nothing is made twice."""
    client, rival = make_client(), make_client()
    body = {"name": "Contested", "location": {"id": location_id(client)}}
    sim.admin.set_consistency(read_lag_ms=[0, 0], listing_lag_ms=[1000, 1000])
    held = rival.create(SITES, body, find_existing=lambda: None)
    assert find_site(client, "Contested") is None
    site = client.create(SITES, body, find_existing=lambda: find_site(client, "Contested"))
    sim.admin.clear_consistency()
    assert site["id"] == held["id"]
    assert len([s for s in client.get_all(SITES) if s["name"] == "Contested"]) == 1


def test_a_name_held_by_an_object_deleted_moments_ago_is_created_once_it_is_free(sim, make_client):
    client = make_client()
    body = {"name": "Reborn", "location": {"id": location_id(client)}}
    first = client.create(SITES, body, find_existing=lambda: None)
    sim.admin.set_consistency(read_lag_ms=0, listing_lag_ms=0, in_use_after_delete_ms=800)
    client.delete(first["selfUri"])
    again = client.create(SITES, body, find_existing=lambda: find_site(client, "Reborn"))
    assert again["id"] != first["id"]
    assert sim.admin.stats()["requests"][f"POST {SITES}"] >= 3  # refused while held, then made
