"""Edges: the pairing walk driven by simulated appliances, service state, reboot, unpair, interfaces, Edge groups.

Simulated time follows the region clock, so `advance()` moves it with the admin API's clock skew: each test walks
an Edge through exact moments of its timeline instead of waiting. The defaults of a `pairs` appliance are
NEW 0-10 s, AWAITING_CONNECTION 10-20, AWAITING_FINGERPRINT 20-30, then one WALK step every 10 s to ACTIVE at 70.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from conftest import SITES, US, VIEWER_ID, VIEWER_SECRET, Api, assert_error_body, seed_copy
from genesys_cloud_sim.testing import AdminError, Simulator

EDGES = "/api/v2/telephony/providers/edges"
GROUPS = f"{EDGES}/edgegroups"
PAIRS = "PAIRS-00000-00000-00000-00001"
PAIRS_TOO = "PAIRS-00000-00000-00000-00002"
NEVER = "NEVER-00000-00000-00000-00003"
VERIFY = "VERIF-00000-00000-00000-00004"
OFFLINE = "OFFLN-00000-00000-00000-00005"
REBOOTS = "REBOT-00000-00000-00000-00006"
NO_APPLIANCE = "NOBOX-00000-00000-00000-00007"
MAC_0, MAC_1 = "00:25:90:aa:bb:01", "00:25:90:aa:bb:02"
WALK = ["NEW", "AWAITING_CONNECTION", "AWAITING_FINGERPRINT", "AWAITING_FINGERPRINT_VERIFICATION",
        "FINGERPRINT_VERIFIED", "AWAITING_BOOTSTRAP", "INITIALIZING", "ACTIVE"]
PAIRED_AT_S = 70


def edge_seed() -> dict[str, Any]:
    """SEED plus a second site, two Edge groups and one appliance per behaviour."""
    seed = seed_copy()
    org = seed["regions"][US]["orgs"][0]
    org["sites"].append({"name": "Indy Backup", "location": "HQ"})
    org["edge_groups"] = [{"name": "Core Edges", "description": "the core"}, {"name": "Branch Edges"}]
    org["appliances"] = [
        {"pairing_id": PAIRS, "serial_number": "SN-1", "model": "Edge 3000",
         "nics": [{"port_label": "eth0", "mac": MAC_0}, {"port_label": "eth1", "mac": MAC_1, "if_name": "enp2s0"}]},
        {"pairing_id": PAIRS_TOO, "nics": [{"port_label": "eth0", "mac": "00:25:90:cc:dd:01"}]},
        {"pairing_id": NEVER, "behaviour": {"kind": "never_connects"}},
        {"pairing_id": VERIFY, "behaviour": {"kind": "fingerprint_verification"}},
        {"pairing_id": OFFLINE, "behaviour": {"kind": "goes_offline", "offline_after_s": 60}},
        {"pairing_id": REBOOTS, "behaviour": {"kind": "reboots", "offline_after_s": 60, "step_s": 10}},
    ]
    return seed


@pytest.fixture
def esim(sim):
    sim.admin.reset(edge_seed())
    return sim


@pytest.fixture
def eapi(esim) -> Api:
    return Api(esim)


def advance(sim: Simulator, seconds: float) -> None:
    """Move the region clock (and with it every Edge's timeline) forward; time_scale is 1 in these tests."""
    region = sim.simulation.store.regions[US]
    sim.admin.set_skew(US, region.skew_ms + round(seconds * 1000))


def site_id(api: Api, name: str = "Indy Core") -> str:
    return next(site["id"] for site in api.ok("GET", SITES)["entities"] if site["name"] == name)


def group_id(api: Api, name: str) -> str:
    return api.ok("GET", GROUPS, params={"name": name})["entities"][0]["id"]


def create_edge(api: Api, name: str, pairing_id: str, **fields: Any) -> dict[str, Any]:
    body = {"name": name, "site": {"id": site_id(api)}, "edgeDeploymentType": "HARDWARE", "pairingId": pairing_id}
    return api.ok("POST", EDGES, {**body, **fields})


def read(api: Api, edge: dict[str, Any]) -> dict[str, Any]:
    return api.ok("GET", f"{EDGES}/{edge['id']}")


def status(api: Api, edge: dict[str, Any]) -> tuple[str, str]:
    current = read(api, edge)
    return current["statusCode"], current["onlineStatus"]


def paired_edge(sim: Simulator, api: Api, name: str = "Edge 1", pairing_id: str = PAIRS) -> dict[str, Any]:
    edge = create_edge(api, name, pairing_id)
    advance(sim, PAIRED_AT_S + 5)
    assert status(api, edge) == ("ACTIVE", "ONLINE")
    return edge


def field_of(body: dict[str, Any]) -> str:
    return body["details"][0]["fieldName"]


# --- the pairing walk ----------------------------------------------------------------------------------------


def test_pairing_walks_every_state_in_order_and_ends_online(esim, eapi):
    edge = create_edge(eapi, "Edge 1", PAIRS.lower())
    assert edge["pairingId"] == PAIRS  # stored upper-case
    assert (edge["statusCode"], edge["onlineStatus"]) == ("NEW", "OFFLINE")
    assert edge["physicalEdge"] is True and edge["managed"] is False and edge["edgeDeploymentType"] == "HARDWARE"
    assert edge["site"]["name"] == "Indy Core" and edge["selfUri"] == f"{EDGES}/{edge['id']}"
    seen = []
    advance(esim, 5)
    for _step in WALK:
        current = read(eapi, edge)
        seen.append(current["statusCode"])
        connected = current["statusCode"] not in ("NEW", "AWAITING_CONNECTION")
        assert ("serialNumber" in current) is connected
        assert ("fingerprint" in current) is (WALK.index(current["statusCode"]) >= 3)
        assert current["onlineStatus"] == ("ONLINE" if current["statusCode"] == "ACTIVE" else "OFFLINE")
        advance(esim, 10)
    assert seen == WALK
    final = read(eapi, edge)
    assert (final["statusCode"], final["onlineStatus"]) == ("ACTIVE", "ONLINE")
    assert final["serialNumber"] == "SN-1" and final["model"] == "Edge 3000" and final["make"] == "Genesys"
    assert final["fingerprintHint"] == final["fingerprint"][-6:] and final["callDrainingState"] == "NONE"


def test_a_large_time_scale_pairs_in_well_under_a_second():
    with Simulator(edge_seed(), time_scale=1000, strict_fields=True) as fast:
        api = Api(fast)
        edge = create_edge(api, "Fast Edge", PAIRS)
        seen, started = [edge["statusCode"]], time.monotonic()
        while status(api, edge) != ("ACTIVE", "ONLINE"):
            assert time.monotonic() - started < 2, seen
            seen.append(read(api, edge)["statusCode"])
        assert time.monotonic() - started < 1
        order = [WALK.index(code) for code in seen]
        assert order == sorted(order)  # never backwards


@pytest.mark.parametrize(
    ("pairing_id", "stuck_at", "serial"),
    [(NEVER, "AWAITING_CONNECTION", False), (NO_APPLIANCE, "AWAITING_CONNECTION", False),
     (VERIFY, "AWAITING_FINGERPRINT_VERIFICATION", True)],
)
def test_appliances_that_stop_on_the_way(esim, eapi, pairing_id, stuck_at, serial):
    edge = create_edge(eapi, "Stuck", pairing_id)
    advance(esim, 10_000)
    current = read(eapi, edge)
    assert (current["statusCode"], current["onlineStatus"]) == (stuck_at, "OFFLINE")
    assert ("serialNumber" in current) is serial and ("fingerprint" in current) is serial
    nics = eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces")["entities"]
    assert len(nics) == (1 if serial else 0)  # the default NIC, once the appliance has connected


def test_goes_offline_for_good_after_active(esim, eapi):
    edge = paired_edge(esim, eapi, pairing_id=OFFLINE)
    advance(esim, 60)
    assert status(eapi, edge) == ("ACTIVE", "OFFLINE")
    advance(esim, 10_000)
    assert status(eapi, edge) == ("ACTIVE", "OFFLINE")


def test_reboots_on_its_own_for_one_step(esim, eapi):
    edge = paired_edge(esim, eapi, pairing_id=REBOOTS)  # ACTIVE for 5 s
    advance(esim, 57)
    assert status(eapi, edge) == ("ACTIVE", "OFFLINE")
    advance(esim, 10)
    assert status(eapi, edge) == ("ACTIVE", "ONLINE")


def test_reboot_is_offline_for_one_step_then_online(esim, eapi):
    edge = paired_edge(esim, eapi)
    assert eapi.ok("POST", f"{EDGES}/{edge['id']}/reboot", {"callDrainingWaitTimeSeconds": 30}) == edge["id"]
    assert status(eapi, edge) == ("ACTIVE", "OFFLINE")
    assert_error_body(eapi.post(f"{EDGES}/{edge['id']}/reboot", None), 400, "bad.request")  # offline: no reboot
    advance(esim, 10)
    assert status(eapi, edge) == ("ACTIVE", "ONLINE")
    response = eapi.request("POST", f"{EDGES}/{edge['id']}/reboot")  # no body at all is fine too
    assert response.status_code == 200
    fresh = create_edge(eapi, "Fresh", PAIRS_TOO)
    assert_error_body(eapi.post(f"{EDGES}/{fresh['id']}/reboot", {}), 400, "bad.request")


def test_unpair_walks_unpairing_then_unpaired(esim, eapi):
    edge = paired_edge(esim, eapi)
    assert eapi.ok("POST", f"{EDGES}/{edge['id']}/unpair") == edge["id"]
    assert status(eapi, edge) == ("UNPAIRING", "ONLINE")
    retry = assert_error_body(eapi.post(f"{EDGES}/{edge['id']}/unpair", None), 400, "bad.request")
    assert "UNPAIRING" in retry["message"]
    again = eapi.post(EDGES, {"name": "Again", "site": {"id": site_id(eapi)}, "pairingId": PAIRS})
    assert field_of(assert_error_body(again, 400, "invalid.value")) == "pairingId"  # still live while UNPAIRING
    advance(esim, 10)
    assert status(eapi, edge) == ("UNPAIRED", "OFFLINE")
    assert eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces")["entities"] == []
    assert_error_body(eapi.post(f"{EDGES}/{edge['id']}/statuscode", {"inService": True}), 400, "bad.request")
    repaired = create_edge(eapi, "Again", PAIRS)  # UNPAIRED frees the appliance; the new record walks from NEW
    assert repaired["statusCode"] == "NEW"


def test_statuscode_takes_a_paired_edge_out_of_and_back_into_service(esim, eapi):
    fresh = create_edge(eapi, "Fresh", PAIRS_TOO)
    refused = assert_error_body(eapi.post(f"{EDGES}/{fresh['id']}/statuscode", {"inService": False}), 400,
                                "bad.request")
    assert "NEW" in refused["message"]
    edge = paired_edge(esim, eapi)
    assert eapi.ok("POST", f"{EDGES}/{edge['id']}/statuscode",
                   {"inService": False, "callDrainingWaitTimeSeconds": 60}) == edge["id"]
    out = read(eapi, edge)
    assert (out["statusCode"], out["onlineStatus"], out["callDrainingState"]) == ("INACTIVE", "ONLINE", "COMPLETE")
    eapi.ok("POST", f"{EDGES}/{edge['id']}/statuscode", {"inService": True})
    assert status(eapi, edge) == ("ACTIVE", "ONLINE")
    missing = assert_error_body(eapi.post(f"{EDGES}/{edge['id']}/statuscode", {}), 400, "bad.request")
    assert field_of(missing) == "inService"


def test_recreating_an_edge_restarts_its_timeline(esim, eapi):
    edge = paired_edge(esim, eapi)
    eapi.ok("DELETE", f"{EDGES}/{edge['id']}")
    assert_error_body(eapi.get(f"{EDGES}/{edge['id']}"), 404, "not.found")
    again = create_edge(eapi, "Edge 1", PAIRS)
    assert status(eapi, again) == ("NEW", "OFFLINE")


# --- listing, PUT and errors ---------------------------------------------------------------------------------


def test_listing_filters_and_paging(esim, eapi):
    core = group_id(eapi, "core edges")
    create_edge(eapi, "Indy Edge 1", PAIRS, edgeGroup={"id": core})
    create_edge(eapi, "Indy Edge 2", PAIRS_TOO, edgeGroup={"id": core})
    create_edge(eapi, "Backup Edge", NEVER, site={"id": site_id(eapi, "Indy Backup")})

    def names(**params: Any) -> list[str]:
        return [edge["name"] for edge in eapi.ok("GET", EDGES, params=params)["entities"]]

    assert names() == ["Backup Edge", "Indy Edge 1", "Indy Edge 2"]
    assert names(name="indy edge 1") == ["Indy Edge 1"]
    assert names(name="Indy") == []  # exact unless it holds *
    assert names(name="indy*") == ["Indy Edge 1", "Indy Edge 2"]
    assert names(name="*edge*") == ["Backup Edge", "Indy Edge 1", "Indy Edge 2"]
    assert names(**{"site.id": site_id(eapi, "Indy Backup")}) == ["Backup Edge"]
    assert names(**{"edgeGroup.id": core}) == ["Indy Edge 1", "Indy Edge 2"]
    assert names(**{"edgeGroup.id": group_id(eapi, "Branch Edges")}) == []
    assert names(managed="true") == []
    assert names(sortBy="name", showCloudMedia="false") == ["Backup Edge", "Indy Edge 1", "Indy Edge 2"]

    page = eapi.ok("GET", EDGES, params={"pageSize": 2, "name": "*edge*"})
    assert (page["total"], page["totalNumberOfEntities"], page["pageCount"], len(page["entities"])) == (3, 3, 2, 2)
    assert page["nextUri"] == f"{EDGES}?pageSize=2&pageNumber=2&name=%2Aedge%2A"
    last = eapi.ok("GET", page["nextUri"])
    assert [edge["name"] for edge in last["entities"]] == ["Indy Edge 2"] and "nextUri" not in last
    assert field_of(assert_error_body(eapi.get(EDGES, params={"sortBy": "serialNumber"}), 400,
                                      "invalid.value")) == "sortBy"
    assert field_of(assert_error_body(eapi.get(EDGES, params={"pageSize": 101}), 400, "invalid.value")) == "pageSize"


def test_put_takes_the_whole_edge_with_its_version(esim, eapi):
    edge = create_edge(eapi, "Edge 1", PAIRS, description="first", edgeGroup={"id": group_id(eapi, "Core Edges")})
    advance(esim, 35)
    current = read(eapi, edge)  # with every read-only field, sent back as read
    current.update(name="Edge One", description="renamed")
    replaced = eapi.ok("PUT", f"{EDGES}/{edge['id']}", current)
    assert (replaced["name"], replaced["description"], replaced["version"]) == ("Edge One", "renamed", 2)
    assert replaced["dateCreated"] == edge["dateCreated"]
    assert replaced["statusCode"] == "AWAITING_FINGERPRINT_VERIFICATION"  # a PUT does not restart the walk
    bare = {"name": "Edge One", "site": {"id": site_id(eapi)}, "pairingId": PAIRS, "version": 2}
    cleared = eapi.ok("PUT", f"{EDGES}/{edge['id']}", bare)
    assert "description" not in cleared and "edgeGroup" not in cleared and cleared["version"] == 3

    stale = assert_error_body(eapi.put(f"{EDGES}/{edge['id']}", current), 409, "general.conflict")
    assert stale["entityId"] == edge["id"]
    assert_error_body(eapi.put(f"{EDGES}/{edge['id']}", {**bare, "version": None}), 409, "general.conflict")
    moved = eapi.put(f"{EDGES}/{edge['id']}", {**bare, "version": 3, "pairingId": PAIRS_TOO})
    assert field_of(assert_error_body(moved, 400, "invalid.value")) == "pairingId"


def test_create_errors_name_the_field(esim, eapi):
    create_edge(eapi, "Edge 1", PAIRS)
    base = {"name": "Edge 2", "site": {"id": site_id(eapi)}, "pairingId": PAIRS_TOO}

    def refused(status_code: int, code: str, **changes: Any) -> str:
        body = {key: value for key, value in {**base, **changes}.items() if value is not None}
        return field_of(assert_error_body(eapi.post(EDGES, body), status_code, code))

    assert refused(400, "invalid.value", pairingId="not-a-pairing-id") == "pairingId"
    assert refused(400, "invalid.value", pairingId="PAIRS-00000-00000-00000-0000") == "pairingId"
    assert refused(400, "invalid.value", site={"id": "no-such-site"}) == "site.id"
    assert refused(400, "bad.request", name=None) == "name"
    assert refused(400, "bad.request", site=None) == "site"
    assert refused(400, "bad.request", pairingId=None) == "pairingId"
    assert refused(400, "invalid.value", name="EDGE 1") == "name"  # names are unique, case-insensitively
    assert refused(400, "invalid.value", pairingId=PAIRS.lower()) == "pairingId"  # a live Edge has it
    assert refused(400, "invalid.value", edgeGroup={"id": "no-such-group"}) == "edgeGroup.id"
    assert refused(400, "invalid.value", edgeDeploymentType="LDM") == "edgeDeploymentType"
    assert refused(400, "bad.request", pairingCode="123") == "pairingCode"  # unknown fields are refused
    assert [edge["name"] for edge in eapi.ok("GET", EDGES)["entities"]] == ["Edge 1"]


def test_unknown_ids_are_404(eapi):
    unknown = f"{EDGES}/no-such-edge"
    for method, path, body in [("GET", unknown, None), ("PUT", unknown, {"name": "x", "site": {"id": "s"},
                                                                         "pairingId": PAIRS, "version": 1}),
                               ("DELETE", unknown, None), ("POST", f"{unknown}/unpair", None),
                               ("POST", f"{unknown}/statuscode", {"inService": True}),
                               ("GET", f"{unknown}/physicalinterfaces", None),
                               ("GET", f"{unknown}/logicalinterfaces", None), ("GET", f"{GROUPS}/nope", None)]:
        body_json = assert_error_body(eapi.request(method, path, json=body), 404, "not.found")
        assert body_json["entityId"] in ("no-such-edge", "nope")


def test_setuppackage_is_for_virtual_edges_only(esim, eapi):
    edge = create_edge(eapi, "Edge 1", PAIRS)
    body = assert_error_body(eapi.get(f"{EDGES}/{edge['id']}/setuppackage"), 400, "bad.request")
    assert "HARDWARE" in body["message"]


def test_edges_need_telephony_plugin_all(esim):
    viewer = Api(esim, client_id=VIEWER_ID, secret=VIEWER_SECRET)
    body = assert_error_body(viewer.get(EDGES), 403, "missing.permissions")
    assert body["messageParams"] == {"permissions": "telephony:plugin:all"}


def test_a_site_with_edges_cannot_be_deleted(esim, eapi):
    edge = create_edge(eapi, "Edge 1", PAIRS)
    body = assert_error_body(eapi.delete(f"{SITES}/{site_id(eapi)}"), 409, "general.conflict")
    assert "Edge 1" in body["message"] and body["entityId"] == site_id(eapi)
    eapi.ok("DELETE", f"{EDGES}/{edge['id']}")
    eapi.ok("DELETE", f"{SITES}/{site_id(eapi)}")


# --- interfaces ----------------------------------------------------------------------------------------------


def test_physical_interfaces_are_the_appliance_nics_once_it_has_connected(esim, eapi):
    edge = create_edge(eapi, "Edge 1", PAIRS)
    other = create_edge(eapi, "Edge 2", PAIRS_TOO)
    assert eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces")["entities"] == []
    advance(esim, 25)  # AWAITING_FINGERPRINT: the appliance has reported
    listing = eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces")
    nics = listing["entities"]
    assert [(n["portLabel"], n["name"], n["friendlyName"], n["hardwareAddress"]) for n in nics] == [
        ("eth0", "eth0", "eth0", MAC_0), ("eth1", "enp2s0", "eth1", MAC_1)]
    assert all(n["edgeUri"] == f"{EDGES}/{edge['id']}" for n in nics) and listing["total"] == 2
    assert [n["id"] for n in eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces")["entities"]] == [
        n["id"] for n in nics]  # stable ids
    single = eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces/{nics[1]['id']}")
    assert single == nics[1]
    other_nic = eapi.ok("GET", f"{EDGES}/{other['id']}/physicalinterfaces")["entities"][0]
    assert_error_body(eapi.get(f"{EDGES}/{edge['id']}/physicalinterfaces/{other_nic['id']}"), 404, "not.found")


def logical_body(nic: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {"name": "lan", "friendlyName": "lan", "physicalAdapterId": nic["id"],
            "hardwareAddress": nic["hardwareAddress"], "vlanTagId": 20,
            "addresses": [{"type": "ip", "address": "10.1.0.5/24", "family": 2},
                          {"type": "gateway", "address": "10.1.0.1", "family": "2"}]}
    return {**body, **changes}


def test_logical_interface_lifecycle(esim, eapi):
    edge = create_edge(eapi, "Edge 1", PAIRS)
    advance(esim, 25)
    nic = eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces")["entities"][1]
    path = f"{EDGES}/{edge['id']}/logicalinterfaces"
    assert_error_body(eapi.post(path, logical_body(nic)), 400, "bad.request")  # not paired yet
    advance(esim, PAIRED_AT_S)

    created = eapi.ok("POST", path, logical_body(nic, hardwareAddress=MAC_1.upper().replace(":", "-")))
    assert created["version"] == 1 and created["edgeUri"] == f"{EDGES}/{edge['id']}"
    assert created["physicalAdapterId"] == nic["id"] and created["vlanTagId"] == 20
    assert [a["family"] for a in created["addresses"]] == [2, 2]  # "2" from the SDK is the int 2
    assert eapi.ok("GET", f"{path}/{created['id']}") == created
    assert [i["id"] for i in eapi.ok("GET", path)["entities"]] == [created["id"]]

    updated = eapi.ok("PUT", f"{path}/{created['id']}", {**created, "vlanTagId": 30})
    assert (updated["vlanTagId"], updated["version"]) == (30, 2)
    stale = eapi.put(f"{path}/{created['id']}", {**created, "vlanTagId": 40})
    assert assert_error_body(stale, 409, "general.conflict")["entityId"] == created["id"]

    eapi.ok("DELETE", f"{path}/{created['id']}")
    assert_error_body(eapi.get(f"{path}/{created['id']}"), 404, "not.found")
    assert eapi.ok("GET", path)["entities"] == []


def test_logical_interfaces_that_do_not_fit_the_appliance_get_an_opaque_400(esim, eapi):
    edge = paired_edge(esim, eapi)
    other = create_edge(eapi, "Edge 2", PAIRS_TOO)
    advance(esim, 25)
    nic = eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces")["entities"][0]
    foreign = eapi.ok("GET", f"{EDGES}/{other['id']}/physicalinterfaces")["entities"][0]
    path = f"{EDGES}/{edge['id']}/logicalinterfaces"
    for body in (logical_body(nic, hardwareAddress=MAC_1),  # the MAC of another NIC
                 logical_body(nic, physicalAdapterId=foreign["id"]),  # a NIC of another Edge
                 logical_body(foreign)):
        refused = assert_error_body(eapi.post(path, body), 400, "bad.request")
        assert refused["details"] == [] and "hardware" not in refused["message"].lower()
    bad_family = eapi.post(path, logical_body(nic, addresses=[{"type": "ip", "address": "10.0.0.1/24", "family": 23}]))
    assert field_of(assert_error_body(bad_family, 400, "invalid.value")) == "addresses[0].family"
    assert field_of(assert_error_body(eapi.post(path, logical_body(nic, vlanTagId=5000)), 400,
                                      "invalid.value")) == "vlanTagId"
    eapi.ok("POST", path, logical_body(nic))
    duplicate = eapi.post(path, logical_body(nic, name="again"))
    assert field_of(assert_error_body(duplicate, 400, "invalid.value")) == "vlanTagId"
    assert len(eapi.ok("GET", path)["entities"]) == 1


def test_batch_reads_group_by_edge_uri(esim, eapi):
    first = create_edge(eapi, "Edge 1", PAIRS)
    second = create_edge(eapi, "Edge 2", PAIRS_TOO)
    advance(esim, PAIRED_AT_S + 5)
    for edge in (first, second):
        nic = eapi.ok("GET", f"{EDGES}/{edge['id']}/physicalinterfaces")["entities"][0]
        eapi.ok("POST", f"{EDGES}/{edge['id']}/logicalinterfaces", logical_body(nic))
    ids = f"{first['id']},{second['id']}"

    def grouped(kind: str) -> dict[str, int]:
        listing = eapi.ok("GET", f"{EDGES}/{kind}", params={"edgeIds": ids})
        counts: dict[str, int] = {}
        for entity in listing["entities"]:
            counts[entity["edgeUri"].rsplit("/", 1)[-1]] = counts.get(entity["edgeUri"].rsplit("/", 1)[-1], 0) + 1
        assert listing["total"] == len(listing["entities"]) and "edgeIds=" in listing["selfUri"]
        return counts

    assert grouped("physicalinterfaces") == {first["id"]: 2, second["id"]: 1}
    assert grouped("logicalinterfaces") == {first["id"]: 1, second["id"]: 1}
    repeated = eapi.ok("GET", f"{EDGES}/physicalinterfaces", params=[("edgeIds", first["id"])])
    assert len(repeated["entities"]) == 2
    missing = assert_error_body(eapi.get(f"{EDGES}/logicalinterfaces"), 400, "bad.request")
    assert field_of(missing) == "edgeIds"
    too_many = ",".join([first["id"]] * 101)
    refused = eapi.get(f"{EDGES}/physicalinterfaces", params={"edgeIds": too_many})
    assert field_of(assert_error_body(refused, 400, "invalid.value")) == "edgeIds"
    unknown = eapi.get(f"{EDGES}/physicalinterfaces", params={"edgeIds": f"{first['id']},nope"})
    assert assert_error_body(unknown, 404, "not.found")["entityId"] == "nope"


# --- Edge groups ---------------------------------------------------------------------------------------------


def test_edge_groups_listing_and_read(eapi):
    listing = eapi.ok("GET", GROUPS)
    assert [g["name"] for g in listing["entities"]] == ["Branch Edges", "Core Edges"]
    assert listing["totalNumberOfEntities"] == 2
    core = eapi.ok("GET", GROUPS, params={"name": "CORE EDGES"})["entities"]
    assert [g["description"] for g in core] == ["the core"]
    assert eapi.ok("GET", f"{GROUPS}/{core[0]['id']}") == core[0]
    assert core[0]["managed"] is False and core[0]["selfUri"] == f"{GROUPS}/{core[0]['id']}"
    paged = eapi.ok("GET", GROUPS, params={"pageSize": 1, "name": "*edges"})
    assert paged["pageCount"] == 2 and paged["nextUri"]


# --- state ---------------------------------------------------------------------------------------------------


def test_export_and_reload_resume_every_edge(esim, eapi):
    inactive = paired_edge(esim, eapi, "Inactive")
    eapi.ok("POST", f"{EDGES}/{inactive['id']}/statuscode", {"inService": False})
    nic = eapi.ok("GET", f"{EDGES}/{inactive['id']}/physicalinterfaces")["entities"][0]
    interface = eapi.ok("POST", f"{EDGES}/{inactive['id']}/logicalinterfaces", logical_body(nic))
    unpaired = create_edge(eapi, "Unpaired", PAIRS_TOO)
    eapi.ok("POST", f"{EDGES}/{unpaired['id']}/unpair")
    walking = create_edge(eapi, "Walking", VERIFY, edgeGroup={"id": group_id(eapi, "Core Edges")})
    advance(esim, 25)
    before = {edge["name"]: edge for edge in eapi.ok("GET", EDGES)["entities"]}
    assert before["Walking"]["statusCode"] == "AWAITING_FINGERPRINT"

    esim.admin.reset(esim.simulation.export(include_secrets=True))  # what the state file holds
    api = Api(esim)
    after = {edge["name"]: edge for edge in api.ok("GET", EDGES)["entities"]}
    assert after == before
    assert api.ok("GET", f"{EDGES}/{inactive['id']}/logicalinterfaces/{interface['id']}") == interface
    advance(esim, 10)
    assert status(api, walking) == ("AWAITING_FINGERPRINT_VERIFICATION", "OFFLINE")  # resumed, not restarted
    assert status(api, unpaired) == ("UNPAIRED", "OFFLINE")
    assert status(api, inactive) == ("INACTIVE", "ONLINE")


def test_a_seed_edge_with_an_unknown_site_is_refused(esim):
    seed = edge_seed()
    seed["regions"][US]["orgs"][0]["edges"] = [{"name": "Lost", "site": "Nowhere", "pairingId": PAIRS}]
    with pytest.raises(AdminError) as caught:
        esim.admin.reset(seed)
    assert "Nowhere" in str(caught.value)


def test_a_seed_edge_created_long_ago_is_already_paired(esim):
    seed = edge_seed()
    seed["regions"][US]["orgs"][0]["edges"] = [
        {"name": "Old", "site": "Indy Core", "pairingId": PAIRS, "dateCreated": "2026-01-01T00:00:00.000Z",
         "edgeGroup": "Core Edges"}]
    esim.admin.reset(seed)
    edge = Api(esim).ok("GET", EDGES)["entities"][0]
    assert (edge["statusCode"], edge["onlineStatus"], edge["edgeGroup"]["name"]) == ("ACTIVE", "ONLINE", "Core Edges")
