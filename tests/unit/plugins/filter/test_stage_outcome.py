"""stage_outcome: how a stage's registered results, failure and skip reason become its line in the report."""

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.filter.stage_outcome import FilterModule, stage_outcome

CHANGED = {"changed": True, "diff": {"before": {"ntp": []}, "after": {"ntp": ["10.0.0.1"]}}}
UNCHANGED = {"changed": False}


def test_a_stage_that_changed_something_is_changed_with_its_summary():
    assert stage_outcome([UNCHANGED, CHANGED], msg="Indy at HQ", facts={"site_id": "s1"}, seconds=1.234) == {
        "status": "changed", "msg": "Indy at HQ", "seconds": 1.2, "facts": {"site_id": "s1"}}


def test_a_stage_that_changed_nothing_is_ok():
    assert stage_outcome([UNCHANGED, {}], msg="2 of 2 Edges ACTIVE and ONLINE")["status"] == "ok"


def test_a_failure_wins_and_carries_the_api_hint_as_the_fix():
    failure = {"msg": "POST /sites failed: HTTP 403", "error": {"hint": "Grant telephony:plugin:all."}}
    outcome = stage_outcome([CHANGED], failure=failure, skip="ignored", msg="ignored")
    assert (outcome["status"], outcome["msg"], outcome["fix"]) == ("failed", failure["msg"], "Grant telephony:plugin:all.")


def test_a_failure_without_an_api_error_is_its_own_fix():
    outcome = stage_outcome([], failure={"msg": "edges[0].pairing_id 'x' is not a pairing id"})
    assert outcome["fix"] == outcome["msg"] == "edges[0].pairing_id 'x' is not a pairing id"
    assert stage_outcome([], failure={"failed": True})["msg"] == "failed without a message"


@pytest.mark.parametrize("blocked_by, skip, msg", [
    ("site", "", "not run: the site stage of this site failed"),
    ("site", "the site has no genesys_edges", "not run: the site stage of this site failed"),
    ("", "the site has no genesys_edges", "the site has no genesys_edges"),
])
def test_a_stage_blocked_or_not_applying_is_skipped_with_the_reason(blocked_by, skip, msg):
    outcome = stage_outcome([CHANGED], skip=skip, blocked_by=blocked_by, msg="not this")
    assert (outcome["status"], outcome["msg"]) == ("skipped", msg) and "fix" not in outcome


def test_an_audit_keeps_the_diffs_of_what_would_change():
    assert stage_outcome([CHANGED, UNCHANGED], audit=True)["diff"] == [CHANGED["diff"]]
    assert "diff" not in stage_outcome([CHANGED], audit=False)
    assert "diff" not in stage_outcome([UNCHANGED], audit=True)


def test_the_filter_is_published_under_its_name():
    assert FilterModule().filters() == {"stage_outcome": stage_outcome}
