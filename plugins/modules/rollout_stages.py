#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: rollout_stages
short_description: Run the rollout's stages for many sites at once, region by region, in the controller
version_added: 0.2.0
description:
  - The engine of the rollout roles. For every site (inventory host) in O(sites), runs the stages in O(stages) in
    their fixed order - C(site), C(edges), C(time), C(pci), C(agents), C(smoke) - with the same module runs as the
    modules of this collection (M(cxops.genesys_cloud.location) and M(cxops.genesys_cloud.site),
    M(cxops.genesys_cloud.edge), M(cxops.genesys_cloud.time_sync), M(cxops.genesys_cloud.media_retention_policy) and
    M(cxops.genesys_cloud.org_feature), M(cxops.genesys_cloud.agent_readiness),
    M(cxops.genesys_cloud.call_smoke_test)), and returns each site's outcome for C(genesys_outcome) and the report.
  - One task for a whole batch of sites, rather than a dozen tasks a site - a task costs Ansible a worker process
    and its templating whatever it does. The sites of a region share one client, so one token, and the region's
    listings (locations, sites, Edges, stations, presences) and Genesys Cloud's clock are read once for all of them;
    writes and per-site reads run C(genesys_region_concurrency) sites at a time per region (all at once for the stages that wait
    on appliances and calls), regions in parallel.
  - Each site's variables come from the inventory (C(genesys_site), C(genesys_edges), C(genesys_agents),
    C(genesys_smoke_call), C(genesys_recording_policy), C(genesys_pci), C(genesys_time_tolerance)) and are checked
    per stage against the argument spec of the stage's role, with an error that names the site and the variable.
    C(genesys_cloud_region), C(genesys_cloud_client_id), C(genesys_cloud_client_secret), C(genesys_cloud_access_token)
    and C(genesys_cloud_api_base_url), where a site sets them, take precedence over the task's auth options, so one
    task serves sites of several regions and orgs.
  - The stages' settings are the stage roles' variables as the play sets them (C(edge_pairing_wait_timeout),
    C(time_sync_tolerance), C(agent_readiness_presence), ...; see each role's argument spec, which holds their one
    default), and C(genesys_region_concurrency) (sites of a region that run a stage at the same time; default
    C(agent_readiness_throttle)). C(genesys_region_leaders), when set, names the site that applies each region's
    region-wide rules (stage C(pci)); else the region's first site in O(sites), or C(pci_recording_leader) for all.
  - In check mode, what a stage would create is audited as such by the stages after it (a site at a location that
    would be created, Edges at a site that would be created), rather than failing as missing.
  - A variable named like the collection's (C(genesys_*), a role's prefix) that no role or playbook reads is
    warned about once per run, with the nearest name that is read.
  - A stage never fails the task. It is recorded C(failed) with its message and fix, and the site's later stages
    are recorded C(skipped); the task fails only for its own options and the roles' variables.
    M(cxops.genesys_cloud.site_outcome), one cheap task a site, then makes each site's outcome its own result, so
    that the recap counts each site's own changes and failures.
  - Runs in the controller only (an action plugin); the task's C(run_once) makes it one task per batch. The task's
    own C(changed) is that of the site it ran for, as Ansible counts it on that host alone.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  sites:
    description: The inventory hosts (sites) to roll out, usually C(ansible_play_batch).
    type: list
    elements: str
    required: true
  stages:
    description: The stages to run; they always run in the fixed order.
    type: list
    elements: str
    choices: [site, edges, time, pci, agents, smoke]
    default: [site, edges, time, pci, agents, smoke]
  select_by_tags:
    description: Narrow O(stages) to the run's C(--tags) and C(--skip-tags), as they would choose tasks named after
      the stages (C(--tags smoke) runs that stage alone).
    type: bool
    default: false
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.CHECK_MODE_DIFF
notes:
  - Needs the permissions of the modules its stages run.
  - The roles of this collection are the usual way to run it; P(cxops.genesys_cloud.site_rollout#role) runs it once
    per batch with C(run_once).
seealso:
  - module: cxops.genesys_cloud.site
  - module: cxops.genesys_cloud.edge
"""

EXAMPLES = r"""
# Hosts are sites; each region group sets genesys_cloud_region and its credentials (see playbooks/site_rollout.yml).
- name: Roll the sites out, a quarter at a time
  hosts: genesys_sites
  gather_facts: false
  serial: 25%
  module_defaults:
    group/cxops.genesys_cloud.genesys_cloud:
      region: "{{ genesys_cloud_region }}"
      client_id: "{{ genesys_cloud_client_id }}"
      client_secret: "{{ genesys_cloud_client_secret }}"
  tasks:
    - name: Every stage but the smoke call, for every site of this batch
      cxops.genesys_cloud.rollout_stages:
        sites: "{{ ansible_play_batch }}"
        stages: [site, edges, time, pci, agents]
      run_once: true
      register: rollout

    - name: Each site reports its own changes and failures
      cxops.genesys_cloud.site_outcome:
        batch: "{{ rollout }}"
"""

RETURN = r"""
sites:
  description: Each site's outcome, by inventory host.
  returned: always
  type: dict
  contains:
    outcome:
      description: Each stage run, by stage - C(status) (ok, changed, failed or skipped), C(msg), C(seconds),
        C(facts) for the report, and C(fix) for a failed stage or C(diff) for a changed stage in check mode.
      type: dict
    failed_stage:
      description: The stage that failed, or an empty string.
      type: str
    changed:
      description: Whether any stage changed the site (or would, in check mode).
      type: bool
    site:
      description: The site's name.
      type: str
    region:
      description: The site's region (its C(genesys_cloud_region), else the task's auth O(region)).
      type: str
  sample:
    lon-01:
      site: London 01
      region: eu-west-1
      changed: false
      outcome:
        site: {status: ok, msg: London 01 at London HQ, seconds: 0.1, facts: {site_id: 7f1c..., location: London HQ}}
      failed_stage: ""
stages:
  description: The stages that ran, in their order.
  returned: always
  type: list
  elements: str
  sample: [site, edges]
regions:
  description: What each region's client did, by region - requests sent, retries, tokens fetched.
  returned: always
  type: dict
  sample: {eu-west-1: {requests: 41, retries: 0, tokens_fetched: 1, reauthentications: 0}}
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import AUTH_ARGUMENT_SPEC, controller_only
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._stage_names import STAGE_ORDER

ARGUMENT_SPEC = {
    "sites": {"type": "list", "elements": "str", "required": True},
    "stages": {"type": "list", "elements": "str", "default": list(STAGE_ORDER), "choices": list(STAGE_ORDER)},
    "select_by_tags": {"type": "bool", "default": False},
}


def main():
    controller_only({**AUTH_ARGUMENT_SPEC, **ARGUMENT_SPEC}, "rollout_stages",
                    "its action plugin reads every site's inventory variables, which a module process cannot see")


if __name__ == "__main__":
    main()
