"""Issue 14: emergency numbers of locations, the address rule of a location PATCH, the Edge update window, and what
the simulator does with body fields a model lacks. Each docstring names its evidence, as the research notes
(simulator/FIDELITY.md's sources) cite it: TF = MyPureCloud/terraform-provider-genesyscloud at f955430e,
PY = MyPureCloud/platform-client-sdk-python at f80f2db2."""

from __future__ import annotations

import pytest

from genesys_cloud_sim.testing import Simulator, SimulatorProcess

from conftest import LOCATIONS, SEED, SITES, Api, assert_error_body

WINDOW = {"timeZone": "America/Chicago", "start": "2026-01-04T02:00:00.000", "end": "2026-01-04T05:00:00.000"}


def new_location(api: Api, name: str, **fields) -> dict:
    return api.ok("POST", LOCATIONS, {"name": name, **fields})


# --- 1. a site's location must have an emergency number ----------------------------------------------------------

def test_emergency_number_comes_back_with_its_e164_form(api):
    """LocationEmergencyNumber has `e164` next to `number` and `type` (PY build/docs/LocationEmergencyNumber.md);
    TF reads e164 back and matches on it (TF genesyscloud/telephony_providers_edges_site/
    resource_genesyscloud_telephony_providers_edges_site_utils.go, DeleteLocationWithNumber)."""
    made = new_location(api, "Annex", emergencyNumber={"number": "+1 (317) 555-0123", "type": "elin"})
    assert made["emergencyNumber"] == {"e164": "+13175550123", "number": "+1 (317) 555-0123", "type": "elin"}
    assert api.ok("GET", f"{LOCATIONS}/{made['id']}")["emergencyNumber"]["e164"] == "+13175550123"
    sent_e164 = new_location(api, "Annex 2", emergencyNumber={"number": "+13175550124", "e164": "+19999999999"})
    assert sent_e164["emergencyNumber"] == {"e164": "+13175550124", "number": "+13175550124", "type": "default"}


@pytest.mark.parametrize("number", ["3175550123", "+0317555", "+1317555012345678", "+1 317 CALL NOW"])
def test_emergency_number_must_be_e164(api, number):
    """TF's schema: "Emergency phone number.  Must be in an E.164 number format." (TF genesyscloud/location/
    resource_genesyscloud_location_schema.go ~l.51-72)."""
    response = api.post(LOCATIONS, {"name": "Annex", "emergencyNumber": {"number": number}})
    assert assert_error_body(response, 400, "invalid.value")["details"][0]["fieldName"] == "emergencyNumber.number"


def test_emergency_number_type_is_default_or_elin(api):
    """PY models/location_emergency_number.py: allowed_values = ["default", "elin"]."""
    response = api.post(LOCATIONS, {"name": "Annex", "emergencyNumber": {"number": "+13175550123", "type": "911"}})
    assert assert_error_body(response, 400, "invalid.value")["details"][0]["fieldName"] == "emergencyNumber.type"


def test_a_site_needs_a_location_with_an_emergency_number(api):
    """TF's site proxy refuses a location without one: "location with id %v does not have an emergency number"
    (TF genesyscloud/telephony_providers_edges_site/genesyscloud_telephony_providers_edges_site_proxy.go
    getLocationFn ~l.485-498, used by createSite and updateSite)."""
    bare = new_location(api, "Bare")
    response = api.post(SITES, {"name": "Numberless", "location": {"id": bare["id"]}})
    body = assert_error_body(response, 400, "invalid.value")
    assert body["details"][0]["fieldName"] == "location.emergencyNumber" and bare["id"] in body["message"]

    site = api.create_site("Movable")  # at HQ, which has a number
    response = api.put(f"{SITES}/{site['id']}", {**site, "location": {"id": bare["id"]}})
    assert assert_error_body(response, 400, "invalid.value")["details"][0]["fieldName"] == "location.emergencyNumber"
    assert api.ok("GET", f"{SITES}/{site['id']}")["version"] == site["version"]


def test_the_emergency_number_of_a_location_in_use_stays(api):
    """An emergencyNumber without a number is how TF says "none" (TF genesyscloud/location/
    resource_genesyscloud_location_utils.go buildSdkLocationEmergencyNumber returns Locationemergencynumber{});
    removing it from a location a site stands at is refused, or that site would break the rule above."""
    hq = api.ok("GET", f"{LOCATIONS}/{api.location_id()}")
    response = api.patch(f"{LOCATIONS}/{hq['id']}", {"name": "HQ", "version": hq["version"], "emergencyNumber": {}})
    assert assert_error_body(response, 400, "invalid.value")["details"][0]["fieldName"] == "emergencyNumber"

    spare = new_location(api, "Spare", emergencyNumber={"number": "+13175550199"})
    cleared = api.ok("PATCH", f"{LOCATIONS}/{spare['id']}", {"name": "Spare", "version": 1, "emergencyNumber": {}})
    assert "emergencyNumber" not in cleared


# --- 2. no address in a PATCH while an emergency number is assigned ----------------------------------------------

