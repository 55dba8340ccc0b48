# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cxops.genesys_cloud.agent_readiness in the controller: one process handles every agent, no module start-up."""

from __future__ import annotations

from ansible_collections.cxops.genesys_cloud.plugins.modules.agent_readiness import ARGUMENT_SPEC, run
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._action import GenesysCloudAction


class ActionModule(GenesysCloudAction):
    ARGUMENT_SPEC = ARGUMENT_SPEC
    WORK = staticmethod(run)
