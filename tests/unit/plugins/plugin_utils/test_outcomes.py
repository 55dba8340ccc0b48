"""Outcomes: how a stage's module results, failure and skip reason become its line in the report, and how its
diffs read as drift and on the console."""

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._outcomes import (
    changed_fields, drift_of, failure_message, stage_outcome, without_ids)

CHANGED = {"changed": True, "diff": {"before": {"ntp": []}, "after": {"ntp": ["10.0.0.1"]}}}
UNCHANGED = {"changed": False}


def test_a_stage_that_changed_something_is_changed_with_its_summary():
    assert stage_outcome({"location": UNCHANGED, "site": CHANGED}, msg="Indy at HQ", facts={"site_id": "s1"}, seconds=1.234) == {
        "status": "changed", "msg": "Indy at HQ", "seconds": 1.2, "facts": {"site_id": "s1"}}


def test_a_stage_that_changed_nothing_is_ok():
    assert stage_outcome({"a": UNCHANGED, "b": {}}, msg="2 of 2 Edges ACTIVE and ONLINE")["status"] == "ok"


def test_a_failure_wins_and_carries_the_api_hint_as_the_fix():
    failure = {"msg": "POST /sites failed: HTTP 403", "error": {"hint": "Grant telephony:plugin:all."}}
    outcome = stage_outcome({"site": CHANGED}, failure=failure, skip="ignored", msg="ignored")
    assert (outcome["status"], outcome["msg"], outcome["fix"]) == ("failed", failure["msg"], "Grant telephony:plugin:all.")


def test_a_failure_without_an_api_error_is_its_own_fix():
    outcome = stage_outcome({}, failure={"msg": "edges[0].pairing_id 'x' is not a pairing id"})
    assert outcome["fix"] == outcome["msg"] == "edges[0].pairing_id 'x' is not a pairing id"
    assert stage_outcome({}, failure={"failed": True})["msg"] == "failed without a message"


@pytest.mark.parametrize("blocked_by, skip, msg", [
    ("site", "", "not run: the site stage of this site failed"),
    ("site", "the site has no genesys_edges", "not run: the site stage of this site failed"),
    ("", "the site has no genesys_edges", "the site has no genesys_edges"),
])
def test_a_stage_blocked_or_not_applying_is_skipped_with_the_reason(blocked_by, skip, msg):
    outcome = stage_outcome({"site": CHANGED}, skip=skip, blocked_by=blocked_by, msg="not this")
    assert (outcome["status"], outcome["msg"]) == ("skipped", msg) and "fix" not in outcome


def test_the_diffs_of_what_changes_are_kept_when_asked_each_saying_what_it_is_of():
    assert stage_outcome({"site": CHANGED, "location": UNCHANGED}, keep_diff=True)["diff"] == [
        {"of": "site", **CHANGED["diff"]}]
    assert "diff" not in stage_outcome({"site": CHANGED}, keep_diff=False)
    assert "diff" not in stage_outcome({"site": UNCHANGED}, keep_diff=True)


def test_ids_uris_and_versions_are_left_out_of_what_a_person_reads():
    diff = {"name": "Chicago", "id": "s-1", "version": 3, "location": {"id": "l-1"}, "edges": [{"id": "e", "name": "e1"}]}
    assert without_ids(diff) == {"name": "Chicago", "edges": [{"name": "e1"}]}


def test_drift_is_labelled_by_stage_and_field_and_names_the_object_when_it_is_not_the_stages_own():
    outcome = {
        "site": {"status": "changed", "diff": [
            {"of": "location", "before": {"state": "absent"}, "after": {"state": "present", "address": {"city": "Cork"}}},
            {"of": "site", "before": {"ntp_settings": {"servers": ["192.0.2.1"]}, "version": 2},
             "after": {"ntp_settings": {"servers": ["10.0.0.1"]}, "version": 3}}]},
        "time": {"status": "ok"}}
    assert drift_of(outcome) == [
        {"stage": "site", "field": "location.address", "before": None, "after": {"city": "Cork"}},
        {"stage": "site", "field": "location.state", "before": "absent", "after": "present"},
        {"stage": "site", "field": "ntp_settings.servers", "before": ["192.0.2.1"], "after": ["10.0.0.1"]}]
    assert changed_fields({"before": {"a": 1}, "after": {"a": 1}}) == []


def test_a_failure_message_names_site_stage_and_message_and_adds_the_fix_only_when_it_says_more():
    assert failure_message("Cork", "edges", {"msg": "timed out", "fix": "check the cable"}) == (
        "Cork: the edges stage failed: timed out Fix: check the cable")
    assert failure_message("Cork", "site", {"msg": "HTTP 403: grant x", "fix": "grant x"}) == (
        "Cork: the site stage failed: HTTP 403: grant x")
