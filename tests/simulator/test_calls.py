"""Calls: placed for a user, carried by an Edge of their station's site, the far end's seeded behaviour, hang-up by
conversation and by participant, secure pause, 403s naming the permission, 404s, export and reload.

Simulated time follows the region clock (time scale 1 here), so `advance()` walks a call through exact moments of
its timeline: the far end dials for 1 s, then rings (contacting) until it answers (default 3 s after placing).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from conftest import US, Api, assert_error_body, seed_copy
from genesys_cloud_sim.routing.models import QueuesBackend
from genesys_cloud_sim.testing import AdminError
from test_edges import NEVER, PAIRS, advance

CALLS = "/api/v2/conversations/calls"
USERS = "/api/v2/users"
CALLER_ID, CALLER_SECRET = "caller", "caller-secret"
NO_PAUSE_ID, NO_PAUSE_SECRET = "no-pause", "no-pause-secret"
BARE_ID, BARE_SECRET = "bare", "bare-secret"
ANSWERS, RINGS_OUT, BUSY, INVALID = "+13175550100", "+13175550101", "+13175550102", "+13175550103"
HANGS_UP = "+13175550104"
SIP_DESK = "sip:desk@pbx.example.com"
CALL_PERMISSIONS = ["conversation:call:add", "conversation:communication:disconnect",
                    "conversation:recording:pauseOthers", "directory:user:view"]


def calls_seed() -> dict[str, Any]:
    """SEED plus a live Edge at Indy Core, a never-pairing one at Indy Backup, users at each, and seeded numbers."""
    seed = seed_copy()
    org = seed["regions"][US]["orgs"][0]
    org["clients"] += [
        {"client_id": CALLER_ID, "client_secret": CALLER_SECRET, "permissions": CALL_PERMISSIONS},
        {"client_id": NO_PAUSE_ID, "client_secret": NO_PAUSE_SECRET,
         "permissions": ["conversation:agentlessCall:add", "conversation:communication:disconnect"]},
        {"client_id": BARE_ID, "client_secret": BARE_SECRET, "permissions": []},
    ]
    org["sites"].append({"name": "Indy Backup", "location": "HQ"})
    org["appliances"] = [{"pairing_id": PAIRS}, {"pairing_id": NEVER, "behaviour": {"kind": "never_connects"}}]
    org["edges"] = [
        {"name": "Core Edge", "site": "Indy Core", "pairingId": PAIRS, "dateCreated": "2026-01-01T00:00:00.000Z"},
        {"name": "Backup Edge", "site": "Indy Backup", "pairingId": NEVER, "dateCreated": "2026-01-01T00:00:00.000Z"},
    ]
    org["users"] = [
        {"name": "Ada Agent", "email": "ada@example.com"},
        {"name": "Bob Backup", "email": "bob@example.com"},
        {"name": "Cy Siteless", "email": "cy@example.com"},
        {"name": "Dee Deskless", "email": "dee@example.com"},
        {"name": "Eve Gone", "email": "eve@example.com", "state": "inactive"},
    ]
    org["stations"] = [
        {"name": "Desk 1", "site": "Indy Core", "associated_user": "ada@example.com"},
        {"name": "Desk 2", "site": "Indy Backup", "associated_user": "bob@example.com"},
        {"name": "Desk 3", "associated_user": "cy@example.com"},
        {"name": "Desk 4", "site": "Indy Core", "associated_user": "eve@example.com"},
    ]
    org["queues"] = [{"name": "Payments"}]
    org["numbers"] = [
        {"number": ANSWERS, "behaviour": "answers", "answer_after_s": 3},
        {"number": RINGS_OUT, "behaviour": "rings_out", "ring_timeout_s": 60},
        {"number": BUSY, "behaviour": "busy"},
        {"number": INVALID, "behaviour": "invalid"},
        {"number": HANGS_UP, "answer_after_s": 2, "hangs_up_after_s": 30},
        {"number": SIP_DESK, "answer_after_s": 5},
    ]
    return seed


@pytest.fixture
def csim(sim):
    sim.admin.reset(calls_seed())
    return sim


@pytest.fixture
def capi(csim) -> Api:
    return Api(csim, client_id=CALLER_ID, secret=CALLER_SECRET)


def user_id(api: Api, email: str) -> str:
    users = api.ok("GET", USERS, params={"state": "any", "pageSize": 100})["entities"]
    return next(user["id"] for user in users if user["email"] == email)


def place(api: Api, number: str = ANSWERS, email: str = "ada@example.com", **fields: Any) -> str:
    created = api.ok("POST", f"{CALLS}/user/{user_id(api, email)}", {"phoneNumber": number, **fields})
    assert created["selfUri"] == f"{CALLS}/{created['id']}"
    return created["id"]


def read(api: Api, call_id: str) -> dict[str, Any]:
    return api.ok("GET", f"{CALLS}/{call_id}")


def sides(call: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the calling user's participant, the far end's)."""
    by_purpose = {participant["purpose"]: participant for participant in call["participants"]}
    assert set(by_purpose) == {"user", "external"}
    return by_purpose["user"], by_purpose["external"]


