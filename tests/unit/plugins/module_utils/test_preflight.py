"""The permissions each stage's writes need, and how a client's grants are read against them."""

from __future__ import annotations

import pytest

from genesys_cloud_sim.core.permissions import REQUIREMENTS

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._preflight import (
    STAGE_WRITES, Grants, missing_permissions, refusal)


@pytest.mark.parametrize("stage, method, path, any_of", [
    (stage, method, path, any_of) for stage, writes in STAGE_WRITES.items() for method, path, any_of in writes])
def test_each_write_needs_what_the_api_says(stage, method, path, any_of):
    """The collection's table and the simulator's (both from operations.json) name the same permissions."""
    requirement = REQUIREMENTS[(method, path)]
    assert set(any_of) == set(requirement.permissions) and (requirement.match == "ANY" or len(any_of) == 1), stage


def test_grants_match_whole_parts_and_wildcards():
    grants = Grants("c", ["telephony:*:*", "directory:location:add", "recording:retentionPolicy:*"])
    assert grants.allows("telephony:plugin:all") and grants.allows("directory:location:add")
    assert grants.allows("recording:retentionPolicy:edit")
    assert not grants.allows("directory:location:edit") and not grants.allows("telephony:plugin")
    assert Grants("c", ["*"]).allows("conversation:call:add")


def test_what_is_missing_is_named_by_stage_and_the_message_says_nothing_was_written():
    grants = Grants("sandbox-us", ["telephony:*:*", "directory:*:*", "conversation:agentlessCall:add"])
    missing = missing_permissions(grants, ["site", "edges", "pci", "smoke"])
    assert missing == {"pci": ["recording:retentionPolicy:add", "recording:retentionPolicy:edit"],
                       "smoke": ["conversation:communication:disconnect"]}
    assert refusal(grants, missing).startswith("The OAuth client sandbox-us lacks permissions that the rollout's writes "
                                               "need (the pci stage needs recording:retentionPolicy:add")
