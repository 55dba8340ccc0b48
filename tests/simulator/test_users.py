"""Users, stations and their association, routing status, presence (single and bulk), WebRTC phones and phone base
settings: every error with its exact status, code and field, 403s naming the permission, export and reload."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import SITES, US, Api, assert_error_body, seed_copy
from genesys_cloud_sim.testing import AdminError
from genesys_cloud_sim.users.models import UsersBackend
from genesys_cloud_sim.users.stations import StationsBackend

USERS = "/api/v2/users"
STATIONS = "/api/v2/stations"
DEFINITIONS = "/api/v2/presence/definitions"
BULK = "/api/v2/users/presences/bulk"
SEARCH = "/api/v2/users/search"
PHONES = "/api/v2/telephony/providers/edges/phones"
BASES = "/api/v2/telephony/providers/edges/phonebasesettings"
AGENT_ID, AGENT_SECRET = "agent-admin", "agent-secret"
BARE_ID, BARE_SECRET = "bare-client", "bare-secret"
WEBRTC = "inin_webrtc_softphone.json"


def users_seed() -> dict[str, Any]:
    """SEED plus three users (one inactive), two stations, two phone bases and a client allowed everything."""
    seed = seed_copy()
    org = seed["regions"][US]["orgs"][0]
    org["clients"] += [
        {"client_id": AGENT_ID, "client_secret": AGENT_SECRET, "permissions": ["*"]},
        {"client_id": BARE_ID, "client_secret": BARE_SECRET, "permissions": []},
    ]
    org["users"] = [
        {"name": "Ada Agent", "email": "ada@example.com", "title": "Agent"},
        {"name": "Bob Agent", "email": "bob@example.com", "presence": {"systemPresence": "OnQueue"}},
        {"name": "Cy Gone", "email": "cy@example.com", "state": "inactive"},
    ]
    org["stations"] = [
        {"name": "Desk 1", "site": "Indy Core"},
        {"name": "Desk 2", "type": "inin_remote", "associated_user": "bob@example.com"},
    ]
    org["phone_base_settings"] = [
        {"name": "WebRTC Base", "meta_base": WEBRTC},
        {"name": "Desk Phones", "meta_base": "polycom_vvx_300.json", "lines": ["L1", "L2"]},
    ]
    return seed


@pytest.fixture
def usim(sim):
    sim.admin.reset(users_seed())
    return sim


@pytest.fixture
def uapi(usim) -> Api:
    return Api(usim, client_id=AGENT_ID, secret=AGENT_SECRET)


@pytest.fixture
def bare(usim) -> Api:
    return Api(usim, client_id=BARE_ID, secret=BARE_SECRET)


def user_id(api: Api, email: str) -> str:
    found = api.ok("POST", SEARCH, {"query": [{"type": "EXACT", "fields": ["email"], "value": email}]})
    assert found["total"] == 1, found
    return found["results"][0]["id"]


def station_id(api: Api, name: str) -> str:
    return api.ok("GET", STATIONS, params={"name": name})["entities"][0]["id"]


def definition_id(api: Api, system_presence: str) -> str:
    entities = api.ok("GET", DEFINITIONS)["entities"]
    return next(entity["id"] for entity in entities if entity["systemPresence"] == system_presence)


def base_id(api: Api, name: str = "WebRTC Base") -> str:
    return api.ok("GET", BASES, params={"name": name})["entities"][0]["id"]


def site_ref(api: Api, name: str = "Indy Core") -> dict[str, str]:
    return {"id": next(site["id"] for site in api.ok("GET", SITES)["entities"] if site["name"] == name)}


def webrtc_phone_body(api: Api, name: str, email: str) -> dict[str, Any]:
    return {"name": name, "site": site_ref(api), "phoneBaseSettings": {"id": base_id(api)},
            "lines": [{"name": name}], "webRtcUser": {"id": user_id(api, email)}}


def field_of(body: dict[str, Any]) -> str:
    return body["details"][0]["fieldName"]


# --- users -----------------------------------------------------------------------------------------------------


def test_user_listing_pages_filters_and_sorts(uapi):
    listing = uapi.ok("GET", USERS, params={"pageSize": 1})
    assert [user["name"] for user in listing["entities"]] == ["Ada Agent"]
    assert (listing["total"], listing["pageCount"]) == (2, 2)  # the inactive user is not listed by default
    assert uapi.ok("GET", listing["nextUri"])["entities"][0]["name"] == "Bob Agent"
    assert "totalNumberOfEntities" not in listing  # UserEntityListing has no such field
    everyone = uapi.ok("GET", USERS, params={"state": "any", "sortOrder": "desc"})["entities"]
    assert [user["name"] for user in everyone] == ["Cy Gone", "Bob Agent", "Ada Agent"]
    ada, bob = user_id(uapi, "ada@example.com"), user_id(uapi, "bob@example.com")
    by_ids = uapi.ok("GET", USERS, params={"id": f"{ada},{bob}"})["entities"]
    assert {user["id"] for user in by_ids} == {ada, bob}
    assert uapi.ok("GET", USERS, params=[("id", ada), ("id", bob)])["total"] == 2
    assert uapi.ok("GET", USERS, params={"jabberId": "ada@chat"})["total"] == 0


def test_user_listing_refuses_bad_state_and_page_size(uapi):
    body = assert_error_body(uapi.get(USERS, params={"state": "gone"}), 400, "invalid.value")
    assert field_of(body) == "state"
    assert field_of(assert_error_body(uapi.get(USERS, params={"pageSize": 101}), 400, "invalid.value")) == "pageSize"


def test_get_user_with_expand_and_not_found(uapi):
    bob = uapi.ok("GET", f"{USERS}/{user_id(uapi, 'bob@example.com')}", params={"expand": "routingStatus,presence"})
    assert bob["email"] == "bob@example.com" and bob["division"]["name"] == "Home"
    assert bob["routingStatus"]["status"] == "IDLE"  # seeded OnQueue, so on queue
    assert bob["presence"]["presenceDefinition"]["systemPresence"] == "OnQueue"
    plain = uapi.ok("GET", f"{USERS}/{bob['id']}")
    assert "routingStatus" not in plain and "presence" not in plain
    body = assert_error_body(uapi.get(f"{USERS}/nobody"), 404, "not.found")
    assert body["entityId"] == "nobody"


def test_user_search_is_exact_and_refuses_what_it_does_not_model(uapi, bare):
    def search(body: dict[str, Any]) -> Any:
        return uapi.post(SEARCH, body)

    exact = {"query": [{"type": "EXACT", "fields": ["email"], "value": "ADA@example.com"}]}
    assert search(exact).json()["total"] == 0  # case-sensitive
    found = search({"query": [{"type": "EXACT", "fields": ["email", "name"], "values": ["Bob Agent"]}]}).json()
    assert [user["email"] for user in found["results"]] == ["bob@example.com"] and found["types"] == ["users"]
    assert search({"query": [{"type": "EXACT", "fields": ["email"], "value": "cy@example.com"}]}).json()["total"] == 0
    contains = {"query": [{"type": "CONTAINS", "fields": ["email"], "value": "ada"}]}
    assert field_of(assert_error_body(search(contains), 400, "invalid.value")) == "query[0].type"
    either = {"query": [{"type": "EXACT", "fields": ["email"], "value": "a", "operator": "OR"}]}
    assert field_of(assert_error_body(search(either), 400, "invalid.value")) == "query[0].operator"
    phone = {"query": [{"type": "EXACT", "fields": ["phone"], "value": "1"}]}
    assert field_of(assert_error_body(search(phone), 400, "invalid.value")) == "query[0].fields"
    assert field_of(assert_error_body(search({}), 400, "bad.request")) == "query"
    untyped = {"query": [{"fields": ["email"]}]}
    assert field_of(assert_error_body(search(untyped), 400, "bad.request")) == "query[0].type"
    hundred = [f"user{n}@example.com" for n in range(99)] + ["bob@example.com"]
    assert search({"query": [{"type": "EXACT", "fields": ["email"], "values": hundred}]}).json()["total"] == 1
    too_many = {"query": [{"type": "EXACT", "fields": ["email"], "values": [*hundred, "one@example.com"]}]}
    assert field_of(assert_error_body(search(too_many), 400, "invalid.value")) == "query[0].values"
    body = assert_error_body(bare.post(SEARCH, exact), 403, "missing.permissions")
    assert body["messageParams"] == {"permissions": "directory:user:view"}


# --- stations and association ----------------------------------------------------------------------------------


def test_station_listing_filters(uapi):
    listing = uapi.ok("GET", STATIONS)
    assert [station["name"] for station in listing["entities"]] == ["Desk 1", "Desk 2"]
    assert listing["totalNumberOfEntities"] == 2
    desk2 = listing["entities"][1]
    assert (desk2["status"], desk2["userId"]) == ("ASSOCIATED", user_id(uapi, "bob@example.com"))
    assert listing["entities"][0]["status"] == "AVAILABLE" and "userId" not in listing["entities"][0]
    assert uapi.ok("GET", STATIONS, params={"name": "desk*"})["total"] == 2
    assert uapi.ok("GET", STATIONS, params={"id": desk2["id"]})["entities"] == [desk2]
    assert uapi.ok("GET", STATIONS, params={"lineAppearanceId": desk2["lineAppearanceId"]})["total"] == 1
    assert uapi.ok("GET", STATIONS, params={"userSelectable": "false"})["total"] == 0
    assert field_of(assert_error_body(uapi.get(STATIONS, params={"sortBy": "type"}), 400, "invalid.value")) == "sortBy"
    assert uapi.ok("GET", f"{STATIONS}/{desk2['id']}") == desk2
    assert assert_error_body(uapi.get(f"{STATIONS}/nope"), 404, "not.found")["entityId"] == "nope"


def test_associating_a_station_moves_it_between_users(usim, uapi):
    ada, bob = user_id(uapi, "ada@example.com"), user_id(uapi, "bob@example.com")
    desk1, desk2 = station_id(uapi, "Desk 1"), station_id(uapi, "Desk 2")
    assert uapi.put(f"{USERS}/{ada}/station/associatedstation/{desk1}", None).status_code == 204
    stations = uapi.ok("GET", f"{USERS}/{ada}/station")
    assert stations["associatedStation"]["id"] == desk1
    assert stations["associatedStation"]["associatedUser"]["id"] == ada
    assert stations["effectiveStation"]["id"] == desk1 and stations["lastAssociatedStation"]["id"] == desk1
    backend = usim.simulation.store.org(US, "Sandbox US").area(StationsBackend)
    assert backend.associated_station(ada).site_id == site_ref(uapi)["id"]  # the internal API of other areas

    uapi.ok("PUT", f"{USERS}/{bob}/station/associatedstation/{desk1}")  # Desk 1 moves to Bob, who leaves Desk 2
    assert "associatedStation" not in uapi.ok("GET", f"{USERS}/{ada}/station")
    assert uapi.ok("GET", f"{USERS}/{ada}/station")["lastAssociatedStation"]["id"] == desk1
    assert uapi.ok("GET", f"{STATIONS}/{desk1}")["userId"] == bob
    assert uapi.ok("GET", f"{STATIONS}/{desk2}")["status"] == "AVAILABLE"

    assert uapi.delete(f"{STATIONS}/{desk1}/associateduser").status_code == 204
    assert uapi.ok("GET", f"{STATIONS}/{desk1}")["status"] == "AVAILABLE"
    uapi.ok("PUT", f"{USERS}/{ada}/station/associatedstation/{desk2}")
    assert uapi.delete(f"{USERS}/{ada}/station/associatedstation").status_code == 204
    assert uapi.delete(f"{USERS}/{ada}/station/associatedstation").status_code == 204  # nothing left: still fine
    assert uapi.ok("GET", f"{STATIONS}/{desk2}")["status"] == "AVAILABLE"


def test_association_errors_and_permissions(uapi, bare):
    ada, desk1 = user_id(uapi, "ada@example.com"), station_id(uapi, "Desk 1")
    body = assert_error_body(uapi.put(f"{USERS}/{ada}/station/associatedstation/nope", None), 404, "not.found")
    assert (body["entityName"], body["entityId"]) == ("station", "nope")
    body = assert_error_body(uapi.put(f"{USERS}/nobody/station/associatedstation/{desk1}", None), 404, "not.found")
    assert (body["entityName"], body["entityId"]) == ("user", "nobody")
    assert_error_body(uapi.get(f"{USERS}/nobody/station"), 404, "not.found")
    for response, permission in (
        (bare.put(f"{USERS}/{ada}/station/associatedstation/{desk1}", None), "telephony:otherStationAssociation:edit"),
        (bare.get(f"{USERS}/{ada}/station"), "telephony:otherStationAssociation:view"),
        (bare.delete(f"{USERS}/{ada}/station/associatedstation"), "telephony:station:disassociate"),
        (bare.delete(f"{STATIONS}/{desk1}/associateduser"), "telephony:station:disassociate"),
        (bare.put(f"{USERS}/{ada}/station/defaultstation/{desk1}", None),
         "telephony:plugin:all, telephony:phone:assign"),
    ):
        assert assert_error_body(response, 403, "missing.permissions")["messageParams"] == {"permissions": permission}
    assert bare.get(STATIONS).status_code == 200  # station reads need no permission


def test_default_station_is_effective_without_an_association(uapi):
    ada, desk1, desk2 = user_id(uapi, "ada@example.com"), station_id(uapi, "Desk 1"), station_id(uapi, "Desk 2")
    assert uapi.put(f"{USERS}/{ada}/station/defaultstation/{desk1}", None).status_code == 204
    stations = uapi.ok("GET", f"{USERS}/{ada}/station")
    assert stations["defaultStation"]["id"] == desk1 and stations["effectiveStation"]["id"] == desk1
    assert stations["defaultStation"]["defaultUser"]["id"] == ada
    uapi.ok("PUT", f"{USERS}/{ada}/station/associatedstation/{desk2}")
    assert uapi.ok("GET", f"{USERS}/{ada}/station")["effectiveStation"]["id"] == desk2
    assert uapi.delete(f"{USERS}/{ada}/station/defaultstation").status_code == 204
    assert "defaultStation" not in uapi.ok("GET", f"{USERS}/{ada}/station")


# --- routing status and presence -------------------------------------------------------------------------------


def test_a_routing_status_put_never_puts_an_agent_on_queue(uapi):
    """Going on queue is the OnQueue presence, not routingstatus IDLE (Genesys support answer,
    https://community.genesys.com/discussion/how-to-set-agent-onqueue-via-api, simulator/FIDELITY.md). Whether the
    PUT changes presence is UNCONFIRMED: the safe reading is that it does not, so IDLE off queue is refused."""
    ada = user_id(uapi, "ada@example.com")
    status = uapi.ok("GET", f"{USERS}/{ada}/routingstatus")
    assert (status["userId"], status["status"]) == (ada, "OFF_QUEUE") and status["startTime"]
    refused = assert_error_body(uapi.put(f"{USERS}/{ada}/routingstatus", {"status": "IDLE"}), 400, "bad.request")
    assert "OnQueue presence" in refused["message"] and field_of(refused) == "status"
    presence = uapi.ok("GET", f"{USERS}/{ada}/presences/purecloud")
    assert presence["presenceDefinition"]["systemPresence"] == "Offline"  # untouched
    assert uapi.ok("GET", f"{USERS}/{ada}/routingstatus")["status"] == "OFF_QUEUE"


def test_a_routing_status_put_leaves_the_presence_alone(uapi):
    """While OnQueue the PUT moves the routing status only (IDLE back from off queue, OFF_QUEUE); the presence
    stays OnQueue: that a PUT changes presence is UNCONFIRMED (simulator/FIDELITY.md), so it is not assumed."""
    bob = user_id(uapi, "bob@example.com")  # seeded OnQueue, so IDLE
    off = uapi.ok("PUT", f"{USERS}/{bob}/routingstatus", {"status": "OFF_QUEUE", "userId": bob})
    assert off["status"] == "OFF_QUEUE"
    presence = uapi.ok("GET", f"{USERS}/{bob}/presences/purecloud")
    assert presence["presenceDefinition"]["systemPresence"] == "OnQueue"
    assert uapi.ok("PUT", f"{USERS}/{bob}/routingstatus", {"status": "IDLE"})["status"] == "IDLE"
    assert uapi.ok("GET", f"{USERS}/{bob}/presences/purecloud")["presenceDefinition"]["systemPresence"] == "OnQueue"


@pytest.mark.parametrize("body, code, field", [
    ({"status": "INTERACTING"}, "invalid.value", "status"),   # the platform's to set, not a client's
    ({"status": "NOT_RESPONDING"}, "invalid.value", "status"),
    ({"status": "BUSY"}, "invalid.value", "status"),          # not in the enum
    ({}, "bad.request", "status"),
    ({"status": "IDLE", "userId": "someone-else"}, "invalid.value", "userId"),
    ({"status": "IDLE", "mood": "good"}, "bad.request", "mood"),
])
def test_routing_status_refusals(uapi, body, code, field):
    ada = user_id(uapi, "ada@example.com")
    assert field_of(assert_error_body(uapi.put(f"{USERS}/{ada}/routingstatus", body), 400, code)) == field
    assert uapi.ok("GET", f"{USERS}/{ada}/routingstatus")["status"] == "OFF_QUEUE"


def test_routing_status_of_an_unknown_user(uapi):
    assert_error_body(uapi.get(f"{USERS}/nobody/routingstatus"), 404, "not.found")
    assert_error_body(uapi.put(f"{USERS}/nobody/routingstatus", {"status": "IDLE"}), 404, "not.found")


def test_presence_definitions_are_the_system_presences_with_stable_ids(usim, uapi, bare):
    listing = uapi.ok("GET", DEFINITIONS)
    assert sorted(entity["systemPresence"] for entity in listing["entities"]) == sorted(
        ["Available", "Away", "Busy", "Offline", "Idle", "OnQueue", "Meal", "Training", "Meeting", "Break"])
    assert listing["total"] == 10 and all(entity["type"] == "System" for entity in listing["entities"])
    assert uapi.ok("GET", DEFINITIONS, params={"deactivated": "true"})["total"] == 0
    away = definition_id(uapi, "Away")
    assert uapi.ok("GET", f"{DEFINITIONS}/{away}")["languageLabels"] == {"en_US": "Away"}
    assert_error_body(uapi.get(f"{DEFINITIONS}/nope"), 404, "not.found")
    body = assert_error_body(bare.get(DEFINITIONS), 403, "missing.permissions")
    assert body["messageParams"] == {"permissions": "presence:presenceDefinition:view"}
    usim.admin.reset(usim.simulation.export(include_secrets=True))  # the same org (id) after a restart
    assert definition_id(Api(usim, client_id=AGENT_ID, secret=AGENT_SECRET), "Away") == away


def test_patch_presence_moves_routing_status(uapi):
    """OnQueue presence makes the agent IDLE, leaving it makes the agent OFF_QUEUE (support answer in simulator/FIDELITY.md
    section 4; https://help.mypurecloud.com/articles/change-an-agents-status)."""
    ada = user_id(uapi, "ada@example.com")
    on_queue = uapi.ok("PATCH", f"{USERS}/{ada}/presences/purecloud",
                       {"presenceDefinition": {"id": definition_id(uapi, "OnQueue")}, "message": "ready"})
    assert on_queue["presenceDefinition"]["systemPresence"] == "OnQueue" and on_queue["message"] == "ready"
    assert uapi.ok("GET", f"{USERS}/{ada}/routingstatus")["status"] == "IDLE"
    uapi.ok("PATCH", f"{USERS}/{ada}/presences/purecloud", {"presenceDefinition": {"id": definition_id(uapi, "Break")}})
    assert uapi.ok("GET", f"{USERS}/{ada}/routingstatus")["status"] == "OFF_QUEUE"
    unknown = uapi.patch(f"{USERS}/{ada}/presences/purecloud", {"presenceDefinition": {"id": "nope"}})
    assert field_of(assert_error_body(unknown, 400, "invalid.value")) == "presenceDefinition.id"
    missing = uapi.patch(f"{USERS}/{ada}/presences/purecloud", {"message": "hi"})
    assert field_of(assert_error_body(missing, 400, "bad.request")) == "presenceDefinition"


def test_bulk_presence_applies_all_or_nothing(usim, uapi, bare):
    ada, bob = user_id(uapi, "ada@example.com"), user_id(uapi, "bob@example.com")
    available, meal = definition_id(uapi, "Available"), definition_id(uapi, "Meal")
    answer = uapi.ok("PUT", BULK, [{"id": ada, "presenceDefinition": {"id": available}},
                                   {"id": bob, "presenceDefinition": {"id": meal}, "source": "PURECLOUD"}])
    assert [(item["id"], item["presenceDefinition"]["systemPresence"]) for item in answer] == [
        (ada, "Available"), (bob, "Meal")]
    assert uapi.ok("GET", f"{USERS}/{bob}/routingstatus")["status"] == "OFF_QUEUE"
    bad = uapi.put(BULK, [{"id": ada, "presenceDefinition": {"id": meal}},
                          {"id": bob, "presenceDefinition": {"id": "x"}}])
    assert field_of(assert_error_body(bad, 400, "invalid.value")) == "[1].presenceDefinition.id"
    assert uapi.ok("GET", f"{USERS}/{ada}/presences/purecloud")["presenceDefinition"]["id"] == available  # unchanged
    unknown_user = uapi.put(BULK, [{"id": "nobody", "presenceDefinition": {"id": meal}}])
    assert field_of(assert_error_body(unknown_user, 400, "invalid.value")) == "[0].id"
    assert_error_body(uapi.put(BULK, {"id": ada}), 400, "bad.request")
    body = assert_error_body(bare.put(BULK, []), 403, "missing.permissions")
    assert body["messageParams"] == {"permissions": "presence:userPresence:edit"}
    counted = usim.admin.stats()["requests"]
    assert counted[f"PUT {BULK}"] == 5  # bulk writes count as requests, like every other


# --- phones and phone base settings ----------------------------------------------------------------------------


def test_phone_base_settings(uapi, bare):
    listing = uapi.ok("GET", BASES)
    assert [base["name"] for base in listing["entities"]] == ["Desk Phones", "WebRTC Base"]
    webrtc = listing["entities"][1]
    assert webrtc["phoneMetaBase"]["id"] == WEBRTC and len(webrtc["lines"]) == 1
    assert uapi.ok("GET", f"{BASES}/{webrtc['id']}") == webrtc
    assert_error_body(uapi.get(f"{BASES}/nope"), 404, "not.found")
    assert bare.get(BASES).json()["messageParams"] == {"permissions": "telephony:plugin:all"}


def test_a_webrtc_phone_creates_its_users_station(usim, uapi):
    phone = uapi.ok("POST", PHONES, webrtc_phone_body(uapi, "Ada WebRTC", "ada@example.com"))
    ada = phone["webRtcUser"]["id"]
    assert phone["phoneMetaBase"]["id"] == WEBRTC and phone["site"]["name"] == "Indy Core"
    assert phone["version"] == 1 and phone["lines"][0]["lineBaseSettings"]["id"] == phone_base_line(uapi)
    station = uapi.ok("GET", STATIONS, params={"webRtcUserId": ada})["entities"][0]
    assert (station["name"], station["type"], station["status"]) == ("Ada WebRTC", "inin_webrtc_softphone", "AVAILABLE")
    assert station["lineAppearanceId"] == phone["lines"][0]["id"]
    assert uapi.ok("GET", f"{PHONES}/{phone['id']}") == phone  # not taken for an Edge id
    assert uapi.ok("GET", PHONES, params={"webRtcUser.id": ada})["total"] == 1
    assert uapi.ok("GET", PHONES, params={"lines.loggedInUser.id": ada})["total"] == 0

    uapi.ok("PUT", f"{USERS}/{ada}/station/associatedstation/{station['id']}")
    renamed = uapi.ok("PUT", f"{PHONES}/{phone['id']}", {**phone, "name": "Ada Softphone"})
    assert renamed["version"] == 2 and renamed["lines"][0]["id"] == phone["lines"][0]["id"]
    assert uapi.ok("GET", f"{STATIONS}/{station['id']}")["name"] == "Ada Softphone"
    stale = uapi.put(f"{PHONES}/{phone['id']}", {**phone, "name": "Again"})
    assert assert_error_body(stale, 409, "general.conflict")["entityId"] == phone["id"]
    in_use = uapi.delete(f"{SITES}/{phone['site']['id']}")
    assert "Ada Softphone" in assert_error_body(in_use, 409, "general.conflict")["message"]

    assert uapi.delete(f"{PHONES}/{phone['id']}").status_code == 204
    assert uapi.ok("GET", STATIONS, params={"webRtcUserId": ada})["total"] == 0
    assert "associatedStation" not in uapi.ok("GET", f"{USERS}/{ada}/station")
    assert_error_body(uapi.get(f"{PHONES}/{phone['id']}"), 404, "not.found")
    org = usim.simulation.store.org(US, "Sandbox US")
    assert ada in org.area(UsersBackend).user_ids()


def phone_base_line(api: Api) -> str:
    return api.ok("GET", f"{BASES}/{base_id(api)}")["lines"][0]["id"]


@pytest.mark.parametrize("change, code, field", [
    (lambda body: body.pop("webRtcUser"), "bad.request", "webRtcUser"),
    (lambda body: body.update(webRtcUser={"id": "nobody"}), "invalid.value", "webRtcUser.id"),
    (lambda body: body.update(site={"id": "nowhere"}), "invalid.value", "site.id"),
    (lambda body: body.update(phoneBaseSettings={"id": "nothing"}), "invalid.value", "phoneBaseSettings.id"),
    (lambda body: body.update(lines=[]), "invalid.value", "lines"),
    (lambda body: body.update(lines=[{"name": "a"}, {"name": "b"}]), "invalid.value", "lines"),
    (lambda body: body.update(lines=[{"name": "a", "lineBaseSettings": {"id": "x"}}]), "invalid.value",
     "lines[0].lineBaseSettings.id"),
    (lambda body: body.pop("lines"), "bad.request", "lines"),
    (lambda body: body.update(name="Desk 1"), "invalid.value", "name"),  # its station would clash with Desk 1
    (lambda body: body.update(ringtone="bell"), "bad.request", "ringtone"),
])
def test_phone_create_refusals(uapi, change, code, field):
    body = webrtc_phone_body(uapi, "Ada WebRTC", "ada@example.com")
    change(body)
    assert field_of(assert_error_body(uapi.post(PHONES, body), 400, code)) == field
    assert uapi.ok("GET", PHONES)["total"] == 0 and uapi.ok("GET", STATIONS)["total"] == 2


def test_one_webrtc_phone_per_user_and_none_on_other_bases(uapi):
    uapi.ok("POST", PHONES, webrtc_phone_body(uapi, "Ada WebRTC", "ada@example.com"))
    again = uapi.post(PHONES, webrtc_phone_body(uapi, "Ada Again", "ada@example.com"))
    assert field_of(assert_error_body(again, 400, "invalid.value")) == "webRtcUser.id"
    desk = {**webrtc_phone_body(uapi, "Desk Phone", "bob@example.com"),
            "phoneBaseSettings": {"id": base_id(uapi, "Desk Phones")}}
    assert field_of(assert_error_body(uapi.post(PHONES, desk), 400, "invalid.value")) == "webRtcUser"
    desk.pop("webRtcUser")
    phone = uapi.ok("POST", PHONES, {**desk, "lines": [{"name": "L1"}, {"name": "L2"}]})
    assert "webRtcUser" not in phone and len(phone["lines"]) == 2
    assert uapi.ok("GET", STATIONS)["total"] == 3  # only the WebRTC phone has a station
    assert uapi.ok("GET", PHONES, params={"name": "desk*"})["entities"][0]["id"] == phone["id"]


def test_phones_need_telephony_admin(bare):
    assert bare.get(PHONES).json()["messageParams"] == {"permissions": "telephony:plugin:all"}
    assert bare.post(PHONES, {}).status_code == 403


# --- state -----------------------------------------------------------------------------------------------------


def test_export_and_reload_keep_users_stations_phones_and_readiness(usim, uapi):
    phone = uapi.ok("POST", PHONES, webrtc_phone_body(uapi, "Ada WebRTC", "ada@example.com"))
    ada = phone["webRtcUser"]["id"]
    station = uapi.ok("GET", STATIONS, params={"webRtcUserId": ada})["entities"][0]
    uapi.ok("PUT", f"{USERS}/{ada}/station/associatedstation/{station['id']}")
    uapi.ok("PATCH", f"{USERS}/{ada}/presences/purecloud", {"presenceDefinition": {"id": definition_id(uapi, "OnQueue")}})
    before = {
        "users": uapi.ok("GET", USERS, params={"state": "any", "expand": "routingStatus,presence,station"}),
        "stations": uapi.ok("GET", STATIONS),
        "phones": uapi.ok("GET", PHONES),
        "bases": uapi.ok("GET", BASES),
        "definitions": uapi.ok("GET", DEFINITIONS),
    }
    usim.admin.reset(usim.simulation.export(include_secrets=True))  # what the state file holds
    api = Api(usim, client_id=AGENT_ID, secret=AGENT_SECRET)
    after = {
        "users": api.ok("GET", USERS, params={"state": "any", "expand": "routingStatus,presence,station"}),
        "stations": api.ok("GET", STATIONS),
        "phones": api.ok("GET", PHONES),
        "bases": api.ok("GET", BASES),
        "definitions": api.ok("GET", DEFINITIONS),
    }
    assert after == before
    renamed = api.ok("PUT", f"{PHONES}/{phone['id']}", {**phone, "name": "Ada Softphone"})
    assert renamed["lines"][0]["id"] == phone["lines"][0]["id"]
    assert api.ok("GET", f"{STATIONS}/{station['id']}")["name"] == "Ada Softphone"  # still the phone's station


@pytest.mark.parametrize("key, entry, fragment", [
    ("users", {"name": "Dup", "email": "ADA@example.com", "id": "other"}, "ADA@example.com already exists"),
    ("users", {"name": "No Mail", "email": "nomail"}, "nomail"),
    ("stations", {"name": "Soft", "type": "inin_webrtc_softphone"}, "needs its user"),
    ("stations", {"name": "Twice", "associated_user": "bob@example.com"}, "Desk 2"),
    ("phone_base_settings", {"name": "Odd", "meta_base": "not a meta base"}, "not a meta base"),
    ("phones", {"name": "P", "site": "Indy Core", "phone_base": "WebRTC Base"}, "webRtcUser"),
])
def test_bad_seed_entries_are_refused(usim, key, entry, fragment):
    seed = users_seed()
    org = seed["regions"][US]["orgs"][0]
    org[key] = [*org.get(key, []), entry]
    with pytest.raises(AdminError) as caught:
        usim.admin.reset(seed)
    assert fragment in str(caught.value)


def test_a_station_seeded_before_its_site_binds_when_the_site_is_created(usim):
    """A sandbox seeds its desks while the rollout creates the sites: the name waits until a site has it."""
    seed = users_seed()
    org = seed["regions"][US]["orgs"][0]
    org["stations"].append({"name": "Desk Later", "site": "Later Site", "associated_user": "ada@example.com"})
    usim.admin.reset(seed)
    uapi = Api(usim, client_id=AGENT_ID, secret=AGENT_SECRET)  # the reset revoked every earlier token
    stations = usim.simulation.store.org(US, org["name"]).area(StationsBackend)
    ada = user_id(uapi, "ada@example.com")
    assert stations.associated_station(ada).site_id is None
    location = uapi.ok("GET", "/api/v2/locations")["entities"][0]
    created = uapi.ok("POST", SITES, {"name": "Later Site", "location": {"id": location["id"]}, "mediaModel": "Premises"})
    assert stations.associated_station(ada).site_id == created["id"]
    assert {"name": "Desk Later", "site": created["id"]}.items() <= stations.export()[-1].items()
