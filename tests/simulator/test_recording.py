"""Media retention policies (both families), seeded queues and other references, org feature flags: CRUD, paging,
PUT/PATCH semantics, every validation error with its exact status, code and field, 403s naming the permission,
and export/reload."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import US, Api, assert_error_body, seed_copy
from genesys_cloud_sim.recording.models import MediaRetentionPoliciesBackend
from genesys_cloud_sim.testing import AdminError, SimulatorProcess

POLICIES = "/api/v2/recording/mediaretentionpolicies"
XP_POLICIES = "/api/v2/recording/crossplatform/mediaretentionpolicies"
ORG = "/api/v2/organizations/me"
FEATURES = "/api/v2/organizations/features"
REC_ID, REC_SECRET = "recording-admin", "recording-secret"
VIEW_ID, VIEW_SECRET = "recording-viewer", "viewer-secret"
BARE_ID, BARE_SECRET = "recording-bare", "bare-secret"
QUEUE_ID = "7b0e3bd4-6d3c-4a59-9d0b-5b1e7e0c2a01"
QUEUE_2_ID = "7b0e3bd4-6d3c-4a59-9d0b-5b1e7e0c2a02"
USER_ID = "0d3f6c1e-8a5b-4f1d-9a77-2c4e5f6a7b01"
WRAPUP_ID = "4a1c2b3d-0000-4000-8000-00000000a001"
LANGUAGE_ID = "4a1c2b3d-0000-4000-8000-00000000b001"
TEAM_ID = "4a1c2b3d-0000-4000-8000-00000000c001"
UNKNOWN_ID = "ffffffff-ffff-4fff-8fff-ffffffffffff"
RECORDING_PERMISSIONS = [
    "recording:retentionPolicy:view", "recording:retentionPolicy:add", "recording:retentionPolicy:edit",
    "recording:retentionPolicy:delete", "recording:crossPlatformRetentionPolicy:view",
    "recording:crossPlatformRetentionPolicy:add", "recording:crossPlatformRetentionPolicy:edit",
    "recording:crossPlatformRetentionPolicy:delete", "directory:organization:admin",
]  # fmt: skip


def recording_seed() -> dict[str, Any]:
    """SEED plus users, queues, a wrap-up code, a language, a team and three recording clients."""
    seed = seed_copy()
    org = seed["regions"][US]["orgs"][0]
    org["clients"] += [
        {"client_id": REC_ID, "client_secret": REC_SECRET, "permissions": RECORDING_PERMISSIONS},
        {"client_id": VIEW_ID, "client_secret": VIEW_SECRET, "permissions": ["recording:retentionPolicy:view"]},
        {"client_id": BARE_ID, "client_secret": BARE_SECRET, "permissions": []},
    ]
    org["users"] = [{"id": USER_ID, "name": "Ada Agent", "email": "ada@example.com"}]
    org["queues"] = [{"id": QUEUE_ID, "name": "Payments"}, {"id": QUEUE_2_ID, "name": "Support"}]
    org["wrapup_codes"] = [{"id": WRAPUP_ID, "name": "Paid"}]
    org["languages"] = [{"id": LANGUAGE_ID, "name": "English"}]
    org["teams"] = [{"id": TEAM_ID, "name": "Tier 1"}]
    return seed


def pci_policy(name: str = "PCI calls", **fields: Any) -> dict[str, Any]:
    """A call policy keeping recordings seven years (7 x 365 = 2555 days), archived after 90 days."""
    return {
        "name": name,
        "description": "PCI DSS 10.7",
        "enabled": True,
        "order": 1,
        "mediaPolicies": {
            "callPolicy": {
                "actions": {
                    "retainRecording": True,
                    "deleteRecording": False,
                    "alwaysDelete": False,
                    "retentionDuration": {
                        "archiveRetention": {"days": 90, "storageMedium": "CLOUDARCHIVE"},
                        "deleteRetention": {"days": 2555},
                    },
                },
                "conditions": {
                    "forUsers": [{"id": USER_ID}],
                    "forQueues": [{"id": QUEUE_ID}],
                    "directions": ["INBOUND", "OUTBOUND"],
                    "dateRanges": ["2026-01-01T00:00:00.000Z/2026-12-31T23:59:59.999Z"],
                    "wrapupCodes": [{"id": WRAPUP_ID}],
                    "languages": [{"id": LANGUAGE_ID}],
                    "teams": [{"id": TEAM_ID}],
                    "timeAllowed": {"timeZoneId": "America/Indiana/Indianapolis", "empty": False,
                                    "timeSlots": [{"day": 1, "startTime": "09:00:00.000", "stopTime": "17:00:00.000"}]},
                    "duration": {"durationTarget": "DURATION", "durationMode": "Over", "durationOperator": ">",
                                 "durationRange": "PT10S"},
                },
            }
        },
        **fields,
    }


def simple_policy(name: str, days: int = 30, **fields: Any) -> dict[str, Any]:
    body = {"name": name, "mediaPolicies": {"callPolicy": {"actions": {
        "retainRecording": True, "retentionDuration": {"deleteRetention": {"days": days}}}}}}
    return {**body, **fields}


@pytest.fixture
def rsim(sim):
    sim.admin.reset(recording_seed())
    return sim


@pytest.fixture
def rapi(rsim) -> Api:
    return Api(rsim, client_id=REC_ID, secret=REC_SECRET)


def field_error(response: Any, status: int, code: str, field: str) -> dict[str, Any]:
    body = assert_error_body(response, status, code)
    assert [detail["fieldName"] for detail in body["details"]] == [field], body
    return body


# --- create and read -----------------------------------------------------------------------------------------


def test_create_and_read_a_policy_with_every_call_condition(rapi):
    created = rapi.ok("POST", POLICIES, pci_policy())
    assert list(created) == ["id", "name", "modifiedDate", "createdDate", "order", "description", "enabled",
                             "mediaPolicies", "policyErrors", "selfUri"]
    assert created["selfUri"] == f"{POLICIES}/{created['id']}"
    assert created["createdDate"] == created["modifiedDate"] and created["createdDate"].endswith("Z")
    assert (created["name"], created["order"], created["enabled"]) == ("PCI calls", 1, True)
    assert created["policyErrors"] == {"policyErrorMessages": []}
    call = created["mediaPolicies"]["callPolicy"]
    assert call["actions"]["retentionDuration"] == {
        "archiveRetention": {"days": 90, "storageMedium": "CLOUDARCHIVE"}, "deleteRetention": {"days": 2555}}
    conditions = call["conditions"]
    assert conditions["forUsers"] == [{"id": USER_ID, "name": "Ada Agent", "selfUri": f"/api/v2/users/{USER_ID}"}]
    assert conditions["forQueues"] == [{"id": QUEUE_ID, "name": "Payments",
                                        "selfUri": f"/api/v2/routing/queues/{QUEUE_ID}"}]
    assert conditions["wrapupCodes"][0]["name"] == "Paid"
    assert conditions["languages"][0]["selfUri"] == f"/api/v2/routing/languages/{LANGUAGE_ID}"
    assert conditions["teams"][0] == {"id": TEAM_ID, "name": "Tier 1", "selfUri": f"/api/v2/teams/{TEAM_ID}"}
    assert conditions["directions"] == ["INBOUND", "OUTBOUND"]
    assert conditions["timeAllowed"]["timeSlots"] == [{"startTime": "09:00:00.000", "stopTime": "17:00:00.000",
                                                       "day": 1}]
    assert rapi.ok("GET", f"{POLICIES}/{created['id']}") == created


def test_defaults_of_a_minimal_policy(rapi):
    created = rapi.ok("POST", POLICIES, {"name": "Bare"})
    assert created["enabled"] is False  # a policy applies only when asked to (FIDELITY.md)
    assert "order" not in created and "mediaPolicies" not in created and "description" not in created


def test_read_only_fields_are_accepted_and_ignored_on_create(rapi):
    body = pci_policy(id="mine", selfUri="/x", createdDate="2000-01-01T00:00:00.000Z",
                      policyErrors={"policyErrorMessages": [{"errorCode": "x"}]})
    body["mediaPolicies"]["callPolicy"]["conditions"]["forQueues"] = [{"id": QUEUE_ID, "name": "Other name"}]
    created = rapi.ok("POST", POLICIES, body)
    assert created["id"] != "mine" and created["createdDate"] != "2000-01-01T00:00:00.000Z"
    assert created["policyErrors"] == {"policyErrorMessages": []}
    assert created["mediaPolicies"]["callPolicy"]["conditions"]["forQueues"][0]["name"] == "Payments"


def test_top_level_conditions_and_actions_are_kept(rapi):
    body = {"name": "Legacy", "conditions": {"forQueues": [{"id": QUEUE_2_ID}], "mediaTypes": ["CALL"],
                                             "directions": ["INBOUND"], "customerParticipation": "YES"},
            "actions": {"retainRecording": True, "retentionDuration": {"deleteRetention": {"days": 10}}}}
    created = rapi.ok("POST", POLICIES, body)
    assert created["conditions"]["forQueues"][0]["name"] == "Support"
    assert created["conditions"]["mediaTypes"] == ["CALL"]
    assert created["actions"]["retentionDuration"] == {"deleteRetention": {"days": 10}}


def test_every_media_type_policy_is_accepted(rapi):
    digital = {"actions": {"deleteRecording": True}, "conditions": {"forQueues": [{"id": QUEUE_ID}]}}
    body = {"name": "All media", "mediaPolicies": {
        "chatPolicy": {**digital, "conditions": {"duration": {"durationMode": "Under"}}},
        "emailPolicy": {**digital, "conditions": {"customerParticipation": "NO"}},
        "messagePolicy": digital,
    }}
    created = rapi.ok("POST", POLICIES, body)
    assert sorted(created["mediaPolicies"]) == ["chatPolicy", "emailPolicy", "messagePolicy"]
    screen = simple_policy("Screens")
    screen["mediaPolicies"]["callPolicy"]["actions"]["initiateScreenRecording"] = {
        "recordACW": True, "archiveRetention": {"days": 30, "storageMedium": "CLOUDARCHIVE"},
        "deleteRetention": {"days": 365}}
    assert rapi.ok("POST", POLICIES, screen)["mediaPolicies"]["callPolicy"]["actions"]["initiateScreenRecording"]


# --- the cross-platform family -------------------------------------------------------------------------------


def test_crossplatform_family_crud(rapi):
    created = rapi.ok("POST", XP_POLICIES, pci_policy())
    assert created["selfUri"] == f"{XP_POLICIES}/{created['id']}"
    path = f"{XP_POLICIES}/{created['id']}"
    assert rapi.ok("GET", path) == created
    replaced = rapi.ok("PUT", path, {**created, "description": "changed"})
    assert replaced["description"] == "changed"
    assert rapi.ok("PATCH", path, {"enabled": False})["enabled"] is False
    listing = rapi.ok("GET", XP_POLICIES)
    assert [entity["id"] for entity in listing["entities"]] == [created["id"]]
    assert rapi.delete(path).status_code == 204
    assert_error_body(rapi.get(path), 404, "not.found")


@pytest.mark.parametrize("action", ["assignSurveys", "initiateScreenRecording"])
def test_crossplatform_actions_lack_the_standard_only_fields(rapi, action):
    body = simple_policy("XP")
    body["mediaPolicies"]["callPolicy"]["actions"][action] = {} if action == "initiateScreenRecording" else []
    field_error(rapi.post(XP_POLICIES, body), 400, "bad.request", f"mediaPolicies.callPolicy.actions.{action}")


def test_families_are_separate(rapi):
    standard = rapi.ok("POST", POLICIES, simple_policy("Same name"))
    cross = rapi.ok("POST", XP_POLICIES, simple_policy("Same name"))  # names are unique per family only
    assert_error_body(rapi.get(f"{XP_POLICIES}/{standard['id']}"), 404, "not.found")
    assert_error_body(rapi.get(f"{POLICIES}/{cross['id']}"), 404, "not.found")
    assert [p["id"] for p in rapi.ok("GET", POLICIES)["entities"]] == [standard["id"]]


# --- PUT, PATCH, DELETE --------------------------------------------------------------------------------------


def test_put_replaces_the_whole_policy(rsim, rapi):
    created = rapi.ok("POST", POLICIES, pci_policy())
    rsim.admin.set_skew(US, 5_000)  # so that modifiedDate moves visibly
    sent = copy.deepcopy(created)  # read-modify-write: the read-only fields go back as they were read
    sent["name"] = "PCI calls v2"
    del sent["description"], sent["order"]
    sent["mediaPolicies"]["callPolicy"]["conditions"] = {"forQueues": [{"id": QUEUE_2_ID}]}
    replaced = rapi.ok("PUT", f"{POLICIES}/{created['id']}", sent)
    assert replaced["name"] == "PCI calls v2"
    assert "description" not in replaced and "order" not in replaced  # left out = cleared
    assert replaced["mediaPolicies"]["callPolicy"]["conditions"] == {
        "forQueues": [{"id": QUEUE_2_ID, "name": "Support", "selfUri": f"/api/v2/routing/queues/{QUEUE_2_ID}"}]}
    assert replaced["createdDate"] == created["createdDate"] and replaced["modifiedDate"] > created["modifiedDate"]
    again = rapi.ok("PUT", f"{POLICIES}/{created['id']}", sent)  # Policy has no version: no 409
    assert rapi.ok("GET", f"{POLICIES}/{created['id']}") == again


def test_put_needs_a_name_and_an_existing_policy(rapi):
    created = rapi.ok("POST", POLICIES, simple_policy("Named"))
    body = {key: value for key, value in created.items() if key != "name"}
    body = field_error(rapi.put(f"{POLICIES}/{created['id']}", body), 400, "bad.request", "name")
    assert body["details"][0]["errorCode"] == "required"
    assert_error_body(rapi.put(f"{POLICIES}/{UNKNOWN_ID}", simple_policy("X")), 404, "not.found")
    other = rapi.ok("POST", POLICIES, simple_policy("Other"))
    field_error(rapi.put(f"{POLICIES}/{other['id']}", simple_policy("NAMED")), 400, "invalid.value", "name")


def test_patch_changes_only_enabled(rsim, rapi):
    created = rapi.ok("POST", POLICIES, pci_policy(enabled=True))
    path = f"{POLICIES}/{created['id']}"
    assert rapi.ok("PATCH", path, {"enabled": True}) == created  # no change, modifiedDate stays
    rsim.admin.set_skew(US, 5_000)
    patched = rapi.ok("PATCH", path, {"enabled": False})
    assert patched["enabled"] is False and patched["modifiedDate"] > created["modifiedDate"]
    assert {k: v for k, v in patched.items() if k not in ("enabled", "modifiedDate")} == {
        k: v for k, v in created.items() if k not in ("enabled", "modifiedDate")}
    field_error(rapi.patch(path, {"enabled": True, "name": "renamed"}), 400, "bad.request", "name")
    body = field_error(rapi.patch(path, {}), 400, "bad.request", "enabled")
    assert body["details"][0]["errorCode"] == "required"
    field_error(rapi.patch(path, {"enabled": "yes"}), 400, "invalid.value", "enabled")
    assert_error_body(rapi.patch(f"{POLICIES}/{UNKNOWN_ID}", {"enabled": True}), 404, "not.found")


def test_delete_one(rapi):
    created = rapi.ok("POST", POLICIES, simple_policy("Doomed"))
    assert rapi.delete(f"{POLICIES}/{created['id']}").status_code == 204
    assert_error_body(rapi.get(f"{POLICIES}/{created['id']}"), 404, "not.found")
    assert_error_body(rapi.delete(f"{POLICIES}/{created['id']}"), 404, "not.found")


@pytest.mark.parametrize("path", [POLICIES, XP_POLICIES])
def test_bulk_delete_by_ids(rapi, path):
    ids = [rapi.ok("POST", path, simple_policy(f"P{i}"))["id"] for i in range(4)]
    response = rapi.delete(path, params={"ids": f"{ids[0]},{ids[1]},{UNKNOWN_ID}"})  # the SDK's comma-joined form
    assert response.status_code == 204 and not response.content
    assert sorted(p["id"] for p in rapi.ok("GET", path)["entities"]) == sorted(ids[2:])
    assert rapi.delete(path, params=[("ids", ids[2]), ("ids", ids[3])]).status_code == 204  # repeated works too
    assert rapi.ok("GET", path)["entities"] == []
    body = field_error(rapi.delete(path), 400, "bad.request", "ids")
    assert body["details"][0]["errorCode"] == "required"
    field_error(rapi.delete(path, params={"ids": ""}), 400, "bad.request", "ids")


# --- listing -------------------------------------------------------------------------------------------------


def test_paging_by_number_and_by_token(rapi):
    ids = {rapi.ok("POST", POLICIES, simple_policy(f"Policy {i}"))["name"]: None for i in range(5)}
    first = rapi.ok("GET", POLICIES, params={"pageSize": 2})
    assert sorted(first) == sorted(["entities", "pageSize", "pageNumber", "total", "pageCount", "firstUri",
                                    "selfUri", "lastUri", "nextUri"])  # PolicyEntityListing has no token fields
    assert (first["total"], first["pageCount"], first["pageNumber"], first["pageSize"]) == (5, 3, 1, 2)
    assert [p["name"] for p in first["entities"]] == ["Policy 0", "Policy 1"]
    assert first["firstUri"] == f"{POLICIES}?pageSize=2&pageNumber=1"
    assert first["lastUri"] == f"{POLICIES}?pageSize=2&pageNumber=3"
    next_query = parse_qs(urlsplit(first["nextUri"]).query)
    assert set(next_query) == {"pageSize", "nextPage"}

    second = rapi.ok("GET", first["nextUri"])  # following nextUri is enough
    assert second["pageNumber"] == 2 and [p["name"] for p in second["entities"]] == ["Policy 2", "Policy 3"]
    assert "previousPage" in parse_qs(urlsplit(second["previousUri"]).query)
    assert rapi.ok("GET", second["previousUri"])["entities"] == first["entities"]
    third = rapi.ok("GET", second["nextUri"])
    assert [p["name"] for p in third["entities"]] == ["Policy 4"] and "nextUri" not in third
    by_number = rapi.ok("GET", POLICIES, params={"pageSize": 2, "pageNumber": 3})
    assert by_number["entities"] == third["entities"]
    token = next_query["nextPage"][0]
    assert rapi.ok("GET", POLICIES, params={"pageSize": 2, "pageNumber": 3, "nextPage": token})["pageNumber"] == 2
    assert len(ids) == 5


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"nextPage": "not-a-token"}, "invalid.value", "nextPage"),
        ({"previousPage": "bXJwOjA"}, "invalid.value", "previousPage"),  # a token for page 0
        ({"pageSize": 101}, "invalid.value", "pageSize"),
        ({"pageNumber": 0}, "invalid.value", "pageNumber"),
        ({"sortBy": "color"}, "invalid.value", "sortBy"),
        ({"deleteDaysThreshold": -1}, "invalid.value", "deleteDaysThreshold"),
        ({"enabled": "maybe"}, "invalid.value", "enabled"),
    ],
)
def test_listing_refuses_bad_parameters(rapi, params, code, field):
    field_error(rapi.get(POLICIES, params=params), 400, code, field)


def test_listing_refuses_two_tokens(rapi):
    first = rapi.ok("GET", POLICIES)
    assert first["total"] == 0 and first["pageCount"] == 0
    assert_error_body(rapi.get(POLICIES, params={"nextPage": "bXJwOjI", "previousPage": "bXJwOjE"}), 400,
                      "bad.request")


def test_listing_filters_and_sorts(rsim, rapi):
    rapi.ok("POST", POLICIES, simple_policy("Alpha", 30, enabled=True, order=3))
    rapi.ok("POST", POLICIES, simple_policy("beta", 2555, enabled=False, order=1))
    rapi.ok("POST", POLICIES, pci_policy("Gamma", enabled=True, order=2))

    def names(**params: Any) -> list[str]:
        return [p["name"] for p in rapi.ok("GET", POLICIES, params=params)["entities"]]

    assert names() == ["Alpha", "beta", "Gamma"]
    assert names(name="BETA") == ["beta"] and names(name="a*") == ["Alpha"] and names(name="alp") == []
    assert names(enabled="true") == ["Alpha", "Gamma"] and names(enabled="false") == ["beta"]
    assert names(deleteDaysThreshold=30) == ["beta", "Gamma"] and names(deleteDaysThreshold=2555) == []
    assert names(sortBy="order") == ["beta", "Gamma", "Alpha"]
    assert names(sortBy="createdDate") == ["Alpha", "beta", "Gamma"]
    assert names(hasErrors="true") == [] and names(hasErrors="false") == ["Alpha", "beta", "Gamma"]
    assert names(expand="users") == ["Alpha", "beta", "Gamma"]  # accepted, no effect
    summary = rapi.ok("GET", POLICIES, params={"summary": "true", "name": "Gamma"})["entities"][0]
    assert "mediaPolicies" not in summary and summary["name"] == "Gamma" and summary["order"] == 2
    listing = rapi.ok("GET", POLICIES, params={"pageSize": 1, "enabled": "true", "sortBy": "order"})
    assert "enabled=true" in listing["nextUri"] and "sortBy=order" in listing["nextUri"]
    assert [p["name"] for p in rapi.ok("GET", listing["nextUri"])["entities"]] == ["Alpha"]


def test_has_errors_finds_seeded_policy_errors(rsim, rapi):
    seed = recording_seed()
    seed["regions"][US]["orgs"][0]["media_retention_policies"] = [
        simple_policy("Broken", policyErrors={"policyErrorMessages": [
            {"statusCode": 400, "errorCode": "queue.not.found", "userParamsMessage": "Queue {id} is gone",
             "userParams": [{"key": "id", "value": UNKNOWN_ID}], "insertDate": "2026-01-01T00:00:00.000Z"}]}),
        simple_policy("Fine"),
    ]
    rsim.admin.reset(seed)
    api = Api(rsim, client_id=REC_ID, secret=REC_SECRET)
    broken = api.ok("GET", POLICIES, params={"hasErrors": "true"})["entities"]
    assert [p["name"] for p in broken] == ["Broken"]
    assert broken[0]["policyErrors"]["policyErrorMessages"][0]["errorCode"] == "queue.not.found"


# --- validation ----------------------------------------------------------------------------------------------

CALL = "mediaPolicies.callPolicy"


def _set(body: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """body with the field at a dotted path (list indexes as numbers) set to value."""
    *parents, last = dotted.split(".")
    holder: Any = body
    for part in parents:
        holder = holder[int(part)] if part.isdigit() else holder[part]
    holder[int(last) if last.isdigit() else last] = value
    return body


@pytest.mark.parametrize(
    ("dotted", "value", "code", "field"),
    [
        ("retention", 7, "bad.request", "retention"),
        (f"{CALL}.actions.retainRecordings", True, "bad.request", f"{CALL}.actions.retainRecordings"),
        (f"{CALL}.conditions.forQueues.0.queueId", "x", "bad.request", f"{CALL}.conditions.forQueues[0].queueId"),
        ("name", "   ", "invalid.value", "name"),
        ("name", 7, "invalid.value", "name"),
        ("order", -1, "invalid.value", "order"),
        ("enabled", "yes", "invalid.value", "enabled"),
        (f"{CALL}.conditions.forUsers.0.id", UNKNOWN_ID, "invalid.value", f"{CALL}.conditions.forUsers[0].id"),
        (f"{CALL}.conditions.forQueues.0.id", UNKNOWN_ID, "invalid.value", f"{CALL}.conditions.forQueues[0].id"),
        (f"{CALL}.conditions.wrapupCodes.0.id", UNKNOWN_ID, "invalid.value", f"{CALL}.conditions.wrapupCodes[0].id"),
        (f"{CALL}.conditions.languages.0.id", UNKNOWN_ID, "invalid.value", f"{CALL}.conditions.languages[0].id"),
        (f"{CALL}.conditions.teams.0.id", UNKNOWN_ID, "invalid.value", f"{CALL}.conditions.teams[0].id"),
        (f"{CALL}.conditions.forQueues.0", {}, "bad.request", f"{CALL}.conditions.forQueues[0].id"),
        (f"{CALL}.conditions.directions.1", "SIDEWAYS", "invalid.value", f"{CALL}.conditions.directions[1]"),
        (f"{CALL}.conditions.directions.0", "inbound", "invalid.value", f"{CALL}.conditions.directions[0]"),
        (f"{CALL}.conditions.dateRanges.0", "2026-01-01", "invalid.date", f"{CALL}.conditions.dateRanges[0]"),
        (f"{CALL}.conditions.dateRanges.0", "2026-02-01T00:00:00Z/2026-01-01T00:00:00Z", "invalid.date",
         f"{CALL}.conditions.dateRanges[0]"),
        (f"{CALL}.conditions.timeAllowed.timeZoneId", "Mars/Olympus", "invalid.value",
         f"{CALL}.conditions.timeAllowed.timeZoneId"),
        (f"{CALL}.conditions.timeAllowed.timeSlots.0.startTime", "9am", "invalid.value",
         f"{CALL}.conditions.timeAllowed.timeSlots[0].startTime"),
        (f"{CALL}.conditions.timeAllowed.timeSlots.0.stopTime", "08:00:00.000", "invalid.value",
         f"{CALL}.conditions.timeAllowed.timeSlots[0].stopTime"),
        (f"{CALL}.conditions.timeAllowed.timeSlots.0.day", 8, "invalid.value",
         f"{CALL}.conditions.timeAllowed.timeSlots[0].day"),
        (f"{CALL}.conditions.duration.durationMode", "Around", "invalid.value", f"{CALL}.conditions.duration.durationMode"),
        (f"{CALL}.actions.retentionDuration.deleteRetention.days", 0, "invalid.value",
         f"{CALL}.actions.retentionDuration.deleteRetention.days"),
        (f"{CALL}.actions.retentionDuration.deleteRetention.days", -5, "invalid.value",
         f"{CALL}.actions.retentionDuration.deleteRetention.days"),
        (f"{CALL}.actions.retentionDuration.deleteRetention.days", 2**31, "invalid.value",
         f"{CALL}.actions.retentionDuration.deleteRetention.days"),
        (f"{CALL}.actions.retentionDuration.deleteRetention.days", "2555", "invalid.value",
         f"{CALL}.actions.retentionDuration.deleteRetention.days"),
        (f"{CALL}.actions.retentionDuration.deleteRetention.days", 2555.5, "invalid.value",
         f"{CALL}.actions.retentionDuration.deleteRetention.days"),
        (f"{CALL}.actions.retentionDuration.deleteRetention", {}, "bad.request",
         f"{CALL}.actions.retentionDuration.deleteRetention.days"),
        (f"{CALL}.actions.retentionDuration.archiveRetention.days", 2555, "invalid.value",
         f"{CALL}.actions.retentionDuration.archiveRetention.days"),
        (f"{CALL}.actions.retentionDuration.archiveRetention.storageMedium", "GLACIER", "invalid.value",
         f"{CALL}.actions.retentionDuration.archiveRetention.storageMedium"),
        (f"{CALL}.actions.deleteRecording", True, "invalid.value", f"{CALL}.actions.deleteRecording"),
        (f"{CALL}.actions.assignEvaluations", [{"evaluationForm": {"id": UNKNOWN_ID}}], "invalid.value",
         f"{CALL}.actions.assignEvaluations"),
        (f"{CALL}.actions.assignSurveys", [{"sendingDomain": "example.com", "surveyForm": {"id": UNKNOWN_ID}}],
         "invalid.value", f"{CALL}.actions.assignSurveys"),
        (f"{CALL}.actions.integrationExport", {"integration": {"id": UNKNOWN_ID}}, "invalid.value",
         f"{CALL}.actions.integrationExport"),
        (f"{CALL}.actions.initiateScreenRecording", {"deleteRetention": {"days": 366}}, "invalid.value",
         f"{CALL}.actions.initiateScreenRecording.deleteRetention.days"),
        ("conditions", {"forQueues": [{"id": UNKNOWN_ID}]}, "invalid.value", "conditions.forQueues[0].id"),
        ("mediaPolicies.chatPolicy", {"conditions": {"directions": ["INBOUND"]}}, "bad.request",
         "mediaPolicies.chatPolicy.conditions.directions"),
        ("mediaPolicies.emailPolicy", {"conditions": {"customerParticipation": "MAYBE"}}, "invalid.value",
         "mediaPolicies.emailPolicy.conditions.customerParticipation"),
    ],
)
def test_create_refuses(rapi, dotted, value, code, field):
    response = rapi.post(POLICIES, _set(pci_policy(), dotted, value))
    field_error(response, 400, code, field)
    assert rapi.ok("GET", POLICIES)["total"] == 0


def test_name_is_required_and_unique_per_family(rapi):
    body = field_error(rapi.post(POLICIES, {"description": "no name"}), 400, "bad.request", "name")
    assert body["details"][0]["errorCode"] == "required"
    rapi.ok("POST", POLICIES, simple_policy("PCI"))
    field_error(rapi.post(POLICIES, simple_policy("pci")), 400, "invalid.value", "name")
    rapi.ok("POST", XP_POLICIES, simple_policy("pci"))
    field_error(rapi.post(XP_POLICIES, simple_policy("PCI")), 400, "invalid.value", "name")


def test_bodies_must_be_json_objects(rapi):
    assert_error_body(rapi.request("POST", POLICIES, data="[]", headers={"Content-Type": "application/json"}),
                      400, "bad.request")
    assert_error_body(rapi.request("POST", POLICIES, data="name=x",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}),
                      415, "unsupported.media.type")


def test_users_come_from_the_users_area(rsim, rapi):
    seed = recording_seed()
    other = "0d3f6c1e-8a5b-4f1d-9a77-2c4e5f6a7b02"
    seed["regions"][US]["orgs"][0]["users"].append({"id": other, "name": "Ben Agent", "email": "ben@example.com"})
    rsim.admin.reset(seed)
    api = Api(rsim, client_id=REC_ID, secret=REC_SECRET)
    body = simple_policy("Two agents")
    body["mediaPolicies"]["callPolicy"]["conditions"] = {"forUsers": [{"id": other}, {"id": USER_ID}]}
    created = api.ok("POST", POLICIES, body)
    assert [u["name"] for u in created["mediaPolicies"]["callPolicy"]["conditions"]["forUsers"]] == [
        "Ben Agent", "Ada Agent"]
    policies = rsim.simulation.store.org(US, "Sandbox US").area(MediaRetentionPoliciesBackend)
    assert [p.id for p in policies.listing(None, None, None, None, "name")] == [created["id"]]


# --- permissions ---------------------------------------------------------------------------------------------

_ANY = UNKNOWN_ID


@pytest.mark.parametrize(
    ("method", "path", "body", "permission"),
    [
        ("GET", POLICIES, None, "recording:retentionPolicy:view"),
        ("POST", POLICIES, {"name": "x"}, "recording:retentionPolicy:add"),
        ("DELETE", f"{POLICIES}?ids={_ANY}", None, "recording:retentionPolicy:delete"),
        ("GET", f"{POLICIES}/{_ANY}", None, "recording:retentionPolicy:view"),
        ("PUT", f"{POLICIES}/{_ANY}", {"name": "x"}, "recording:retentionPolicy:edit"),
        ("PATCH", f"{POLICIES}/{_ANY}", {"enabled": True}, "recording:retentionPolicy:edit"),
        ("DELETE", f"{POLICIES}/{_ANY}", None, "recording:retentionPolicy:delete"),
        ("GET", XP_POLICIES, None, "recording:crossPlatformRetentionPolicy:view"),
        ("POST", XP_POLICIES, {"name": "x"}, "recording:crossPlatformRetentionPolicy:add"),
        ("DELETE", f"{XP_POLICIES}?ids={_ANY}", None, "recording:crossPlatformRetentionPolicy:delete"),
        ("GET", f"{XP_POLICIES}/{_ANY}", None, "recording:crossPlatformRetentionPolicy:view"),
        ("PUT", f"{XP_POLICIES}/{_ANY}", {"name": "x"}, "recording:crossPlatformRetentionPolicy:edit"),
        ("PATCH", f"{XP_POLICIES}/{_ANY}", {"enabled": True}, "recording:crossPlatformRetentionPolicy:edit"),
        ("DELETE", f"{XP_POLICIES}/{_ANY}", None, "recording:crossPlatformRetentionPolicy:delete"),
        ("PATCH", f"{FEATURES}/pci", {"enabled": True}, "directory:organization:admin"),
    ],
)
def test_every_operation_names_its_missing_permission(rsim, method, path, body, permission):
    bare = Api(rsim, client_id=BARE_ID, secret=BARE_SECRET)
    response = bare.request(method, path, json=body)
    error = assert_error_body(response, 403, "missing.permissions")
    assert error["messageParams"] == {"permissions": permission}
    assert permission in error["message"]


def test_view_permission_reads_but_does_not_write(rsim, rapi):
    created = rapi.ok("POST", POLICIES, simple_policy("Viewable"))
    viewer = Api(rsim, client_id=VIEW_ID, secret=VIEW_SECRET)
    assert viewer.ok("GET", f"{POLICIES}/{created['id']}") == created
    assert viewer.ok("GET", POLICIES)["total"] == 1
    error = assert_error_body(viewer.patch(f"{POLICIES}/{created['id']}", {"enabled": True}), 403,
                              "missing.permissions")
    assert error["messageParams"] == {"permissions": "recording:retentionPolicy:edit"}
    error = assert_error_body(viewer.get(XP_POLICIES), 403, "missing.permissions")  # the other family's own noun
    assert error["messageParams"] == {"permissions": "recording:crossPlatformRetentionPolicy:view"}


# --- org features --------------------------------------------------------------------------------------------


def test_patch_a_feature_and_read_it_back(rapi):
    assert rapi.ok("GET", ORG)["features"] == {"pci": False}
    assert rapi.ok("PATCH", f"{FEATURES}/pci", {"enabled": True}) == {"pci": True}
    assert rapi.ok("GET", ORG)["features"] == {"pci": True}
    assert rapi.ok("PATCH", f"{FEATURES}/hipaa", {"enabled": False}) == {"hipaa": False, "pci": True}
    assert rapi.ok("GET", ORG)["features"] == {"pci": True, "hipaa": False}
    assert rapi.ok("PATCH", f"{FEATURES}/pci", {"enabled": False}) == {"hipaa": False, "pci": False}


@pytest.mark.parametrize(
    ("feature", "body", "code", "field"),
    [
        ("PCI", {"enabled": True}, "invalid.value", "featureName"),  # names are case-sensitive
        ("secure-pause", {"enabled": True}, "invalid.value", "featureName"),
        ("pci", {}, "bad.request", "enabled"),
        ("pci", {"enabled": "true"}, "invalid.value", "enabled"),
        ("pci", {"enabled": True, "name": "pci"}, "bad.request", "name"),
    ],
)
def test_feature_patch_refuses(rapi, feature, body, code, field):
    field_error(rapi.patch(f"{FEATURES}/{feature}", body), 400, code, field)
    assert rapi.ok("GET", ORG)["features"] == {"pci": False}


# --- seeds, export and reload --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "entry", "message"),
    [
        ("media_retention_policies", simple_policy("Q", conditions={"forQueues": [{"id": UNKNOWN_ID}]}),
         "does not exist"),
        ("crossplatform_media_retention_policies", {"name": "X", "bogus": 1}, "bogus"),
        ("queues", {"id": QUEUE_2_ID, "name": "payments"}, "already exists"),  # renaming Support onto Payments
        ("queues", {"id": "q"}, "name"),
    ],
)
def test_bad_seeds_are_refused(rsim, key, entry, message):
    seed = recording_seed()
    org = seed["regions"][US]["orgs"][0]
    org[key] = [*org.get(key, []), entry]
    with pytest.raises(AdminError, match=message) as caught:
        rsim.admin.reset(seed)
    assert "regions.us-east-1.orgs[0]" in str(caught.value)


def _world(api: Api) -> dict[str, Any]:
    return {
        "standard": api.ok("GET", POLICIES, params={"pageSize": 100})["entities"],
        "crossplatform": api.ok("GET", XP_POLICIES, params={"pageSize": 100})["entities"],
        "features": api.ok("GET", ORG)["features"],
    }


def test_state_export_reloads_the_same_world(rsim, rapi):
    rapi.ok("POST", POLICIES, pci_policy())
    rapi.ok("POST", POLICIES, simple_policy("Short", 7, order=2))
    rapi.ok("POST", XP_POLICIES, pci_policy("Cross"))
    rapi.ok("PATCH", f"{FEATURES}/pci", {"enabled": True})
    before = _world(rapi)
    state = rsim.admin.state()
    org = state["regions"][US]["orgs"][0]
    assert [q["name"] for q in org["queues"]] == ["Payments", "Support"]
    assert org["wrapup_codes"] and org["languages"] and org["teams"]
    assert sorted(p["name"] for p in org["media_retention_policies"]) == ["PCI calls", "Short"]
    assert org["media_retention_policies"][0]["mediaPolicies"]["callPolicy"]["conditions"]["forQueues"] == [
        {"id": QUEUE_ID}]
    secrets = {c["client_id"]: c["client_secret"] for c in recording_seed()["regions"][US]["orgs"][0]["clients"]}
    for client in org["clients"]:
        client["client_secret"] = secrets[client["client_id"]]
    state["regions"].pop("eu-west-1")
    rsim.admin.reset(state)
    assert _world(Api(rsim, client_id=REC_ID, secret=REC_SECRET)) == before
    assert rsim.admin.state()["regions"][US]["orgs"][0] == {
        **org, "clients": [{**c, "client_secret": "********"} for c in org["clients"]]}


def test_state_file_keeps_policies_queues_and_features(tmp_path):
    state_file = tmp_path / "state.json"
    with SimulatorProcess(config=recording_seed(), state_file=state_file, strict_fields=True) as first:
        api = Api(first, client_id=REC_ID, secret=REC_SECRET)
        api.ok("POST", POLICIES, pci_policy())
        api.ok("POST", XP_POLICIES, pci_policy("Cross"))
        api.ok("PATCH", f"{FEATURES}/pci", {"enabled": True})
        before = _world(api)
    with SimulatorProcess(state_file=state_file, strict_fields=True) as second:
        assert _world(Api(second, client_id=REC_ID, secret=REC_SECRET)) == before