def states(api: Api, call_id: str) -> tuple[str, str]:
    user, far = sides(read(api, call_id))
    return user["state"], far["state"]


def seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end.replace("Z", "+00:00"))
            - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def connected_call(sim, api: Api, number: str = ANSWERS) -> str:
    call_id = place(api, number)
    advance(sim, 4)
    assert states(api, call_id) == ("connected", "connected")
    return call_id


# --- a call that connects ------------------------------------------------------------------------------------


def test_a_call_dials_rings_and_connects_with_its_times(csim, capi):
    ada = user_id(capi, "ada@example.com")
    call_id = place(capi)
    call = read(capi, call_id)
    user, far = sides(call)
    assert (user["state"], far["state"]) == ("dialing", "dialing")
    assert user["user"]["id"] == ada and user["name"] == "Ada Agent" and "address" not in user
    assert (far["address"], far["direction"], user["direction"]) == (ANSWERS, "outbound", "outbound")
    assert (call["recordingState"], call["securePause"]) == ("none", False)
    assert "connectedTime" not in far and "endTime" not in far and "recordingState" not in far

    advance(csim, 1.5)
    user, far = sides(read(capi, call_id))
    assert (user["state"], far["state"]) == ("dialing", "contacting")
    assert seconds_between(far["startTime"], far["startAlertingTime"]) == 1.0

    advance(csim, 2)
    call = read(capi, call_id)
    user, far = sides(call)
    assert (user["state"], far["state"]) == ("connected", "connected")
    assert seconds_between(far["startTime"], far["connectedTime"]) == 3.0
    assert user["connectedTime"] == far["connectedTime"] and user["startTime"] == far["startTime"]
    assert (call["recordingState"], call["securePause"]) == ("active", False)
    assert all(p["recordingState"] == "active" and p["securePause"] is False for p in call["participants"])
    assert "disconnectType" not in far and "endTime" not in far

    advance(csim, 3600)
    assert states(capi, call_id) == ("connected", "connected")  # until somebody hangs up


def test_sip_uris_dial_like_numbers(csim, capi):
    seeded = place(capi, SIP_DESK)
    unseeded = place(capi, "SIP:someone@elsewhere.example.com:5061")
    advance(csim, 4)
    assert states(capi, seeded) == ("dialing", "contacting")  # seeded to answer after 5 s
    assert states(capi, unseeded) == ("connected", "connected")  # the default: answers after 3 s
    assert sides(read(capi, unseeded))[1]["address"] == "sip:someone@elsewhere.example.com:5061"


def test_a_far_end_that_hangs_up_ends_the_call(csim, capi):
    call_id = place(capi, HANGS_UP)
    advance(csim, 2 + 30 + 0.5)
    user, far = sides(read(capi, call_id))
    assert (user["state"], far["state"]) == ("disconnected", "disconnected")
    assert (user["disconnectType"], far["disconnectType"]) == ("peer", "endpoint")
    assert seconds_between(far["connectedTime"], far["endTime"]) == 30.0


