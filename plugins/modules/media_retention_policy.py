#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: media_retention_policy
short_description: Keep call recordings as policy says (for example seven years for PCI)
version_added: 0.1.0
description:
  - Creates, updates or removes a media retention policy for calls, identified by its name.
  - Retention is compared in days, so a re-run with V(7y) against a policy that holds 2555 days changes nothing.
    A year counts 365 days (7y is 2555 days, the figure Genesys Cloud documents); V(w) is 7 days.
  - Users and queues in the conditions compare as sets, so their order does not matter.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  name:
    description: The policy's name, unique in the org.
    type: str
    required: true
  state:
    description: Whether the policy exists.
    type: str
    choices: [present, absent]
    default: present
  api:
    description:
      - Which family of policies to manage. V(standard) is C(/api/v2/recording/mediaretentionpolicies);
        V(crossplatform) is C(/api/v2/recording/crossplatform/mediaretentionpolicies).
    type: str
    choices: [standard, crossplatform]
    default: standard
  description:
    description: The policy's description.
    type: str
  enabled:
    description: Whether the policy applies.
    type: bool
    default: true
  order:
    description: The policy's order among the org's policies.
    type: int
  directions:
    description: Only calls in these directions. All directions when omitted.
    type: list
    elements: str
    choices: [INBOUND, OUTBOUND]
  users:
    description: Only calls of these users (emails or ids).
    type: list
    elements: str
  queues:
    description: Only calls of these queues (ids).
    type: list
    elements: str
  retention:
    description:
      - How long recordings are kept before they are deleted, as days (V(2555)) or a whole number with
        V(d), V(w) or V(y) (V(90d), V(7y)).
      - Required when O(state=present).
    type: raw
  archive_retention:
    description: Move recordings to archive storage (CLOUDARCHIVE) after this long; same forms as O(retention).
    type: raw
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.CHECK_MODE_DIFF
notes:
  - Needs C(recording:retentionPolicy:view), C(add), C(edit) and C(delete) (C(recording:crossPlatformRetentionPolicy:*)
    for the cross-platform family).
seealso:
  - module: cxops.genesys_cloud.org_feature
"""

EXAMPLES = r"""
- name: PCI recording rules
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/cxops.genesys_cloud.genesys_cloud:
      region: us-east-1
  tasks:
    - name: Keep every call recording seven years, archived after 90 days
      cxops.genesys_cloud.media_retention_policy:
        name: PCI call recordings
        description: PCI DSS 10.7
        retention: 7y
        archive_retention: 90d

    - name: Outbound calls of two agents only, thirty days
      cxops.genesys_cloud.media_retention_policy:
        name: Outbound pilot
        directions: [OUTBOUND]
        users: [ana@example.com, ben@example.com]
        retention: 30d
"""

RETURN = r"""
policy:
  description: The policy after the task (as it would be, in check mode); empty when absent.
  returned: always
  type: dict
  sample:
    id: 3c3f9c50-2f6b-4a47-9d0a-6f0b0f5a2a11
    name: PCI call recordings
    enabled: true
    media_policies:
      call_policy:
        actions:
          retain_recording: true
          retention_duration:
            delete_retention: {days: 2555}
            archive_retention: {days: 90, storage_medium: CLOUDARCHIVE}
        conditions: {}
retention_days:
  description: The retention asked for, in days.
  returned: when O(retention) is given
  type: int
  sample: 2555
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import if_converged, merged
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import looks_like_id, only_match
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule, converge
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import UserDirectory
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError, object_name, retention_days

PATHS = {
    "standard": "/api/v2/recording/mediaretentionpolicies",
    "crossplatform": "/api/v2/recording/crossplatform/mediaretentionpolicies",
}
ARGUMENT_SPEC = {
    "name": {"type": "str", "required": True},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "api": {"type": "str", "choices": list(PATHS), "default": "standard"},
    "description": {"type": "str"},
    "enabled": {"type": "bool", "default": True},
    "order": {"type": "int"},
    "directions": {"type": "list", "elements": "str", "choices": ["INBOUND", "OUTBOUND"]},
    "users": {"type": "list", "elements": "str"},
    "queues": {"type": "list", "elements": "str"},
    "retention": {"type": "raw"},
    "archive_retention": {"type": "raw"},
}


