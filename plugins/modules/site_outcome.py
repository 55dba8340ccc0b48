#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: site_outcome
short_description: Make one site's outcome of a batch of rollout stages this host's own result
version_added: 1.0.0
description:
  - M(cxops.genesys_cloud.rollout_stages) runs the stages of a whole batch of sites in one C(run_once) task, so
    Ansible would count all their changes and failures on the one host that ran it. This task, run on every host of
    the batch (no C(run_once)), takes the host's own entry of that task's registered result and reports it as the
    host's result - C(changed) when a stage changed the site (or would, in check mode), C(failed) with the stage, the
    platform's message and the fix when a stage failed - so that the PLAY RECAP, AWX's job host summaries and the
    play's C(max_fail_percentage) see each site's own truth.
  - With C(--diff) it shows what each stage changed or would change (the changed keys, ids left out), site by site.
  - Sets the facts C(genesys_outcome) (every stage recorded for the site, by stage) and C(genesys_failed_stage) (the
    stage that failed, else empty), which later batch tasks of the same host read. A host that fails keeps none,
    as Ansible sets no fact from a failed task; with O(fail=false) every host keeps them.
  - Runs in the controller only (an action plugin) and makes no request, at about a tenth of the cost of a module task.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  batch:
    description: The registered result of the batch's M(cxops.genesys_cloud.rollout_stages) task.
    type: dict
    required: true
  fail:
    description: Fail the host when one of its stages failed. V(false) only records the outcome (the site's later
      stages then record C(skipped)), for plays that judge failures themselves. When not given, V(true) unless the
      play sets C(genesys_record_only=true), the switch the collection's roles document.
    type: bool
  fail_on_drift:
    description: Also fail the host when one of its stages changed or, in check mode, would change - the gate of a
      drift audit.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reports what the stages would change as C(changed), as the stages ran in check mode.
  diff_mode:
    support: full
    description: Shows each stage's changed keys, before and after, without ids.
  platform:
    support: full
    platforms: posix
    description: Runs in the controller.
notes:
  - The roles of this collection run it after each batch task; use it in your own plays the same way.
seealso:
  - module: cxops.genesys_cloud.rollout_stages
  - module: cxops.genesys_cloud.rollout_report
"""

EXAMPLES = r"""
- name: Roll the sites out, a quarter at a time, stopping when too many of a batch fail
  hosts: genesys_sites
  gather_facts: false
  serial: 25%
  max_fail_percentage: 30
  tasks:
    - name: Every stage, for every site of this batch
      cxops.genesys_cloud.rollout_stages:
        sites: "{{ ansible_play_batch }}"
      run_once: true
      register: rollout

    - name: Each site reports its own changes and failures
      cxops.genesys_cloud.site_outcome:
        batch: "{{ rollout }}"
"""

RETURN = r"""
outcome:
  description: Each stage recorded for the site, by stage (see M(cxops.genesys_cloud.rollout_stages)).
  returned: unless the host fails (the report keeps it)
  type: dict
  sample: {site: {status: ok, msg: London 01 at London HQ, seconds: 0.1, facts: {site_id: 7f1c...}}}
failed_stage:
  description: The stage that failed, or an empty string.
  returned: always
  type: str
  sample: edges
drift:
  description: Each changed field of the site's stages - C(stage), C(field) (a dotted path), C(before), C(after).
  returned: when a stage changed or would change and its diff was kept (check mode, or --diff)
  type: list
  elements: dict
  sample: [{stage: site, field: ntp_settings.servers, before: [192.0.2.123], after: [10.0.0.1]}]
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import controller_only

ARGUMENT_SPEC = {
    "batch": {"type": "dict", "required": True},
    "fail": {"type": "bool"},
    "fail_on_drift": {"type": "bool", "default": False},
}


def main():
    controller_only(ARGUMENT_SPEC, "site_outcome", "it reads the batch task's registered result in the controller")


if __name__ == "__main__":
    main()