def test_the_optional_request_fields_are_accepted_and_checked(csim, capi):
    queue_id = csim.simulation.store.org(US, "Sandbox US").area(QueuesBackend).named("Payments").id
    place(capi, callerId="+13175559999", callerIdName="Sandbox", callFromQueueId=queue_id, priority=1,
          attributes={"purpose": "smoke"}, uuiData="abc", label="smoke")
    ada = user_id(capi, "ada@example.com")
    for body, field in [({"phoneNumber": ANSWERS, "callerId": "front desk"}, "callerId"),
                        ({"phoneNumber": ANSWERS, "callFromQueueId": "nope"}, "callFromQueueId"),
                        ({"phoneNumber": ANSWERS, "callUserId": ada}, "callUserId"),
                        ({"phoneNumber": ANSWERS, "participants": [{"address": ANSWERS}]}, "participants")]:
        refused = assert_error_body(capi.post(f"{CALLS}/user/{ada}", body), 400, "invalid.value")
        assert refused["details"][0]["fieldName"] == field


# --- calls that fail -----------------------------------------------------------------------------------------


def test_a_user_without_a_station_cannot_place_a_call(csim, capi):
    response = capi.post(f"{CALLS}/user/{user_id(capi, 'dee@example.com')}", {"phoneNumber": ANSWERS})
    body = assert_error_body(response, 400, "bad.request")
    assert "Dee Deskless has no station" in body["message"]


def test_an_inactive_user_cannot_place_a_call(csim, capi):
    response = capi.post(f"{CALLS}/user/{user_id(capi, 'eve@example.com')}", {"phoneNumber": ANSWERS})
    assert "inactive" in assert_error_body(response, 400, "bad.request")["message"]


@pytest.mark.parametrize("email, fragment", [
    ("bob@example.com", "No Edge of site Indy Backup is ACTIVE and ONLINE"),
    ("cy@example.com", "Station Desk 3 has no site"),
])
def test_a_site_without_a_live_edge_fails_the_call_with_an_error(csim, capi, email, fragment):
    call_id = place(capi, email=email)
    assert states(capi, call_id) == ("dialing", "dialing")
    advance(csim, 1)
    call = read(capi, call_id)
    user, far = sides(call)
    assert (user["state"], far["state"]) == ("disconnected", "disconnected")
    assert (user["disconnectType"], far["disconnectType"]) == ("peer", "error")
    assert far["errorInfo"]["code"] == "no.edge.available" and fragment in far["errorInfo"]["message"]
    assert "connectedTime" not in far and seconds_between(far["startTime"], far["endTime"]) == 1.0
    assert call["recordingState"] == "none"


def test_a_busy_number_ends_quickly_with_an_endpoint_disconnect(csim, capi):
    call_id = place(capi, BUSY)
    advance(csim, 1)
    user, far = sides(read(capi, call_id))
    assert (far["state"], far["disconnectType"], far["errorInfo"]["code"]) == ("disconnected", "endpoint", "busy")
    assert BUSY in far["errorInfo"]["message"]
    assert (user["state"], user["disconnectType"]) == ("disconnected", "peer")
    assert "startAlertingTime" not in far


def test_a_number_that_rings_out_keeps_ringing_until_the_timeout(csim, capi):
    call_id = place(capi, RINGS_OUT)
    advance(csim, 59.5)
    assert states(capi, call_id) == ("dialing", "contacting")
    advance(csim, 1)
    user, far = sides(read(capi, call_id))
    assert (far["state"], far["disconnectType"], user["disconnectType"]) == ("disconnected", "endpoint", "peer")
    assert "errorInfo" not in far and "connectedTime" not in far
    assert seconds_between(far["startTime"], far["endTime"]) == 60.0


def test_an_invalid_number_ends_at_once(csim, capi):
    call_id = place(capi, INVALID)
    user, far = sides(read(capi, call_id))
    assert (far["state"], far["disconnectType"], far["errorInfo"]["code"]) == (
        "disconnected", "error", "invalid.number")
    assert far["endTime"] == far["startTime"] and user["state"] == "disconnected"


@pytest.mark.parametrize("number", ["555-1234", "13175550100", "+0123", "+1 317 555 0100", "tel:+13175550100",
                                    "sip:nohost", "sip:user@host:port"])
