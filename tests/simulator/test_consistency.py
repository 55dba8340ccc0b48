"""The eventual-consistency mode: reads by id and listings lag behind writes, a deleted object holds its name and
its parents for a while, a station association may meet the 409 race; seeded, off by default.

Lags are fixed ranges here and time moves with the region clock's skew, so nothing waits."""

from __future__ import annotations

import pytest

from genesys_cloud_sim.testing import AdminError, SimulatorProcess

from conftest import LOCATIONS, SITES, US, Api, assert_error_body
from test_users import AGENT_ID, AGENT_SECRET, USERS, station_id, user_id, users_seed

LONG_MS = 60_000
LATER_MS = 2 * LONG_MS  # a skew past every lag


def site_names(api: Api, **params) -> list[str]:
    return [site["name"] for site in api.ok("GET", SITES, params={"pageSize": 100, **params})["entities"]]


def test_off_by_default(sim, api):
    assert sim.admin.consistency() is None
    site = api.create_site("Fresh")
    assert api.get(f"{SITES}/{site['id']}").status_code == 200
    assert "Fresh" in site_names(api)


def test_a_new_object_is_not_found_by_id_nor_listed_until_its_lags_pass(sim, api):
    sim.admin.set_consistency(read_lag_ms=[LONG_MS, LONG_MS], listing_lag_ms=[LONG_MS, LONG_MS])
    site = api.create_site("Fresh")
    assert_error_body(api.get(f"{SITES}/{site['id']}"), 404, "not.found")
    assert site_names(api, name="Fresh") == []
    sim.admin.set_skew(US, LATER_MS)
    assert api.ok("GET", f"{SITES}/{site['id']}")["name"] == "Fresh"
    assert site_names(api, name="Fresh") == ["Fresh"]


def test_an_update_shows_the_previous_version_by_id_then_in_listings_for_longer(sim, api):
    site = api.create_site("Versioned", description="first")
    sim.admin.set_consistency(read_lag_ms=[1000, 1000], listing_lag_ms=[LONG_MS, LONG_MS])
    api.ok("PUT", f"{SITES}/{site['id']}", {**site, "description": "second"})
    assert api.ok("GET", f"{SITES}/{site['id']}")["description"] == "first"
    sim.admin.set_skew(US, 5000)
    assert api.ok("GET", f"{SITES}/{site['id']}")["description"] == "second"
    listed = api.ok("GET", SITES, params={"name": "Versioned"})["entities"]
    assert [(s["description"], s["version"]) for s in listed] == [("first", site["version"])]
    sim.admin.set_skew(US, LATER_MS)
    assert [s["description"] for s in api.ok("GET", SITES, params={"name": "Versioned"})["entities"]] == ["second"]


def test_a_deleted_object_still_shows_by_id_for_a_while(sim, api):
    site = api.create_site("Going")
    sim.admin.set_consistency(read_lag_ms=[LONG_MS, LONG_MS], listing_lag_ms=[LONG_MS, LONG_MS])
    assert api.delete(f"{SITES}/{site['id']}").status_code == 204
    assert api.ok("GET", f"{SITES}/{site['id']}")["name"] == "Going"
    sim.admin.set_skew(US, LATER_MS)
    assert_error_body(api.get(f"{SITES}/{site['id']}"), 404, "not.found")


def test_a_deleted_object_holds_its_name_and_its_parent_for_a_while(sim, api):
    sim.admin.set_consistency(read_lag_ms=0, listing_lag_ms=0, in_use_after_delete_ms=LONG_MS)
    location = api.location_id()
    site = api.ok("GET", SITES, params={"name": "Indy Core"})["entities"][0]
    assert api.delete(f"{SITES}/{site['id']}").status_code == 204
    refused = assert_error_body(api.post(SITES, {"name": "indy core", "location": {"id": location}}), 400, "invalid.value")
    assert refused["details"][0]["fieldName"] == "name"
    assert_error_body(api.delete(f"{LOCATIONS}/{location}"), 409, "general.conflict")
    api.create_site("Another name")  # only the deleted object's own name is held
    sim.admin.set_skew(US, LATER_MS)
    api.create_site("Indy Core")
    api.ok("DELETE", f"{SITES}/{api.ok('GET', SITES, params={'name': 'Indy Core'})['entities'][0]['id']}")
    sim.admin.clear_consistency()
    api.ok("DELETE", f"{SITES}/{api.ok('GET', SITES, params={'name': 'Another name'})['entities'][0]['id']}")
    assert api.delete(f"{LOCATIONS}/{location}").status_code == 204


@pytest.fixture
def usim(sim):
    sim.admin.reset(users_seed())
    return sim


@pytest.fixture
def association(usim):
    """The path of Ada's association with Desk 1, and a client allowed to write it."""
    api = Api(usim, client_id=AGENT_ID, secret=AGENT_SECRET)
    return api, f"{USERS}/{user_id(api, 'ada@example.com')}/station/associatedstation/{station_id(api, 'Desk 1')}"


def test_a_station_association_may_meet_the_version_race(usim, association):
    api, path = association
    usim.admin.set_consistency(station_conflict_rate=1.0)
    body = assert_error_body(api.put(path, None), 409, "general.conflict")
    assert body["message"] == "The version number of the modified resource must match the version number in the database."
    usim.admin.set_consistency(station_conflict_rate=0.0)
    assert api.put(path, None).status_code == 204


def association_outcomes(sim, api: Api, path: str, seed: int) -> list[int]:
    sim.admin.set_consistency(seed=seed, station_conflict_rate=0.5)
    return [api.put(path, None).status_code for _attempt in range(24)]


def test_the_same_seed_races_alike(usim, association):
    api, path = association
    first, again, other = (association_outcomes(usim, api, path, seed) for seed in (3, 3, 4))
    assert first == again
    assert first != other
    assert set(first) == {204, 409}


def test_settings_are_checked(sim):
    with pytest.raises(AdminError, match="unknown consistency settings"):
        sim.admin.set_consistency(lag=5)
    with pytest.raises(AdminError, match="station_conflict_rate"):
        sim.admin.set_consistency(station_conflict_rate=2)
    assert sim.admin.set_consistency(seed=9, read_lag_ms=300)["read_lag_ms"] == [0, 300]


def test_reset_switches_it_off(sim):
    sim.admin.set_consistency(seed=1)
    sim.admin.reset()
    assert sim.admin.consistency() is None


def test_the_cli_switches_it_on_with_a_seed():
    with SimulatorProcess(extra_args=("--eventual-consistency", "5")) as process:
        settings = process.admin.consistency()
    assert settings["seed"] == 5
    assert settings["listing_lag_ms"][1] >= settings["read_lag_ms"][1]
