"""ErrorBody shapes: status, code, message, details and contextId == ININ-Correlation-Id, for every kind of refusal."""

from __future__ import annotations

import requests

from conftest import EU, LOCATIONS, SITES, US, VIEWER_ID, VIEWER_SECRET, Api, assert_error_body, get_token

ERROR_BODY_KEYS = {"message", "code", "status", "contextId", "details"}


def test_no_bearer_token_is_authentication_required(sim):
    for headers in ({}, {"Authorization": "Basic Zm9vOmJhcg=="}, {"Authorization": "Bearer "}):
        response = requests.get(f"{sim.base_url(US)}/api/v2/date", headers=headers, timeout=10)
        body = assert_error_body(response, 401, "authentication.required")
        assert ERROR_BODY_KEYS <= set(body)


def test_unknown_token_is_bad_credentials(sim):
    response = Api(sim, token="not-a-token").get("/api/v2/tokens/me")
    assert_error_body(response, 401, "bad.credentials")


def test_token_of_another_region_is_bad_credentials(sim):
    eu_token = get_token(sim, EU, "eu-client", "eu-secret")
    assert Api(sim, EU, token=eu_token).get("/api/v2/date").status_code == 200
    assert_error_body(Api(sim, US, token=eu_token).get("/api/v2/date"), 401, "bad.credentials")


def test_revoked_token_is_bad_credentials(sim, api):
    assert api.delete("/api/v2/tokens/me").status_code == 204
    assert_error_body(api.get("/api/v2/date"), 401, "bad.credentials")
    assert Api(sim).get("/api/v2/date").status_code == 200  # the client itself still logs in


def test_missing_permission_is_named(sim, api):
    viewer = Api(sim, client_id=VIEWER_ID, secret=VIEWER_SECRET)
    site = viewer.ok("GET", SITES)["entities"][0]
    body = assert_error_body(
        viewer.post(SITES, {"name": "Nope", "location": site["location"]}), 403, "missing.permissions"
    )
    assert "telephony:plugin:all" in body["message"]
    assert body["messageParams"] == {"permissions": "telephony:plugin:all"}
    assert "{permissions}" in body["messageWithParams"]
    body = assert_error_body(viewer.post(LOCATIONS, {"name": "Nope"}), 403, "missing.permissions")
    assert body["messageParams"] == {"permissions": "directory:location:add"}
    mine = api.ok("GET", SITES, params={"managed": "false"})["entities"]
    assert [s["name"] for s in mine] == ["Indy Core"]  # nothing was created


def test_unknown_ids_are_not_found(api):
    missing = "00000000-0000-0000-0000-000000000000"
    for path in (f"{SITES}/{missing}", f"{LOCATIONS}/{missing}"):
        body = assert_error_body(api.get(path), 404, "not.found")
        assert body["entityId"] == missing
    assert_error_body(api.delete(f"{SITES}/{missing}"), 404, "not.found")
    assert_error_body(api.get("/api/v2/no/such/route"), 404, "not.found")


def test_stale_site_version_is_a_conflict(api):
    site = api.ok("GET", SITES)["entities"][0]
    updated = api.ok("PUT", f"{SITES}/{site['id']}", {**site, "description": "first"})
    assert updated["version"] == site["version"] + 1
    body = assert_error_body(api.put(f"{SITES}/{site['id']}", {**site, "description": "second"}), 409,
                             "general.conflict")
    assert body["entityId"] == site["id"]
    assert api.ok("GET", f"{SITES}/{site['id']}")["description"] == "first"


def test_unknown_location_names_the_field(api):
    response = api.post(SITES, {"name": "Orphan", "location": {"id": "00000000-0000-0000-0000-000000000001"}})
    body = assert_error_body(response, 400, "invalid.value")
    assert [detail["fieldName"] for detail in body["details"]] == ["location.id"]


def test_bad_ntp_server_names_the_field(api):
    response = api.post(SITES, {"name": "Bad NTP", "location": {"id": api.location_id()},
                                "ntpSettings": {"servers": ["pool.ntp.org", "not a host!"]}})
    body = assert_error_body(response, 400, "invalid.value")
    assert [detail["fieldName"] for detail in body["details"]] == ["ntpSettings.servers[1]"]
    assert "not a host!" in body["message"]


def test_bodies_that_are_not_the_model_are_refused(api):
    location = {"id": api.location_id()}
    body = assert_error_body(api.post(SITES, {"name": "Typo", "location": location, "ntpSetings": {}}), 400,
                             "bad.request")
    assert body["details"][0]["fieldName"] == "ntpSetings"
    body = assert_error_body(api.post(SITES, {"name": "Model", "location": location, "mediaModel": "Hybrid"}), 400,
                             "invalid.value")
    assert body["details"][0]["fieldName"] == "mediaModel"
    body = assert_error_body(api.post(SITES, {"location": location}), 400, "bad.request")
    assert body["details"][0]["fieldName"] == "name"
    response = api.request("POST", SITES, data="name=x", headers={"Content-Type": "text/plain"})
    assert_error_body(response, 415, "unsupported.media.type")


def test_location_in_use_cannot_be_deleted(api):
    location_id = api.location_id()
    body = assert_error_body(api.delete(f"{LOCATIONS}/{location_id}"), 409, "general.conflict")
    assert "Indy Core" in body["message"]
    assert api.get(f"{LOCATIONS}/{location_id}").status_code == 200


def test_a_stale_location_version_is_the_directorys_400(api):
    """Locations live in the directory service, whose stale version is a 400 "does not match the current version"
    (Terraform provider, util/util_retries.go IsVersionMismatch: "Version mismatch from directory may be a 409 or 400
    with specific error message"); telephony objects answer 409."""
    location = api.post(LOCATIONS, {"name": "Versioned"}).json()
    path, stale = f"{LOCATIONS}/{location['id']}", location["version"]
    assert api.patch(path, {"name": "Versioned 2", "version": stale}).status_code == 200
    body = assert_error_body(api.patch(path, {"name": "Versioned 3", "version": stale}), 400, "bad.request")
    assert "does not match the current version" in body["message"]
