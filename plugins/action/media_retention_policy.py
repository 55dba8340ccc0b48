# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cxops.genesys_cloud.media_retention_policy runs in the controller (see plugin_utils/_controller.py)."""

from __future__ import annotations

from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._controller import ActionModule  # noqa: F401  pylint: disable=unused-import
