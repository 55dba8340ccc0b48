"""Placing a smoke call, the one create nothing can look up: retried when it was not placed, never dialled twice
when it was. Against the in-process simulator, whose faults decide the POST's fate."""

from __future__ import annotations

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._calls import CALLS, place
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import UserDirectory

PAIRING_ID = "PAIRS-00000-00000-00000-00001"
NUMBER = "+13175550100"
SEED = {"regions": {"us-east-1": {"orgs": [{
    "name": "Calls",
    "clients": [{"client_id": "caller", "client_secret": "caller-secret", "permissions": ["*"]}],
    "locations": [{"name": "HQ", "emergencyNumber": {"number": "+13175550100"}}],
    "sites": [{"name": "Indy", "location": "HQ"}],
    "appliances": [{"pairing_id": PAIRING_ID}],
    "edges": [{"name": "Indy Edge", "site": "Indy", "pairingId": PAIRING_ID, "dateCreated": "2026-01-01T00:00:00.000Z"}],
    "users": [{"name": "Ada Agent", "email": "ada@example.com"}],
    "stations": [{"name": "Desk 1", "site": "Indy", "associated_user": "ada@example.com"}],
    "numbers": [{"number": NUMBER, "behaviour": "answers", "answer_after_s": 3}],
}]}}}


@pytest.fixture
def client(sim):
    base = sim.base_url("us-east-1")
    return GenesysCloudClient(base, base, client_id="caller", client_secret="caller-secret", retry_budget=30.0)


def ada(client):
    return UserDirectory(client, ["ada@example.com"], expand=("conversationSummary",)).require("user", "ada@example.com")


def calls_in_org(sim):
    return sim.admin.state()["regions"]["us-east-1"]["orgs"][0]["calls"]


def posts(sim):
    return sim.admin.stats()["requests"].get(f"POST {CALLS}/user/{{userId}}", 0)


def test_a_call_post_that_failed_before_it_was_placed_is_tried_again(sim, client):
    user = ada(client)
    sim.admin.set_faults(seed=3, rates={"503": 0.4, "reset": 0.2}, methods=["POST"], path_prefix=CALLS)
    conversation_id = place(client, user, {"phoneNumber": NUMBER})
    sim.admin.clear_faults()
    assert [call["id"] for call in calls_in_org(sim)] == [conversation_id]
    assert posts(sim) == 4  # this seed answers 503, drops the connection, 503, then places the call


def test_a_call_placed_whose_answer_was_lost_fails_and_is_not_dialled_twice(sim, client):
    user = ada(client)
    sim.admin.set_faults(seed=1, rates={"ambiguous_write": 1.0}, methods=["POST"], path_prefix=CALLS)
    with pytest.raises(GenesysCloudError) as failed:
        place(client, user, {"phoneNumber": NUMBER})
    sim.admin.clear_faults()
    message = str(failed.value)
    assert message.startswith(f"POST {CALLS}/user/{user['id']} failed: no response")
    assert "placed all the same: ada@example.com now has 1 live call(s)" in message
    assert "no second call was dialled" in failed.value.hint
    assert len(calls_in_org(sim)) == 1 and posts(sim) == 1


def test_a_call_the_platform_refuses_is_not_looked_up(sim, client):
    """A 400 is no lost answer: no read of the user's calls, no second try."""
    user = ada(client)
    with pytest.raises(GenesysCloudError) as refused:
        place(client, user, {"phoneNumber": NUMBER, "callQueueId": "nope"})
    assert refused.value.status == 400
    assert sim.admin.stats()["requests"].get("GET /api/v2/users/{userId}", 0) == 0
    assert calls_in_org(sim) == [] and posts(sim) == 1
