"""The edge module's planning: declarations checked as a whole before any request, then one plan per Edge."""

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edges import parse_specs, plan_edge
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

SITE = {"id": "site-1", "name": "Chicago"}
PAIRING = "8F3K2-9QW7T-00AB1-ZZ9X4-KD2M7"


def params(*edges, **task):
    return {"site": "Chicago", "state": "present", "in_service": None, **task, "edges": list(edges)}


def spec(**item):
    return parse_specs(params({"name": "e1", "pairing_id": PAIRING, **item}))[0]


def test_task_options_are_the_defaults_of_each_edge():
    specs = parse_specs(params({"name": "e1", "pairing_id": PAIRING.lower()},
                               {"name": "e2", "site": "Dublin", "state": "absent", "in_service": True}, in_service=False))
    assert [(s.site, s.state, s.in_service, s.pairing_id) for s in specs] == [
        ("Chicago", "present", False, PAIRING), ("Dublin", "absent", True, None)]


@pytest.mark.parametrize("edges,task,field,rule", [
    ([{"name": "e1"}], {}, "edges[0].pairing_id", "required for a present Edge"),
    ([{"name": "e1", "pairing_id": PAIRING}], {"site": None}, "edges[0].site", "is required"),
    ([{"name": "e1", "pairing_id": PAIRING}, {"name": "E1", "pairing_id": "00000-00000-00000-00000-00001"}], {},
     "edges[1].name", "unique in the org"),
    ([{"name": "e1", "pairing_id": PAIRING}, {"name": "e2", "pairing_id": PAIRING.lower()}], {},
     "edges[1].pairing_id", "one appliance pairs with one Edge"),
])
def test_bad_lists_are_refused_naming_the_entry(edges, task, field, rule):
    with pytest.raises(ValidationError) as error:
        parse_specs(params(*edges, **task))
    assert error.value.field == field
    assert rule in str(error.value)


def test_the_same_name_at_two_sites_is_refused_before_any_write():
    """Edge names are unique in the org (simulator/FIDELITY.md): the second create would be refused after the first
    was made, leaving the task half done."""
    with pytest.raises(ValidationError, match=r"edges\[1\]\.name: 'E1' .*unique in the org"):
        parse_specs(params({"name": "e1", "pairing_id": PAIRING},
                           {"name": "E1", "site": "Dublin", "pairing_id": "00000-00000-00000-00000-00001"}))


def test_a_new_edge_is_created_as_hardware_with_its_pairing_id():
    plan = plan_edge(spec(description="rack 2"), SITE, None, {})
    assert plan.action == "create"
    assert plan.body == {"name": "e1", "site": {"id": "site-1"}, "edgeDeploymentType": "HARDWARE",
                         "pairingId": PAIRING, "description": "rack 2"}


def test_an_existing_edge_changes_only_what_differs():
    current = {"id": "x", "name": "e1", "pairingId": PAIRING, "description": "old", "statusCode": "ACTIVE"}
    assert plan_edge(spec(), SITE, current, {}).action == "none"
    plan = plan_edge(spec(description="new"), SITE, current, {})
    assert (plan.action, plan.changes) == ("update", {"description": "new"})


def test_another_appliance_on_an_existing_edge_is_refused():
    current = {"id": "x", "name": "e1", "pairingId": "00000-00000-00000-00000-00001"}
    with pytest.raises(ValidationError, match="remove this Edge first"):
        plan_edge(spec(), SITE, current, {})


@pytest.mark.parametrize("state,status,action", [
    ("unpaired", "ACTIVE", "unpair"), ("unpaired", "UNPAIRED", "none"), ("unpaired", None, "none"),
    ("absent", "ACTIVE", "delete"), ("absent", None, "none"),
])
def test_unpair_and_absent(state, status, action):
    current = {"id": "x", "name": "e1", "statusCode": status} if status else None
    assert plan_edge(spec(state=state), SITE, current, {}).action == action
