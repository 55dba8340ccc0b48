"""agent_readiness and call_smoke_test decisions, against a scripted client (the simulator tests cover the wire)."""

import threading

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._agents import AgentPlan, make_ready, ready_all, wanted_presence
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._calls import Call, ended_early, prove_secure_pause
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

STATION = {"id": "st-1", "name": "Desk 1"}
ON_QUEUE = {"id": "pd-onq", "systemPresence": "OnQueue"}
AVAILABLE = {"id": "pd-avail", "systemPresence": "Available"}


class Org:
    """Answers the three reads of an agent and records every write; one user can be made to fail."""

    def __init__(self, failing_user=None, presence=("pd-off", "Offline"), status="OFF_QUEUE"):
        self.presence, self.status = presence, status
        self.writes = []
        self.failing_user = failing_user
        self.lock = threading.Lock()
        self.busy = self.most_busy = 0

    def get(self, path):
        with self.lock:
            self.busy += 1
            self.most_busy = max(self.most_busy, self.busy)
        try:
            if self.failing_user and self.failing_user in path:
                raise GenesysCloudError("HTTP 500 from the org", status=500, method="GET", path=path)
            if path.endswith("/station"):
                return {"associatedStation": None}
            if path.endswith("/presences/purecloud"):
                return {"presenceDefinition": {"id": self.presence[0], "systemPresence": self.presence[1]}}
            return {"status": self.status}
        finally:
            with self.lock:
                self.busy -= 1

    def request(self, method, path, json=None):
        with self.lock:
            self.writes.append((method, path.rsplit("/", 2)[-2:] if "associatedstation" in path else path.rsplit("/", 1)[-1], json))


def plan(user_id, **wanted):
    return AgentPlan(field="agents[0]", label=f"{user_id}@example.com", user={"id": user_id},
                     station=wanted.get("station"), routing_status=wanted.get("routing_status"), presence=wanted.get("presence"),
                     off_queue=wanted.get("off_queue"))


def test_going_on_queue_is_the_onqueue_presence_and_idle_follows_without_a_routing_status_write():
    """Evidence section 4: OnQueue is set with the presence PATCH; the IDLE it brings needs no PUT and no read."""
    org = Org()
    result = make_ready(org, plan("u1", station=STATION, presence=ON_QUEUE, routing_status="IDLE"), check_mode=False)
    assert [w[1] for w in org.writes] == [["associatedstation", "st-1"], "purecloud"]
    assert org.writes[1][2] == {"presenceDefinition": {"id": "pd-onq"}}
    assert result["changes"] == {"station": {"before": None, "after": "Desk 1"},
                                 "presence": {"before": "Offline", "after": "OnQueue"}}
    assert (result["presence"], result["routing_status"]) == ("OnQueue", "IDLE")


def test_a_routing_status_write_only_brings_an_onqueue_agent_back_to_idle():
    org = Org(presence=("pd-onq", "OnQueue"), status="NOT_RESPONDING")
    result = make_ready(org, plan("u1", presence=ON_QUEUE, routing_status="IDLE"), check_mode=False)
    assert org.writes == [("PUT", "routingstatus", {"status": "IDLE"})]
    assert result["changes"] == {"routing_status": {"before": "NOT_RESPONDING", "after": "IDLE"}}


def test_off_queue_leaves_onqueue_for_available_and_off_queue_follows():
    org = Org(presence=("pd-onq", "OnQueue"), status="IDLE")
    result = make_ready(org, plan("u1", off_queue=AVAILABLE, routing_status="OFF_QUEUE"), check_mode=False)
    assert org.writes == [("PATCH", "purecloud", {"presenceDefinition": {"id": "pd-avail"}})]
    assert "presence" not in result and result["routing_status"] == "OFF_QUEUE"
    already_off = Org(presence=("pd-meal", "Meal"))
    assert not make_ready(already_off, plan("u1", off_queue=AVAILABLE, routing_status="OFF_QUEUE"), False)["changed"]
    assert already_off.writes == []  # an agent off queue keeps the presence they have


def test_the_wanted_presence_follows_from_the_routing_status_and_contradictions_fail_first():
    assert wanted_presence("agents[0]", None, "IDLE") == "OnQueue"
    assert wanted_presence("agents[0]", "Meal", "OFF_QUEUE") == "Meal"
    assert wanted_presence("agents[0]", None, "OFF_QUEUE") is None
    with pytest.raises(ValidationError, match=r"agents\[1\]\.presence.*Available.*IDLE"):
        wanted_presence("agents[1]", "Available", "IDLE")
    with pytest.raises(ValidationError, match="OFF_QUEUE"):
        wanted_presence("agents[0]", "OnQueue", "OFF_QUEUE")


def test_check_mode_predicts_what_the_presence_settles():
    org = Org()
    result = make_ready(org, plan("u1", presence=ON_QUEUE, routing_status="IDLE"), check_mode=True)
    assert org.writes == [] and set(result["changes"]) == {"presence"}


