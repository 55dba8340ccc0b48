# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cxops.genesys_cloud.call_smoke_test in the controller, so the operator sees each step of the call."""

from __future__ import annotations

from ansible_collections.cxops.genesys_cloud.plugins.modules.call_smoke_test import ARGUMENT_SPEC, run
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._action import GenesysCloudAction


class ActionModule(GenesysCloudAction):
    ARGUMENT_SPEC = ARGUMENT_SPEC
    WORK = staticmethod(run)
