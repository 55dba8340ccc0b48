"""The managed site every org has, what every site comes with (number plans, default outbound route), and soft
delete: deleted sites and Edges that still read `state: deleted` for a while. Sources: the research notes'
sections 8 and 9 (simulator/FIDELITY.md; TF = MyPureCloud/terraform-provider-genesyscloud at f955430e)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import SITES, US, Api, assert_error_body, seed_copy
from test_edges import EDGES, PAIRS, advance, edge_seed

MANAGED = "PureCloud Voice - AWS"
DEFAULT_PLANS = ["Emergency", "Extension", "National", "International", "Network", "Suicide Prevention"]


def soft_delete(seed: dict[str, Any], seconds: float) -> dict[str, Any]:
    return {**seed, "settings": {"soft_delete_s": seconds}}


def site_named(api: Api, name: str, **params: str) -> dict[str, Any]:
    return next(s for s in api.ok("GET", SITES, params={"pageSize": 100, **params})["entities"] if s["name"] == name)


# --- the managed site ----------------------------------------------------------------------------------------


def test_every_org_has_the_managed_site(api):
    """TF's data source test reads the managed site "PureCloud Voice - AWS" of a voice org
    (TF genesyscloud/telephony_providers_edges_site/data_source_genesyscloud_telephony_providers_edges_site_test.go
    l.80-90); `managed` is "Is this site managed by Genesys Cloud" (TF ..._site_schema.go l.278-283)."""
    managed = api.ok("GET", SITES, params={"managed": "true"})["entities"]
    assert [(s["name"], s["managed"], s["state"]) for s in managed] == [(MANAGED, True, "active")]
    mine = api.ok("GET", SITES, params={"managed": "false"})["entities"]
    assert [s["name"] for s in mine] == ["Indy Core"] and not any(s["managed"] for s in mine)
    assert api.ok("GET", f"{SITES}/{managed[0]['id']}")["name"] == MANAGED
    assert [s["name"] for s in api.ok("GET", SITES, params={"name": "purecloud*"})["entities"]] == [MANAGED]


def test_the_managed_site_cannot_be_changed_deleted_or_named_again(api):
    """TF notes: "Updates and modifications to this resource ... will not be allowed through this provider or the
    Genesys Cloud API" (TF examples/resources/genesyscloud_telephony_providers_edges_site/notes.md). The exact
    error is a guess (400 bad.request)."""
    site = site_named(api, MANAGED)
    location = site_named(api, "Indy Core")["location"]
    put = api.put(f"{SITES}/{site['id']}", {**site, "description": "mine now", "location": {"id": location["id"]}})
    assert "managed by Genesys Cloud" in assert_error_body(put, 400, "bad.request")["message"]
    assert "managed by Genesys Cloud" in assert_error_body(api.delete(f"{SITES}/{site['id']}"), 400, "bad.request")["message"]
    taken = api.post(SITES, {"name": MANAGED.upper(), "location": {"id": location["id"]}})
    assert assert_error_body(taken, 400, "invalid.value")["details"][0]["fieldName"] == "name"
    assert api.ok("GET", f"{SITES}/{site['id']}")["version"] == site["version"]


def test_the_managed_site_survives_a_restart_and_a_seed_may_leave_it_out(sim, api):
    managed_id = site_named(api, MANAGED)["id"]
    sim.admin.reset(sim.simulation.export(include_secrets=True))  # what the state file holds
    assert site_named(Api(sim), MANAGED)["id"] == managed_id
    seed = seed_copy()
    seed["regions"][US]["orgs"][0]["managed_site"] = False
    sim.admin.reset(seed)
    assert [s["name"] for s in Api(sim).ok("GET", SITES)["entities"]] == ["Indy Core"]
    assert sim.simulation.export(include_secrets=False)["regions"][US]["orgs"][0]["managed_site"] is False


# --- default number plans and outbound route -----------------------------------------------------------------


def test_a_new_site_comes_with_the_default_number_plans(api):
    """TF's `defaultPlans` (TF ..._site_utils.go l.27) and the exporter's shapes of four of them (same file,
    siteNumberPlansExporterResolver l.527-600)."""
    location = site_named(api, "Indy Core")["location"]
    site = api.ok("POST", SITES, {"name": "Paris", "location": {"id": location["id"]}})
    plans = api.ok("GET", f"{SITES}/{site['id']}/numberplans")
    assert [p["name"] for p in plans] == DEFAULT_PLANS
    by_name = {p["name"]: p for p in plans}
    assert (by_name["Emergency"]["matchType"], by_name["Emergency"]["numbers"]) == ("numberList", [{"start": "112"}])
    assert by_name["National"]["matchType"] == "intraCountryCode"
    assert (by_name["Network"]["match"], by_name["Network"]["normalizedFormat"]) == ("^([^@\\:]+@)([^@ ]+)?$", "sip:$1$2")
    assert all(p["classification"] == p["name"] and p["state"] == "active" for p in plans)
    one = api.ok("GET", f"{SITES}/{site['id']}/numberplans/{by_name['Network']['id']}")
    assert one == by_name["Network"]
    assert_error_body(api.get(f"{SITES}/{site['id']}/numberplans/nope"), 404, "not.found")


def test_a_new_site_comes_with_the_default_outbound_route(api):
    """"Default Outbound Routes are created automatically when a site resource is created" (TF
    genesyscloud/telephony_providers_edges_site_outbound_route/resource_..._outbound_route.go l.66-75)."""
    site = site_named(api, "Indy Core")
    listing = api.ok("GET", f"{SITES}/{site['id']}/outboundroutes")
    assert [r["name"] for r in listing["entities"]] == ["Default Outbound Route"]
    assert (listing["total"], listing["totalNumberOfEntities"], listing["pageCount"]) == (1, 1, 1)
    route = api.ok("GET", f"{SITES}/{site['id']}/outboundroutes/{listing['entities'][0]['id']}")
    assert route == listing["entities"][0]
    assert api.ok("GET", f"{SITES}/{site['id']}/outboundroutes", params={"name": "other"})["total"] == 0
    assert_error_body(api.get(f"{SITES}/nope/outboundroutes"), 404, "not.found")


def test_defaults_need_telephony_admin(sim):
    """The SDK docs list telephony:plugin:all for the four reads (MyPureCloud/platform-client-sdk-javascript
    build/docs/TelephonyProvidersEdgeApi.md); site reads alone are not enough."""
    from conftest import VIEWER_ID, VIEWER_SECRET
    viewer = Api(sim, client_id=VIEWER_ID, secret=VIEWER_SECRET)
    site = site_named(viewer, "Indy Core")
    body = assert_error_body(viewer.get(f"{SITES}/{site['id']}/numberplans"), 403, "missing.permissions")
    assert body["messageParams"] == {"permissions": "telephony:plugin:all"}


# --- soft delete ---------------------------------------------------------------------------------------------


def test_without_soft_delete_a_deleted_site_is_gone_at_once(api):
    site = site_named(api, "Indy Core")
    assert api.delete(f"{SITES}/{site['id']}").status_code == 204
    assert_error_body(api.get(f"{SITES}/{site['id']}"), 404, "not.found")
    assert "Indy Core" not in [s["name"] for s in api.ok("GET", SITES)["entities"]]


def test_a_soft_deleted_site_reads_deleted_then_goes(sim):
    """TF lists sites keeping only `state != "deleted"` and confirms a delete by a 404 or a `state == "deleted"`
    GET (TF ..._site_proxy.go l.245-249, l.351; ..._edges_site.go l.316; simulator/FIDELITY.md)."""
    sim.admin.reset(soft_delete(seed_copy(), 30))
    api = Api(sim)
    site = site_named(api, "Indy Core")
    assert api.delete(f"{SITES}/{site['id']}").status_code == 204
    assert api.ok("GET", f"{SITES}/{site['id']}")["state"] == "deleted"
    listed = [(s["name"], s["state"]) for s in api.ok("GET", SITES, params={"name": "Indy Core"})["entities"]]
    assert listed == [("Indy Core", "deleted")]
    again = api.ok("POST", SITES, {"name": "Indy Core", "location": {"id": site["location"]["id"]}})  # name free
    states = sorted((s["id"] == again["id"], s["state"]) for s in api.ok("GET", SITES, params={"name": "Indy Core"})["entities"])
    assert states == [(False, "deleted"), (True, "active")]
    assert_error_body(api.put(f"{SITES}/{site['id']}", {**site, "state": None}), 404, "not.found")
    assert_error_body(api.get(f"{SITES}/{site['id']}/numberplans"), 404, "not.found")
    advance(sim, 31)
    assert_error_body(api.get(f"{SITES}/{site['id']}"), 404, "not.found")
    assert [s["id"] for s in api.ok("GET", SITES, params={"name": "Indy Core"})["entities"]] == [again["id"]]


def test_a_soft_deleted_edge_reads_deleted_and_frees_its_pairing_id(sim):
    """For physical Edges there is no TF resource, so soft delete is UNCONFIRMED (simulator/FIDELITY.md); the safe
    reading is that they behave like sites, so clients must filter `state: deleted` out of the Edge listing too."""
    sim.admin.reset(soft_delete(edge_seed(), 30))
    api = Api(sim)
    site = site_named(api, "Indy Core")
    body = {"name": "indy-edge-1", "site": {"id": site["id"]}, "edgeDeploymentType": "HARDWARE", "pairingId": PAIRS}
    edge = api.ok("POST", EDGES, body)
    assert api.delete(f"{EDGES}/{edge['id']}").status_code in (200, 204)
    assert api.ok("GET", f"{EDGES}/{edge['id']}")["state"] == "deleted"
    again = api.ok("POST", EDGES, body)
    listed = sorted((e["id"] == again["id"], e["state"]) for e in api.ok("GET", EDGES, params={"site.id": site["id"]})["entities"])
    assert listed == [(False, "deleted"), (True, "active")]
    advance(sim, 31)
    assert [e["id"] for e in api.ok("GET", EDGES, params={"site.id": site["id"]})["entities"]] == [again["id"]]


@pytest.mark.parametrize("value", [-1, "soon", True])
def test_soft_delete_s_must_be_seconds(sim, value):
    from genesys_cloud_sim.testing import AdminError
    with pytest.raises(AdminError, match="soft_delete_s"):
        sim.admin.reset(soft_delete(seed_copy(), value))