class RacingOrg(Org):
    """The station association meets TF issue #1461's 409 a number of times; the re-read may find it done."""

    retry_budget = 60.0

    def __init__(self, conflicts, associated_after_conflict=False):
        super().__init__()
        self.conflicts = conflicts
        self.associated_after_conflict = associated_after_conflict
        self.waits = 0

    def request(self, method, path, json=None):
        if "associatedstation" in path and self.conflicts:
            self.conflicts -= 1
            raise GenesysCloudError("The version number of the modified resource must match the version number in "
                                    "the database.", status=409, method=method, path=path)
        super().request(method, path, json)

    def get(self, path):
        if path.endswith("/station") and self.associated_after_conflict and self.waits:
            return {"associatedStation": STATION}
        return super().get(path)

    def wait_to_retry(self, backoff):
        self.waits += 1
        return True


def test_a_station_association_race_is_retried_after_a_re_read():
    org = RacingOrg(conflicts=2)
    result = make_ready(org, plan("u1", station=STATION), check_mode=False)
    assert org.waits == 2
    assert [w[1] for w in org.writes] == [["associatedstation", "st-1"]]
    assert result["changed"]


def test_a_station_association_found_done_on_the_re_read_is_not_sent_again():
    org = RacingOrg(conflicts=1, associated_after_conflict=True)
    make_ready(org, plan("u1", station=STATION), check_mode=False)
    assert org.writes == []


def test_a_station_association_race_is_bounded():
    org = RacingOrg(conflicts=100)
    with pytest.raises(GenesysCloudError, match="version number"):
        make_ready(org, plan("u1", station=STATION), check_mode=False)
    assert org.waits == 9  # ten tries


def test_check_mode_reports_changes_and_writes_nothing():
    org = Org()
    result = make_ready(org, plan("u1", station=STATION, routing_status="IDLE"), check_mode=True)
    assert result["changed"] and org.writes == []


def test_only_what_is_asked_is_read_and_nothing_is_written_when_right():
    org = Org()
    result = make_ready(org, plan("u1", routing_status="OFF_QUEUE"), check_mode=False)
    assert result == {"user": "u1@example.com", "id": "u1", "changed": False, "changes": {}, "routing_status": "OFF_QUEUE"}
    assert org.writes == []


def test_many_agents_bounded_concurrency_and_one_failure_does_not_stop_the_others():
    org = Org(failing_user="u3")
    plans = [plan(f"u{i}", presence=ON_QUEUE, routing_status="IDLE") for i in range(12)]
    results = ready_all(org, plans, check_mode=False, concurrency=3, jitter=0.01)
    assert [r["id"] for r in results] == [f"u{i}" for i in range(12)]
    assert [r["id"] for r in results if r.get("failed")] == ["u3"]
    assert "HTTP 500" in results[3]["msg"]
    assert len(org.writes) == 11
    assert org.most_busy <= 3


@pytest.mark.parametrize("far,expected", [
    ({"state": "disconnected", "disconnectType": "endpoint", "errorInfo": {"code": "busy", "message": "The number is busy"}},
     "disconnectType endpoint (the far end was busy or refused the call), The number is busy (busy)"),
    ({"state": "disconnected", "disconnectType": "error"}, "disconnectType error (the platform could not place the call), no error given"),
    ({"state": "terminated"}, "disconnectType unknown (see the error)"),
])
def test_a_call_that_ended_early_says_why(far, expected):
    assert expected in ended_early(far)


class LiveCall:
    """A connected call whose recording follows the conversation PATCH's recordingState, as the add-in uses it."""

    def __init__(self):
        self.requests, self.state = [], "active"

    def request(self, method, path, json=None):
        self.requests.append((method, path, json))
        self.state = json["recordingState"]

    def get(self, path):
        return {"recordingState": self.state, "securePause": self.state == "paused"}


def test_secure_pause_is_proven_with_the_conversation_patch_and_read_back():
    """Evidence section 5: Genesys' secure-pause add-in PATCHes the call with recordingState paused / active."""
    client, call = LiveCall(), Call("+13175550100", progress=lambda message: None, conversation_id="c-1")
    proof = prove_secure_pause(client, call)
    assert client.requests == [("PATCH", "/api/v2/conversations/calls/c-1", {"recordingState": "paused"}),
                               ("PATCH", "/api/v2/conversations/calls/c-1", {"recordingState": "active"})]
    assert proof == {"paused": True, "resumed": True, "proven": True}
    assert [e["event"] for e in call.timeline] == ["recording paused", "recording resumed"]


def test_secure_pause_that_does_not_hold_is_not_proven():
    class Ignores(LiveCall):
        def request(self, method, path, json=None):
            self.requests.append((method, path, json))  # the recording never pauses
    proof = prove_secure_pause(Ignores(), Call("+13175550100", progress=lambda message: None, conversation_id="c-1"))
    assert proof == {"paused": False, "resumed": True, "proven": False}
