"""A smoke call is always hung up, or its stage fails naming it, and the next run ends it: the call's id is
journalled beside the token cache between placing and hanging up. A client that may not hang up places no call."""

from __future__ import annotations

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._calls import CallJournal, smoke_test
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import TaskFailed
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import TokenCache
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

PAIRING_ID = "PAIRS-00000-00000-00000-00001"
NUMBER = "+13175550100"
CAN_CALL = ["conversation:agentlessCall:add", "directory:user:view", "telephony:*:*"]
SEED = {"regions": {"us-east-1": {"orgs": [{
    "name": "Calls",
    "clients": [
        {"client_id": "full", "client_secret": "full-secret", "permissions": ["*"]},
        # may place calls but not end them; may not read its own grants either
        {"client_id": "blind", "client_secret": "blind-secret", "permissions": CAN_CALL},
        # the same, but may read its grants
        {"client_id": "aware", "client_secret": "aware-secret",
         "permissions": [*CAN_CALL, "oauth:client:view", "authorization:role:view"]},
    ],
    "locations": [{"name": "HQ", "emergencyNumber": {"number": "+13175550199"}}],
    "sites": [{"name": "Indy", "location": "HQ"}],
    "appliances": [{"pairing_id": PAIRING_ID}],
    "edges": [{"name": "Indy Edge", "site": "Indy", "pairingId": PAIRING_ID, "dateCreated": "2026-01-01T00:00:00.000Z"}],
    "users": [{"name": "Ada Agent", "email": "ada@example.com"}],
    "stations": [{"name": "Desk 1", "site": "Indy", "associated_user": "ada@example.com"}],
    "numbers": [{"number": NUMBER, "behaviour": "answers", "answer_after_s": 1}],
}]}}}


class Context:
    def __init__(self, client):
        self.client, self.check_mode, self.diff = client, False, False
        self.params = {"user": "ada@example.com", "number": NUMBER, "caller_id": None, "site": "Indy",
                       "secure_pause": False, "connect_timeout": "30s", "hold": 0}
        self.said = []

    def progress(self, message):
        self.said.append(message)


def client_of(sim, tmp_path, name):
    base = sim.base_url("us-east-1")
    return GenesysCloudClient(base, base, client_id=name, client_secret=f"{name}-secret", retry_budget=5.0,
                              token_cache=TokenCache(str(tmp_path / "tokens")))


def calls(sim):
    return sim.admin.state()["regions"]["us-east-1"]["orgs"][0]["calls"]


def test_a_call_that_could_not_be_hung_up_fails_naming_it_and_the_next_run_ends_it(sim, tmp_path):
    with pytest.raises(TaskFailed) as failed:
        smoke_test(Context(client_of(sim, tmp_path, "blind")))
    (left,) = calls(sim)
    assert not left.get("hung_up_at")
    assert f"the call {left['id']} could not be hung up" in str(failed.value)
    journal = CallJournal(client_of(sim, tmp_path, "full"))
    assert journal.ids() == [left["id"]]
    # the call's run is over: its process is gone (a placing process still alive keeps its calls)
    journal._write([{"id": left["id"], "pid": 2 ** 22 + 1}])

    context = Context(client_of(sim, tmp_path, "full"))
    result = smoke_test(context)
    assert result["ended_left_calls"] == [left["id"]] and result["verdict"] == "passed"
    assert all(call.get("hung_up_at") for call in calls(sim))
    assert CallJournal(context.client).ids() == []


def test_the_calls_of_a_run_still_going_are_left_to_it(sim, tmp_path):
    """Another site of the same run (or a concurrent job) has its call up: not another's to end."""
    client = client_of(sim, tmp_path, "full")
    journal = CallJournal(client)
    journal.add("5b3c8a61-3e0f-4f5e-9a1c-0d2b7f6e8a90")
    assert journal.end_left_calls(client) == [] and journal.ids() == ["5b3c8a61-3e0f-4f5e-9a1c-0d2b7f6e8a90"]


def test_a_client_that_may_not_hang_up_places_no_call(sim, tmp_path):
    with pytest.raises(ValidationError, match="lacks conversation:communication:disconnect"):
        smoke_test(Context(client_of(sim, tmp_path, "aware")))
    assert calls(sim) == []


def test_each_smoke_call_says_it_is_one(sim, tmp_path):
    smoke_test(Context(client_of(sim, tmp_path, "full")))
    (call,) = calls(sim)
    assert call["request"]["attributes"] == {"cxopsSmokeTest": "true"}