def test_a_malformed_number_is_refused(csim, capi, number):
    response = capi.post(f"{CALLS}/user/{user_id(capi, 'ada@example.com')}", {"phoneNumber": number})
    assert assert_error_body(response, 400, "invalid.value")["details"][0]["fieldName"] == "phoneNumber"


@pytest.mark.parametrize("body, field", [({"to": ANSWERS}, "to"), ({"phoneNumber": ANSWERS, "type": "call"}, "type"),
                                         ({}, "phoneNumber")])
def test_a_create_with_forum_fields_or_without_a_number_is_refused(csim, capi, body, field):
    response = capi.post(f"{CALLS}/user/{user_id(capi, 'ada@example.com')}", body)
    assert assert_error_body(response, 400, "bad.request")["details"][0]["fieldName"] == field


def active_calls(api: Api, email: str) -> tuple[int, int]:
    """(contact-center, enterprise) live calls in the user's expanded conversationSummary."""
    user = api.ok("GET", f"{USERS}/{user_id(api, email)}", params={"expand": "conversationSummary"})
    summary = user["conversationSummary"]
    assert summary["userId"] == user["id"] and summary["chat"] == {"contactCenter": {"active": 0, "acw": 0},
                                                                   "enterprise": {"active": 0, "acw": 0}}
    return summary["call"]["contactCenter"]["active"], summary["call"]["enterprise"]["active"]


def test_a_users_live_calls_are_counted_in_the_conversation_summary(csim, capi):
    """The one way a client-credentials token sees that a user's call exists without knowing its id."""
    assert active_calls(capi, "ada@example.com") == (0, 0)
    first = place(capi)
    queue_id = csim.simulation.store.org(US, "Sandbox US").area(QueuesBackend).named("Payments").id
    place(capi, callFromQueueId=queue_id)
    assert active_calls(capi, "ada@example.com") == (1, 1)
    assert active_calls(capi, "bob@example.com") == (0, 0)
    found = capi.ok("POST", f"{USERS}/search", {"query": [{"type": "EXACT", "fields": ["email"],
                                                           "values": ["ada@example.com"]}],
                                                "expand": ["conversationSummary"]})["results"][0]
    assert found["conversationSummary"]["call"]["enterprise"]["active"] == 1
    capi.ok("PATCH", f"{CALLS}/{first}", {"state": "disconnected"})
    assert active_calls(capi, "ada@example.com") == (1, 0)
    assert "conversationSummary" not in capi.ok("GET", f"{USERS}/{user_id(capi, 'ada@example.com')}")


# --- hanging up ----------------------------------------------------------------------------------------------


def test_hang_up_the_whole_conversation(csim, capi):
    call_id = connected_call(csim, capi)
    advance(csim, 10)
    conversation = capi.ok("PATCH", f"{CALLS}/{call_id}", {"state": "disconnected"})
    assert (conversation["id"], conversation["state"], conversation["recordingState"]) == (
        call_id, "disconnected", "NONE")
    by_purpose = {participant["purpose"]: participant["calls"][0] for participant in conversation["participants"]}
    assert (by_purpose["user"]["disconnectType"], by_purpose["external"]["disconnectType"]) == ("client", "peer")
    call = read(capi, call_id)
    user, far = sides(call)
    assert (user["state"], far["state"], user["disconnectType"], far["disconnectType"]) == (
        "disconnected", "disconnected", "client", "peer")
    assert user["endTime"] == far["endTime"] and 10 <= seconds_between(far["connectedTime"], far["endTime"]) < 12
    assert (call["recordingState"], call["securePause"]) == ("none", False)
    assert "recordingState" not in far
    again = capi.patch(f"{CALLS}/{call_id}", {"state": "disconnected"})
    assert "already ended" in assert_error_body(again, 400, "bad.request")["message"]


def test_hang_up_the_far_end_participant_ends_the_call(csim, capi):
    call_id = connected_call(csim, capi)
    far_id = sides(read(capi, call_id))[1]["id"]
    response = capi.patch(f"{CALLS}/{call_id}/participants/{far_id}", {"state": "disconnected"})
    assert response.status_code == 202 and not response.content
    user, far = sides(read(capi, call_id))
    assert (user["state"], far["state"], user["disconnectType"], far["disconnectType"]) == (
        "disconnected", "disconnected", "peer", "client")
    again = capi.patch(f"{CALLS}/{call_id}/participants/{far_id}", {"state": "disconnected"})
    assert_error_body(again, 400, "bad.request")


