# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/cxops.genesys_cloud.genesys_cloud) in C(module_defaults) to set the auth options once.
    support: full
    membership:
      - cxops.genesys_cloud.genesys_cloud
"""

    CHECK_MODE_DIFF = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the org.
    support: full
  diff_mode:
    description: Will return details on what has changed (or would change), changed keys only.
    support: full
"""

    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: A read-only module; it runs the same in check mode.
    support: full
    details: This action does not modify state.
  diff_mode:
    description: Reads only; there is never a diff.
    support: N/A
    details: This action does not modify state.
"""

    ACTION = r"""
options: {}
attributes:
  check_mode:
    description: In check mode everything is resolved and checked, and nothing is done.
    support: full
  diff_mode:
    description: An action changes nothing that lasts; there is no diff.
    support: N/A
"""
