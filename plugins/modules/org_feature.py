#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: org_feature
short_description: Switch an organization feature such as C(pci) on or off
version_added: 0.1.0
description:
  - Reads the org's features from C(GET /api/v2/organizations/me) and changes one with
    C(PATCH /api/v2/organizations/features/{featureName}) only when it differs.
  - Secure pause is not an org setting; it is a per-call action (see M(cxops.genesys_cloud.call_smoke_test)).
author:
  - cxops Genesys Cloud team (@cxops)
options:
  name:
    description: The feature, as the Organization's C(features) names it.
    type: str
    required: true
    choices: [realtimeCIC, purecloud, hipaa, ucEnabled, pci, purecloudVoice, xmppFederation, chat, informalPhotos,
              directory, contactCenter, unifiedCommunications, custserv]
  enabled:
    description: Whether the feature is on.
    type: bool
    required: true
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.CHECK_MODE_DIFF
notes:
  - Needs C(directory:organization:admin).
seealso:
  - module: cxops.genesys_cloud.media_retention_policy
"""

EXAMPLES = r"""
- name: The org handles card data
  cxops.genesys_cloud.org_feature:
    name: pci
    enabled: true
"""

RETURN = r"""
features:
  description: The org's features after the task (as they would be, in check mode).
  returned: always
  type: dict
  sample: {pci: true, hipaa: false, contact_center: true}
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import snake_case
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule

FEATURES = ["realtimeCIC", "purecloud", "hipaa", "ucEnabled", "pci", "purecloudVoice", "xmppFederation", "chat",
            "informalPhotos", "directory", "contactCenter", "unifiedCommunications", "custserv"]
ARGUMENT_SPEC = {
    "name": {"type": "str", "required": True, "choices": FEATURES},
    "enabled": {"type": "bool", "required": True},
}


def run(module):
    name, wanted = module.params["name"], module.params["enabled"]
    features = module.client.get("/api/v2/organizations/me").get("features") or {}
    current = bool(features.get(name))
    changed = current != wanted
    if changed and not module.check_mode:
        features = module.client.request("PATCH", f"/api/v2/organizations/features/{name}", json={"enabled": wanted}) or features
    features = {**features, name: wanted}
    result = {"changed": changed, "features": snake_case(features)}
    if module.diff:
        result["diff"] = {"before": {name: current}, "after": {name: wanted}} if changed else {"before": {}, "after": {}}
    return result


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