def test_hang_up_the_user_participant_before_the_far_end_answers(csim, capi):
    call_id = place(capi)
    advance(csim, 1.5)
    user_participant = sides(read(capi, call_id))[0]["id"]
    capi.ok("PATCH", f"{CALLS}/{call_id}/participants/{user_participant}", {"state": "disconnected"})
    advance(csim, 10)
    user, far = sides(read(capi, call_id))
    assert (user["disconnectType"], far["disconnectType"], far["state"]) == ("client", "peer", "disconnected")
    assert "connectedTime" not in far and "startAlertingTime" in far


@pytest.mark.parametrize("body, status, code, field", [
    ({"state": "connected"}, 400, "invalid.value", "state"),
    ({"state": "disconnected", "recordingState": "PAUSED"}, 400, "bad.request", "recordingState"),
    ({}, 400, "bad.request", "state"),
    ({"state": "disconnected", "hangup": True}, 400, "bad.request", "hangup"),
])
def test_a_conversation_patch_other_than_a_hang_up_is_refused(csim, capi, body, status, code, field):
    call_id = connected_call(csim, capi)
    assert assert_error_body(capi.patch(f"{CALLS}/{call_id}", body), status, code)["details"][0]["fieldName"] == field
    assert states(capi, call_id) == ("connected", "connected")


def test_a_participant_patch_other_than_a_hang_up_is_refused(csim, capi):
    call_id = connected_call(csim, capi)
    far_id = sides(read(capi, call_id))[1]["id"]
    held = capi.patch(f"{CALLS}/{call_id}/participants/{far_id}", {"state": "disconnected", "held": True})
    assert assert_error_body(held, 400, "bad.request")["details"][0]["fieldName"] == "held"
    dialing = capi.patch(f"{CALLS}/{call_id}/participants/{far_id}", {"state": "dialing"})
    assert assert_error_body(dialing, 400, "invalid.value")["details"][0]["fieldName"] == "state"


# --- secure pause --------------------------------------------------------------------------------------------


def test_secure_pause_then_resume_is_seen_on_the_conversation_and_every_participant(csim, capi):
    call_id = connected_call(csim, capi)
    path = f"{CALLS}/{call_id}/recordingstate"
    assert capi.ok("PUT", path, {"recordingState": "PAUSED"}) == "PAUSED"
    paused = read(capi, call_id)
    assert (paused["recordingState"], paused["securePause"]) == ("paused", True)
    assert [(p["recordingState"], p["securePause"]) for p in paused["participants"]] == [("paused", True)] * 2
    assert capi.ok("PUT", path, {"recordingState": "ACTIVE"}) == "ACTIVE"
    resumed = read(capi, call_id)
    assert (resumed["recordingState"], resumed["securePause"]) == ("active", False)
    assert [(p["recordingState"], p["securePause"]) for p in resumed["participants"]] == [("active", False)] * 2


def test_secure_pause_needs_a_connected_call(csim, capi):
    call_id = place(capi)
    path = f"{CALLS}/{call_id}/recordingstate"
    early = capi.put(path, {"recordingState": "PAUSED"})
    assert "not connected" in assert_error_body(early, 400, "bad.request")["message"]
    advance(csim, 4)
    none = capi.put(path, {"recordingState": "NONE"})
    assert assert_error_body(none, 400, "invalid.value")["details"][0]["fieldName"] == "recordingState"
    odd = capi.patch(f"{CALLS}/{call_id}", {"recordingState": "stopped"})
    assert assert_error_body(odd, 400, "invalid.value")["details"][0]["fieldName"] == "recordingState"
    capi.ok("PATCH", f"{CALLS}/{call_id}", {"state": "disconnected"})
    late = capi.put(path, {"recordingState": "PAUSED"})
    assert "already ended" in assert_error_body(late, 400, "bad.request")["message"]
    too_late = capi.patch(f"{CALLS}/{call_id}", {"recordingState": "paused"})
    assert "already ended" in assert_error_body(too_late, 400, "bad.request")["message"]