def checked_retention(params):
    """Days of retention and of archiving, checked before any request."""
    if params["state"] == "present" and params["retention"] is None:
        raise ValidationError("retention", None, "is required for a present policy (e.g. 7y)")
    delete_days = retention_days("retention", params["retention"]) if params["retention"] is not None else None
    archive_days = retention_days("archive_retention", params["archive_retention"]) if params["archive_retention"] is not None else None
    if delete_days and archive_days and archive_days >= delete_days:
        raise ValidationError("archive_retention", params["archive_retention"],
                              f"must be shorter than retention ({delete_days} days): recordings are archived before they are deleted")
    for index, queue in enumerate(params["queues"] or []):
        if not looks_like_id(queue):
            raise ValidationError(f"queues[{index}]", queue, "is not a queue id (a UUID, from Admin > Contact Center > Queues)")
    return delete_days, archive_days


def desired_policy(params, delete_days, archive_days, directory):
    """The policy's wire fields the user set: a call policy that retains, then archives and deletes."""
    duration = {"deleteRetention": {"days": delete_days}}
    if archive_days:
        duration["archiveRetention"] = {"days": archive_days, "storageMedium": "CLOUDARCHIVE"}
    conditions = {"directions": sorted(params["directions"]) if params["directions"] else None}
    if params["users"]:
        ids = {directory.require(f"users[{i}]", user)["id"] for i, user in enumerate(params["users"])}
        conditions["forUsers"] = [{"id": user_id} for user_id in sorted(ids)]
    if params["queues"]:
        conditions["forQueues"] = [{"id": queue_id} for queue_id in sorted(set(params["queues"]))]
    return {
        "name": params["name"], "description": params["description"], "enabled": params["enabled"], "order": params["order"],
        "mediaPolicies": {"callPolicy": {"actions": {"retainRecording": True, "retentionDuration": duration},
                                         "conditions": conditions}},
    }


def comparable(policy):
    """The policy with its condition lists in a stable order, so order alone is never a change."""
    conditions = ((policy or {}).get("mediaPolicies") or {}).get("callPolicy", {}).get("conditions")
    if not conditions:
        return policy
    ordered = {key: sorted(value, key=lambda item: item.get("id", "") if isinstance(item, dict) else item)
               for key, value in conditions.items() if key in ("directions", "forUsers", "forQueues") and isinstance(value, list)}
    ordered = {key: [{"id": item["id"]} if isinstance(item, dict) else item for item in value] for key, value in ordered.items()}
    return merged(policy, {"mediaPolicies": {"callPolicy": {"conditions": ordered}}})


def run(module):
    params, client = module.params, module.client
    object_name("name", params["name"])
    delete_days, archive_days = checked_retention(params)
    path = PATHS[params["api"]]

    def find():
        return only_match(client.get_all(path, {"name": params["name"]}), params["name"], "policy")

    current = comparable(find())
    desired = desired_policy(params, delete_days, archive_days, UserDirectory(client, params["users"] or [])) if params["state"] == "present" else {}

    def create(body):
        return client.create(path, body, find_existing=find)

    def update(policy, changes):
        policy_path = f"{path}/{policy['id']}"
        return client.update("PUT", policy_path, merged(policy, changes),
                             confirm=lambda: if_converged(comparable(client.get(policy_path)), desired),
                             rebase=lambda: merged(comparable(client.get(policy_path)), changes))

    def delete(policy):
        client.delete(f"{path}/{policy['id']}")

    result = converge(module, current=current, desired=desired, state=params["state"],
                      create=create, update=update, delete=delete, key="policy")
    if delete_days:
        result["retention_days"] = delete_days
    return result


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