def test_patch_may_not_carry_an_address_while_a_number_is_assigned(api):
    """TF: "When emergency_number is set for a location, the API does not allow address updates" and "Even if
    address is the same, the API does not allow it in the patch request if a number is assigned" (TF
    genesyscloud/location/resource_genesyscloud_location_utils.go shouldIncludeAddress ~l.179-193;
    resource_genesyscloud_location.go updateLocation ~l.137-141)."""
    address = {"street1": "1 Main St", "city": "Indianapolis", "country": "US"}
    made = new_location(api, "Numbered", address=address, emergencyNumber={"number": "+13175550150"})
    for sent in (address, {**address, "city": "Carmel"}):
        response = api.patch(f"{LOCATIONS}/{made['id']}", {"name": "Numbered", "version": 1, "address": sent})
        body = assert_error_body(response, 400, "invalid.value")
        assert body["details"][0]["fieldName"] == "address" and "emergency number" in body["message"]
    renamed = api.ok("PATCH", f"{LOCATIONS}/{made['id']}", {"name": "Numbered Too", "version": 1})
    assert renamed["address"] == address and renamed["version"] == 2


def test_patch_may_change_the_address_of_a_location_without_a_number(api):
    """The same TF comment: the rule holds only "when emergency_number is set"; TF's acceptance test removes the
    number before changing the address (TF genesyscloud/location/resource_genesyscloud_location_test.go l.113)."""
    made = new_location(api, "Unnumbered", address={"city": "Indianapolis"})
    moved = api.ok("PATCH", f"{LOCATIONS}/{made['id']}", {"name": "Unnumbered", "version": 1,
                                                          "address": {"city": "Carmel"},
                                                          "emergencyNumber": {"number": "+13175550151"}})
    assert moved["address"] == {"city": "Carmel"} and moved["emergencyNumber"]["e164"] == "+13175550151"


# --- 3. Edge auto-update windows ---------------------------------------------------------------------------------

@pytest.mark.parametrize("rrule", ["FREQ=WEEKLY;BYDAY=SU", "FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=DAILY", "freq=daily;interval=2"])
def test_daily_and_weekly_windows_are_accepted(api, rrule):
    """PY models/edge_auto_update_config.py l.98: "The only supported frequencies are daily and weekly.\""""
    site = api.create_site("Windowed", edgeAutoUpdateConfig={**WINDOW, "rrule": rrule})
    assert site["edgeAutoUpdateConfig"]["rrule"] == rrule


@pytest.mark.parametrize("rrule, rule", [
    ("FREQ=MONTHLY;BYMONTHDAY=1", "DAILY and WEEKLY"),
    ("FREQ=HOURLY", "DAILY and WEEKLY"),
    ("BYDAY=SU", "DAILY and WEEKLY"),
    ("FREQ=WEEKLY", "at least one day"),
    ("FREQ=WEEKLY;BYDAY=", "at least one day"),
    ("FREQ=WEEKLY;BYDAY=SUN", "MO, TU"),
])
def test_other_recurrences_are_refused(api, rrule, rule):
    """PY models/edge_auto_update_config.py l.98: "Weekly frequencies require a day list with at least oneday
    specified. All other configurations are not supported.\""""
    response = api.post(SITES, {"name": "Windowed", "location": {"id": api.location_id()},
                                "edgeAutoUpdateConfig": {**WINDOW, "rrule": rrule}})
    body = assert_error_body(response, 400, "invalid.value")
    assert body["details"][0]["fieldName"] == "edgeAutoUpdateConfig.rrule" and rule in body["message"]


@pytest.mark.parametrize("end, accepted", [("2026-01-04T04:00:00.000", True), ("2026-01-04T03:59:59.999", False),
                                           ("2026-01-04T01:00:00.000", False)])
def test_the_window_is_two_hours_or_more(api, end, accepted):
    """PY models/edge_auto_update_config.py l.74: "The minimum size of the window is 2 hours.\""""
    response = api.post(SITES, {"name": "Windowed", "location": {"id": api.location_id()},
                                "edgeAutoUpdateConfig": {**WINDOW, "rrule": "FREQ=DAILY", "end": end}})
    if accepted:
        assert response.status_code == 200, response.text
    else:
        body = assert_error_body(response, 400, "invalid.value")
        assert body["details"][0]["fieldName"] == "edgeAutoUpdateConfig.end" and "2 hours" in body["message"]


# --- 10. body fields a model lacks ---------------------------------------------------------------------------------

TYPO = {"name": "Typo", "adress": {"city": "Nowhere"}, "emergencyNumber": {"number": "+13175550160", "kind": "x"}}


def test_unknown_fields_are_ignored_by_default():
    """Evidence is indirect (UNCONFIRMED): TF PUTs back the whole site it read, read-only fields
    included, and only strips edges for the 512 KB limit (TF genesyscloud/telephony_providers_edges_site/
    genesyscloud_telephony_providers_edges_site_proxy.go l.372-386). A real org is taken to ignore what it lacks."""
    with Simulator(SEED) as lenient:
        made = Api(lenient).ok("POST", LOCATIONS, TYPO)
    assert "adress" not in made and "address" not in made
    assert made["emergencyNumber"] == {"e164": "+13175550160", "number": "+13175550160", "type": "default"}


def test_strict_fields_refuse_unknown_fields(api):
    """The project's tests run strict (conftest.py), so a typo in the collection fails in the tests."""
    body = assert_error_body(api.post(LOCATIONS, TYPO), 400, "bad.request")
    assert body["details"][0]["fieldName"] == "adress"


def test_serve_strict_fields_switch():
    """`genesys-cloud-sim serve --strict-fields` is what SimulatorProcess(strict_fields=True) runs."""
    with SimulatorProcess(config=SEED, strict_fields=True) as strict:
        response = Api(strict).post(LOCATIONS, {"name": "Typo", "emergencyNumber": {"number": "+13175550160",
                                                                                    "kind": "x"}})
    assert assert_error_body(response, 400, "bad.request")["details"][0]["fieldName"] == "emergencyNumber.kind"