def test_secure_pause_by_patching_the_call_with_lowercase_recording_state(csim, capi):
    """PATCH .../calls/{id} {"recordingState": "paused"} / "active" is how Genesys' secure-pause add-in pauses and
    resumes (MyPureCloud/purecloud-secure-pause addin/app/scripts/services/pureCloudService.js; the SDK's
    Conversation docstring, PY build/PureCloudPlatformClientV2/models/conversation.py; simulator/FIDELITY.md)."""
    call_id = connected_call(csim, capi)
    answer = capi.ok("PATCH", f"{CALLS}/{call_id}", {"recordingState": "paused"})
    assert answer["id"] == call_id and answer["recordingState"] == "PAUSED" and answer["securePause"] is True
    paused = read(capi, call_id)
    assert (paused["recordingState"], paused["securePause"]) == ("paused", True)
    assert [(p["recordingState"], p["securePause"]) for p in paused["participants"]] == [("paused", True)] * 2
    capi.ok("PATCH", f"{CALLS}/{call_id}", {"recordingState": "active"})
    resumed = read(capi, call_id)
    assert (resumed["recordingState"], resumed["securePause"]) == ("active", False)
    assert states(capi, call_id) == ("connected", "connected")  # pausing is not hanging up


@pytest.mark.parametrize("spelling", ["paused", "Paused", "PAUSED"])
def test_the_recording_state_put_takes_any_case(csim, capi, spelling):
    """The SDK's SetRecordingState docstring spells the values lowercase and its setter compares with .lower()
    (PY build/docs/SetRecordingState.md, models/set_recording_state.py; simulator/FIDELITY.md)."""
    call_id = connected_call(csim, capi)
    assert capi.ok("PUT", f"{CALLS}/{call_id}/recordingstate", {"recordingState": spelling}) == "PAUSED"
    assert read(capi, call_id)["securePause"] is True


def test_each_way_of_pausing_needs_its_own_permission(csim, capi):
    """The PATCH needs conversation:communication:disconnect, the PUT conversation:recording:pauseOthers (PY
    build/docs/ConversationsApi.md l.7861-7905 and l.15728-15735; simulator/FIDELITY.md)."""
    call_id = connected_call(csim, capi)
    no_pause = Api(csim, client_id=NO_PAUSE_ID, secret=NO_PAUSE_SECRET)
    capi.ok("PATCH", f"{CALLS}/{call_id}", {"recordingState": "paused"})
    refused = no_pause.put(f"{CALLS}/{call_id}/recordingstate", {"recordingState": "active"})
    assert assert_error_body(refused, 403, "missing.permissions")["messageParams"] == {
        "permissions": "conversation:recording:pauseOthers"}
    bare = Api(csim, client_id=BARE_ID, secret=BARE_SECRET)
    refused = bare.patch(f"{CALLS}/{call_id}", {"recordingState": "active"})
    assert assert_error_body(refused, 403, "missing.permissions")["messageParams"] == {
        "permissions": "conversation:communication:disconnect"}
    assert read(capi, call_id)["securePause"] is True  # neither refused write changed anything


# --- permissions, unknown ids, the token's own user ----------------------------------------------------------


def test_each_operation_names_the_permission_it_misses(csim, capi):
    call_id = connected_call(csim, capi)
    far_id = sides(read(capi, call_id))[1]["id"]
    bare = Api(csim, client_id=BARE_ID, secret=BARE_SECRET)
    ada = user_id(capi, "ada@example.com")
    refused = [
        (bare.post(f"{CALLS}/user/{ada}", {"phoneNumber": ANSWERS}),
         "conversation:agentlessCall:add, conversation:call:add"),
        (bare.post(CALLS, {"phoneNumber": ANSWERS}), "conversation:conference:add"),
        (bare.patch(f"{CALLS}/{call_id}", {"state": "disconnected"}), "conversation:communication:disconnect"),
        (bare.patch(f"{CALLS}/{call_id}/participants/{far_id}", {"state": "disconnected"}),
         "conversation:participant:wrapup, conversation:call:record, conversation:communication:disconnect"),
        (Api(csim, client_id=NO_PAUSE_ID, secret=NO_PAUSE_SECRET).put(
            f"{CALLS}/{call_id}/recordingstate", {"recordingState": "PAUSED"}), "conversation:recording:pauseOthers"),
    ]
    for response, permissions in refused:
        assert assert_error_body(response, 403, "missing.permissions")["messageParams"] == {"permissions": permissions}
    assert read(bare, call_id)["id"] == call_id  # reading a call needs no permission (operations.json)
    assert states(capi, call_id) == ("connected", "connected")


