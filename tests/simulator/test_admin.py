"""The /__sim admin API: seeding (atomic, with errors that name the place), state export, clock skew, plugin."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest
import requests

from genesys_cloud_sim.testing import AdminError

from conftest import ADMIN_ID, ADMIN_SECRET, EU, SITES, US, Api, seed_copy


@pytest.mark.parametrize("bad_seed, place", [
    ({"regions": {"xx-nowhere-1": {"orgs": []}}}, "regions.xx-nowhere-1"),
    ({"regions": {US: {"orgs": [{"name": "Sandbox US", "sitez": []}]}}}, "sitez"),
    ({"regionz": {}}, "regionz"),
    ({"regions": {US: {"orgs": [{"name": "Sandbox US", "sites": [{"name": "Lost", "location": "Atlantis"}]}]}}},
     "regions.us-east-1.orgs[0]"),
    ({"settings": {"rate_limits": {"per_hour": 5}}}, "settings.rate_limits"),
])
def test_bad_seed_is_refused_and_changes_nothing(sim, bad_seed, place):
    api = Api(sim)
    api.create_site("Made over HTTP")
    before = sim.admin.state()
    with pytest.raises(AdminError) as caught:
        sim.admin.seed(bad_seed)
    assert "POST /seed: 400" in str(caught.value) and place in str(caught.value)
    assert sim.admin.state() == before
    with pytest.raises(AdminError, match=place.replace("[", r"\[").replace(".", r"\.")):
        sim.admin.reset(bad_seed)
    assert sim.admin.state() == before
    assert api.get("/api/v2/date").status_code == 200  # a refused reset does not drop tokens either


def test_seed_with_a_half_good_org_is_atomic(sim):
    before = sim.admin.state()
    seed = {"regions": {US: {"orgs": [{
        "name": "Sandbox US",
        "locations": [{"name": "Fine", "emergencyNumber": {"number": "+13175550142"}}],
        "sites": [{"name": "Fine site", "location": "Fine"}, {"name": "Bad NTP", "location": "Fine",
                                                              "ntpSettings": {"servers": ["bad host!"]}}],
    }]}}}
    with pytest.raises(AdminError, match=r"orgs\[0\]: 'bad host!' is not a host name"):
        sim.admin.seed(seed)
    assert sim.admin.state() == before


def test_seed_merges_into_the_live_world(sim):
    api = Api(sim)
    site = api.create_site("Kept")
    sim.admin.seed({"regions": {US: {"orgs": [{"name": "Sandbox US", "locations": [{"name": "Annex"}]}]}}})
    assert api.get("/api/v2/date").status_code == 200  # tokens survive a merge
    assert api.ok("GET", f"{SITES}/{site['id']}")["version"] == site["version"]
    names = {entity["name"] for entity in api.ok("GET", "/api/v2/locations")["entities"]}
    assert names == {"HQ", "Annex"}


def test_reset_without_a_seed_empties_the_world(sim):
    sim.admin.reset()
    assert sim.admin.state()["regions"] == {}
    response = requests.post(f"{sim.base_url(US)}/oauth/token", data={"grant_type": "client_credentials"},
                             auth=(ADMIN_ID, ADMIN_SECRET), timeout=10)
    assert response.status_code == 404  # the region is not served until it is seeded


def test_state_masks_client_secrets(sim):
    state = sim.admin.state()
    clients = [client for region in state["regions"].values() for org in region["orgs"] for client in org["clients"]]
    assert len(clients) == 3
    assert {client["client_secret"] for client in clients} == {"********"}
    assert ADMIN_SECRET not in requests.get(f"{sim.url}/__sim/state", timeout=10).text


def test_state_is_a_seed_that_rebuilds_the_world(sim):
    api = Api(sim)
    site = api.create_site("Round trip", ntpSettings={"servers": ["a.example.com", "10.1.1.1"]})
    state = sim.admin.state()
    seed = seed_copy()  # the secrets are masked in the export; put them back
    for region, config in state["regions"].items():
        for org, seeded in zip(config["orgs"], seed["regions"][region]["orgs"]):
            for client, seeded_client in zip(org["clients"], seeded["clients"]):
                client["client_secret"] = seeded_client["client_secret"]
    sim.admin.reset(state)
    again = Api(sim).ok("GET", f"{SITES}/{site['id']}")
    assert again == site


def test_clock_skew_shows_in_date_and_header(sim, api):
    sim.admin.set_skew(US, 3_600_000)
    response = api.get("/api/v2/date")
    expected = datetime.now(timezone.utc) + timedelta(hours=1)
    current = datetime.fromisoformat(response.json()["currentDate"].replace("Z", "+00:00"))
    assert abs(current - expected) < timedelta(seconds=5)
    assert abs(parsedate_to_datetime(response.headers["Date"]) - expected) < timedelta(seconds=5)
    eu = Api(sim, EU, "eu-client", "eu-secret").get("/api/v2/date")  # skew is per region
    eu_date = datetime.fromisoformat(eu.json()["currentDate"].replace("Z", "+00:00"))
    assert abs(eu_date - datetime.now(timezone.utc)) < timedelta(seconds=5)
    sim.admin.set_skew("us_east_1", -90_000)  # underscore spelling accepted
    skewed = parsedate_to_datetime(api.get("/api/v2/date").headers["Date"])
    assert abs(skewed - (datetime.now(timezone.utc) - timedelta(seconds=90))) < timedelta(seconds=5)


def test_clock_of_an_unseeded_region_is_not_found(sim):
    with pytest.raises(AdminError, match="404"):
        sim.admin.set_skew("ap-south-1", 1000)
    response = requests.put(f"{sim.url}/__sim/regions/{US}/clock", json={"skew_ms": "soon"}, timeout=10)
    assert response.status_code == 400 and "skew_ms" in response.json()["message"]


def test_region_names_accept_underscores(sim):
    token = requests.post(f"{sim.url}/us_east_1/oauth/token", data={"grant_type": "client_credentials"},
                          auth=(ADMIN_ID, ADMIN_SECRET), timeout=10)
    assert token.status_code == 200
    response = requests.get(f"{sim.url}/us_east_1/api/v2/date",
                            headers={"Authorization": f"Bearer {token.json()['access_token']}"}, timeout=10)
    assert response.status_code == 200


def test_health(sim):
    assert requests.get(f"{sim.url}/__sim/health", timeout=10).json() == {"status": "ok"}


def test_plugin_fixture_gives_an_empty_world(genesys_sim):
    assert genesys_sim.admin.state()["regions"] == {}
    genesys_sim.admin.seed(seed_copy())
    assert Api(genesys_sim).get("/api/v2/date").status_code == 200