def test_unknown_ids_are_not_found(csim, capi):
    call_id = connected_call(csim, capi)
    missing = "00000000-0000-0000-0000-000000000000"
    for response in [
        capi.get(f"{CALLS}/{missing}"),
        capi.patch(f"{CALLS}/{missing}", {"state": "disconnected"}),
        capi.patch(f"{CALLS}/{missing}/participants/{missing}", {"state": "disconnected"}),
        capi.patch(f"{CALLS}/{call_id}/participants/{missing}", {"state": "disconnected"}),
        capi.put(f"{CALLS}/{missing}/recordingstate", {"recordingState": "PAUSED"}),
        capi.post(f"{CALLS}/user/{missing}", {"phoneNumber": ANSWERS}),
    ]:
        assert assert_error_body(response, 404, "not.found")["entityId"] == missing


def test_a_client_credentials_token_lists_no_calls_of_its_own(csim, capi):
    connected_call(csim, capi)  # placed for Ada, not for the token, which has no user
    listing = capi.ok("GET", CALLS)
    assert (listing["entities"], listing["total"], listing["pageCount"]) == ([], 0, 0)


def test_placing_a_call_as_the_token_user_needs_a_user_context(csim):
    seed = calls_seed()
    seed["regions"][US]["orgs"][0]["clients"].append(
        {"client_id": "conf", "client_secret": "conf-secret", "permissions": ["conversation:conference:add"]})
    csim.admin.reset(seed)
    response = Api(csim, client_id="conf", secret="conf-secret").post(CALLS, {"phoneNumber": ANSWERS})
    assert "user context" in assert_error_body(response, 400, "bad.request")["message"]


# --- seed, export and reload ---------------------------------------------------------------------------------


def test_export_and_reload_resume_every_call(csim, capi):
    paused = connected_call(csim, capi)
    capi.ok("PUT", f"{CALLS}/{paused}/recordingstate", {"recordingState": "PAUSED"})
    ended = connected_call(csim, capi)
    capi.ok("PATCH", f"{CALLS}/{ended}", {"state": "disconnected"})
    ringing = place(capi, RINGS_OUT)
    failed = place(capi, email="bob@example.com")
    advance(csim, 2)
    before = {call_id: read(capi, call_id) for call_id in (paused, ended, ringing, failed)}

    csim.admin.reset(csim.simulation.export(include_secrets=True))  # what the state file holds
    api = Api(csim, client_id=CALLER_ID, secret=CALLER_SECRET)
    assert {call_id: read(api, call_id) for call_id in before} == before
    advance(csim, 60)
    assert states(api, ringing) == ("disconnected", "disconnected")  # resumed, not restarted
    assert states(api, paused) == ("connected", "connected")
    assert read(api, paused)["securePause"] is True


@pytest.mark.parametrize("key, entry, fragment", [
    ("numbers", {"number": "555-1234"}, "555-1234"),
    ("numbers", {"number": ANSWERS, "behaviour": "explodes"}, "behaviour"),
    ("numbers", {"number": ANSWERS, "answer_after_s": -1}, "answer_after_s"),
    ("calls", {"user": "nobody@example.com", "phoneNumber": ANSWERS}, "nobody@example.com"),
    ("calls", {"user": "ada@example.com", "phoneNumber": "call me"}, "call me"),
])
def test_bad_seed_entries_are_refused(csim, key, entry, fragment):
    seed = calls_seed()
    seed["regions"][US]["orgs"][0].setdefault(key, []).append(entry)
    with pytest.raises(AdminError) as caught:
        csim.admin.reset(seed)
    assert fragment in str(caught.value)
